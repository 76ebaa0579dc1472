"""A one-line label and a combo box that end in "…" when too narrow (the label's full
text in its tooltip)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(60)
        self.setToolTip(text)
        self.setProperty("elides", True)  # cut on purpose, with "…" (tests/desktop/layout_check)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(60, super().minimumSizeHint().height())

    def paintEvent(self, e: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()) | int(Qt.AlignmentFlag.AlignVCenter), text)


class ElidedComboBox(QComboBox):
    """A combo box whose shown item ends in "…" when the box is narrower than it (Qt's
    own cuts it off mid-letter); the open list shows every name whole."""

    ARROW_ROOM = 52  # the arrow and the padding around the text (theme.qss), measured

    def paintEvent(self, e: QPaintEvent) -> None:
        room = self.width() - self.ARROW_ROOM
        if self.fontMetrics().horizontalAdvance(self.currentText()) <= room:
            super().paintEvent(e)
            return
        # Imported here: PySide builds QStyle's many enums on first use (~10 ms), which a
        # cold start with a wide window need not pay.
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStylePainter

        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        opt.currentText = self.fontMetrics().elidedText(opt.currentText,
                                                        Qt.TextElideMode.ElideRight, room)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)
