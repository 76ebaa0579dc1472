<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>DiscoverPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/views/discover_panel.py" line="+215"/>
        <source>%n results for “{query}”</source>
        <translation>
            <numerusform>%n result for “{query}”</numerusform>
            <numerusform>%n results for “{query}”</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/views/downloads_panel.py" line="+244"/>
        <source>%n downloading</source>
        <translation>
            <numerusform>%n downloading</numerusform>
            <numerusform>%n downloading</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n queued</source>
        <translation>
            <numerusform>%n queued</numerusform>
            <numerusform>%n queued</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n paused</source>
        <translation>
            <numerusform>%n paused</numerusform>
            <numerusform>%n paused</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorBar</name>
    <message numerus="yes">
        <location filename="../../desktop/widgets/errors.py" line="+119"/>
        <source>(+%n more)</source>
        <translation>
            <numerusform>(+%n more)</numerusform>
            <numerusform>(+%n more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FileState</name>
    <message numerus="yes">
        <location filename="../../desktop/qtmodels/library_tables.py" line="+47"/>
        <source>%n indexed</source>
        <translation>
            <numerusform>%n indexed</numerusform>
            <numerusform>%n indexed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n with no text</source>
        <translation>
            <numerusform>%n with no text</numerusform>
            <numerusform>%n with no text</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n unsupported</source>
        <translation>
            <numerusform>%n unsupported</numerusform>
            <numerusform>%n unsupported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n pending</source>
        <translation>
            <numerusform>%n pending</numerusform>
            <numerusform>%n pending</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message numerus="yes">
        <location filename="../../desktop/views/first_run.py" line="+61"/>
        <source>%n threads</source>
        <translation>
            <numerusform>%n thread</numerusform>
            <numerusform>%n threads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message numerus="yes">
        <location filename="../../desktop/formats.py" line="+75"/>
        <source>%n days ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n hours ago</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n minutes ago</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HubTables</name>
    <message numerus="yes">
        <location filename="../../desktop/qtmodels/models_hub.py" line="+182"/>
        <source>%n parts</source>
        <translation>
            <numerusform>%n part</numerusform>
            <numerusform>%n parts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InstalledPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/views/models_page.py" line="+231"/>
        <source>%n layers</source>
        <translation>
            <numerusform>%n layer</numerusform>
            <numerusform>%n layers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+138"/>
        <source>Skipped %n files that are not GGUF models.</source>
        <translation>
            <numerusform>Skipped %n file that is not a GGUF model.</numerusform>
            <numerusform>Skipped %n files that are not GGUF models.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Libraries</name>
    <message numerus="yes">
        <location filename="../../desktop/qtmodels/library_tables.py" line="+9"/>
        <location filename="../../desktop/views/library_files.py" line="+115"/>
        <source>%n files</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%Ln chunks</source>
        <translation>
            <numerusform>%Ln chunk</numerusform>
            <numerusform>%Ln chunks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LibraryDetail</name>
    <message numerus="yes">
        <location filename="../../desktop/views/library_detail.py" line="+86"/>
        <source>%n files indexed</source>
        <translation>
            <numerusform>%n file indexed</numerusform>
            <numerusform>%n files indexed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln chunks in {seconds} s ({rate}/s)</source>
        <translation>
            <numerusform>%Ln chunk in {seconds} s ({rate}/s)</numerusform>
            <numerusform>%Ln chunks in {seconds} s ({rate}/s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n unchanged</numerusform>
            <numerusform>%n unchanged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n removed</source>
        <translation>
            <numerusform>%n removed</numerusform>
            <numerusform>%n removed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LibrarySearchPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/views/library_search.py" line="+101"/>
        <source>%n best passages for “{query}”</source>
        <translation>
            <numerusform>%n best passage for “{query}”</numerusform>
            <numerusform>%n best passages for “{query}”</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message numerus="yes">
        <location filename="../../desktop/widgets/message_view.py" line="+260"/>
        <source>%n older messages left out so the conversation fits the model&apos;s context.</source>
        <translation>
            <numerusform>%n older message left out so the conversation fits the model&apos;s context.</numerusform>
            <numerusform>%n older messages left out so the conversation fits the model&apos;s context.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelsTable</name>
    <message numerus="yes">
        <location filename="../../desktop/qtmodels/models_table.py" line="+48"/>
        <source>%n layers</source>
        <translation>
            <numerusform>%n layer</numerusform>
            <numerusform>%n layers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message numerus="yes">
        <location filename="../../desktop/views/settings_page.py" line="+312"/>
        <source>%n requests</source>
        <translation>
            <numerusform>%n request</numerusform>
            <numerusform>%n requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n running or waiting</source>
        <translation>
            <numerusform>%n running or waiting</numerusform>
            <numerusform>%n running or waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n turned away (queue full)</source>
        <translation>
            <numerusform>%n turned away (queue full)</numerusform>
            <numerusform>%n turned away (queue full)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message numerus="yes">
        <location filename="../../desktop/widgets/status.py" line="+64"/>
        <source>%n GPU layers</source>
        <translation>
            <numerusform>%n GPU layer</numerusform>
            <numerusform>%n GPU layers</numerusform>
        </translation>
    </message>
</context>
</TS>
