"""The fit column of the Discover tables, painted as a coloured pill: green when a model
should write at least about reading speed here, amber when it fits but is slower, red when
it does not fit (desktop.qtmodels.models_hub.speed_class)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.qtmodels.models_hub import speed_class
from desktop.qtmodels.models_rows import ROW_ROLE, theme_color

# (theme colour, its fallback): the theme files name no "amber", their "warn" is one.
CLASS_COLORS = {
    "fast": ("good", "#1f8a4c"),
    "slow": ("warn", "#b26a00"),
    "no": ("bad", "#c0392b"),
}
PAD = 8  # inside the pill, each side
MARGIN = 6  # between the cell's edge and the pill


class FitBadgeDelegate(QStyledItemDelegate):
    """Paints the cell's text ("~12 tok/s · CPU") in a pill of its speed class."""

    def _options(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QStyleOptionViewItem:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)  # the row's font too: the recommended one is bold
        return opt

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        kind = speed_class(index.data(ROW_ROLE))
        opt = self._options(option, index)
        text = opt.text
        if kind in CLASS_COLORS:
            opt.text = ""  # the pill carries it
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if kind not in CLASS_COLORS:
            return
        fm = QFontMetrics(opt.font)
        room = option.rect.width() - 2 * MARGIN - 2 * PAD
        shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, max(room, 0))
        w = fm.horizontalAdvance(shown) + 2 * PAD
        h = fm.height() + 4
        r = QRect(option.rect.left() + MARGIN, option.rect.center().y() - h // 2 + 1, w, h)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme_color(*CLASS_COLORS[kind]))
        painter.drawRoundedRect(r, h / 2, h / 2)
        painter.setFont(opt.font)
        painter.setPen(QColor("white"))  # as app.qss writes on its good/warn/bad badges
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter, shown)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        opt = self._options(option, index)
        need = QFontMetrics(opt.font).horizontalAdvance(opt.text) + 2 * (PAD + MARGIN) + 2
        return QSize(max(size.width(), need), size.height())
