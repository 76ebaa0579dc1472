"""Markdown → HTML for chat messages (markdown-it-py + pygments), in the subset of HTML/CSS
that QTextDocument understands: inline styles, tables for code blocks, no classes.

Code blocks get a "Copy" link (`copy-code:N`) and numbered citations `[n]` become links
(`cite:n`) the message widget handles. `StreamRenderer` renders a growing reply cheaply:
finished blocks (up to the last blank line outside a code fence) are rendered once and
cached; only the unfinished tail is re-rendered on each flush.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from PySide6.QtCore import QCoreApplication

from engine.api import CITATION, citation_numbers

# An inferred citation's marker, put at the end of the sentence matched to a source (the
# model wrote no [n] there): rendered as a muted "~n".
INFERRED = re.compile(r"\[~(\d{1,3})\]")
FENCE = re.compile(r"^\s{0,3}(```|~~~)", re.M)


@cache
def _md() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
    md.enable("table").enable("strikethrough")
    return md


@cache
def _formatter(style: str) -> Any:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(noclasses=True, nowrap=True, style=style)


def _highlight(code: str, lang: str, style: str) -> str:
    from pygments import highlight
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(lang) if lang else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    return highlight(code, lexer, _formatter(style))


@dataclass
class Rendered:
    html: str
    code_blocks: list[str] = field(default_factory=list)


def render(text: str, colors: dict[str, str], cite: bool = False, code_offset: int = 0) -> Rendered:
    """Render `text`; code block links are numbered from `code_offset`."""
    tokens = _md().parse(text)
    code_blocks: list[str] = []
    parts: list[str] = []
    renderer = _md().renderer
    start = 0
    # Render everything but fences with markdown-it; fences ourselves (highlight + copy link).
    for i, tok in enumerate(tokens):
        if tok.type in ("fence", "code_block"):
            if i > start:
                parts.append(renderer.render(tokens[start:i], _md().options, {}))
            start = i + 1
            lang = (tok.info or "").strip().split(" ")[0]
            idx = code_offset + len(code_blocks)
            code_blocks.append(tok.content)
            parts.append(_code_html(tok.content, lang, idx, colors))
    if start < len(tokens):
        parts.append(renderer.render(tokens[start:], _md().options, {}))
    body = "".join(parts)
    if cite:
        body = _link_citations(body, colors)
    return Rendered(_style(body, colors), code_blocks)


def _style(body: str, c: dict[str, str]) -> str:
    """QTextDocument ignores style sheets for most of this; inline what it does support."""
    return (body
            .replace("<table>", f'<table border="1" cellspacing="0" cellpadding="5" '
                                f'style="border-collapse: collapse; border-color:{c["border"]}; '
                                f'border-style: solid; margin: 6px 0;">')
            .replace("<th>", f'<th style="background-color:{c["alt"]}; text-align:left;">')
            .replace("<code>", f'<code style="background-color:{c["code_bg"]};">')
            .replace("<blockquote>", f'<blockquote style="color:{c["muted"]}; '
                                     f'font-style: italic;">'))


def _code_html(code: str, lang: str, idx: int, c: dict[str, str]) -> str:
    highlighted = _highlight(code.rstrip("\n"), lang, c.get("pygments", "friendly"))
    label = html.escape(lang) if lang else html.escape(QCoreApplication.translate("Markdown", "code"))
    copy = html.escape(QCoreApplication.translate("Markdown", "Copy"))
    return (
        f'<table width="100%" cellspacing="0" cellpadding="7" border="1" '
        f'style="background-color:{c["code_bg"]}; border-collapse: collapse; '
        f'border-color:{c["border"]}; border-style: solid; margin: 6px 0;">'
        f'<tr><td style="color:{c["muted"]}; font-size:8pt; border-bottom: 1px solid {c["border"]};">'
        f'{label}&nbsp;&nbsp;&nbsp;<a href="copy-code:{idx}" '
        f'style="color:{c["accent"]}; text-decoration:none;">{copy}</a></td></tr>'
        f'<tr><td><pre style="font-family: monospace; margin:0; white-space: pre-wrap;">'
        f"{highlighted}</pre></td></tr></table>"
    )


def _link_citations(body: str, c: dict[str, str]) -> str:
    """Turn [n], [1, 2], 【n】 and inferred [~n] into links, except inside <pre>/<code>."""
    def cited(m: re.Match[str]) -> str:
        links = ", ".join(
            f'<a href="cite:{n}" style="color:{c["accent"]}; text-decoration:none;">{n}</a>'
            for n in citation_numbers(m.group(1)))
        return f"<sup>[{links}]</sup>"

    def inferred(m: re.Match[str]) -> str:
        return (f'<a href="cite:{m.group(1)}" style="color:{c["muted"]}; '
                f'text-decoration:none;"><sup><i>[~{m.group(1)}]</i></sup></a>')

    out: list[str] = []
    for piece in re.split(r"(<pre.*?</pre>|<code>.*?</code>)", body, flags=re.S):
        if piece.startswith(("<pre", "<code>")):
            out.append(piece)
        else:
            out.append(INFERRED.sub(inferred, CITATION.sub(cited, piece)))
    return "".join(out)


def with_inferred_marks(text: str, sources: list[dict[str, Any]]) -> str:
    """`text` with a [~n] after each sentence matched to source n (see
    engine.library.citations.mark_sources), none inside code fences."""
    marks = sorted(((end, int(s["n"])) for s in sources if s.get("cited") == "inferred"
                    for end in s.get("marks", []) if 0 < end <= len(text)), reverse=True)
    for end, n in marks:
        if len(FENCE.findall(text[:end])) % 2 == 0:
            text = f"{text[:end]}[~{n}]{text[end:]}"
    return text


def stable_prefix_end(text: str) -> int:
    """Where the finished part of a growing text ends: after its last blank line that is
    outside a code fence (a table or list may still be growing after it)."""
    cut = text.rfind("\n\n")
    while cut > 0:
        if len(FENCE.findall(text[:cut])) % 2 == 0:
            return cut + 2
        cut = text.rfind("\n\n", 0, cut)
    return 0


class StreamRenderer:
    """Renders a reply while it streams, touching only what changed.

    `step(text)` returns (new_blocks, tail): `new_blocks` is the HTML of blocks that became
    finished since the last step (rendered once, never again), `tail` the HTML of the
    unfinished part. The view appends `new_blocks` and replaces only the tail, so a flush
    costs as much as the last paragraph, not the whole reply. The final text is rendered
    in full once when the reply ends (a list split by blank lines may differ slightly in
    the preview).
    """

    def __init__(self, colors: dict[str, str], cite: bool = False) -> None:
        self.colors = colors
        self.cite = cite
        self.committed = 0  # text[:committed] is rendered for good
        self.code_blocks: list[str] = []

    def step(self, text: str) -> tuple[Rendered | None, Rendered]:
        end = stable_prefix_end(text)
        new = None
        if end > self.committed:
            new = render(text[self.committed:end], self.colors, self.cite,
                         code_offset=len(self.code_blocks))
            self.code_blocks += new.code_blocks
            self.committed = end
        tail = render(text[self.committed:], self.colors, self.cite,
                      code_offset=len(self.code_blocks))
        return new, tail

    def render(self, text: str) -> Rendered:
        """The whole text at once (prefix blocks + tail), as the view would show it."""
        fresh = StreamRenderer(self.colors, self.cite)
        new, tail = fresh.step(text)
        head = new.html if new else ""
        return Rendered(head + tail.html, fresh.code_blocks + tail.code_blocks)
