"""The main text of an HTML page (selectolax), split at headings."""

from __future__ import annotations

from engine.library.documents import ParsedDoc, Section
from engine.library.documents.text import decode

DROP = "script, style, noscript, template, nav, header, footer, aside, form, svg, iframe"
BLOCKS = {
    "p",
    "li",
    "pre",
    "blockquote",
    "td",
    "th",
    "dd",
    "dt",
    "div",
    "section",
    "article",
    "figcaption",
    "caption",
    "tr",
    "br",
    "ul",
    "ol",
    "table",
    "main",
    "body",
}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def html_sections(markup: str) -> list[Section]:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    for node in tree.css(DROP):
        node.decompose()
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    if root is None:
        return []
    sections: list[Section] = []
    heading = ""
    parts: list[str] = []

    def flush() -> None:
        # Text nodes carry their own spaces; blocks added the newlines.
        lines = ("".join(parts)).split("\n")
        body = "\n".join(" ".join(line.split()) for line in lines if line.strip())
        if body:
            sections.append(Section(body, 0, heading))
        parts.clear()

    # Walk the tree in document order: headings start sections, blocks end lines.
    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            parts.append(node.text_content or "")
        elif tag in HEADINGS:
            flush()
            heading = " ".join(node.text(deep=True, separator=" ").split())
        elif tag in BLOCKS:
            parts.append("\n")
        if tag in HEADINGS:
            parts.append("\n")
    flush()
    return sections


def parse(data: bytes, path: str) -> ParsedDoc:
    markup, note = decode(data)
    return ParsedDoc(html_sections(markup), 0, note)
