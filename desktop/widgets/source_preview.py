"""A cited source in context, inside the app: the file's text as the library indexed it, the
cited passage highlighted and scrolled to, with "Open in default app" beside it.

Any format the library reads (Markdown, Word, HTML, …) is shown the same way, from the
index, so it works with no other app installed. When the desktop has no app for the file
(no launcher, as on a bare Linux), the window says so and offers the path to copy.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop.widgets.common import fit_to_screen


def open_externally(path: Path) -> bool:
    """Hand the file to the system's default app; False when there is none to hand it to."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def no_app_text(path: Path) -> str:
    return QCoreApplication.translate(
        "SourcePreview", "No app on this computer opens {kind} files, so it stays here. "
        "The file is {path}").format(kind=path.suffix or path.name, path=path)


class ExternalBar(QWidget):
    """"Open in default app", and what to do when there is no such app."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        col = QVBoxLayout(self)
        col.setContentsMargins(10, 6, 10, 6)
        row = QHBoxLayout()
        self.title = QLabel(title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.title, 1)
        self.open_button = QPushButton(self.tr("Open in default app"))
        self.open_button.clicked.connect(self.open_default)
        row.addWidget(self.open_button)
        col.addLayout(row)
        self.problem = QLabel()
        self.problem.setObjectName("noteLabel")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(self.tr("Copy path"))
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(str(self.path)))
        note = QHBoxLayout()
        note.addWidget(self.problem, 1)
        note.addWidget(self.copy_button)
        col.addLayout(note)
        self.problem.hide()
        self.copy_button.hide()

    def open_default(self) -> None:
        if open_externally(self.path):
            self.problem.hide()
            self.copy_button.hide()
            return
        self.problem.setText(no_app_text(self.path))
        self.problem.show()
        self.copy_button.show()


def passage_span(text: str, words: list[str]) -> tuple[int, int] | None:
    """Where the passage (as words) lies in `text`, whatever whitespace sits between its
    words there (chunks are stored with their own line breaks); None if it is not there."""
    head = re.search(r"\s+".join(map(re.escape, words[:24])), text)
    if head is None:
        return None
    whole = re.compile(r"\s+".join(map(re.escape, words))).match(text, head.start())
    return (head.start(), whole.end() if whole else head.end())


def _html(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def as_preview_window(window: QWidget, width: int, height: int) -> None:
    """A preview's own window: `width` x `height` or the screen, whichever is smaller (a
    900x600 screen had it run off the bottom), and closed by Esc or Ctrl+W."""
    from PySide6.QtGui import QKeySequence, QShortcut

    fit_to_screen(window, width, height)
    for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Close)):
        QShortcut(keys, window, window.close)


PASSAGE_GAP = "…"  # engine.library.focus.GAP, where a cut source left text out


class SourceWindow(QWidget):
    """A non-PDF source: its indexed text, loaded off the GUI thread, the passage marked."""

    def __init__(self, ctx: Any, src: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.src = src
        self.path = Path(str(src.get("path", "")))
        page = int(src.get("page") or 0)
        title = self.path.name + (" · " + self.tr("page {page}").format(page=page) if page else "")
        self.setWindowTitle(title)
        as_preview_window(self, 760, 820)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.bar = ExternalBar(self.path, title, self)
        col.addWidget(self.bar)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.setPlainText(self.tr("Loading…"))
        col.addWidget(self.view, 1)
        library, path = str(src.get("library", "")), str(self.path)
        libraries = ctx.hearth.libraries  # opened on the worker, never here
        ctx.tasks.run(lambda _t: libraries.document_pages(library, path), lane="io",
                      name="source preview", success=self.show_pages,
                      failure=self._failed, owner=self)

    def show_pages(self, pages: list[tuple[int, str]]) -> None:
        from desktop import theme

        c = theme.current_colors()
        want_page = int(self.src.get("page") or 0)
        # A source cut for a slow model (engine.library.focus) reads "… a … b …": the
        # longest piece is what can be found in the file.
        words = max(str(self.src.get("text", "")).split(PASSAGE_GAP), key=len).split()
        parts: list[str] = []
        self.found = False
        for page, text in pages:
            if page:
                parts.append(f'<h3 style="color:{c["muted"]}">'
                             f'{escape(self.tr("Page {page}").format(page=page))}</h3>')
            span = None
            if words and not self.found and (not want_page or page == want_page):
                span = passage_span(text, words)
            if span is not None:
                a, b = span
                body = (_html(text[:a]) + '<a name="cited"></a>'
                        f'<span style="background-color:{c["selection"]}">{_html(text[a:b])}'
                        f"</span>{_html(text[b:])}")
                self.found = True
            else:
                anchor = '<a name="cited"></a>' if page and page == want_page else ""
                body = anchor + _html(text)
            parts.append(f"<p>{body}</p>")
        if not pages:
            parts.append(escape(self.tr("This file has no indexed text (it may have been "
                                        "removed from the library).")))
        self.view.setHtml("".join(parts))
        QTimer.singleShot(0, lambda: self.view.scrollToAnchor("cited"))  # after layout

    def _failed(self, e: BaseException) -> None:
        message = getattr(e, "message", "") or str(e)
        self.view.setPlainText(self.tr("The text could not be read from the library: {error}")
                               .format(error=message))
