"""The sources panel of an answer, and opening a source at its page.

PDFs open in an in-app viewer (QtPdf) at the cited page; other files open in the system's
default app (QDesktopServices). A missing file is reported, not a crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.common import panel_header
from desktop.widgets.source_preview import (
    ExternalBar,
    as_preview_window,
    no_app_text,
    open_externally,
)
from engine.errors import NotFound


def source_label(src: dict[str, Any]) -> str:
    name = Path(str(src.get("path", ""))).name or QCoreApplication.translate("Sources", "source")
    page = int(src.get("page") or 0)
    where = " · " + QCoreApplication.translate("Sources", "p. {page}").format(page=page)
    return f"[{src.get('n', '?')}] {name}" + (where if page else "")


class SourcesPanel(QFrame):
    """Numbered sources of the selected answer (file, page, snippet); clicking opens one."""

    open_requested = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesPanel")
        self.setMinimumWidth(220)
        col = QVBoxLayout(self)
        col.setContentsMargins(14, 12, 8, 12)
        col.setSpacing(6)
        head, self.close_button = panel_header(self.tr("Sources"), self.tr("Hide sources"))
        col.addLayout(head)
        self.hint = QLabel(self.tr("Click a source to open it at the cited page."))
        self.hint.setProperty("subtle", True)
        self.hint.setWordWrap(True)
        col.addWidget(self.hint)
        # A text view, not a list: long snippets wrap naturally at any panel width.
        self.view = QTextBrowser()
        self.view.setObjectName("sourcesView")
        self.view.setOpenLinks(False)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.document().setDocumentMargin(0)  # line the entries up with the title
        self.view.anchorClicked.connect(self._clicked)
        col.addWidget(self.view, 1)
        self.sources: list[dict] = []
        self.current = -1
        from desktop import theme

        theme.on_theme_changed(self._recolor)

    def set_sources(self, sources: list[dict]) -> None:
        self.sources = list(sources)
        self.current = -1
        self._render()

    def _recolor(self, _scheme: str) -> None:
        self._render()

    def labels(self) -> list[str]:
        return [source_label(s) for s in self.sources]

    def _render(self) -> None:
        from html import escape

        from desktop import theme

        c = theme.current_colors()
        parts = []
        for i, src in enumerate(self.sources):
            snippet = " ".join(str(src.get("text", "")).split())
            if len(snippet) > 240:
                snippet = snippet[:240] + "…"
            bg = f"background-color:{c['selection']};" if i == self.current else ""
            use = self._use(src)
            tag = (f' <span style="color:{c["muted"]}; font-size:small">· {escape(use)}</span>'
                   if use else "")
            parts.append(
                f'<table width="100%" cellpadding="6" cellspacing="0" '
                f'style="{bg} margin-bottom:4px"><tr><td>'
                f'<a href="src:{i}" style="color:{c["accent"]}; text-decoration:none; '
                f'font-weight:600">{escape(source_label(src))}</a>{tag}<br>'
                f'<span style="color:{c["muted"]}">{escape(snippet)}</span></td></tr></table>')
        self.view.setHtml("".join(parts))

    def _use(self, src: dict) -> str:
        """How the answer used the source, once the answer has ended and was marked."""
        if not any("cited" in s for s in self.sources):
            return ""  # still streaming, or a reply saved before answers were marked
        cited = src.get("cited")
        if cited == "model":
            return self.tr("cited")
        if cited == "inferred":
            return self.tr("~ restated, not cited")
        return self.tr("not cited")

    def highlight(self, n: int) -> None:
        for i, src in enumerate(self.sources):
            if int(src.get("n", -1)) == n:
                self.current = i
        self._render()

    def activate(self, index: int) -> None:
        self.current = index
        self._render()
        self.open_requested.emit(self.sources[index])

    def _clicked(self, url: QUrl) -> None:
        s = url.toString()
        if s.startswith("src:"):
            self.activate(int(s[4:]))


def open_source(src: dict[str, Any], parent: QWidget | None = None,
                ctx: Any = None) -> QWidget | None:
    """Open a cited file at its page, in the app: PDFs rendered (QtPdf), other files as the
    library's text with the passage marked (given `ctx`; else the system's default app).
    Returns the window opened."""
    path = Path(str(src.get("path", "")))
    if not path.is_file():
        raise NotFound(f"The source file {path} is gone.",
                       "It was moved or deleted since the library was indexed; re-index it.")
    page = int(src.get("page") or 0)
    viewer: QWidget
    if path.suffix.lower() == ".pdf":
        viewer = PdfWindow(path, page, parent)
    elif ctx is not None and src.get("library"):
        from desktop.widgets.source_preview import SourceWindow

        viewer = SourceWindow(ctx, src, parent)
    else:
        if not open_externally(path):
            raise NotFound(no_app_text(path), "Copy the path and open it with an app you have.")
        return None
    viewer.show()
    return viewer


class PdfWindow(QWidget):
    """A small PDF viewer window opened at a page (1-based; 0 = first)."""

    def __init__(self, path: Path, page: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("{file} — page {page}").format(file=path.name,
                                                                    page=max(page, 1)))
        as_preview_window(self, 820, 900)
        self.path = path
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.bar = ExternalBar(path, "", self)
        self.page_label = self.bar.title
        col.addWidget(self.bar)
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        col.addWidget(self.view, 1)
        self.page = max(0, min(page - 1, self.document.pageCount() - 1)) if page else 0
        self.page_label.setText(self.tr("Page {page} of {pages}").format(
            page=self.page + 1, pages=self.document.pageCount()))
        self._jumped = False

    def showEvent(self, e: Any) -> None:
        super().showEvent(e)
        if not self._jumped:  # the view lays its pages out when shown; jump after that
            self._jumped = True
            QTimer.singleShot(0, lambda: self.view.pageNavigator().jump(self.page, QPointF(0, 0)))
