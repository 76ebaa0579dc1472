"""The interface in zh-TW, zh-CN and Polish: every page walked for English left behind, the
.ts files complete for the strings in the code, plural forms, locale and fonts."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TS_DIR = REPO / "resources" / "translations"
LANGS = ["zh_TW", "zh_CN", "pl"]
PLURAL_FORMS = {"zh_TW": 1, "zh_CN": 1, "pl": 3, "en": 2}

# Words that stay as they are in every language: product and format names, units, keys.
ALLOWED = {
    "hearth", "gguf", "mlc", "hugging", "face", "hub", "llama", "cpp", "cpu", "gpu", "ram",
    "bm25", "hearth_home", "json", "markdown", "pdf", "word", "html", "epub", "apache",
    "token", "tok", "qwen2", "instruct", "ctrl", "enter", "shift", "esc", "top", "min",
    "auto", "hf_", "onnx", "model", "kb", "mb", "gb", "tb",
    "english", "polski",  # the language menu names each language in its own words
    "notes", "all", "minilm",  # this test's data: a library's name, the embedding model's
    "use", "v3", "e5", "large",  # embedding models' names: USE v3, E5 large
    # products and protocols the API server and remote engines name as they are
    "api", "openai", "server", "vllm", "ollama", "studio", "http", "box", "lab",
    # the hardware report and the starter models' descriptions: makers, products, APIs
    "python", "llm", "mlc_llm", "simd", "cuda", "rocm", "metal", "vulkan", "linux",
    "qwen", "meta", "google", "microsoft", "mit",
}
# English words that give away an untranslated Polish string (Polish shares the alphabet).
ENGLISH = re.compile(r"\b(the|and|of|to|is|are|with|your|this|for|from|not|yet|file|files|"
                     r"chats?|search|settings|download|delete|cancel|models|library|"
                     r"libraries|new|loading|failed)\b", re.I)


def messages(lang: str) -> list[ET.Element]:
    return list(ET.parse(TS_DIR / f"hearth_{lang}.ts").getroot().iter("message"))


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{\w+\}|%L?n", text))


@pytest.fixture
def language(qapp):
    """Install a language for one test, then put the app back as it was (English)."""
    from PySide6.QtCore import QLocale, QTranslator

    from desktop import i18n

    font = qapp.font()
    yield lambda code: i18n.install(qapp, code)
    from engine.i18n import set_language

    set_language("en")  # install() switched the engine's text too
    for t in qapp.findChildren(QTranslator):
        qapp.removeTranslator(t)
        t.deleteLater()
    QLocale.setDefault(QLocale.system())
    qapp.setFont(font)


# .ts files ---------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS + ["en"])
def test_ts_file_is_finished(lang):
    for m in messages(lang):
        src = m.findtext("source")
        tr = m.find("translation")
        assert tr.get("type") is None, f"{lang}: {tr.get('type')} entry {src!r}"
        if m.get("numerus") == "yes":
            forms = [f.text or "" for f in tr.findall("numerusform")]
            assert len(forms) == PLURAL_FORMS[lang], f"{lang}: plural forms of {src!r}"
        else:
            forms = [tr.text or ""]
        for form in forms:
            assert form.strip(), f"{lang}: empty translation of {src!r}"
            assert placeholders(form) == placeholders(src), f"{lang}: placeholders in {form!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_ts_file_covers_the_code(lang, tmp_path):
    """lupdate over desktop/ finds nothing the committed .ts lacks, and nothing obsolete."""
    import sys

    lupdate = shutil.which("pyside6-lupdate") or str(Path(sys.executable).with_name(
        "pyside6-lupdate"))
    if not Path(lupdate).exists():
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / f"hearth_{lang}.ts"
    shutil.copy(TS_DIR / f"hearth_{lang}.ts", fresh)
    sources = sorted(str(p) for p in (REPO / "desktop").rglob("*.py"))
    subprocess.run([lupdate, *sources, "-ts", str(fresh)], check=True, capture_output=True,
                   cwd=REPO)
    for m in ET.parse(fresh).getroot().iter("message"):
        kind = m.find("translation").get("type")
        assert kind is None, f"{lang}: {kind} {m.findtext('source')!r}: run scripts/translations"


def test_qm_files_are_built():
    for lang in LANGS + ["en"]:
        qm = TS_DIR / f"hearth_{lang}.qm"
        assert qm.is_file(), f"{qm.name} missing: run scripts/translations"


# plurals, locale, fonts ----------------------------------------------------------------
def test_plural_forms(language):
    from desktop.i18n import translate

    language("pl")
    files = [translate("Libraries", "%n files", "", n) for n in (1, 2, 5, 12, 22, 25)]
    assert files == ["1 plik", "2 pliki", "5 plików", "12 plików", "22 pliki", "25 plików"]
    language("en")
    assert translate("Libraries", "%n files", "", 1) == "1 file"
    assert translate("Libraries", "%n files", "", 3) == "3 files"
    language("zh_TW")
    assert translate("Libraries", "%n files", "", 3) == "3 個檔案"


def test_locale_numbers_dates_and_ago(language):
    import datetime

    from desktop import formats

    language("pl")
    assert formats.size(1_234_000_000) == "1,2 GB"
    assert formats.date(datetime.date(2024, 3, 9)) == "9.03.2024"
    assert formats.ago(1000.0, now=1000.0 + 3 * 3600) == "3 godziny temu"
    assert formats.ago(1000.0, now=1000.0 + 5 * 60) == "5 minut temu"
    language("zh_CN")
    assert formats.ago(1000.0, now=1000.0 + 2 * 86400) == "2 天前"
    language("en")
    assert formats.ago(1000.0, now=1000.0 + 3600) == "1 hour ago"


def test_system_locale_picks_the_language():
    from PySide6.QtCore import QLocale

    from desktop.i18n import code_for

    assert code_for(QLocale("zh_TW")) == "zh_TW"
    assert code_for(QLocale("zh_HK")) == "zh_TW"
    assert code_for(QLocale("zh_CN")) == "zh_CN"
    assert code_for(QLocale("zh_SG")) == "zh_CN"
    assert code_for(QLocale("pl_PL")) == "pl"
    assert code_for(QLocale("de_DE")) == "en"


def test_cjk_fonts_follow_the_language(language):
    from PySide6.QtGui import QFontDatabase

    installed = set(QFontDatabase.families())
    if not {"Noto Sans CJK TC", "Noto Sans CJK SC"} <= installed:
        pytest.skip("Noto Sans CJK is not installed here")
    from PySide6.QtWidgets import QApplication

    language("zh_TW")
    families = QApplication.font().families()
    assert families.index("Noto Sans CJK TC") < families.index("Noto Sans CJK SC")
    language("zh_CN")
    families = QApplication.font().families()
    assert families.index("Noto Sans CJK SC") < families.index("Noto Sans CJK TC")


@pytest.mark.parametrize("code", ["en", "pl", "zh_TW"])
def test_latin_text_keeps_the_system_font(language, code):
    # Qt passed over fontconfig's alias "Sans Serif" for the first CJK fallback, so every
    # English label was drawn in WenQuanYi ("…" as "⋯"). The resolved family leads now.
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
    from PySide6.QtWidgets import QApplication

    system = QFontInfo(QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)))
    language(code)
    assert QFontInfo(QApplication.font()).family() == system.family()


# every page, looked at ---------------------------------------------------------------
def visible_texts(root) -> list[tuple[str, str]]:
    """(where, text) for what a person can read on `root`: labels, buttons, group and tab
    titles, combo items, table headers, placeholders, special values and tooltips."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTabBar,
        QTableView,
        QTextEdit,
        QWidget,
    )

    out: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or getattr(w, "_engine_text", False):
            continue
        name = type(w).__name__
        if w.toolTip():
            out.append((f"{name} tooltip", w.toolTip()))
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QTabBar):
            out += [(name, w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            out += [(name, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
            out.append((f"{name} placeholder", w.placeholderText()))
        elif isinstance(w, QAbstractSpinBox):
            out.append((f"{name} special", w.specialValueText()))
        if isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            for c in range(model.columnCount(QModelIndex())):
                out.append(("header", str(model.headerData(c, Qt.Orientation.Horizontal) or "")))
    for m in root.findChildren(QWidget):  # menus are not children while closed
        for action in m.actions():
            if action.text():
                out.append(("action", action.text()))
    return [(where, text) for where, text in out if text and text.strip()]


def plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\(\*[^)]*\)|\*\.\w+|\.gguf|[\w.-]+\.(png|md|txt|pdf|json)\b", " ", text)
    text = re.sub(r"\blibrary:\S+", " ", text)  # a model id as the API takes it
    text = re.sub(r"\bpip install [^()（）;；]*", " ", text)  # a command to type
    # literals, not language: web addresses, host names, environment variables
    text = re.sub(r"https?://\S+|\b[\w-]+\.(?:co|com|org|example)\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b",
                  " ", text)
    return text.replace("&amp;", "&").replace("&nbsp;", " ")


def english_left(lang: str, text: str, untranslated: set[str],
                 names: tuple[str, ...] = ()) -> bool:
    if text.strip() in untranslated:
        return True
    text = plain(text)
    for name in names:  # what this computer and the catalog call things, as they are
        text = text.replace(name, " ")
    words = [w for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]{2,}", text)
             if w.lower() not in ALLOWED]
    if lang.startswith("zh"):
        return bool(words)
    return bool(ENGLISH.search(" ".join(words)))


def mark_engine_text(win) -> None:
    """Names, not language: the data folder's path, and on each starter model's card its
    name and its quantization · license line. The engine's own text (hardware report, fit
    text, descriptions) is translated (engine.i18n) and checked like the rest."""
    from desktop.views.first_run import ModelCard

    settings = win.pages.get("settings")
    if settings is not None:
        settings.data_folder._engine_text = True
    for card in win.findChildren(ModelCard):
        labels = card.findChildren(type(card.badge))
        for child in labels:
            if child.text() in (card.entry.name, f"{card.entry.quant} · {card.entry.license}"):
                child._engine_text = True


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_is_translated(qtbot, tmp_path, language, lang):
    from desktop.app import build_window, wait_idle
    from desktop.context import AppContext
    from engine.api import Hearth

    hearth = Hearth(tmp_path / "home")
    s = hearth.settings
    s.language = lang
    hearth.save_settings(s)
    docs = tmp_path / "Notes"
    docs.mkdir()
    (docs / "a.md").write_text("# Notes\n", "utf-8")
    hearth.libraries.create("Notes", [docs])
    hw = hearth.hardware()
    names = tuple(sorted({hw.os, hw.cpu.name, *hw.cpu.features, *(g.name for g in hw.gpus),
                          *(d.name for d in hw.llama.devices),
                          *(d.description for d in hw.llama.devices),
                          *(e.license for e in hearth.hub.catalog())} - {""},
                         key=len, reverse=True))  # longest first: "AVX2" before "AVX"
    ctx = AppContext(hearth)
    win = build_window(ctx, "chats")
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    untranslated = {m.findtext("source") for m in messages(lang)
                    if m.get("numerus") != "yes" and m.findtext("translation") !=
                    m.findtext("source")}
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    found: list[str] = []

    def look(where: str) -> None:
        wait_idle(app, ctx, timeout_s=10.0)
        mark_engine_text(win)
        for kind, text in visible_texts(win):
            if english_left(lang, text, untranslated, names):
                found.append(f"{where} · {kind}: {text!r}")

    try:
        look("chats (welcome)")
        for page in ("models", "libraries", "settings"):
            win.show_page(page)
            look(page)
        models = win.pages["models"]
        for tab in ("discover", "downloads"):
            models.show_tab(tab)
            look(f"models/{tab}")
        libraries = win.pages["libraries"]
        for i in range(libraries.detail.tabs.count()):
            libraries.detail.tabs.setCurrentIndex(i)
            win.show_page("libraries")
            look(f"libraries/tab {i}")
        # The Chats page itself, as it looks once a model is installed.
        win._has_models = True
        win.show_page("chats")
        look("chats")
    finally:
        win.close()
        ctx.close()
    assert not found, f"English left in {lang}:\n" + "\n".join(sorted(set(found)))
