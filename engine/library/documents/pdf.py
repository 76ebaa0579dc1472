"""PDF text per page with pypdf."""

from __future__ import annotations

import io
import logging

from engine.library import reasons
from engine.library.documents import NoText, ParsedDoc, ParseFailed, Section


def parse(data: bytes, path: str) -> ParsedDoc:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files log per object
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ParseFailed(reasons.NOT_PDF)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty password only to restrict printing.
            try:
                ok = reader.decrypt("")
            except (NotImplementedError, PdfReadError) as e:
                raise ParseFailed(reasons.PDF_ENCRYPTION.format(error=e)) from e
            if not ok:
                raise ParseFailed(reasons.PDF_PASSWORD)
        pages = reader.pages
        n = len(pages)
    except FileNotDecryptedError as e:
        raise ParseFailed(reasons.PDF_PASSWORD) from e
    except ParseFailed:
        raise
    except Exception as e:
        raise ParseFailed(reasons.DAMAGED.format(kind="PDF", error=e)[:200]) from e
    if n == 0:
        raise ParseFailed(reasons.PDF_NO_PAGES)
    sections = []
    failed = 0
    for i in range(n):
        try:
            text = pages[i].extract_text() or ""
        except FileNotDecryptedError as e:
            raise ParseFailed(reasons.PDF_PASSWORD) from e
        except Exception:  # noqa: BLE001 - pypdf raises many kinds for one bad page: count it
            failed += 1
            continue
        text = text.replace("\x00", "")
        if text.strip():
            sections.append(Section(text, i + 1, ""))
    if not sections:
        if failed == n:
            raise ParseFailed(reasons.PDF_NO_PAGE_READ)
        raise NoText(reasons.NO_TEXT_SCANNED)
    note = []
    if failed:
        note.append(reasons.PAGES_UNREADABLE.format(failed=failed, n=n))
    empty = n - failed - len(sections)
    if empty:
        note.append(reasons.PAGES_EMPTY.format(empty=empty, n=n))
    return ParsedDoc(sections, n, "; ".join(note))
