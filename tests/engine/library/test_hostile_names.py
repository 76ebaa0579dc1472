"""File names no encoding can spell (invalid UTF-8 bytes), newlines and 255-byte names index
like any other file, losslessly: the stored path opens the very same file again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.fsutil import json_text
from engine.library.pathkey import from_store, shown, to_store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX names are bytes")

NAMES = {
    b"bad\xff\xfe.txt": "Glaciers in the Alps retreat every summer.",
    b"two\nlines.txt": "The violin concerto was first played in Leipzig.",
    (b"z" * 251) + b".txt": "Sourdough needs a lively starter and a long proof.",
    "zażółć.txt".encode(): "Zażółć gęślą jaźń: pangram z polskimi znakami.",
    b"plain.txt": "Tidal pools host anemones, crabs and small fish.",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for raw, text in NAMES.items():
        with open(os.path.join(os.fsencode(folder), raw), "w", encoding="utf-8") as f:
            f.write((text + " ") * 20)
    return folder


def test_path_codec_round_trips() -> None:
    for raw in NAMES:
        path = os.fsdecode(b"/docs/" + raw)
        stored = to_store(path)
        stored.encode("utf-8")  # valid text for SQLite and Arrow
        assert from_store(stored) == path
        shown(path).encode("utf-8")  # printable anywhere
    assert to_store("/docs/plain.txt") == "/docs/plain.txt"  # readable names stay as they are
    assert "\ufffd" in shown(os.fsdecode(b"/docs/bad\xff.txt"))
    odd = {"path": os.fsdecode(b"/docs/bad\xff.txt"), "title": "绿茶"}
    text = json_text(odd)
    assert json.loads(text.encode("utf-8")) == odd  # lossless and valid UTF-8
    assert json_text({"title": "绿茶"}) == '{"title": "绿茶"}'  # readable when it can be


def test_every_name_indexes_and_reopens(lib_hearth, folder: Path) -> None:
    libs = lib_hearth.libraries
    libs.create("Hostile", [folder])
    report = libs.index("Hostile")
    assert report.indexed == len(NAMES), report
    states = libs.status("Hostile")
    paths = {s.path for s in states}
    assert {os.fsencode(p) for p in paths} == {os.fsencode(folder) + b"/" + n for n in NAMES}
    for s in states:
        assert s.state == "indexed", (s.path, s.reason)
        assert Path(s.path).read_text("utf-8").startswith(NAMES[os.fsencode(Path(s.path).name)][:10])
    hit = libs.search("Hostile", "glaciers retreat in summer")[0]
    assert os.fsencode(hit.path).endswith(b"bad\xff\xfe.txt")
    assert Path(hit.path).exists()
    # Nothing changed: the second run finds every file unchanged (the stored keys match).
    again = libs.index("Hostile")
    assert again.indexed == 0 and again.unchanged == len(NAMES), again


def test_cli_status_prints_them(lib_home: Path, lib_hearth, folder: Path) -> None:
    if "Hostile" not in {i.name for i in lib_hearth.libraries.list()}:
        lib_hearth.libraries.create("Hostile", [folder])
        lib_hearth.libraries.index("Hostile")
    env = dict(os.environ, HEARTH_HOME=str(lib_home), PYTHONIOENCODING="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "engine", "library", "status", "Hostile"],
        capture_output=True, env=env, timeout=120,
    )
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    assert b"Traceback" not in out.stderr
    assert "bad\ufffd\ufffd.txt".encode() in out.stdout
