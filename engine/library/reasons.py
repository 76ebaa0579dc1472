"""Why a file of a library is not indexed (or what was odd about it), in one place.

The file list stores the English text: it is logged too, and the interface language can
change after a file was indexed. So producers format these constants in English, and
`reason_text` turns a stored reason into the interface language when it is shown:

    reason = UNSUPPORTED_TYPE.format(ext=".bin")     # stored: "unsupported file type .bin"
    reason_text(reason)                              # Polish: "nieobsługiwany typ pliku .bin"

A stored text that matches no constant (an older wording) is shown as it is. Values that
come from a library or the OS (an error message) stay as they are: they are details.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from engine.i18n import N_, _, decimal, number

# Listing the sources (sources.py).
SYMLINK_LOOP = N_("symbolic link loop")
BROKEN_SYMLINK = N_("broken symbolic link (target missing)")
PERMISSION_DENIED = N_("permission denied")
CANNOT_READ = N_("cannot read: {error}")
NOT_REGULAR_FIFO = N_("not a regular file (FIFO)")
NOT_REGULAR_SPECIAL = N_("not a regular file (special file)")
UNSUPPORTED_TYPE = N_("unsupported file type {ext}")
UNSUPPORTED_NO_EXT = N_("unsupported file type (no extension)")
SOURCE_MISSING = N_("source missing (moved or deleted?)")

# Reading and parsing one file (documents/, parsepool.py).
TOO_LARGE = N_("larger than {mb} MB")
DISAPPEARED = N_("the file disappeared")
EMPTY_FILE = N_("empty file")
NO_TEXT = N_("no text in this file")
NO_TEXT_SCANNED = N_("no text (scanned?)")
OUT_OF_MEMORY = N_("the parser ran out of memory")
NESTED_TOO_DEEPLY = N_("the file is nested too deeply")
COULD_NOT_PARSE = N_("could not parse: {error}")
PARSED_TOO_LARGE = N_("the parsed text is too large")
PARSE_TIMEOUT = N_("parsing took longer than {seconds} s (stopped)")
PARSER_KILLED = N_("the parser crashed ({signal}; out of memory or a damaged file)")
PARSER_EXITED = N_("the parser crashed (exit code {code})")
BINARY = N_("binary content, not text")
UNKNOWN_ENCODING = N_("binary content or an unknown text encoding")
NOT_PDF = N_("not a PDF file (no %PDF header)")
PDF_PASSWORD = N_("password-protected PDF (encrypted)")
PDF_ENCRYPTION = N_("encrypted PDF that cannot be opened ({error})")
PDF_NO_PAGES = N_("damaged PDF: no pages could be read")
PDF_NO_PAGE_READ = N_("damaged PDF: no page could be read")
DAMAGED = N_("damaged {kind}: {error}")  # kind: PDF, DOCX, EPUB
NOT_A_ZIP = N_("damaged {kind} (not a valid zip file)")
ZIP_TOO_MANY_PARTS = N_("refused: {kind} has {n} parts (zip bomb?)")
ZIP_MEMBER_BOMB = N_("refused: {member} would expand {packed} bytes to {size} (zip bomb?)")
ZIP_TOO_BIG = N_("refused: {kind} would expand to {mb} MB (zip bomb?)")

# Notes on an indexed file (shown by the CLI; "; " joins several).
PAGES_UNREADABLE = N_("{failed} of {n} pages could not be read")
PAGES_EMPTY = N_("{empty} of {n} pages have no text")
BYTES_REPLACED = N_("{n} invalid UTF-8 byte(s) replaced")

# The indexer (indexer.py): too much text, and the "pending" rows.
TOO_MUCH_TEXT = N_(
    "too much text to index ({size} million characters; the limit is {limit} million): "
    "split the file"
)
BEING_INDEXED = N_("being indexed")
BEING_REMOVED = N_("being removed")
CHANGED = N_("changed since last index")
NOT_INDEXED_YET = N_("not indexed yet")

# Placeholders that hold a number: shown the language's way ("8 192", "1,5" in Polish).
_NUMBERS = {"mb", "seconds", "code", "n", "packed", "size", "limit", "failed", "empty"}
# Placeholders that hold one word: their value never spans a space, so two notes joined by
# "; " never read as one note with a strange number.
_ONE_WORD = _NUMBERS | {"kind"}
_FIELD = re.compile(r"\{(\w+)\}")


def unsupported_type(path: str) -> str:
    """The reason for a file whose name says no parser reads it."""
    ext = Path(path).suffix
    return UNSUPPORTED_TYPE.format(ext=ext) if ext else UNSUPPORTED_NO_EXT


def reason_text(reason: str) -> str:
    """A stored (English) reason in the interface language; unknown text as it is."""
    fixed, templates = _catalog()
    if reason in fixed:
        return _(reason)
    for template, pattern in templates:
        m = pattern.fullmatch(reason)
        if m:
            values = {k: _shown_value(k, v) for k, v in m.groupdict().items()}
            return _(template).format(**values)
    if "; " in reason:  # several notes on one indexed file
        return "; ".join(reason_text(part) for part in reason.split("; "))
    return reason


def all_reasons() -> list[str]:
    """Every reason defined above (the upper-case constants), fixed ones and templates."""
    return [v for k, v in globals().items() if k.isupper() and isinstance(v, str)]


@cache
def _catalog() -> tuple[frozenset[str], list[tuple[str, re.Pattern[str]]]]:
    fixed = frozenset(t for t in all_reasons() if not _FIELD.search(t))
    # The template with the most fixed words first: "damaged DOCX (not a valid zip file)" is
    # NOT_A_ZIP, not DAMAGED with a strange kind.
    rest = sorted((t for t in all_reasons() if t not in fixed),
                  key=lambda t: -len(_FIELD.sub("", t)))
    return fixed, [(t, _pattern(t)) for t in rest]


def _pattern(template: str) -> re.Pattern[str]:
    parts = _FIELD.split(template)  # literal, name, literal, name, ..., literal
    regex = ""
    for i, part in enumerate(parts):
        if i % 2 == 0:
            regex += re.escape(part)
        else:
            regex += f"(?P<{part}>" + (r"\S+?" if part in _ONE_WORD else ".*?") + ")"
    return re.compile(regex, re.DOTALL)


def _shown_value(name: str, value: str) -> str:
    if name in _NUMBERS:
        if value.isdecimal():
            return number(int(value))
        if re.fullmatch(r"\d+\.\d", value):
            return decimal(float(value))
    return value
