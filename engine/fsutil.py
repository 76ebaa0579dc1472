"""Small file helpers shared by every module that writes state."""

from __future__ import annotations

import glob
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from engine.errors import NoPermission, NotEnoughSpace, ReadOnlyFolder, StorageError
from engine.i18n import _, decimal


def atomic_write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write via a temp file in the same folder + fsync + os.replace: never a half file.

    mkstemp creates 0600 files; the result gets `mode`, else the existing file's mode, else
    the usual 0644 (less the umask), so exports are readable like any file the user saves.
    """
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o666 & ~_UMASK
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise storage_error(e, path) from e
    try:
        if hasattr(os, "fchmod"):  # not on Windows, where mkstemp's mode is moot
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise storage_error(e, path) from e
    _remove_stale_temps(path)


STALE_TEMP_S = 600  # a temp file this old belongs to a write that was killed


def _remove_stale_temps(path: Path) -> None:
    """Temp files that killed writes of `path` left behind. Only old ones: a younger one may
    be another process's write in progress."""
    import time

    cutoff = time.time() - STALE_TEMP_S
    for old in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass  # gone already, or not ours to remove: harmless either way


# os.umask can only be read by setting it: done once at import, before threads start.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def json_text(obj: Any, indent: int | None = None) -> str:
    """JSON that stays readable (Chinese as itself) yet always encodes as UTF-8: a file name's
    undecodable bytes (lone surrogates) are written as \\u escapes, which json.loads restores."""
    text = json.dumps(obj, indent=indent, ensure_ascii=False)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return json.dumps(obj, indent=indent, ensure_ascii=True)


def atomic_write_json(path: Path, obj: Any) -> None:
    atomic_write_bytes(path, json_text(obj, indent=2).encode("utf-8"))


def free_space(path: Path) -> int:
    """Free bytes on the disk holding `path` (its nearest existing folder); -1 if unknown."""
    import shutil

    for folder in (path, *path.parents):
        try:
            return shutil.disk_usage(folder).free
        except OSError:
            continue
    return -1


def _mb(n: int) -> str:
    if n < 0:
        return _("an unknown amount")
    return _("{mb} MB").format(mb=decimal(n / 2**20, grouped=True))


def disk_error(e: BaseException, path: Path) -> StorageError | None:
    """The cause of a failed write, named for people: a full disk (with what is free), a
    read-only folder, no permission, or a disk error. None when `e` is none of those.
    SQLite and LanceDB report these as text ("database or disk is full", "disk I/O error"
    on some full disks), so their messages are read as well as errno."""
    import errno

    text = str(e).lower()
    code = getattr(e, "errno", None)
    free = free_space(path)
    full = code == errno.ENOSPC or "no space left" in text or "disk is full" in text
    if not full and (code == errno.EIO or "disk i/o error" in text) and 0 <= free < 2**20:
        full = True  # SQLite's I/O error on a disk with nothing left is a full disk
    if full:
        return NotEnoughSpace(
            _("The disk is full: {free} free where Hearth writes {file}.").format(
                free=_mb(free), file=path.name),
            _("Free some disk space and try again; nothing already saved was lost."),
            details=str(e),
        )
    if code == errno.EROFS or "read-only file system" in text or "readonly database" in text:
        return ReadOnlyFolder(
            _("The data folder is read-only ({folder}).").format(folder=path.parent),
            _("Everything can still be read. To save changes, make the folder writable or "
              "set HEARTH_HOME to a writable folder."),
            details=str(e),
        )
    if code in (errno.EACCES, errno.EPERM) or "permission denied" in text:
        return NoPermission(
            _("Hearth may not write {path}.").format(path=path),
            _("Check the folder's permissions, or set HEARTH_HOME to a folder you own."),
            details=str(e),
        )
    if code is None and "disk i/o error" in text and path.parent.is_dir():
        # SQLite's I/O error hides the errno (a failed fsync on a full disk reads the same
        # as a failing device): a probe write shows which it is.
        probe = probe_write(path.parent)
        if isinstance(probe, NotEnoughSpace):
            return probe
    if code == errno.EIO or "disk i/o error" in text or "input/output error" in text:
        return StorageError(
            _("The disk reported an error while writing {file}.").format(file=path.name),
            _("Check the disk (it may be failing or disconnected), then try again; nothing "
              "already saved was lost."),
            details=str(e),
        )
    return None


def probe_write(folder: Path) -> StorageError | None:
    """Why `folder` cannot be written now (None if it can): a tiny temp file, written and
    synced. For libraries that hide the cause (SQLite's "unable to open database file"
    is a full disk, a read-only folder or a failing device alike)."""
    try:
        with tempfile.TemporaryFile(dir=folder) as f:
            f.write(b"x")
            f.flush()
            os.fsync(f.fileno())
    except OSError as e:
        return storage_error(e, folder / ".probe")
    return None


def storage_error(e: OSError, path: Path) -> StorageError:
    return disk_error(e, path) or StorageError(
        _("Could not write {path}: {error}.").format(path=path, error=e.strerror or e))
