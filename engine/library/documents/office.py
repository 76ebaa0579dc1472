"""DOCX (python-docx) and EPUB (ebooklib): both zip files, checked for zip bombs first."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from engine.library import reasons
from engine.library.documents import ParsedDoc, ParseFailed, Section

MAX_UNCOMPRESSED = 300 * 1024 * 1024  # all members together
MAX_RATIO = 200  # a member this much larger than its compressed size (and big) is a bomb
MAX_MEMBERS = 20_000


def check_zip(data: bytes, what: str) -> None:
    """Refuse zip bombs before a parser inflates them (sizes come from the central directory)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise ParseFailed(reasons.NOT_A_ZIP.format(kind=what)) from e
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ParseFailed(reasons.ZIP_TOO_MANY_PARTS.format(kind=what, n=len(infos)))
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 10 * 2**20 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise ParseFailed(reasons.ZIP_MEMBER_BOMB.format(
                member=info.filename, packed=info.compress_size, size=info.file_size))
    if total > MAX_UNCOMPRESSED:
        raise ParseFailed(reasons.ZIP_TOO_BIG.format(kind=what, mb=total // 2**20))


_LEVEL = re.compile(r"(\d+)")


def parse_docx(data: bytes, path: str) -> ParsedDoc:
    check_zip(data, "DOCX")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:
        raise ParseFailed(reasons.DAMAGED.format(kind="DOCX", error=e)[:200]) from e
    try:
        return ParsedDoc(_docx_sections(document), 0, "")
    except Exception as e:  # python-docx reads parts lazily: damage can surface here too
        raise ParseFailed(
            reasons.DAMAGED.format(kind="DOCX", error=f"{type(e).__name__}: {e}")[:200]) from e


def _docx_sections(document: Any) -> list[Section]:
    sections: list[Section] = []
    trail: list[tuple[int, str]] = []
    lines: list[str] = []

    def flush() -> None:
        body = "\n".join(lines).strip()
        if body:
            sections.append(Section(body, 0, " > ".join(t for _, t in trail)))
        lines.clear()

    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = _style_name(para)
        if style.lower().startswith("heading") or style.lower() == "title":
            flush()
            m = _LEVEL.search(style)
            level = int(m.group(1)) if m else 1
            while trail and trail[-1][0] >= level:
                trail.pop()
            trail.append((level, text))
        lines.append(text)
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                lines.append(" | ".join(cells))
    flush()
    return sections


def _style_name(para: Any) -> str:
    """The paragraph's style name; "" when the styles part is damaged or mistyped (the text
    is kept, only the headings are lost)."""
    try:
        style = para.style
    except Exception:  # noqa: BLE001 - python-docx raises AttributeError, KeyError, ...
        return ""
    return (getattr(style, "name", "") if style is not None else "") or ""


def parse_epub(data: bytes, path: str) -> ParsedDoc:
    check_zip(data, "EPUB")
    import tempfile

    import ebooklib
    from ebooklib import epub

    from engine.library.documents.html import html_sections

    # ebooklib reads from a path only.
    with tempfile.NamedTemporaryFile(suffix=".epub") as tmp:
        tmp.write(data)
        tmp.flush()
        try:
            book = epub.read_epub(tmp.name, options={"ignore_ncx": True})
        except Exception as e:
            raise ParseFailed(reasons.DAMAGED.format(kind="EPUB", error=e)[:200]) from e
    sections: list[Section] = []
    for item in book.get_items_of_type(ebooklib.ITEM_DOCUMENT):
        markup = item.get_content().decode("utf-8", errors="replace")
        sections.extend(html_sections(markup))
    return ParsedDoc(sections, 0, "")
