"""Hearth's icon for each system, drawn from resources/icons/hearth.svg with Qt (no extra tools).

    python packaging/icons.py [OUT_DIR]   # -> hearth-256.png, hearth.ico (Windows), hearth.icns (macOS)

Pillow (already in the locked set) writes the .ico and .icns from one 1024 px rendering.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def render(svg: Path, size: int, out: Path) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    image.save(str(out))
    return out


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    from PIL import Image

    big = render(ROOT / "resources" / "icons" / "hearth.svg", 1024, out / "hearth-1024.png")
    render(ROOT / "resources" / "icons" / "hearth.svg", 256, out / "hearth-256.png")
    with Image.open(big) as im:
        im.save(out / "hearth.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
        im.save(out / "hearth.icns")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
