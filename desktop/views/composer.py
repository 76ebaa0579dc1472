"""The message box under a conversation: grows with its text, Enter (or Ctrl+Enter) sends,
Shift+Enter adds a line, Send turns into Stop while a reply is written."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_LINES = 8


class ComposerEdit(QPlainTextEdit):
    submit = Signal()

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                e.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.submit.emit()
            return
        super().keyPressEvent(e)


class Composer(QFrame):
    send_requested = Signal()
    stop_requested = Signal()
    cancel_edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 6, 24, 14)
        outer.setSpacing(6)
        self.banner = QFrame()
        self.banner.setObjectName("noteLabel")
        brow = QHBoxLayout(self.banner)
        brow.setContentsMargins(10, 4, 6, 4)
        self.banner_text = QLabel(
            self.tr("Editing a message: sending replaces it and the replies after it."))
        self.banner_text.setObjectName("noteText")
        brow.addWidget(self.banner_text, 1)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setProperty("flat", True)
        cancel.clicked.connect(self.cancel_edit_requested)
        brow.addWidget(cancel)
        self.banner.hide()
        outer.addWidget(self.banner)

        box = QFrame()
        box.setObjectName("composer")
        row = QHBoxLayout(box)
        row.setContentsMargins(8, 6, 6, 6)
        row.setSpacing(6)
        self.edit = ComposerEdit()
        self.edit.setPlaceholderText(
            self.tr("Message  (Enter to send, Shift+Enter for a new line)"))
        self.edit.setTabChangesFocus(True)
        self.edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.edit.submit.connect(self.send_requested)
        self.edit.textChanged.connect(self._grow)
        row.addWidget(self.edit, 1)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setProperty("primary", True)
        self.send_button.setToolTip(self.tr("Send (Ctrl+Enter)"))
        self.send_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.send_button.clicked.connect(self._button)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        outer.addWidget(box)
        self._busy = False
        self._grow()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)
        cursor = self.edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)

    def clear(self) -> None:
        self.edit.clear()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.send_button.setText(self.tr("Stop") if busy else self.tr("Send"))
        self.send_button.setToolTip(self.tr("Stop the reply (Esc)") if busy
                                    else self.tr("Send (Ctrl+Enter)"))
        self.send_button.setProperty("primary", not busy)
        self.send_button.style().unpolish(self.send_button)
        self.send_button.style().polish(self.send_button)

    def set_editing(self, editing: bool) -> None:
        self.banner.setVisible(editing)

    def _button(self) -> None:
        (self.stop_requested if self._busy else self.send_requested).emit()

    def _grow(self) -> None:
        total = int(self.edit.document().size().height())
        lines = max(1, min(MAX_LINES, total))
        self.edit.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if total > MAX_LINES
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        fm = self.edit.fontMetrics()
        self.edit.setFixedHeight(lines * fm.lineSpacing() + 14)
