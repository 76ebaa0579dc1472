"""Why a file is not indexed, and why a library is damaged, in the interface language: the
file list keeps the English reason; `reason_text` shows it in Polish or Chinese, values
put back. Real files indexed with the real MiniLM give the reasons end to end."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from engine import i18n
from engine.api import Hearth
from engine.library import reasons as r
from engine.library.reasons import reason_text
from tests.engine.test_error_text import english_after  # noqa: F401 (autouse: English again)

# A value for each placeholder; numbers under 1,000 read the same in every language.
SAMPLES = {"error": "Input/output error", "ext": ".xyz", "mb": "512", "seconds": "60",
           "signal": "SIGKILL", "code": "9", "kind": "DOCX", "n": "7", "member": "word/doc.xml",
           "packed": "100", "size": "500", "failed": "2", "empty": "3", "limit": "20"}
FIELD = re.compile(r"\{(\w+)\}")


def english_words(template: str) -> set[str]:
    """The template's own words ("header", "file"), not its values or format names."""
    words = set(re.findall(r"[A-Za-z]{3,}", FIELD.sub(" ", template)))
    return words - {"PDF", "FIFO", "UTF", "zip", "parser", "limit"}  # the last two: Polish too


def test_every_reason_round_trips_in_polish_and_chinese() -> None:
    reasons = r.all_reasons()
    assert len(reasons) > 35 and len(set(reasons)) == len(reasons)
    for template in reasons:
        values = {k: SAMPLES[k] for k in FIELD.findall(template)}
        stored = template.format(**values)
        assert reason_text(stored) == stored  # English: as stored
        for lang in ("pl", "zh_TW", "zh_CN"):
            assert i18n.set_language(lang) == lang
            shown = reason_text(stored)
            assert shown == i18n._(template).format(**values), (lang, template)
            assert shown != stored and "{" not in shown, (lang, template, shown)
            assert all(v in shown for v in values.values()), (lang, template, shown)
            if lang == "pl":
                leftover = {w for w in english_words(template) if re.search(rf"\b{w}\b", shown)}
                assert not leftover, (template, shown)
        i18n.set_language("en")


def test_wordings_stored_by_earlier_versions_are_recognised() -> None:
    stored = {
        "permission denied": "brak uprawnień",
        "unsupported file type .bin": "nieobsługiwany typ pliku .bin",
        "unsupported file type (no extension)": "nieobsługiwany typ pliku (brak rozszerzenia)",
        "no text (scanned?)": "brak tekstu (skan?)",
        "password-protected PDF (encrypted)": "PDF chroniony hasłem (zaszyfrowany)",
        "damaged PDF: EOF marker not found": "uszkodzony plik PDF: EOF marker not found",
        "damaged PDF: no page could be read": "uszkodzony PDF: żadnej strony nie udało się odczytać",
        "damaged DOCX (not a valid zip file)": "uszkodzony plik DOCX (nieprawidłowy plik zip)",
        "the parser crashed (exit code 9)": "parser uległ awarii (kod wyjścia 9)",
        "the parser crashed (SIGKILL; out of memory or a damaged file)":
            "parser uległ awarii (SIGKILL; brak pamięci lub uszkodzony plik)",
        "parsing took longer than 60 s (stopped)":
            "przetwarzanie trwało dłużej niż 60 s (zatrzymano)",
        "larger than 200 MB": "większy niż 200 MB",
        "changed since last index": "zmieniony od ostatniego indeksowania",
        "not indexed yet": "jeszcze niezaindeksowany",
        "being indexed": "trwa indeksowanie",
        "binary content, not text": "zawartość binarna, nie tekst",
        # Numbers the Polish way: a space between thousands, a decimal comma.
        "refused: DOCX has 90000 parts (zip bomb?)": "odrzucono: plik DOCX ma 90\u00a0000 części (bomba zip?)",
        "too much text to index (21.5 million characters; the limit is 20 million): split the file":
            "za dużo tekstu do zaindeksowania (21,5 mln znaków; limit to 20 mln): podziel plik",
        # Two notes on one indexed PDF.
        "1 of 3 pages could not be read; 1 of 3 pages have no text":
            "nieczytelne strony: 1 z 3; strony bez tekstu: 1 z 3",
    }
    i18n.set_language("pl")
    for english, polish in stored.items():
        assert reason_text(english) == polish, english


def test_an_unknown_reason_is_shown_as_it_is() -> None:
    i18n.set_language("pl")
    for text in ("", "a wording no version of Hearth wrote", "damaged", "refused: odd; odder",
                 "cannot read"):
        assert reason_text(text) == text


def test_a_file_with_no_extension_has_its_own_reason() -> None:
    assert r.unsupported_type("/data/Makefile.d/blob") == "unsupported file type (no extension)"
    assert r.unsupported_type("/data/clip.MKV") == "unsupported file type .MKV"


# End to end: real files, the real parsers and MiniLM --------------------------------------
POLISH = {  # file: (state, its reason, the values in it, the reason in Polish)
    "clip.xyz": ("unsupported", r.UNSUPPORTED_TYPE, {"ext": ".xyz"},
                 "nieobsługiwany typ pliku .xyz"),
    "empty.txt": ("no_text", r.EMPTY_FILE, {}, "pusty plik"),
    "fake.pdf": ("failed", r.NOT_PDF, {}, "to nie jest plik PDF (brak nagłówka %PDF)"),
    "blob.txt": ("unsupported", r.BINARY, {}, "zawartość binarna, nie tekst"),
    "secret.txt": ("failed", r.PERMISSION_DENIED, {}, "brak uprawnień"),
    "pipe.txt": ("unsupported", r.NOT_REGULAR_FIFO, {}, "to nie jest zwykły plik (FIFO)"),
}
CHINESE = {"fake.pdf": "不是 PDF 檔案（沒有 %PDF 標頭）", "empty.txt": "空白檔案",
           "clip.xyz": "不支援的檔案類型 .xyz"}


def test_real_files_give_reasons_shown_in_polish(lib_hearth, tmp_path: Path) -> None:
    folder = tmp_path / "Powody"
    folder.mkdir()
    (folder / "notes.txt").write_text("Pierogi are boiled, then fried in butter.\n" * 5, "utf-8")
    (folder / "clip.xyz").write_bytes(b"\x00\x01video")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "fake.pdf").write_text("This is plain text, not a PDF.\n", "utf-8")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 8)
    expected = dict(POLISH)
    secret = folder / "secret.txt"
    secret.write_text("hidden\n", "utf-8")
    secret.chmod(0)
    if os.access(secret, os.R_OK):  # root reads it anyway
        del expected["secret.txt"]
        secret.chmod(0o644)
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
    else:
        del expected["pipe.txt"]
    libs = lib_hearth.libraries
    libs.create("Powody", [folder])
    try:
        libs.index("Powody")
        states = {Path(s.path).name: s for s in libs.status("Powody")}
        assert states["notes.txt"].state == "indexed"
        for name, (state, template, values, _polish) in expected.items():
            assert (states[name].state, states[name].reason) == (state, template.format(**values))

        # The same rows later, after one file changed and one arrived: "pending" ones.
        (folder / "notes.txt").write_text("Pierogi are boiled.\n" * 9, "utf-8")
        (folder / "later.md").write_text("# Later\n\nBigos takes three days.\n", "utf-8")
        pending = {Path(s.path).name: s for s in libs.status("Powody")}
        assert pending["notes.txt"].reason == r.CHANGED
        assert pending["later.md"].reason == r.NOT_INDEXED_YET

        i18n.set_language("pl")
        for name, (_state, template, _values, polish) in expected.items():
            shown = reason_text(states[name].reason)
            assert shown == polish, name
            assert not {w for w in english_words(template) if re.search(rf"\b{w}\b", shown)}
        assert reason_text(pending["notes.txt"].reason) == "zmieniony od ostatniego indeksowania"
        assert reason_text(pending["later.md"].reason) == "jeszcze niezaindeksowany"
        i18n.set_language("zh_TW")
        for name, chinese in CHINESE.items():
            assert reason_text(states[name].reason) == chinese
    finally:
        secret.chmod(0o644)
        i18n.set_language("en")
        libs.delete("Powody")


# A damaged library: the sentence in the interface language, the command beside it ------
def test_an_unreadable_description_is_told_in_polish(lib_hearth) -> None:
    folder = lib_hearth.libraries.root / "zepsuta"
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text('{"id": "zep', "utf-8")
    try:
        i18n.set_language("pl")
        info = next(i for i in lib_hearth.libraries.list() if i.id == "zepsuta")
        assert info.damage == "Jej opisu (meta.json) nie da się odczytać."
        assert info.problem == (
            "Jej opisu (meta.json) nie da się odczytać. "
            "Napraw to poleceniem `hearth library check zepsuta`.")
        i18n.set_language("en")
        info = next(i for i in lib_hearth.libraries.list() if i.id == "zepsuta")
        assert info.damage == "Its description (meta.json) is unreadable."
        assert "Repair it with `hearth library check zepsuta`." in info.problem
    finally:
        shutil.rmtree(folder)


def test_an_unreadable_index_is_told_in_polish(lib_home: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Glaciers retreat when summers are warm.\n" * 20, "utf-8")
    home = tmp_path / "home"
    h = Hearth(home)
    h.libraries.create("Indeks", [docs])
    h.libraries.index("Indeks")
    data = sorted((h.libraries.folder("Indeks") / "lancedb").rglob("data/*.lance"))
    h.close()
    for f in data:
        f.unlink()  # every data file lost
    h = Hearth(home)  # nothing cached: the list looks at the table again
    try:
        i18n.set_language("pl")
        info = h.libraries.get("Indeks")
        causes = ("brakuje jednego z jego plików danych", "jeden z jego plików danych jest uszkodzony")
        assert info.damage in [f"Nie da się odczytać jej indeksu: {c}." for c in causes], info.damage
        assert info.problem == f"{info.damage} Napraw to poleceniem `hearth library check Indeks`."
        i18n.set_language("zh_CN")
        assert h.libraries.get("Indeks").damage.startswith("无法读取它的索引：")
        i18n.set_language("en")
        assert h.libraries.get("Indeks").damage.startswith("Its index cannot be read: one of")
    finally:
        h.close()
