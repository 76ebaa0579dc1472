"""Parsing real files of each format, in-process (the pool runs the same function)."""

from __future__ import annotations

import pytest

from engine.library.documents import kind_for, read_and_parse
from engine.library.documents.text import decode
from tests.engine.library.docfiles import encrypt_pdf, make_docx, make_pdf, write


def _parse(tmp_path, name, data, encoding="utf-8"):
    return read_and_parse(str(write(tmp_path, name, data, encoding)))


def test_pdf_keeps_page_numbers_and_notes_empty_pages(tmp_path):
    r = _parse(tmp_path, "a.pdf", make_pdf(["First page (intro)", "", "Third page"]))
    assert r["state"] == "indexed" and r["pages"] == 3
    assert [(p, t.strip()) for p, _, t in r["sections"]] == [
        (1, "First page (intro)"),
        (3, "Third page"),
    ]
    assert "1 of 3 pages have no text" in r["reason"]


def test_pdf_with_an_empty_user_password_opens(tmp_path):
    r = _parse(tmp_path, "open.pdf", encrypt_pdf(make_pdf(["Readable anyway"]), ""))
    assert r["state"] == "indexed" and "Readable anyway" in r["sections"][0][2]


def test_not_a_pdf_at_all(tmp_path):
    r = _parse(tmp_path, "fake.pdf", b"<html>not a pdf</html>")
    assert r["state"] == "failed" and "not a PDF" in r["reason"]


def test_docx_headings_and_tables(tmp_path):
    import io

    import docx

    d = docx.Document(io.BytesIO(make_docx([("h1", "Budget"), ("p", "Overview.")])))
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Rent"
    table.rows[0].cells[1].text = "900"
    out = io.BytesIO()
    d.save(out)
    r = _parse(tmp_path, "b.docx", out.getvalue())
    assert r["state"] == "indexed"
    (section,) = r["sections"]
    assert section[1] == "Budget" and "Rent | 900" in section[2]


def test_corrupt_docx_fails_with_reason(tmp_path):
    r = _parse(tmp_path, "c.docx", b"PK\x03\x04 this is not really a zip")
    assert r["state"] == "failed" and "damaged DOCX" in r["reason"]


def test_epub_chapters(tmp_path):
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("id1")
    book.set_title("Sea stories")
    book.set_language("en")
    ch = epub.EpubHtml(title="One", file_name="c1.xhtml", lang="en")
    ch.content = "<h1>Chapter one</h1><p>The lighthouse keeper counted gulls.</p>"
    book.add_item(ch)
    book.toc = (ch,)
    book.spine = ["nav", ch]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    path = tmp_path / "s.epub"
    epub.write_epub(str(path), book)
    r = read_and_parse(str(path))
    assert r["state"] == "indexed"
    assert r["sections"] == [
        (0, "Chapter one", "Chapter one\nThe lighthouse keeper counted gulls.")
    ]


def test_html_without_main_uses_body_and_drops_chrome(tmp_path):
    html = (
        "<body><header>Site header</header><nav>Menu</nav><h2>Tides</h2>"
        "<p>High tide at <b>noon</b>.</p><script>alert(1)</script><aside>ads</aside></body>"
    )
    r = _parse(tmp_path, "t.htm", html)
    assert r["sections"] == [(0, "Tides", "Tides\nHigh tide at noon.")]


def test_markdown_heading_path_and_code_fences(tmp_path):
    md = "# A\n\ntext a\n\n## B\n\n```\n# comment, not a heading\n```\n\n# C\n\ntext c\n"
    r = _parse(tmp_path, "m.md", md)
    assert [h for _, h, _ in r["sections"]] == ["A", "A > B", "C"]
    assert "# comment, not a heading" in r["sections"][1][2]


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Café crème et pâtisserie française, déjà vu à l'hôtel. " * 5, "cp1252"),
        ("Zażółć gęślą jaźń, źródło łąki w Łodzi. " * 5, "cp1250"),
        ("中文文本的编码检测需要足够长的样本才能可靠。" * 5, "gb18030"),
        ("Съешь же ещё этих мягких французских булок. " * 5, "cp1251"),
        ("Text with a UTF-16 byte order mark: ünïcödé.", "utf-16"),
        ("Plain UTF-8 with emoji 🙂 and ß.", "utf-8"),
    ],
)
def test_text_in_common_encodings(text, encoding):
    decoded, _ = decode(text.encode(encoding))
    assert decoded.strip() == text.strip()


def test_binary_named_txt_is_not_text():
    from engine.library.documents import Unsupported

    with pytest.raises(Unsupported):
        decode(bytes(range(256)) * 40)


def test_kinds():
    assert kind_for("/a/B.PDF") == "pdf"
    assert kind_for("/a/Makefile") == "code"
    assert kind_for("/a/x.rs") == "code"
    assert kind_for("/a/notes") == "text"
    assert kind_for("/a/x.png") is None


def test_file_gone_between_listing_and_reading(tmp_path):
    r = read_and_parse(str(tmp_path / "vanished.txt"))
    assert r["state"] == "gone"
