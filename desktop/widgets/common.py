"""Small pieces several pages share: a side panel's title row, a delete confirmation, a
scrolling page body, the selected row of a sorted table, and a window's first size."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


def panel_header(title: str, close_tip: str) -> tuple[QHBoxLayout, QPushButton]:
    """A side panel's bold title with a flat ✕ at the right; returns (row, close button)."""
    row = QHBoxLayout()
    label = QLabel(title)
    label.setStyleSheet("font-weight: 600; font-size: 11pt;")
    row.addWidget(label)
    row.addStretch(1)
    close = QPushButton("✕")
    close.setProperty("flat", True)
    close.setToolTip(close_tip)
    row.addWidget(close)
    return row, close


def fit_to_screen(window: QWidget, width: int, height: int) -> bool:
    """Resize `window` to `width` x `height`, or to its screen's free area where that is
    smaller (a 900x600 screen); True when it had to shrink."""
    screen = window.screen()
    area = screen.availableGeometry() if screen is not None else None
    shrunk = area is not None and (area.width() < width or area.height() < height)
    if area is not None and shrunk:
        width, height = min(width, area.width()), min(height, area.height())
    window.resize(width, height)
    return shrunk


def confirm_delete(parent: QWidget, title: str, text: str) -> bool:
    """Ask before deleting; the buttons say "Delete" and "Cancel" (Cancel is the default)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    delete = box.addButton(QCoreApplication.translate("Common", "Delete"),
                           QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.exec()
    return box.clickedButton() is delete


def scroll_page(owner: QWidget, body: QWidget, centered: bool = False) -> QScrollArea:
    """Put `body` (a page of limited width) in a vertical scroll area filling `owner`."""
    from PySide6.QtCore import Qt

    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    wrap = QWidget()
    row = QHBoxLayout(wrap)
    row.setContentsMargins(0, 0, 0, 0)
    if centered:
        row.addStretch(0)
    row.addWidget(body, 1)
    row.addStretch(0)
    scroll.setWidget(wrap)
    lay = QVBoxLayout(owner)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(scroll)
    return scroll


def selected_row(view: QAbstractItemView, proxy: Any, model: Any) -> Any:
    """The source model's row object for the view's selected row (through its sort proxy),
    or None."""
    rows = view.selectionModel().selectedRows()
    if not rows:
        return None
    return model.row_at(proxy.mapToSource(rows[0]).row())
