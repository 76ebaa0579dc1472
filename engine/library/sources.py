"""Listing the files under a library's sources, safely.

Symbolic links to folders are followed once (a loop is detected by the folder's device and
inode); FIFOs, sockets and devices are reported, never opened (opening a FIFO blocks).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from engine.library import reasons
from engine.library.documents import kind_for

SKIP_DIRS = {"__pycache__", "node_modules", ".git", ".hg", ".svn", ".venv", "venv", ".tox"}


@dataclass
class Entry:
    path: str  # absolute, as listed (not resolved: the user recognises it)
    size: int = 0
    mtime_ns: int = 0
    problem: str = ""  # non-empty: the file cannot be indexed, and why (see reasons.py)
    problem_state: str = "failed"


def _stat_problem(e: OSError) -> str:
    if e.errno == errno.ELOOP:
        return reasons.SYMLINK_LOOP
    if e.errno == errno.ENOENT:
        return reasons.BROKEN_SYMLINK
    if e.errno in (errno.EACCES, errno.EPERM):
        return reasons.PERMISSION_DENIED
    return reasons.CANNOT_READ.format(error=e.strerror or e)


def _file_entry(path: str) -> Entry:
    try:
        st = os.stat(path)
    except OSError as e:
        return Entry(path, problem=_stat_problem(e))
    if not stat.S_ISREG(st.st_mode):
        fifo = stat.S_ISFIFO(st.st_mode)
        problem = reasons.NOT_REGULAR_FIFO if fifo else reasons.NOT_REGULAR_SPECIAL
        return Entry(path, problem=problem, problem_state="unsupported")
    if kind_for(path) is None:  # decided by name: a video is never read, just reported
        problem = reasons.unsupported_type(path)
        return Entry(path, st.st_size, st.st_mtime_ns, problem, "unsupported")
    if not os.access(path, os.R_OK):
        return Entry(path, st.st_size, st.st_mtime_ns, problem=reasons.PERMISSION_DENIED)
    return Entry(path, st.st_size, st.st_mtime_ns)


def _walk(folder: str, seen: set[tuple[int, int]]) -> Iterator[Entry]:
    try:
        st = os.stat(folder)
    except OSError as e:
        yield Entry(folder, problem=_stat_problem(e))
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return  # already listed through another link: a loop or a duplicate
    seen.add(key)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield Entry(folder, problem=_stat_problem(e))
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in SKIP_DIRS:
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(entry.path, seen)
        else:
            yield _file_entry(entry.path)


def scan(sources: Iterable[str]) -> list[Entry]:
    """Every file under the sources (each path once), in a stable order."""
    seen_dirs: set[tuple[int, int]] = set()
    out: dict[str, Entry] = {}
    for src in sources:
        p = str(Path(src))
        if os.path.isdir(p):
            for e in _walk(p, seen_dirs):
                out.setdefault(e.path, e)
        elif os.path.lexists(p):
            out.setdefault(p, _file_entry(p))
        else:
            out[p] = Entry(p, problem=reasons.SOURCE_MISSING)
    return list(out.values())


def under(path: str, sources: Iterable[str]) -> bool:
    """True when `path` is one of the sources or inside one."""
    return any(path == s or path.startswith(s.rstrip(os.sep) + os.sep) for s in sources)
