"""Icons from resources/icons, recoloured to the theme (the SVGs are drawn in black)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap

from engine.paths import resource_path


@cache
def _svg(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text("utf-8")


def icon(name: str, color: str | None = None, size: int = 20) -> QIcon:
    """A crisp icon at `size` (and 2x) with the black strokes drawn in `color`."""
    from PySide6.QtSvg import QSvgRenderer

    svg = _svg(name) if color is None else _svg(name).replace("#000000", color)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    result = QIcon()
    for scale in (1, 2):
        pix = QPixmap(QSize(size * scale, size * scale))
        pix.fill(Qt.GlobalColor.transparent)
        pix.setDevicePixelRatio(scale)
        painter = QPainter(pix)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pix)
    return result
