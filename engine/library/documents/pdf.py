"""PDF text per page with pypdf."""

from __future__ import annotations

import io
import logging

from engine.library.documents import NoText, ParsedDoc, ParseFailed, Section


def parse(data: bytes, path: str) -> ParsedDoc:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files log per object
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ParseFailed("not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty password only to restrict printing.
            try:
                ok = reader.decrypt("")
            except (NotImplementedError, PdfReadError) as e:
                raise ParseFailed(f"encrypted PDF that cannot be opened ({e})") from e
            if not ok:
                raise ParseFailed("password-protected PDF (encrypted)")
        pages = reader.pages
        n = len(pages)
    except FileNotDecryptedError as e:
        raise ParseFailed("password-protected PDF (encrypted)") from e
    except ParseFailed:
        raise
    except Exception as e:
        raise ParseFailed(f"damaged PDF: {e}"[:200]) from e
    if n == 0:
        raise ParseFailed("damaged PDF: no pages could be read")
    sections = []
    failed = 0
    for i in range(n):
        try:
            text = pages[i].extract_text() or ""
        except FileNotDecryptedError as e:
            raise ParseFailed("password-protected PDF (encrypted)") from e
        except Exception:  # noqa: BLE001 - pypdf raises many kinds for one bad page: count it
            failed += 1
            continue
        text = text.replace("\x00", "")
        if text.strip():
            sections.append(Section(text, i + 1, ""))
    if not sections:
        if failed == n:
            raise ParseFailed("damaged PDF: no page could be read")
        raise NoText("no text (scanned?)")
    note = []
    if failed:
        note.append(f"{failed} of {n} pages could not be read")
    empty = n - failed - len(sections)
    if empty:
        note.append(f"{empty} of {n} pages have no text")
    return ParsedDoc(sections, n, "; ".join(note))
