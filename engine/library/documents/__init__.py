"""Turning one file into text sections (page, heading, text). Runs inside a parser process.

Each format module exposes `parse(data: bytes, path: str) -> ParsedDoc` and raises
Unsupported / NoText / ParseFailed for the per-file states the user sees, with a reason
formatted from engine.library.reasons (English; translated when shown).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from engine.library import reasons

MAX_FILE_BYTES = 512 * 1024 * 1024

TEXT_EXTS = {".txt", ".text", ".rst", ".log", ".csv", ".tsv", ".org", ".tex", ".adoc", ""}
MARKDOWN_EXTS = {".md", ".markdown", ".mdown", ".mkd"}
HTML_EXTS = {".html", ".htm", ".xhtml"}
CODE_EXTS = {
    ".py",
    ".pyi",
    ".js",
    ".mjs",
    ".cjs",
    ".ts",
    ".tsx",
    ".jsx",
    ".java",
    ".kt",
    ".kts",
    ".scala",
    ".c",
    ".h",
    ".cc",
    ".cpp",
    ".cxx",
    ".hpp",
    ".hh",
    ".cs",
    ".go",
    ".rs",
    ".rb",
    ".php",
    ".pl",
    ".swift",
    ".m",
    ".mm",
    ".r",
    ".jl",
    ".lua",
    ".sh",
    ".bash",
    ".zsh",
    ".fish",
    ".ps1",
    ".bat",
    ".sql",
    ".json",
    ".yaml",
    ".yml",
    ".toml",
    ".ini",
    ".cfg",
    ".conf",
    ".xml",
    ".css",
    ".scss",
    ".vue",
    ".svelte",
    ".dart",
    ".ex",
    ".exs",
    ".erl",
    ".hs",
    ".ml",
    ".clj",
    ".el",
    ".vim",
    ".cmake",
    ".gradle",
    ".proto",
    ".graphql",
}
CODE_NAMES = {"makefile", "dockerfile", "cmakelists.txt", "readme", "license", "changelog"}


class Outcome(Exception):
    """A file that ends in a state other than "indexed"."""

    state = "failed"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Unsupported(Outcome):
    state = "unsupported"


class NoText(Outcome):
    state = "no_text"


class ParseFailed(Outcome):
    state = "failed"


@dataclass
class Section:
    text: str
    page: int = 0  # 1-based page number; 0 when the format has no pages
    heading: str = ""


@dataclass
class ParsedDoc:
    sections: list[Section] = field(default_factory=list)
    pages: int = 0
    note: str = ""  # e.g. "3 of 5 pages have no text" (reasons.PAGES_EMPTY)


def kind_for(path: str) -> str | None:
    """The parser for a file name, or None when the type is not supported."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext == ".pdf":
        return "pdf"
    if ext == ".docx":
        return "docx"
    if ext == ".epub":
        return "epub"
    if ext in HTML_EXTS:
        return "html"
    if ext in MARKDOWN_EXTS:
        return "markdown"
    if ext in CODE_EXTS or p.name.lower() in CODE_NAMES:
        return "code"
    if ext in TEXT_EXTS:
        return "text"
    return None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_bytes(kind: str, data: bytes, path: str) -> ParsedDoc:
    if kind == "pdf":
        from engine.library.documents import pdf

        doc = pdf.parse(data, path)
    elif kind == "docx":
        from engine.library.documents import office

        doc = office.parse_docx(data, path)
    elif kind == "epub":
        from engine.library.documents import office

        doc = office.parse_epub(data, path)
    elif kind == "html":
        from engine.library.documents import html

        doc = html.parse(data, path)
    else:
        from engine.library.documents import text

        doc = text.parse(data, path, markdown=(kind == "markdown"))
    if not any(s.text.strip() for s in doc.sections):
        raise NoText(reasons.NO_TEXT_SCANNED if kind == "pdf" else reasons.NO_TEXT)
    return doc


def read_and_parse(path: str) -> dict:
    """Read, hash and parse one file; the result crosses the process boundary as a dict."""
    kind = kind_for(path)
    try:
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size > MAX_FILE_BYTES:
                return {
                    "state": "failed",
                    "reason": reasons.TOO_LARGE.format(mb=MAX_FILE_BYTES // 2**20),
                    "hash": "",
                }
            data = f.read()
    except FileNotFoundError:
        return {"state": "gone", "reason": reasons.DISAPPEARED, "hash": ""}
    except OSError as e:
        reason = reasons.CANNOT_READ.format(error=e.strerror or e)
        return {"state": "failed", "reason": reason, "hash": ""}
    digest = content_hash(data)
    base = {"hash": digest, "pages": 0, "sections": [], "reason": ""}
    try:
        if kind is None:
            raise Unsupported(reasons.unsupported_type(path))
        if not data:
            raise NoText(reasons.EMPTY_FILE)
        doc = parse_bytes(kind, data, path)
    except Outcome as o:
        return {**base, "state": o.state, "reason": o.reason}
    except MemoryError:
        return {**base, "state": "failed", "reason": reasons.OUT_OF_MEMORY}
    except RecursionError:
        return {**base, "state": "failed", "reason": reasons.NESTED_TOO_DEEPLY}
    except Exception as e:  # noqa: BLE001 - a parser bug or a corrupt file: one file fails, not the library
        return {
            **base,
            "state": "failed",
            "reason": reasons.COULD_NOT_PARSE.format(error=f"{type(e).__name__}: {e}")[:300],
        }
    return {
        **base,
        "state": "indexed",
        "reason": doc.note,
        "pages": doc.pages,
        "sections": [(s.page, s.heading, s.text) for s in doc.sections if s.text.strip()],
    }
