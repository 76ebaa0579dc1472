"""Small file helpers shared by every module that writes state."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from engine.errors import NotEnoughSpace, StorageError


def atomic_write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write via a temp file in the same folder + fsync + os.replace: never a half file.

    mkstemp creates 0600 files; the result gets `mode`, else the existing file's mode, else
    the usual 0644 (less the umask), so exports are readable like any file the user saves.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o666 & ~_UMASK
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


# os.umask can only be read by setting it: done once at import, before threads start.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def atomic_write_json(path: Path, obj: Any) -> None:
    atomic_write_bytes(path, json.dumps(obj, indent=2, ensure_ascii=False).encode("utf-8"))


def storage_error(e: OSError, path: Path) -> StorageError:
    import errno

    if e.errno == errno.ENOSPC:
        return NotEnoughSpace(
            f"The disk is full while writing {path.name}.",
            "Free some disk space and try again; nothing already saved was lost.",
        )
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(
            f"Hearth may not write {path}.", "Check the folder's permissions or choose another."
        )
    return StorageError(f"Could not write {path}: {e.strerror or e}.")
