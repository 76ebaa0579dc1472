"""Small view helpers shared by the Models and Libraries pages: a page header, the common
table look, a sorting proxy and HTML escaping. (Named library_ui only because of file
ownership; nothing here is library-specific.)
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.qtmodels.models_rows import SORT_ROLE, theme_color


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
    """The look shared by the page's tables: rows, no grid, columns as wide as their
    contents, and a first (name) column that takes the rest."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    # Cut long names at the end ("Qwen2.5 0.5B Inst…"): their start tells rows apart, and
    # the full text is in each name's tooltip.
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setSortingEnabled(True)
    # Rows come in a sensible order already: no sort until a header is clicked, so a
    # refresh of a 400-row table does not re-sort it (thousands of data() calls) each time.
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(30)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Measure columns on the rows in view only: by default Qt measures up to 1000 rows,
    # each a call into the Python model, after every change (a stall in a big library).
    view.horizontalHeader().setResizeContentsPrecision(0)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.setFrameShape(QFrame.Shape.StyledPanel)
    # Cells get the same side padding as the app's header sections, so numbers line up
    # under their titles.
    view.setStyleSheet("QTableView::item { padding: 0px 8px; }")


def card(widget: QWidget, margins: tuple[int, int, int, int] = (14, 10, 14, 10)) -> QFrame:
    """`widget` inside the theme's card frame (rounded, base background)."""
    frame = QFrame()
    frame.setObjectName("card")
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(*margins)
    lay.addWidget(widget)
    return frame


def sorted_proxy(model: Any, parent: QWidget) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy


def primary(button: QPushButton) -> QPushButton:
    """The theme's accent button: one per view, for the action the view is for."""
    button.setProperty("primary", True)
    return button


class TableView(QTableView):
    """The app's tables (with setup_table): columns sized to their contents, measured only
    while the table is on screen."""

    def sizeHintForColumn(self, column: int) -> int:  # noqa: N802 (Qt's name)
        # Hidden (another page showing), QTableView measures every row of a column sized to
        # its contents, as if all were in view: a library of 400 files cost ~80 ms of the
        # GUI thread on each refresh behind the Chats page. Keep the width until it is seen.
        if not self.isVisible():
            return self.columnWidth(column)
        return super().sizeHintForColumn(column)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.horizontalHeader().resizeSections()  # what changed while hidden, rows in view


class HintTableView(TableView):
    """A table that writes a muted hint (e.g. "Drop files here") in the empty space below
    its rows, so a short list still tells people what they can do."""

    def __init__(self, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = hint

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.hint or self.model() is None:
            return
        rows = self.model().rowCount()
        used = self.rowViewportPosition(rows - 1) + self.rowHeight(rows - 1) if rows else 0
        area = self.viewport().rect().adjusted(0, used, 0, 0)
        if area.height() < 90:
            return
        painter = QPainter(self.viewport())
        painter.setPen(theme_color("muted", "#6b6d75"))
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.hint)
        painter.end()


class ProgressStrip(QFrame):
    """One line for a long job: text, a slim bar and Cancel; afterwards the outcome stays
    (with a dismiss button) instead of vanishing, or the strip hides."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 2)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        self.dismiss_button = QToolButton()
        self.dismiss_button.setText("✕")
        self.dismiss_button.setToolTip(self.tr("Dismiss"))
        self.dismiss_button.clicked.connect(self.hide)
        lay.addWidget(self.label)
        lay.addWidget(self.bar, 1)
        lay.addWidget(self.cancel_button)
        lay.addWidget(self.dismiss_button)
        self.hide()

    def start(self, text: str) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the first fraction arrives
        self.bar.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.dismiss_button.hide()
        self.show()

    def update(self, text: str, fraction: float | None = None) -> None:  # type: ignore[override]
        if fraction is not None:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(fraction * 1000))
        self.label.setText(text)

    @property
    def running(self) -> bool:
        return self.isVisible() and self.cancel_button.isVisible()

    def finish(self, outcome: str = "") -> None:
        """Show `outcome` until dismissed; with no outcome, hide."""
        if not outcome:
            self.hide()
            return
        self.bar.hide()
        self.cancel_button.hide()
        self.dismiss_button.show()
        self.label.setText(outcome)
        self.show()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_requested.emit()


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
