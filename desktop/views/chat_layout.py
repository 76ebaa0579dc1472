"""The Chats page on a narrow window: its side panels float instead of squeezing the chat.

When the page (not the window) is narrower than COMPACT_BELOW, or than the docked panels
and the conversation's header need at their smallest (the side panel counted only while
open), the chat list and the settings / sources panel leave the splitter. The list hides behind a "Chats" button in the header and
opens over the conversation's left edge; the side panel opens over its right edge. Either
closes with its ×, with Esc, or (the list) once a chat is picked. Wider, both go back
into the splitter where they were. Mixed into ChatPage (uses splitter, chat_list, side).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QGraphicsDropShadowEffect, QWidget

# Below this page width the list (200 px) and a side panel (300 px) would leave the
# conversation too little room: the header's buttons would run into each other.
COMPACT_BELOW = 900
LIST_WIDTH = 240
SIDE_WIDTH = 320
# The model picker's widest; in a narrow header less, so the chat's title keeps room
# (the picker elides the name; its tooltip and list show it whole).
PICKER_WIDTH = 300
PICKER_WIDTH_COMPACT = 170


class ResponsiveSides:
    """Docked or floating side panels for ChatPage (see the module docstring)."""

    splitter: Any
    chat_list: Any
    center: Any
    side: Any
    list_button: Any
    model_picker: Any
    compact: bool = False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)  # type: ignore[misc]
        self._fit_layout()

    def watch_side(self) -> None:
        """Opening or closing the side panel changes what fits: check again then."""
        self.side.installEventFilter(self)

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if obj is self.side and e.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            QTimer.singleShot(0, self._fit_layout)
        return False

    def _needed(self) -> int:
        """The page width the docked layout needs, each part at its smallest."""
        def least(w: QWidget) -> int:
            return max(w.minimumWidth(), w.minimumSizeHint().width())

        parts = [self.chat_list, self.center] + ([self.side] if self.side.isVisible() else [])
        need = sum(least(w) for w in parts) + len(parts) * self.splitter.handleWidth()
        return max(COMPACT_BELOW, need)

    def _fit_layout(self) -> None:
        page: QWidget = self  # type: ignore[assignment]
        compact = page.width() < self._needed()
        if compact != self.compact:
            self.compact = compact
            if compact:
                self._float(self.chat_list, shown=False)
                self._float(self.side, shown=self.side.isVisible())
            else:
                self._dock(self.chat_list, 0, shown=True)
                self._dock(self.side, 2, shown=self.side.isVisible())
            self.list_button.setVisible(compact)
            self.model_picker.setMaximumWidth(PICKER_WIDTH_COMPACT if compact else PICKER_WIDTH)
        if compact:
            self._place()

    def _float(self, panel: QWidget, shown: bool) -> None:
        panel.setParent(self)  # type: ignore[call-overload]  # out of the splitter
        panel.setProperty("overlay", True)
        shadow = QGraphicsDropShadowEffect(panel)  # lifts it off the conversation under it
        shadow.setBlurRadius(28)
        shadow.setOffset(0, 2)
        shadow.setColor(QColor(0, 0, 0, 90))
        panel.setGraphicsEffect(shadow)
        panel.setAutoFillBackground(True)
        panel.setVisible(shown)

    def _dock(self, panel: QWidget, index: int, shown: bool) -> None:
        panel.setProperty("overlay", False)
        panel.setGraphicsEffect(None)  # type: ignore[arg-type]
        self.splitter.insertWidget(index, panel)
        panel.setVisible(shown)

    def _place(self) -> None:
        page: QWidget = self  # type: ignore[assignment]
        h = page.height()
        self.chat_list.setGeometry(0, 0, min(LIST_WIDTH, page.width()), h)
        width = min(SIDE_WIDTH, page.width())
        self.side.setGeometry(page.width() - width, 0, width, h)
        for panel in (self.chat_list, self.side):
            if panel.isVisible():
                panel.raise_()

    def toggle_chat_list(self) -> None:
        """The header's "Chats" button (compact only): the list over the conversation."""
        if self.chat_list.isVisible():
            self.chat_list.hide()
            return
        self.side.hide()
        self._place()
        self.chat_list.show()
        self.chat_list.raise_()
        self.chat_list.list.setFocus()

    def show_side(self, panel: QWidget) -> None:
        self.side.setCurrentWidget(panel)
        if self.compact:
            self.chat_list.hide()
            self._place()
        self.side.show()
        self.side.raise_()

    def close_overlay(self) -> bool:
        """Esc: close the floating list, else the side panel. False when neither was open."""
        if self.compact and self.chat_list.isVisible():
            self.chat_list.hide()
            return True
        if self.side.isVisible():
            self.side.hide()
            return True
        return False

    def chat_picked(self) -> None:
        if self.compact:
            self.chat_list.hide()
