"""Small buttons painted in a table cell, one set per row, clickable without selecting it.

The cell's VALUE_ROLE is a tuple of action keys ("pause", "cancel", ...); `label(key)`
gives each button's text. A click emits `clicked(row, key)` with the row object
(ROW_ROLE). Painted by a delegate rather than put in index widgets: the downloads table
is refreshed ten times a second and a model reset (a row added) would drop the widgets.
The buttons look like the theme's QPushButton (resources/themes/app.qss).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QGuiApplication, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.qtmodels.models_rows import ROW_ROLE, VALUE_ROLE, theme_color

Index = QModelIndex | QPersistentModelIndex

PAD_X = 10  # inside a button, each side of its text
GAP = 6  # between buttons
MARGIN = 6  # between the cell's left edge and the first button


def button_rects(rect: QRect, keys: Sequence[str], label: Callable[[str], str],
                 fm: QFontMetrics) -> list[tuple[str, QRect]]:
    """Where each button of a cell is: left to right, vertically centred."""
    h = min(rect.height() - 8, fm.height() + 10)
    top = rect.top() + (rect.height() - h) // 2
    x = rect.left() + MARGIN
    out = []
    for key in keys:
        w = fm.horizontalAdvance(label(key)) + 2 * PAD_X
        out.append((key, QRect(x, top, w, h)))
        x += w + GAP
    return out


def buttons_width(key_sets: Sequence[Sequence[str]], label: Callable[[str], str],
                  fm: QFontMetrics) -> int:
    """The width a column needs for the widest of these button sets."""
    widest = 0
    for keys in key_sets:
        rects = button_rects(QRect(0, 0, 10_000, 40), keys, label, fm)
        if rects:
            widest = max(widest, rects[-1][1].right() + 1)
    return widest + MARGIN


class RowButtonsDelegate(QStyledItemDelegate):
    clicked = Signal(object, str)  # the row object, the action key

    def __init__(self, label: Callable[[str], str], key: Callable[[Any], Hashable],
                 view: QAbstractItemView) -> None:
        super().__init__(view)
        self.label = label
        self.key = key  # a row's identity: the same row across model refreshes
        self._pressed: tuple[Hashable, str] | None = None
        self._hover: tuple[Hashable, str] | None = None
        view.setMouseTracking(True)  # hover marks the button under the mouse
        view.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover, True)

    # painting -----------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        keys = index.data(VALUE_ROLE) or ()
        row = index.data(ROW_ROLE)
        if not keys or row is None:
            return
        pal = option.palette
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(option.font)
        for key, r in button_rects(option.rect, keys, self.label, option.fontMetrics):
            here = (self.key(row), key)
            if self._pressed == here and QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton:
                fill = theme_color("alt", pal.color(QPalette.ColorRole.AlternateBase).name())
            else:
                fill = theme_color("base", pal.color(QPalette.ColorRole.Base).name())
            edge = (theme_color("accent", pal.color(QPalette.ColorRole.Highlight).name())
                    if hovered and self._hover == here
                    else theme_color("border", pal.color(QPalette.ColorRole.Mid).name()))
            painter.setPen(edge)
            painter.setBrush(fill)
            painter.drawRoundedRect(r.adjusted(0, 0, -1, -1), 6, 6)
            painter.setPen(pal.color(QPalette.ColorRole.Text))
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, self.label(key))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        keys = index.data(VALUE_ROLE) or ()
        size = super().sizeHint(option, index)
        return QSize(buttons_width([keys], self.label, option.fontMetrics), size.height())

    # clicks -------------------------------------------------------------------------
    def hit(self, option: QStyleOptionViewItem, index: Index, pos: Any) -> str:
        """The action key of the button at `pos` (viewport coordinates), or ""."""
        keys = index.data(VALUE_ROLE) or ()
        for key, r in button_rects(option.rect, keys, self.label, option.fontMetrics):
            if r.contains(pos):
                return key
        return ""

    def editorEvent(self, event: QEvent, model: QAbstractItemModel,
                    option: QStyleOptionViewItem, index: Index) -> bool:
        if not isinstance(event, QMouseEvent):
            return False
        row = index.data(ROW_ROLE)
        if row is None:
            return False
        key = self.hit(option, index, event.position().toPoint())
        here = (self.key(row), key) if key else None
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            if here != self._hover:
                self._hover = here
                self._repaint(option)
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._pressed = here
            self._repaint(option)
            return here is not None  # a press on a button does not select the row
        if kind == QEvent.Type.MouseButtonRelease:
            pressed, self._pressed = self._pressed, None
            self._repaint(option)
            if here is not None and here == pressed:
                self.clicked.emit(row, key)
                return True
        return False

    def _repaint(self, option: QStyleOptionViewItem) -> None:
        view = self.parent()
        if isinstance(view, QAbstractItemView):
            view.viewport().update(option.rect)
        elif isinstance(option.widget, QWidget):
            option.widget.update(option.rect)
