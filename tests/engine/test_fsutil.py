"""Atomic writes: whole files, and no temp files left behind by writes that were killed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from engine.fsutil import STALE_TEMP_S, atomic_write_bytes


def test_an_atomic_write_removes_what_a_killed_write_left(tmp_path: Path) -> None:
    target = tmp_path / "settings [1].json"  # glob characters in the name
    stale = tmp_path / ".settings [1].json.abc123.tmp"
    fresh = tmp_path / ".settings [1].json.def456.tmp"  # another process, writing right now
    other = tmp_path / ".chats.json.abc123.tmp"
    for p in (stale, fresh, other):
        p.write_bytes(b"half a file")
    old = time.time() - STALE_TEMP_S - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))

    atomic_write_bytes(target, b'{"ok": true}')

    assert target.read_bytes() == b'{"ok": true}'
    assert not stale.exists()
    assert fresh.exists(), "a write in progress elsewhere was removed"
    assert other.exists(), "another file's temp file was removed"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [target.name, fresh.name, other.name])
