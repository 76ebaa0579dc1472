"""Plain text, Markdown and source code in any common encoding."""

from __future__ import annotations

import codecs
import re

from engine.library.documents import ParsedDoc, Section, Unsupported

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Control characters other than tab, newline, carriage return, form feed: binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _controls_ratio(text: str) -> float:
    return len(_CONTROL.findall(text[:100_000])) / max(1, min(len(text), 100_000))


def decode(data: bytes) -> tuple[str, str]:
    """(text, note). Raises Unsupported for binary data or text in no known encoding."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), ""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        text = ""
        bad_at = e.start
    else:
        if _controls_ratio(text) > 0.01:
            raise Unsupported("binary content, not text")
        return text, ""
    if b"\x00" in data[:8192]:
        raise Unsupported("binary content, not text")
    # Mostly UTF-8 with a few broken bytes: keep it UTF-8 rather than guessing a codepage.
    lossy = data.decode("utf-8", errors="replace")
    broken = lossy.count("\ufffd")
    if broken <= max(2, len(lossy) // 1000) and any(b >= 0xC2 for b in data[:bad_at]):
        return lossy, f"{broken} invalid UTF-8 byte sequence(s) replaced"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise Unsupported("binary content or an unknown text encoding")
    text = str(best)
    if _controls_ratio(text) > 0.01 or best.chaos > 0.3:
        raise Unsupported("binary content, not text")
    return text, ""


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def markdown_sections(text: str) -> list[Section]:
    """Split at ATX headings (outside code fences); heading = the path "A > B"."""
    sections: list[Section] = []
    trail: list[tuple[int, str]] = []
    lines: list[str] = []
    in_fence = False

    def flush() -> None:
        body = "\n".join(lines).strip()
        if body:
            sections.append(Section(body, 0, " > ".join(t for _, t in trail)))
        lines.clear()

    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        m = None if in_fence else _HEADING.match(line)
        if m:
            flush()
            level = len(m.group(1))
            while trail and trail[-1][0] >= level:
                trail.pop()
            trail.append((level, m.group(2).strip()))
            lines.append(m.group(2).strip())  # the heading's words stay searchable
        else:
            lines.append(line)
    flush()
    return sections


def parse(data: bytes, path: str, markdown: bool = False) -> ParsedDoc:
    text, note = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if markdown:
        return ParsedDoc(markdown_sections(text), 0, note)
    return ParsedDoc([Section(text)], 0, note)
