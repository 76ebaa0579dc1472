"""The errors the engine raises speak the interface language: real failing calls (a file that
is not a GGUF, a chat or library that does not exist, a setting out of range, the Hub in
offline mode) give Polish and Chinese messages and hints, placeholders filled and numbers
written the language's way; English is unchanged."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from engine import i18n
from engine.api import Hearth
from engine.chats.salvage import Recovery
from engine.config import MAX_SYSTEM_PROMPT, Settings
from engine.errors import (
    Cancelled,
    HearthError,
    InvalidModelFile,
    NoPermission,
    NotEnoughSpace,
    NotFound,
    OfflineError,
    ReadOnlyFolder,
    SettingsError,
)
from engine.fsutil import disk_error
from tests.engine.test_chats_trust import REPO, read_only
from tests.engine.test_gguf_builder import tiny_llama

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    try:
        yield
    finally:
        i18n.set_language("en")


def raised(lang: str, call: Callable[[], object]) -> HearthError:
    """The HearthError `call()` raises with `lang` in use."""
    assert i18n.set_language(lang) == lang
    with pytest.raises(HearthError) as e:
        call()
    return e.value


def worded(e: HearthError) -> str:
    text = f"{e.message}\n{e.hint}"
    assert "{" not in text and "}" not in text, text  # every placeholder filled
    return text


def test_a_file_that_is_not_a_gguf(hearth: Hearth, tmp_path: Path) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(os.urandom(4096).replace(b"GGUF", b"XXXX"))
    english = raised("en", lambda: hearth.models.import_file(junk))
    assert isinstance(english, InvalidModelFile)
    assert english.message == ("junk.gguf: Not a usable GGUF file: it does not start with the "
                               "GGUF signature.")
    polish = raised("pl", lambda: hearth.models.import_file(junk))
    assert isinstance(polish, InvalidModelFile)
    text = worded(polish)
    assert polish.message == ("junk.gguf: To nie jest poprawny plik GGUF: nie zaczyna się "
                              "sygnaturą GGUF.")
    assert "pobierz go ponownie" in polish.hint
    taiwan = raised("zh_TW", lambda: hearth.models.import_file(junk))
    assert "不是可用的 GGUF 檔案" in worded(taiwan) and "簽章" in taiwan.message
    assert "請重新下載" in taiwan.hint
    china = raised("zh_CN", lambda: hearth.models.import_file(junk))
    assert "不是可用的 GGUF 文件" in worded(china)
    assert text != worded(english)


def test_a_truncated_gguf_counts_its_bytes_in_polish(hearth: Hearth, tmp_path: Path) -> None:
    whole = tiny_llama()
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(whole[: len(whole) - 5000])
    english = raised("en", lambda: hearth.models.import_file(cut))
    assert f"the file has {len(whole) - 5000:,} bytes" in english.message
    polish = raised("pl", lambda: hearth.models.import_file(cut))
    size = f"{len(whole) - 5000:,}".replace(",", NBSP)
    assert f"cut.gguf jest ucięty: plik ma {size} B" in worded(polish)
    assert polish.hint == "Kopiowanie lub pobieranie zostało przerwane; pobierz model ponownie."


def test_a_chat_that_does_not_exist(hearth: Hearth) -> None:
    english = raised("en", lambda: hearth.chats.get(4242))
    assert (english.message, english.hint) == ("No chat with id 4242.", "See `hearth chats list`.")
    polish = raised("pl", lambda: hearth.chats.get(4242))
    assert isinstance(polish, NotFound)
    worded(polish)
    assert polish.message == "Nie ma czatu o identyfikatorze 4242."
    assert polish.hint == "Zobacz `hearth chats list`."
    assert raised("zh_TW", lambda: hearth.chats.get(4242)).message == "沒有 ID 為 4242 的對話。"
    assert raised("zh_CN", lambda: hearth.chats.get(4242)).message == "没有 ID 为 4242 的对话。"


def test_a_library_that_does_not_exist(hearth: Hearth) -> None:
    english = raised("en", lambda: hearth.libraries.get("Notatki"))
    assert english.message == "No library named 'Notatki'."
    polish = raised("pl", lambda: hearth.libraries.get("Notatki"))
    assert isinstance(polish, NotFound)
    assert worded(polish).startswith("Nie ma biblioteki o nazwie 'Notatki'.")
    assert polish.hint == ("Biblioteki: jeszcze żadnej. Utwórz bibliotekę poleceniem "
                           "`hearth library create NAME`.")
    taiwan = raised("zh_TW", lambda: hearth.libraries.get("Notatki"))
    assert taiwan.message == "沒有名為 'Notatki' 的文件庫。" and "還沒有" in worded(taiwan)
    assert raised("zh_CN", lambda: hearth.libraries.get("Notatki")).message == (
        "没有名为 'Notatki' 的文档库。")


def test_a_setting_out_of_range(hearth: Hearth) -> None:
    bad = dataclasses.replace(Settings(), max_concurrent_downloads=99)
    english = raised("en", lambda: hearth.use_settings(bad))
    assert english.message == ("Invalid settings: max_concurrent_downloads must be a whole "
                               "number between 1 and 8.")
    polish = raised("pl", lambda: hearth.use_settings(bad))
    assert isinstance(polish, SettingsError)
    assert worded(polish) == ("Nieprawidłowe ustawienia: max_concurrent_downloads musi być "
                              "liczbą całkowitą od 1 do 8.\nSprawdź te wartości.")
    taiwan = raised("zh_TW", lambda: hearth.use_settings(bad))
    assert taiwan.message == "設定無效：max_concurrent_downloads 必須是介於 1 和 8 之間的整數。"
    china = raised("zh_CN", lambda: hearth.use_settings(bad))
    assert china.message == "设置无效：max_concurrent_downloads 必须是介于 1 和 8 之间的整数。"
    assert hearth.settings.max_concurrent_downloads != 99  # refused, not applied


def test_a_long_system_prompt_uses_the_polish_plural(hearth: Hearth) -> None:
    long = dataclasses.replace(Settings(), system_prompt="x" * (MAX_SYSTEM_PROMPT + 1))
    polish = raised("pl", lambda: hearth.use_settings(long))
    assert polish.message == f"Prompt systemowy jest za długi (100{NBSP}001 znaków)."
    assert polish.hint == (f"Zmieść się w 100{NBSP}000 znakach; dłuższe materiały umieść w "
                           "bibliotece.")
    two = dataclasses.replace(Settings(), system_prompt="x" * (MAX_SYSTEM_PROMPT + 2))
    assert raised("pl", lambda: hearth.use_settings(two)).message.endswith("002 znaki).")
    english = raised("en", lambda: hearth.use_settings(long))
    assert english.message == "The system prompt is too long (100,001 characters)."


def test_the_hub_in_offline_mode(hearth: Hearth) -> None:
    hearth.use_settings(dataclasses.replace(hearth.settings, offline=True))
    english = raised("en", lambda: hearth.hub.search("qwen"))
    assert english.message == ("Offline mode is on, so Hearth does not connect to the Hugging "
                               "Face Hub.")
    assert '"offline": false in settings.json' in english.hint
    for lang, words in (("pl", "Tryb offline jest włączony"), ("zh_TW", "已開啟離線模式"),
                        ("zh_CN", "已开启离线模式")):
        for call in (lambda: hearth.hub.search("qwen"),
                     lambda: hearth.hub.start("bartowski/Qwen2.5-0.5B-Instruct-GGUF", "a.gguf")):
            e = raised(lang, call)
            assert isinstance(e, OfflineError) and words in worded(e), e
            assert '"offline": false' in e.hint and "settings.json" in e.hint
    assert not hearth.hub.downloads()


def test_cancelled_is_worded_when_raised() -> None:
    assert Cancelled().message == "Cancelled."
    i18n.set_language("pl")
    assert Cancelled().message == "Anulowano."
    i18n.set_language("zh_TW")
    assert Cancelled().message == "已取消。"
    assert Cancelled("Stopped by hand.").message == "Stopped by hand."


def test_disk_errors_keep_their_kind_in_every_language(tmp_path: Path) -> None:
    """Callers tell a read-only folder from a refused one by class, so they still can when
    the message is Polish."""
    target = tmp_path / "chats.sqlite3"
    for lang in ("en", "pl", "zh_TW"):
        i18n.set_language(lang)
        rofs = disk_error(OSError(errno.EROFS, "Read-only file system"), target)
        denied = disk_error(PermissionError(errno.EACCES, "Permission denied"), target)
        full = disk_error(OSError(errno.ENOSPC, "No space left on device"), target)
        assert isinstance(rofs, ReadOnlyFolder) and isinstance(denied, NoPermission)
        assert isinstance(full, NotEnoughSpace)
        for e in (rofs, denied, full):
            worded(e)
        if lang == "pl":
            assert rofs.message == f"Folder danych jest tylko do odczytu ({tmp_path})."
            assert denied.message == f"Hearth nie ma uprawnień do zapisu {target}."
            assert full.message.startswith("Dysk jest pełny: wolne miejsce tam, gdzie Hearth "
                                           "zapisuje chats.sqlite3: ")
            assert full.message.endswith(" MB.") and "," in full.message  # 1,5 MB, not 1.5
        if lang == "zh_TW":
            assert rofs.message == f"Hearth 的資料夾是唯讀的（{tmp_path}）。"


def test_recovery_notice_counts_in_polish(tmp_path: Path) -> None:
    i18n.set_language("pl")
    one = Recovery(tmp_path / "chats.damaged.sqlite3", "disk I/O error", 1, 1)
    assert one.message == ("Baza czatów była uszkodzona (disk I/O error). Odzyskano 1 czat i "
                           f"1 wiadomość do nowej bazy. Uszkodzony plik zachowano jako "
                           f"{tmp_path / 'chats.damaged.sqlite3'}.")
    many = Recovery(tmp_path / "d.sqlite3", "x", 22, 1205, untitled=3, unreadable=2)
    assert (f"Odzyskano 22 czaty (w tym 3 bez tytułów) i 1{NBSP}205 wiadomości do nowej bazy; "
            "co najwyżej 2 kolejnych nie dało się odczytać.") in many.message
    assert "`hearth chats restore N`" in many.hint and "kopie zapasowe" in many.hint
    i18n.set_language("zh_TW")
    assert "已將 22 個對話（其中 3 個沒有標題）和 1,205 則訊息復原到新的資料庫" in many.message
    i18n.set_language("en")
    assert "Recovered 22 chats (3 of them without their titles) and 1,205 messages" in many.message
    assert "Recovered 1 chat and 1 message into a new database." in one.message


READ_ONLY_CHILD = """
import json, sys
from engine import i18n
from engine.chats.store import ChatStore
from engine.errors import HearthError
i18n.set_language("pl")
store = ChatStore(sys.argv[1])
try:
    store.rename(1, "Nowy")
    error = None
except HearthError as e:
    error = e
print(json.dumps({"kind": type(store.read_only).__name__, "titles": [c.title for c in
                  store.list_chats()], "error": type(error).__name__,
                  "message": error and error.message, "hint": error and error.hint}))
"""


def test_a_read_only_data_folder_says_so_in_polish(tmp_path: Path) -> None:
    from engine.chats.store import ChatStore

    folder = tmp_path / "data"
    folder.mkdir()
    store = ChatStore(folder / "chats.sqlite3")
    store.create_chat(title="Zażółć")
    store.close()
    for wrap in read_only(folder):
        r = subprocess.run([*wrap, sys.executable, "-c", READ_ONLY_CHILD,
                            str(folder / "chats.sqlite3")], capture_output=True, text=True,
                           cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["kind"] == "ReadOnlyData" and got["titles"] == ["Zażółć"]
    assert got["error"] == "ReadOnlyData"
    assert got["message"] == (f"Folder danych jest tylko do odczytu ({folder}): czaty można "
                              "czytać i eksportować, ale nie zmieniać.")
    assert "HEARTH_HOME" in got["hint"] and "{" not in got["hint"]


def test_indexing_apart_reports_in_the_parents_language(hearth: Hearth) -> None:
    """The indexer's child process is spawned: it is told the language, not left in English."""
    e = raised("pl", lambda: hearth.libraries.index_apart("Brak"))
    assert isinstance(e, NotFound)
    assert worded(e).startswith("Nie ma biblioteki o nazwie 'Brak'.")
    assert raised("en", lambda: hearth.libraries.index_apart("Brak")).message == (
        "No library named 'Brak'.")
