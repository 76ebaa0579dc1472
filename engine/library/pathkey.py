"""File paths as stored and shown text.

A POSIX file name is bytes and need not be UTF-8; Python holds the bytes it cannot decode as
lone surrogates (os.fsdecode), which SQLite, Arrow and JSON-as-UTF-8 refuse. So a path is
stored as itself when it is valid text, and otherwise as "bytes:" + its percent-encoded
bytes — lossless and still readable; stored paths are absolute, so no real path starts
with "bytes:". `shown` is for people: undecodable bytes become U+FFFD, control characters
(a newline in a name) a visible symbol.
"""

from __future__ import annotations

import os
import unicodedata
from urllib.parse import quote_from_bytes, unquote_to_bytes

_MARK = "bytes:"
_SAFE = "/ !#$&'()*+,;=@[]^`{}~"


def to_store(path: str) -> str:
    """The text to store for `path`: the path itself when it is valid Unicode."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return _MARK + quote_from_bytes(os.fsencode(path), safe=_SAFE)


def from_store(text: str) -> str:
    """The path `to_store` was given."""
    if text.startswith(_MARK):
        return os.fsdecode(unquote_to_bytes(text[len(_MARK):]))
    return text


def shown(path: str) -> str:
    """`path` for a person to read: always printable, never raises."""
    try:
        text = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        text = path.encode("utf-8", "replace").decode("utf-8")
    if text.isprintable():
        return text
    return "".join(
        "\u2424" if c == "\n" else "\ufffd" if unicodedata.category(c) == "Cc" else c
        for c in text
    )
