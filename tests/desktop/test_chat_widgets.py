"""Chat widgets without a model: Markdown rendering, copy buttons, citations, sources."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication

from desktop import theme
from desktop.markdown import StreamRenderer, render, stable_prefix_end, with_inferred_marks
from desktop.widgets.message_view import MessageView, MessageWidget
from desktop.widgets.sources import PdfWindow, SourcesPanel, open_source

REPLY = """# Plan

Some **bold** text and `inline code` [1].

```python
def hydration(flour, water):
    return water / flour  # [2] is not a citation here
```

- 面包 (bread) and chleb — żytni
"""


def test_markdown_highlights_code_and_links_citations(qapp):
    r = render(REPLY, theme.colors("light"), cite=True)
    assert "<h1>" in r.html and "<strong>bold</strong>" in r.html
    assert r.code_blocks == ['def hydration(flour, water):\n    return water / flour  # [2] is not a citation here\n']
    assert 'href="copy-code:0"' in r.html
    assert 'href="cite:1"' in r.html and 'href="cite:2"' not in r.html  # not inside code
    assert "color:" in r.html.split("<pre", 1)[1]  # pygments inline colours
    assert "面包" in r.html and "żytni" in r.html


def test_citation_lists_full_width_brackets_and_inferred_marks_become_links(qtbot):
    text = "Bake at 230 °C [1, 2]. 烤箱预热【3】。\n\n```\nx = [1]\n```\n\nRye bread keeps well."
    end = len(text)
    sources = [{"n": 1, "path": "/tmp/a.pdf", "page": 2, "text": "a", "cited": "model"},
               {"n": 2, "path": "/tmp/b.txt", "text": "b", "cited": "model"},
               {"n": 3, "path": "/tmp/c.txt", "text": "c", "cited": "model"},
               {"n": 4, "path": "/tmp/d.txt", "text": "d", "cited": "inferred",
                "marks": [text.index("x = [1]"), end]},
               {"n": 5, "path": "/tmp/e.txt", "text": "e", "cited": ""}]
    marked = with_inferred_marks(text, sources)
    assert marked.endswith("keeps well.[~4]") and "x = [1]\n" in marked  # none in code
    html = render(marked, theme.colors("dark"), cite=True).html
    for n in (1, 2, 3, 4):
        assert f'href="cite:{n}"' in html
    assert "<i>[~4]</i>" in html
    # The bubble shows the mark and says what it means; copying gives the model's words.
    bubble = MessageWidget("assistant", text, sources=sources)
    qtbot.addWidget(bubble)
    assert "~4" in bubble.body.toPlainText() and "did not cite" in bubble.body.toPlainText()
    bubble.copy_text()
    assert QGuiApplication.clipboard().text() == text
    # The sources panel says how the answer used each source.
    panel = SourcesPanel()
    qtbot.addWidget(panel)
    panel.set_sources(sources)
    shown = panel.view.toPlainText()
    assert shown.count("· cited") == 3 and "~ restated, not cited" in shown
    assert "· not cited" in shown


def test_stream_renderer_matches_full_render(qapp):
    colors = theme.colors("dark")
    sr = StreamRenderer(colors)
    text = ""
    for ch in REPLY:
        text += ch
        out = sr.render(text)
    assert out.html == render(REPLY, colors).html
    assert out.code_blocks == render(REPLY, colors).code_blocks
    # an open code fence keeps the stable prefix before it
    assert stable_prefix_end("a\n\n```py\nx\n\ny") == 3


def test_message_copy_buttons_and_citation_signal(qtbot):
    view = MessageView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    cites = [{"n": 1, "path": "/tmp/a.pdf", "page": 3, "text": "x"}]
    bubble = view.add(MessageWidget("assistant", REPLY, sources=cites))
    bubble._anchor(QUrl("copy-code:0"))
    assert QGuiApplication.clipboard().text().startswith("def hydration")
    bubble.copy_text()
    assert QGuiApplication.clipboard().text() == REPLY
    with qtbot.waitSignal(view.citation_clicked) as blocker:
        bubble._anchor(QUrl("cite:1"))
    assert blocker.args[1] == 1
    assert bubble.regen_button.isVisibleTo(bubble)  # the last reply can be regenerated
    qtbot.waitUntil(lambda: bubble.body.height() > 100)  # grew to its content, no inner scroll


def test_streaming_appends_to_one_bubble(qtbot):
    view = MessageView()
    qtbot.addWidget(view)
    view.add(MessageWidget("user", "hi"))
    bubble = view.add(MessageWidget("assistant", ""))
    bubble.start_stream()
    for part in ["Hello", " there", ", **friend**"]:
        bubble.append(part)
    assert bubble.text == "Hello there, **friend**"
    assert "<strong>friend</strong>" in bubble.body.toHtml() or "friend" in bubble.body.toPlainText()
    bubble.finish("m1", {"tokens_per_s": 95.2, "ttft_ms": 120, "prompt_tokens": 20,
                         "completion_tokens": 7, "dropped_messages": 2}, [], "complete")
    assert "95.2 tok/s" in bubble.stats_label.text()
    assert "first token 120 ms" in bubble.stats_label.text()
    assert not bubble.note.isHidden() and "2 older messages" in bubble.note.text()


def make_pdf(path: Path, pages: int) -> None:
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    painter = QPainter(writer)
    for i in range(pages):
        if i:
            writer.newPage()
        painter.drawText(100, 100, f"Page {i + 1}")
    painter.end()


def test_source_opens_pdf_at_cited_page(qtbot, tmp_path):
    pdf = tmp_path / "paper.pdf"
    make_pdf(pdf, 4)
    panel = SourcesPanel()
    qtbot.addWidget(panel)
    src = {"n": 1, "path": str(pdf), "page": 3, "text": "cited text"}
    panel.set_sources([src])
    assert panel.labels() == ["[1] paper.pdf · p. 3"]
    assert "cited text" in panel.view.toPlainText()
    with qtbot.waitSignal(panel.open_requested) as blocker:
        panel._clicked(QUrl("src:0"))
    assert blocker.args[0] == src
    window = open_source(src)
    qtbot.addWidget(window)
    assert isinstance(window, PdfWindow)
    assert window.document.pageCount() == 4
    assert window.page == 2  # 0-based: the third page
    qtbot.waitUntil(lambda: window.view.pageNavigator().currentPage() == 2, timeout=5000)


def test_missing_source_is_a_clear_error(tmp_path):
    import pytest

    from engine.errors import NotFound

    with pytest.raises(NotFound, match="gone"):
        open_source({"n": 1, "path": str(tmp_path / "nope.pdf"), "page": 1})


def test_theme_switch_recolours_messages(qtbot, qapp):
    view = MessageView()
    qtbot.addWidget(view)
    bubble = view.add(MessageWidget("assistant", "```python\nprint('hi')\n```"))
    try:
        theme.apply_theme(qapp, "dark")
        assert theme.colors("dark")["code_bg"] in bubble.body.toHtml()
        theme.apply_theme(qapp, "light")
        assert theme.colors("light")["code_bg"] in bubble.body.toHtml()
        assert qapp.palette().window().color().name() == theme.colors("light")["window"]
    finally:
        theme.apply_theme(qapp, "light")


def test_a_model_named_like_html_is_shown_as_text(qtbot):
    name = '<b>big</b><img src="file:///etc/passwd">.gguf'
    bubble = MessageWidget("assistant", "Hi", author=name)
    qtbot.addWidget(bubble)
    bubble.show()
    label = bubble.role_label
    assert label.text() == name
    # Rendered as plain text: the width is that of the whole literal string, tags included.
    assert label.sizeHint().width() >= label.fontMetrics().horizontalAdvance(name)


def test_tab_walks_the_bubbles_buttons_in_order_before_the_composer(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    col = QVBoxLayout(window)
    view = MessageView()
    composer = QLineEdit()
    col.addWidget(view)
    col.addWidget(composer)
    first = view.add(MessageWidget("user", "Jak długo gotować pierogi?"))
    reply = view.add(MessageWidget("assistant", "Gotuj [1] 2–3 minuty.",
                                   sources=[{"n": 1, "path": "/tmp/p.txt", "text": "x"}]))
    window.show()
    chain, w = [], view.nextInFocusChain()
    while w is not composer:
        if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(w)
        w = w.nextInFocusChain()
    assert chain == [first.copy_button, first.edit_button, reply.copy_button, reply.regen_button]
    # The text itself is not a Tab stop (Tab would walk its citation links).
    assert not reply.body.focusPolicy() & Qt.FocusPolicy.TabFocus
