"""The conversation: one bubble widget per message in a scroll area.

Streaming touches only the last bubble (its StreamRenderer re-renders just the unfinished
tail), so a long history is never re-rendered while a reply grows.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import theme
from desktop.formats import number
from desktop.markdown import Rendered, StreamRenderer, render, with_inferred_marks

BUBBLE_PAD = 14
MAX_CONTENT_WIDTH = 920


class AutoHeightBrowser(QTextBrowser):
    """A read-only rich text view as tall as its content (no inner scroll bar)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setOpenLinks(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(0)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self.viewport().setAutoFillBackground(False)
        # Not a Tab stop (Tab would walk its links and scroll the bubble's top into view);
        # text is still selectable with the mouse, the bubble's buttons take Tab.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setTabChangesFocus(True)

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self.document().setTextWidth(self.viewport().width())
        self._fit()

    def _fit(self, *_: Any) -> None:
        h = int(self.document().size().height()) + 2
        if h != self.height():
            self.setFixedHeight(h)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), int(self.document().size().height()) + 2)

    def wheelEvent(self, e: Any) -> None:  # let the conversation scroll, not the bubble
        e.ignore()


class MessageWidget(QFrame):
    """One message: who, the rendered text, actions, and (for replies) stats and notes."""

    edit_requested = Signal(object)  # self
    regenerate_requested = Signal()
    citation_clicked = Signal(object, int)  # self, n
    version_requested = Signal(object, int)  # self, which version (0-based, oldest first)

    def __init__(self, role: str, text: str = "", *, message_id: str | None = None,
                 author: str = "", stats: Any = None, sources: list[dict] | None = None,
                 state: str = "complete", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.message_id = message_id
        self.text = text
        self.sources = list(sources or [])
        self.state = state
        self.version, self.version_count = 0, 1  # a regenerated reply's versions
        self.busy = False  # a reply is being written: no switching meanwhile
        self.code_blocks: list[str] = []
        self._stream: StreamRenderer | None = None
        self._tail_pos = 0
        self.setObjectName("bubbleUser" if role == "user" else "bubbleAssistant")
        col = QVBoxLayout(self)
        col.setContentsMargins(BUBBLE_PAD, 8, BUBBLE_PAD, 8)
        col.setSpacing(4)

        head = QHBoxLayout()
        head.setSpacing(2)
        self.author = author or (self.tr("You") if role == "user" else self.tr("Assistant"))
        self.role_label = QLabel(self.author)
        self.role_label.setObjectName("roleLabel")
        # A model's name is whatever its file is called: "<img src=…>.gguf" stays text.
        self.role_label.setTextFormat(Qt.TextFormat.PlainText)
        head.addWidget(self.role_label)
        head.addStretch(1)
        # A regenerated reply keeps the ones it replaced: ‹ 2 / 3 › steps through them.
        self.prev_button = self._tool("‹", self.tr("Previous version"),
                                      lambda: self.version_requested.emit(self, self.version - 1))
        self.version_label = QLabel()
        self.version_label.setObjectName("statsLabel")
        self.next_button = self._tool("›", self.tr("Next version"),
                                      lambda: self.version_requested.emit(self, self.version + 1))
        for w in (self.prev_button, self.version_label, self.next_button):
            w.hide()
            head.addWidget(w)
        self.copy_button = self._tool(self.tr("Copy"), self.tr("Copy this message"), self.copy_text)
        head.addWidget(self.copy_button)
        self.edit_button = self._tool(self.tr("Edit"), self.tr("Edit and resend"), lambda: self.edit_requested.emit(self))
        self.edit_button.setVisible(role == "user")
        head.addWidget(self.edit_button)
        self.regen_button = self._tool(self.tr("Regenerate"), self.tr("Write this reply again"),
                                       self.regenerate_requested.emit)
        self.regen_button.setVisible(False)
        head.addWidget(self.regen_button)
        col.addLayout(head)

        self.note = QLabel()
        self.note.setObjectName("noteLabel")
        self.note.setWordWrap(True)
        self.note.hide()
        col.addWidget(self.note)

        self.body = AutoHeightBrowser()
        self.body.anchorClicked.connect(self._anchor)
        col.addWidget(self.body)

        self.stats_label = QLabel()
        self.stats_label.setObjectName("statsLabel")
        self.stats_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stats_label.hide()
        col.addWidget(self.stats_label)

        self.rerender()
        if stats is not None:
            self.set_stats(stats)
        self.set_state(state)

    def _tool(self, text: str, tip: str, slot: Any) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        b.setCursor(Qt.CursorShape.PointingHandCursor)
        b.clicked.connect(slot)
        return b

    # content --------------------------------------------------------------------------
    def rerender(self) -> None:
        colors = theme.current_colors()
        if self.role == "user":
            # What the user typed is shown as typed, not interpreted as Markdown.
            r = Rendered(escape(self.text).replace("\n", "<br>"))
        else:
            r = render(with_inferred_marks(self.text, self.sources) or "…", colors,
                       cite=bool(self.sources))
            if any(s.get("cited") == "inferred" for s in self.sources):
                r.html += (f'<p style="color:{colors["muted"]}; font-size:small;">'
                           + escape(self.tr("[~n]: the passage of source n this sentence restates "
                                            "(the model did not cite it; matched by meaning)"))
                           + "</p>")
        self._show(r)

    def _show(self, r: Rendered) -> None:
        self.code_blocks = r.code_blocks
        self.body.setHtml(r.html)

    def start_stream(self) -> None:
        self.state = "streaming"
        self._stream = StreamRenderer(theme.current_colors(), cite=False)
        self._tail_pos = 0
        self.body.clear()
        self.set_state("streaming")

    def set_waiting(self, text: str) -> None:
        """What is happening before the first word arrives (loading a model, searching)."""
        self.stats_label.setText(text)
        self.stats_label.show()

    def append(self, chunk: str) -> None:
        """Add streamed text: finished blocks are appended once, only the tail is redone."""
        if not self.text:
            self.stats_label.hide()
        self.text += chunk
        if self._stream is None:
            self.start_stream()
        assert self._stream is not None
        new, tail = self._stream.step(self.text)
        cursor = QTextCursor(self.body.document())
        cursor.beginEditBlock()
        cursor.setPosition(self._tail_pos)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        if new is not None:
            if self._tail_pos:
                cursor.insertBlock()
            cursor.insertHtml(new.html)
            self._tail_pos = cursor.position()
        if tail.html:
            if self._tail_pos:
                cursor.insertBlock()
            cursor.insertHtml(tail.html)
        cursor.endEditBlock()
        self.code_blocks = self._stream.code_blocks + tail.code_blocks

    def finish(self, message_id: str | None, stats: Any, sources: list[dict] | None,
               state: str = "complete") -> None:
        self._stream = None
        self.regen_button.setVisible(self._is_last())
        self.message_id = message_id or self.message_id
        self.sources = list(sources or [])
        self.rerender()
        if stats is not None:
            self.set_stats(stats)
        self.set_state(state)

    def set_state(self, state: str) -> None:
        self.state = state
        marks = {"streaming": self.tr("writing…"), "interrupted": self.tr("stopped"),
                 "error": self.tr("failed")}
        self.role_label.setText(self.author + (f"  · {marks[state]}" if state in marks else ""))
        self.copy_button.setEnabled(state != "streaming")
        if state == "streaming":
            self.regen_button.hide()
            self.refresh_versions()

    def _is_last(self) -> bool:
        view = self.parentWidget()
        while view is not None and not isinstance(view, MessageView):
            view = view.parentWidget()
        return view is not None and bool(view.messages) and view.messages[-1] is self

    def set_stats(self, stats: Any) -> None:
        get = stats.get if isinstance(stats, dict) else (lambda k, d=None: getattr(stats, k, d))
        parts = []
        if get("tokens_per_s"):
            parts.append(f"{number(get('tokens_per_s'), 1)} tok/s")
        if get("ttft_ms"):
            parts.append(self.tr("first token {ms} ms").format(ms=number(get("ttft_ms"))))
        parts.append(self.tr("{prompt} prompt + {reply} reply tokens").format(
            prompt=get("prompt_tokens", 0), reply=get("completion_tokens", 0)))
        reason = get("finish_reason", "stop")
        if reason == "length":
            parts.append(self.tr("hit the token limit"))
        elif reason == "cancelled":
            parts.append(self.tr("stopped"))
        self.stats_label.setText("  ·  ".join(parts))
        self.stats_label.show()
        dropped = int(get("dropped_messages", 0) or 0)
        if dropped:
            self.note.setText("ⓘ " + self.tr(
                "%n older messages left out so the conversation fits the model's context.",
                "", dropped))
            self.note.show()
        else:
            self.note.hide()

    def set_last_reply(self, last: bool) -> None:
        self.regen_button.setVisible(last and self.role == "assistant"
                                     and self.state != "streaming")
        self.refresh_versions()

    def set_versions(self, version: int, count: int) -> None:
        """Which of the reply's `count` versions this shows (0-based, oldest first)."""
        self.version, self.version_count = version, max(1, count)
        self.refresh_versions()

    def refresh_versions(self) -> None:
        # Only the last reply switches: the conversation after an earlier one was answered
        # from the version it showed then.
        shown = (self.version_count > 1 and self.state != "streaming"
                 and self.regen_button.isVisibleTo(self))
        for w in (self.prev_button, self.version_label, self.next_button):
            w.setVisible(shown)
        if shown:
            self.version_label.setText(f"{self.version + 1} / {self.version_count}")
            self.version_label.setToolTip(self.tr("Version {i} of {n}: ‹ and › show the others")
                                          .format(i=self.version + 1, n=self.version_count))
            self.prev_button.setEnabled(self.version > 0 and not self.busy)
            self.next_button.setEnabled(self.version < self.version_count - 1 and not self.busy)

    def show_version(self, message: Any, author: str) -> None:
        """Show another stored version of this reply (a Message from the store)."""
        self.text = message.content
        self.author = author
        self.sources = list(message.sources)
        self.rerender()
        if message.stats is not None:
            self.set_stats(message.stats)
        else:
            self.stats_label.hide()
        self.set_state(message.state)
        self.set_versions(message.version, 1 + len(message.versions))

    # actions ---------------------------------------------------------------------------
    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.text)

    def _anchor(self, url: QUrl) -> None:
        s = url.toString()
        if s.startswith("copy-code:"):
            i = int(s.split(":", 1)[1])
            if 0 <= i < len(self.code_blocks):
                QGuiApplication.clipboard().setText(self.code_blocks[i])
        elif s.startswith("cite:"):
            self.citation_clicked.emit(self, int(s.split(":", 1)[1]))
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)


class MessageRow(QWidget):
    """Places a bubble: the user's on the right and at most 75% wide, replies full width."""

    def __init__(self, bubble: MessageWidget) -> None:
        super().__init__()
        self.bubble = bubble
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        if bubble.role == "user":
            row.addStretch(1)
        row.addWidget(bubble, 0 if bubble.role == "user" else 1)

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        if self.bubble.role == "user":
            maxw = max(200, int(self.width() * 0.75))
            doc = self.bubble.body.document().clone()
            doc.setTextWidth(maxw - 2 * BUBBLE_PAD)
            want = int(doc.idealWidth()) + 2 * BUBBLE_PAD + 4
            head = self.bubble.layout().itemAt(0).sizeHint().width() + 2 * BUBBLE_PAD
            self.bubble.setFixedWidth(max(min(maxw, max(want, head)), 160))


class MessageView(QScrollArea):
    """The scrolling list of bubbles; keeps to the bottom while a reply streams."""

    edit_requested = Signal(object)
    regenerate_requested = Signal()
    citation_clicked = Signal(object, int)
    version_requested = Signal(object, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageView")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        inner.setObjectName("messageView")
        self.col = QVBoxLayout(inner)
        self.col.setContentsMargins(24, 16, 24, 16)
        self.col.setSpacing(12)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("subtle", True)
        self.empty.setWordWrap(True)
        self.col.addWidget(self.empty)
        self.col.addStretch(1)
        self.setWidget(inner)
        self.messages: list[MessageWidget] = []
        self._stick = True
        self.verticalScrollBar().rangeChanged.connect(self._range_changed)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.local_hint = self.tr("Ask anything. Replies are written on this computer; "
                                  "nothing leaves it.")
        self.set_empty_text(self.local_hint)
        theme.on_theme_changed(self._recolor)

    def _recolor(self, _scheme: str) -> None:
        # Message HTML carries the theme's colours inline (code, links): render it again.
        for m in self.messages:
            if m.state != "streaming":
                m.rerender()

    def resizeEvent(self, e: QResizeEvent) -> None:
        # Keep lines readable on wide windows: the conversation is at most ~900 px wide.
        # maximumViewportSize, not viewport(): wrapping the viewport (a private Qt class)
        # makes PySide build dozens of types on the first resize, ~10 ms of a cold start.
        side = max(24, (self.maximumViewportSize().width() - MAX_CONTENT_WIDTH) // 2)
        self.col.setContentsMargins(side, 16, side, 16)
        super().resizeEvent(e)

    def set_empty_text(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setVisible(not self.messages)

    def _drop(self, bubble: MessageWidget) -> None:
        # Out of the layout and hidden now; the C++ object goes when the loop next runs.
        row = bubble.parentWidget()
        row.hide()
        self.col.removeWidget(row)
        row.deleteLater()

    def clear(self) -> None:
        for m in self.messages:
            self._drop(m)
        self.messages = []
        self.empty.show()

    def add(self, bubble: MessageWidget) -> MessageWidget:
        self.empty.hide()
        bubble.edit_requested.connect(self.edit_requested)
        bubble.regenerate_requested.connect(self.regenerate_requested)
        bubble.citation_clicked.connect(self.citation_clicked)
        bubble.version_requested.connect(self.version_requested)
        self.col.insertWidget(self.col.count() - 1, MessageRow(bubble))
        # Tab goes through the bubbles' buttons in reading order, right after the view and
        # before the composer (a new widget would otherwise come last in the window's chain).
        anchor: QWidget = self.messages[-1].regen_button if self.messages else self
        for b in (bubble.prev_button, bubble.next_button, bubble.copy_button,
                  bubble.edit_button, bubble.regen_button):
            QWidget.setTabOrder(anchor, b)
            anchor = b
        self.messages.append(bubble)
        self._mark_last()
        self._stick = True
        return bubble

    def remove_from(self, index: int) -> None:
        """Remove the message at `index` and everything after it."""
        for m in self.messages[index:]:
            self._drop(m)
        self.messages = self.messages[:index]
        self.empty.setVisible(not self.messages)
        self._mark_last()

    def _mark_last(self) -> None:
        for i, m in enumerate(self.messages):
            m.set_last_reply(i == len(self.messages) - 1)

    def set_busy(self, busy: bool) -> None:
        for m in self.messages:
            m.regen_button.setEnabled(not busy)
            m.edit_button.setEnabled(not busy)
            m.busy = busy
            m.refresh_versions()

    def scroll_to_bottom(self) -> None:
        QTimer.singleShot(0, lambda: self.verticalScrollBar().setValue(
            self.verticalScrollBar().maximum()))

    def _range_changed(self, _min: int, maximum: int) -> None:
        if self._stick:
            self.verticalScrollBar().setValue(maximum)

    def _scrolled(self, value: int) -> None:
        # Follow the stream only while the user is at the bottom; scrolling up stops it.
        self._stick = value >= self.verticalScrollBar().maximum() - 24
