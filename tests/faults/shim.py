"""Build and drive faultshim.c, the LD_PRELOAD library that counts, fails or kills at the
file-system calls a process makes under one folder (see the C file for the protocol)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).with_name("faultshim.c")

# The call groups of the C file; what a disk fault is injected at (removing files cannot
# run out of space, so "remove" calls are kill points only).
KILL_GROUPS = ("write", "sync", "create", "remove")
FAIL_GROUPS = ("write", "sync", "create")
GROUP_OF = {
    **dict.fromkeys(
        ["write", "pwrite", "pwrite64", "writev", "pwritev", "pwritev64", "pwritev2",
         "pwritev64v2", "ftruncate", "ftruncate64", "fallocate", "fallocate64",
         "posix_fallocate", "posix_fallocate64", "copy_file_range", "sendfile", "sendfile64"],
        "write"),
    **dict.fromkeys(["fsync", "fdatasync", "sync_file_range"], "sync"),
    **dict.fromkeys(
        ["open", "open64", "openat", "openat64", "creat", "creat64", "mkdir", "mkdirat",
         "rename", "renameat", "renameat2", "link", "linkat"],
        "create"),
    **dict.fromkeys(["unlink", "unlinkat", "rmdir"], "remove"),
}
ERRNOS = {"ENOSPC": errno.ENOSPC, "EIO": errno.EIO}


@dataclass(frozen=True)
class Call:
    """One line of the shim's log: a matching call."""

    tag: str  # "-" counted, "FIRED" the faulted one, "FAILED" a later (sticky) one, "child"
    n: int  # index among the calls of the groups the run matched
    name: str
    size: int
    t: float  # time.monotonic() when it was made
    path: str

    @property
    def group(self) -> str:
        return GROUP_OF.get(self.name, "write")

    def short(self, home: str | Path) -> str:
        """`pwrite64 chats.sqlite3-wal`: the call and its path relative to HEARTH_HOME."""
        home = str(Path(home).resolve())
        rel = os.path.relpath(self.path, home) if self.path.startswith(home) else self.path
        return f"{self.name} {rel}"


def read_log(path: Path) -> list[Call]:
    calls = []
    if not path.exists():
        return calls
    for line in path.read_text("utf-8", errors="replace").splitlines():
        parts = line.split(" ", 5)
        if len(parts) == 6:
            tag, n, name, size, t, file = parts
            calls.append(Call(tag, int(n), name, int(size), float(t), file))
    return calls


class Shim:
    """The compiled library; `env(...)` gives the variables for one run."""

    def __init__(self, library: Path) -> None:
        self.library = library

    @classmethod
    def build(cls, folder: Path) -> Shim:
        """Compile faultshim.c with gcc into `folder` (raises if gcc is missing or fails)."""
        gcc = shutil.which("gcc") or shutil.which("cc")
        if gcc is None or not sys.platform.startswith("linux"):
            raise RuntimeError("faultshim needs Linux and gcc")
        out = folder / "faultshim.so"
        subprocess.run(
            [gcc, "-shared", "-fPIC", "-O2", "-Wall", "-o", str(out), str(SOURCE), "-ldl"],
            check=True, capture_output=True, text=True,
        )
        return cls(out)

    def env(
        self,
        prefix: Path,
        mode: str,
        log: Path,
        nth: int = 0,
        errno_name: str = "",
        groups: tuple[str, ...] = KILL_GROUPS,
        match: str = "",
        call: str = "",
    ) -> dict[str, str]:
        """ENOSPC is a disk that fills up: the NTH write is short and every later write or
        create fails. EIO is one failed call (a transient device error)."""
        env = {
            "LD_PRELOAD": str(self.library),
            "FAULTSHIM_PREFIX": str(Path(prefix).resolve()),
            "FAULTSHIM_MODE": mode,
            "FAULTSHIM_LOG": str(log),
            "FAULTSHIM_GROUPS": ",".join(groups),
        }
        if nth:
            env["FAULTSHIM_NTH"] = str(nth)
        if match:
            env["FAULTSHIM_MATCH"] = match
        if call:
            env["FAULTSHIM_CALL"] = call
        if errno_name:
            full = errno_name == "ENOSPC"
            env.update(FAULTSHIM_ERRNO=str(ERRNOS[errno_name]),
                       FAULTSHIM_STICKY="1" if full else "0",
                       FAULTSHIM_SHORT="1" if full else "0")
        return env
