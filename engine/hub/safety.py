"""Names that come from the Hub, made safe for the file system.

A repository id or a file path in a repository is chosen by whoever uploaded it. Before any
of them becomes a path on disk it must pass here: no `..`, no absolute paths, no drive
letters, no control or shell-odd characters, and the final path must lie inside the folder
it is meant for (checked again after resolving symlinks).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath

from engine.errors import HearthError
from engine.i18n import _

# Letters and digits of any script, and a few punctuation marks seen in real repos.
_COMPONENT = re.compile(r"^[\w.\-+()\[\] @,=]+$")
_REPO_PART = re.compile(r"^[\w.\-]+$")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


class UnsafeName(HearthError):
    """A repository or file name from the Hub that cannot be written safely."""


def _refuse(name: str, why: str) -> UnsafeName:
    """`why`: translated."""
    return UnsafeName(
        _("Refusing the file name {name} from the Hub: {why}.").format(name=repr(name), why=why),
        _("This repository lists a file Hearth will not write. Choose another file or "
          "repository."),
    )


def check_repo_id(repo: str) -> str:
    """`owner/name` as the Hub spells it; raises UnsafeName otherwise."""
    parts = repo.strip().split("/")
    if len(parts) != 2 or not all(p and _REPO_PART.match(p) for p in parts):
        raise UnsafeName(
            _("{repo} is not a Hugging Face repository id.").format(repo=repr(repo)),
            _("Use the form owner/name, e.g. {example}.").format(
                example="bartowski/Llama-3.2-1B-Instruct-GGUF"),
        )
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        raise UnsafeName(_("{repo} is not a valid repository id.").format(repo=repr(repo)),
                         _("Use the form owner/name."))
    return "/".join(parts)


def repo_folder(repo: str) -> str:
    """One folder name per repository: `owner__name`."""
    owner, name = check_repo_id(repo).split("/")
    return f"{owner}__{name}"


def safe_relative(name: str) -> PurePosixPath:
    """A path inside a repository as a safe relative path, or UnsafeName."""
    if not name or len(name) > 1024:
        raise _refuse(name, _("empty or too long"))
    if "\\" in name or "\x00" in name:
        raise _refuse(name, _("backslashes and NUL are not allowed"))
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise _refuse(name, _("absolute paths are not allowed"))
    name = unicodedata.normalize("NFC", name)
    parts = name.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            raise _refuse(name, _("empty, '.' or '..' path parts are not allowed"))
        if len(part.encode("utf-8")) > 255:
            raise _refuse(name, _("a path part is longer than 255 bytes"))
        if not _COMPONENT.match(part) or part.startswith(("-", " ")) or part.endswith((" ", ".")):
            raise _refuse(name, _("it contains characters Hearth does not write"))
        if any(unicodedata.category(c).startswith("C") for c in part):
            raise _refuse(name, _("control characters are not allowed"))
        if part.split(".")[0].lower() in _WINDOWS_RESERVED:
            raise _refuse(name, _("it is a reserved device name on Windows"))
    return PurePosixPath(*parts)


def is_safe(name: str) -> bool:
    try:
        safe_relative(name)
    except UnsafeName:
        return False
    return True


def inside(root: Path, relative: str | PurePosixPath) -> Path:
    """`root / relative`, guaranteed (after resolving symlinks) to stay inside `root`."""
    rel = safe_relative(str(relative))
    target = root.joinpath(*rel.parts)
    base = root.resolve()
    resolved = target.resolve()
    if resolved != base and base not in resolved.parents:
        raise _refuse(str(relative), _("it would be written outside the models folder"))
    return target
