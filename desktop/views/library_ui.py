"""Small view helpers shared by the Models and Libraries pages: a page header, the common
table look, a sorting proxy and HTML escaping. (Named library_ui only because of file
ownership; nothing here is library-specific.)
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.qtmodels.models_rows import SORT_ROLE


def page_header(title: str, subtitle: str) -> QWidget:
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 4)
    lay.setSpacing(2)
    t = QLabel(title)
    t.setObjectName("pageTitle")
    font = t.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    t.setFont(font)
    s = QLabel(subtitle)
    s.setObjectName("pageSubtitle")
    s.setWordWrap(True)
    s.setProperty("subtle", True)  # the theme's muted text colour
    lay.addWidget(t)
    lay.addWidget(s)
    return box


def setup_table(view: QTableView) -> None:
    """The look shared by the page's tables: rows, no grid, a stretching first column."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setSortingEnabled(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(30)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.setFrameShape(QFrame.Shape.StyledPanel)


def sorted_proxy(model: Any, parent: QWidget) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy


def primary(button: QPushButton) -> QPushButton:
    """The theme's accent button: one per view, for the action the view is for."""
    button.setProperty("primary", True)
    return button


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
