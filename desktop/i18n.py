"""The interface language: Qt translators, the locale numbers and dates follow, and fonts
that have the glyphs.

    install(app, language) -> code   ("" follows the OS locale; returns "en", "zh_TW", ...)

English is the source language; hearth_en.qm holds only its plural forms ("1 file" vs
"2 files"). The .qm files are built from resources/translations/*.ts by scripts/translations
and committed, so a checkout and a package run translated without Qt's tools.
Text the engine writes (hardware report, load reasons, fit text) follows the same language
through engine.i18n, which install() switches too; engine errors stay English for now.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from engine import i18n as engine_i18n
from engine.paths import resource_path

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

# (setting, name shown in the Settings combo box: each language in its own words)
LANGUAGES = [("", "System"), ("en", "English"), ("zh_TW", "繁體中文"),
             ("zh_CN", "简体中文"), ("pl", "Polski")]
CODES = ("en", "zh_TW", "zh_CN", "pl")
LOCALE_NAMES = {"en": "en_US", "zh_TW": "zh_TW", "zh_CN": "zh_CN", "pl": "pl_PL"}

# Han characters are drawn differently in Taiwan and the mainland: each Chinese UI asks
# for its own region's fonts first, so zh-TW never gets Simplified glyph forms. The other
# languages still list CJK fonts, for chat titles and documents in Chinese.
CJK_TC = ["Noto Sans CJK TC", "Source Han Sans TC", "Microsoft JhengHei", "PingFang TC",
          "Heiti TC"]
CJK_SC = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
          "Heiti SC"]
CJK_ANY = ["WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback"]
FONT_FALLBACKS = {"zh_TW": CJK_TC + CJK_SC + CJK_ANY, "zh_CN": CJK_SC + CJK_TC + CJK_ANY}
_installed: list[QTranslator] = []  # the translators install() put in, to take out next time


def code_for(locale: QLocale) -> str:
    """The supported language closest to `locale` ("en" when none is)."""
    lang = locale.language()
    if lang == QLocale.Language.Chinese:
        traditional = locale.script() == QLocale.Script.TraditionalChineseScript or (
            locale.script() == QLocale.Script.AnyScript and locale.territory() in (
                QLocale.Country.Taiwan, QLocale.Country.HongKong, QLocale.Country.Macao))
        return "zh_TW" if traditional else "zh_CN"
    if lang == QLocale.Language.Polish:
        return "pl"
    return "en"


def resolve(language: str) -> str:
    return language if language in CODES else code_for(QLocale.system())


def install(app: QCoreApplication, language: str) -> str:
    """Use `language` ("" = the OS's) from now on: translators, default locale, fonts.
    Widgets already built keep their text; the app asks for a restart (settings_page)."""
    code = resolve(language)
    engine_i18n.set_language(code)  # the engine's text switches with the interface's
    # Our own list, not app.findChildren: that wraps every child of the app in Python,
    # which costs ~15 ms of a cold start (PySide builds their types' enums on first use).
    while _installed:
        old = _installed.pop()
        if isValid(old):  # not gone with an earlier QApplication
            app.removeTranslator(old)
            old.deleteLater()
    # Numbers and dates: the OS's own settings when following it, else the language's.
    QLocale.setDefault(QLocale.system() if language not in CODES
                       else QLocale(LOCALE_NAMES[code]))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    files = [(f"qtbase_{code}", qt_dir)] if code != "en" else []  # Cancel, Copy, Paste…
    files.append((f"hearth_{code}", str(resource_path("translations"))))
    for name, folder in files:
        translator = QTranslator(app)  # parented: Qt keeps it alive
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            translator.deleteLater()
    if isinstance(app, QApplication):
        apply_fonts(app, code)
    return code


def apply_fonts(app: QApplication, code: str) -> None:
    """The system UI font first (Latin text unchanged), then CJK fonts for Han glyphs."""
    font = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
    # The family it resolves to, not its name: without a desktop's platform theme the
    # name is fontconfig's alias "Sans Serif", which Qt then passes over for the first
    # CJK font in the list, drawing all Latin text (and "…" as "⋯") in WenQuanYi.
    base = QFontInfo(font).family()
    wanted = FONT_FALLBACKS.get(code, CJK_SC + CJK_TC + CJK_ANY)
    installed = set(QFontDatabase.families())
    font.setFamilies([base] + [f for f in wanted if f in installed and f != base])
    app.setFont(font)
