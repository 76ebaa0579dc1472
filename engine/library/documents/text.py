"""Plain text, Markdown and source code in any common encoding."""

from __future__ import annotations

import codecs
import re

from engine.library import reasons
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
    except UnicodeDecodeError:
        pass
    else:
        if _controls_ratio(text) > 0.01:
            raise Unsupported(reasons.BINARY)
        return text, ""
    if b"\x00" in data[:8192]:
        raise Unsupported(reasons.BINARY)
    # UTF-8 text with a few broken bytes stays UTF-8 (guessing a codepage would garble every
    # accented letter); text with no valid multi-byte sequences is another encoding.
    lossy = data.decode("utf-8", errors="replace")
    broken = lossy.count("\ufffd")
    multibyte = sum(1 for ch in lossy if ch > "\x7f") - broken
    if multibyte >= broken and broken <= len(lossy) // 50:
        return lossy, reasons.BYTES_REPLACED.format(n=broken)
    text = _guess_codepage(data)
    if _controls_ratio(text) > 0.01:
        raise Unsupported(reasons.BINARY)
    return text, ""


# When several codepages read a text equally well, the common one is the likely one
# (charset-normalizer alone picks Baltic cp1257 for plain French, for example).
_COMMON = [
    "cp1252",
    "cp1250",
    "cp1251",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_kr",
    "euc_jp",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "koi8_r",
    "iso8859_15",
    "iso8859_2",
]


def _guess_codepage(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise Unsupported(reasons.UNKNOWN_ENCODING)
    best = min(m.chaos for m in matches)
    if best > 0.3:
        raise Unsupported(reasons.BINARY)
    close = [m for m in matches if m.chaos <= best + 0.1]

    def score(m: object) -> tuple[float, int]:
        text = str(m)[:20_000]
        letters = sum(ch.isalpha() for ch in text) / max(1, len(text))
        enc = getattr(m, "encoding", "")
        rank = _COMMON.index(enc) if enc in _COMMON else len(_COMMON)
        return (round(letters, 2), -rank)

    return str(max(close, key=score))


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
