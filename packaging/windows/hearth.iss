; Inno Setup script for the Windows installer (used by .github/workflows/package-windows.yml).
;   iscc /DAppVersion=0.1.0 /DVariant=cpu packaging\windows\hearth.iss
; Per-user install (no admin), Start menu entry, "Open with" for .gguf, and `hearth` on
; the user's PATH. Uninstall removes the program only: %LOCALAPPDATA%\Hearth (chats, models,
; libraries) is never touched.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef Variant
  #define Variant "cpu"
#endif

[Setup]
AppId={{6F0E3C1A-5B7D-4E43-9C1B-1E2A7D4C9B10}
AppName=Hearth
AppVersion={#AppVersion}
AppPublisher=Hearth developers
DefaultDirName={autopf}\Hearth
DefaultGroupName=Hearth
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=Hearth-{#AppVersion}-windows-x64-{#Variant}-setup
SetupIconFile=..\..\build\icons\hearth.ico
UninstallDisplayIcon={app}\hearth.exe
Compression=lzma2/max
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
ChangesEnvironment=yes

[Files]
Source: "..\..\dist\hearth\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Hearth"; Filename: "{app}\hearth.exe"
Name: "{userdesktop}\Hearth"; Filename: "{app}\hearth.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop icon"; Flags: unchecked

[Registry]
; "Open with Hearth" for .gguf files (the app imports the model and shows it).
Root: HKCU; Subkey: "Software\Classes\.gguf\OpenWithProgids"; ValueType: string; ValueName: "Hearth.gguf"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\Hearth.gguf"; ValueType: string; ValueData: "GGUF language model"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Hearth.gguf\shell\open\command"; ValueType: string; ValueData: """{app}\hearth.exe"" ""%1"""
; The `hearth` command in new terminals.
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\hearth.exe"; Description: "Start Hearth"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var Paths: string;
begin
  if not RegQueryStringValue(HKCU, 'Environment', 'Path', Paths) then Paths := '';
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') = 0;
end;
