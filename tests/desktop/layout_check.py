"""What a person would see as a broken layout, found from widget geometry.

- a visible widget running off the window (outside a scroll area, where running past the
  edge is what scrolling is for);
- two visible siblings overlapping (floating panels marked with the "overlay" property
  are meant to, and are left out, as are splitter handles);
- a scrolling page wider than its window (read only by scrolling sideways);
- a button or a one-line label narrower than its text, so the text is cut (ElidedLabel
  and other labels that elide on purpose set the "elides" property).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QLabel,
    QScrollArea,
    QSplitterHandle,
    QWidget,
)


def _name(w: QWidget) -> str:
    label = ""
    if isinstance(w, (QAbstractButton, QLabel)):
        label = f" {w.text()[:30]!r}"
    return f"{type(w).__name__}({w.objectName() or '-'}){label}"


def _scrolled(w: QWidget, top: QWidget) -> bool:
    """Inside a scroll area's viewport (or an overlay): free to extend past the edges."""
    p = w.parentWidget()
    while p is not None and p is not top:
        if p.property("overlay"):
            return True
        gp = p.parentWidget()
        if isinstance(gp, QAbstractScrollArea) and p is gp.viewport():
            return True
        p = gp
    return False


def _rect_in(w: QWidget, top: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def _shown(w: QWidget) -> bool:
    return w.isVisible() and not w.isWindow() and w.width() > 0 and w.height() > 0


def layout_problems(top: QWidget) -> list[str]:
    problems: list[str] = []
    bounds = top.rect()
    widgets = [w for w in top.findChildren(QWidget) if _shown(w)]
    for w in widgets:
        if _scrolled(w, top) or w.property("overlay"):
            continue
        r = _rect_in(w, top)
        if not bounds.contains(r):
            problems.append(f"{_name(w)} runs off the window: {r.getRect()} in {bounds.getRect()}")
        if isinstance(w, QAbstractButton) and w.text():
            # A check box lets its layout squeeze it below its text ("Watch for cha").
            need = (w.sizeHint() if isinstance(w, QCheckBox) else w.minimumSizeHint()).width()
            if w.width() < need:
                problems.append(f"{_name(w)} cuts its text: {w.width()} < {need} px")
        if (isinstance(w, QLabel) and w.text() and not w.wordWrap() and not w.property("elides")
                and w.width() + 1 < w.sizeHint().width()):
            problems.append(f"{_name(w)} cuts its text: {w.width()} < {w.sizeHint().width()} px")
    for area in widgets:
        # A page that scrolls down must not also need scrolling sideways to be read.
        inner = area.widget() if isinstance(area, QScrollArea) else None
        if inner is not None and inner.width() > area.viewport().width() + 1:
            wide = max((c for c in inner.findChildren(QWidget) if _shown(c)),
                       key=lambda c: c.minimumSizeHint().width(), default=inner)
            problems.append(f"{_name(area)} is wider than the window: {inner.width()} > "
                            f"{area.viewport().width()} px (widest: {_name(wide)}, "
                            f"{wide.minimumSizeHint().width()} px)")
    for parent in [top, *widgets]:
        kids = [c for c in parent.children()
                if isinstance(c, QWidget) and _shown(c) and not c.property("overlay")
                and not isinstance(c, QSplitterHandle)]  # a handle's grab area overlaps by design
        for i, a in enumerate(kids):
            for b in kids[i + 1:]:
                common = a.geometry().intersected(b.geometry())
                if common.width() > 1 and common.height() > 1:
                    problems.append(f"{_name(a)} and {_name(b)} overlap in {_name(parent)}: "
                                    f"{common.getRect()}")
    return problems
