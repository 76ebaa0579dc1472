"""The main window: a navigation sidebar, the pages, the error bar and the status bar.

Pages are built the first time they are shown, so start-up only pays for the first one.
A page that fails to build is replaced by a short message (and the error bar), never a
crash. Shortcuts live here and are forwarded to the current page when it supports them.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import theme
from desktop.context import AppContext
from desktop.i18n import translate
from desktop.icons import icon
from desktop.widgets.common import fit_to_screen
from desktop.widgets.errors import ErrorBar
from desktop.widgets.status import StatusBar

log = logging.getLogger(__name__)

PAGES: list[tuple[str, str, str]] = [
    # key, label, "module:Class"
    ("chats", QT_TRANSLATE_NOOP("MainWindow", "Chats"), "desktop.views.chat_page:ChatPage"),
    ("models", QT_TRANSLATE_NOOP("MainWindow", "Models"), "desktop.views.models_page:ModelsPage"),
    ("libraries", QT_TRANSLATE_NOOP("MainWindow", "Libraries"),
     "desktop.views.libraries_page:LibrariesPage"),
    ("settings", QT_TRANSLATE_NOOP("MainWindow", "Settings"),
     "desktop.views.settings_page:SettingsPage"),
]
FIRST_RUN = "desktop.views.first_run:FirstRunPage"
DEFAULT_SIZE = (1200, 780)  # a first start's window, if the screen has room for it
FIRST_PAINT_WAIT_MS = 300  # held jobs run by then even if the window is not painted



class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, page: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("Hearth")
        # The smallest size every page is laid out for (tests/desktop/test_layout.py).
        self.setMinimumSize(800, 560)
        self.pages: dict[str, QWidget] = {}
        self._first_run: QWidget | None = None
        self.current = ""
        # Worker-thread jobs held until the window's first paint: on 2 cores their Python
        # (opening the chat store, listing models) would slow the GUI thread's build of the
        # first page through the GIL, and nothing they bring is in that first frame.
        self._after_first_paint: list[Callable[[], None]] | None = []

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._build_sidebar())
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        self.error_bar = ErrorBar(ctx.errors)
        right.addWidget(self.error_bar)
        for warning in ctx.hearth.settings_warnings:  # fields reset while loading the settings
            ctx.show_error(warning, self.tr("Check them on the Settings page."))
        self._after_paint(self._report_chat_store)
        self.stack = QStackedWidget()
        self._blank = QWidget()
        self.stack.addWidget(self._blank)
        self._has_models: bool | None = None  # unknown until the io lane has looked
        self._checking_models = False
        right.addWidget(self.stack, 1)
        row.addLayout(right, 1)
        self.setCentralWidget(central)
        self.status = StatusBar(ctx)
        self.setStatusBar(self.status)

        self._install_shortcuts()
        ctx.navigate_requested.connect(self.show_page)
        ctx.chat_with_library_requested.connect(self._chat_with_library)
        self._pending_library = ""  # for the chat page, once it is built
        ctx.models_changed.connect(self._models_changed)
        self._restore_geometry()
        self.show_page(page or "chats")
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self._painted)  # a window never shown, too

    def _after_paint(self, job: Callable[[], None]) -> None:
        if self._after_first_paint is None:
            job()
        else:
            self._after_first_paint.append(job)

    def paintEvent(self, e: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(e)
        if self._after_first_paint is not None:
            QTimer.singleShot(0, self._painted)

    def _painted(self) -> None:
        jobs, self._after_first_paint = self._after_first_paint or [], None
        if self.ctx.tasks.closed:  # closed before it was ever painted (tests, a quick quit)
            return
        for job in jobs:
            job()

    # layout -------------------------------------------------------------------------
    def _build_sidebar(self) -> QWidget:
        side = QFrame()
        side.setObjectName("sidebar")
        side.setFixedWidth(176)
        col = QVBoxLayout(side)
        col.setContentsMargins(12, 16, 12, 12)
        col.setSpacing(3)
        brand_row = QHBoxLayout()
        brand_row.setContentsMargins(6, 0, 0, 12)
        brand_row.setSpacing(8)
        logo = QLabel()
        logo.setPixmap(icon("hearth", size=26).pixmap(26, 26))
        brand_row.addWidget(logo)
        brand = QLabel("Hearth")
        brand.setObjectName("brand")
        brand_row.addWidget(brand, 1)
        col.addLayout(brand_row)
        self.nav = QButtonGroup(self)
        self.nav.setExclusive(True)
        self.nav_buttons: dict[str, QPushButton] = {}
        for i, (key, label, _) in enumerate(PAGES, start=1):
            label = translate("MainWindow", label)
            b = QPushButton(f"  {label}")
            b.setIconSize(QSize(18, 18))
            b.setProperty("nav", True)
            b.setCheckable(True)
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setToolTip(f"{label} (Ctrl+{i})")
            b.clicked.connect(lambda _=False, k=key: self.show_page(k))
            self.nav.addButton(b)
            self.nav_buttons[key] = b
            col.addWidget(b)
        col.addStretch(1)
        self._paint_nav_icons()
        theme.on_theme_changed(self._paint_nav_icons)
        return side

    def _paint_nav_icons(self, _scheme: str = "") -> None:
        color = theme.current_colors()["text"]
        for key, b in self.nav_buttons.items():
            b.setIcon(icon(key, color))

    def _install_shortcuts(self) -> None:
        def add(seq: str | QKeySequence, fn: Callable[[], None]) -> None:
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(fn)

        for i, (key, _, _) in enumerate(PAGES, start=1):
            add(f"Ctrl+{i}", lambda k=key: self.show_page(k))
        add(QKeySequence.StandardKey.New, self.new_chat)
        add(QKeySequence.StandardKey.Find, self._focus_search)
        add("Ctrl+Return", lambda: self._forward("send"))
        add("Ctrl+Enter", lambda: self._forward("send"))
        add("Escape", self._escape)
        add("Ctrl+Q", self.close)
        add("Ctrl+,", lambda: self.show_page("settings"))
        add("F1", self.show_shortcuts)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        return [
            ("Ctrl+N", self.tr("New chat")),
            ("Ctrl+F", self.tr("Search chats")),
            ("Enter / Ctrl+Enter", self.tr("Send the message (Shift+Enter: a new line)")),
            ("Esc", self.tr("Stop the reply, or hide the error bar")),
            ("Ctrl+1 … Ctrl+4", self.tr("Chats, Models, Libraries, Settings")),
            ("Ctrl+,", self.tr("Settings")),
            ("F1", self.tr("This list")),
            ("Ctrl+Q", self.tr("Quit")),
        ]

    def show_shortcuts(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        rows = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>"
                       for k, v in self.shortcut_rows())
        box = QMessageBox(QMessageBox.Icon.NoIcon, self.tr("Keyboard shortcuts"),
                          f"<table>{rows}</table>", QMessageBox.StandardButton.Close, self)
        box.setObjectName("shortcutsDialog")
        box.open()  # not exec(): the app keeps running behind it

    # pages --------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        if key not in self.pages:
            spec = dict((k, s) for k, _, s in PAGES)[key]
            self.pages[key] = self._build_page(key, spec)
            self.stack.addWidget(self.pages[key])
        return self.pages[key]

    def _build_page(self, key: str, spec: str) -> QWidget:
        module, cls = spec.split(":")
        try:
            return getattr(importlib.import_module(module), cls)(self.ctx, parent=None)
        except Exception as e:  # a broken page must not take the app down
            log.exception("building page %s failed", key)
            self.ctx.show_error(e)
            w = QLabel(self.tr("This page could not be opened. See the error above."))
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            w.setProperty("subtle", True)
            return w

    def _report_chat_store(self) -> None:
        """Opening the chat history (on the store lane) may have recovered a damaged file,
        or found the data folder read-only: say so once, where errors are shown."""
        chats_of = lambda _t: self.ctx.hearth.chats  # noqa: E731 - opens the store off the GUI thread

        def tell(chats: Any) -> None:
            recovery, read_only = chats.recovery, chats.read_only
            if recovery is not None:
                self.ctx.show_error(recovery.message, recovery.hint)
            if read_only is not None:
                self.ctx.show_error(read_only)

        self.ctx.tasks.run(chats_of, lane="store", name="open chats", success=tell,
                           failure=self.ctx.show_error)

    def _check_models(self) -> None:
        """Find out (on the io lane) whether any model is installed: the welcome screen
        shows until one is."""
        if self._checking_models:
            return
        self._checking_models = True
        hearth = self.ctx.hearth

        def known(has: bool) -> None:
            self._has_models = has
            if self.current == "chats" and not (has and self.current_widget() is self.pages.get("chats")):
                self.show_page("chats")

        def failed(e: BaseException) -> None:  # registry unreadable: say so, still let the user in
            log.warning("listing models failed: %s", e)
            self.ctx.show_error(e)
            known(True)

        def done() -> None:
            self._checking_models = False

        self.ctx.tasks.run(lambda _t: bool(hearth.models.list_all()), lane="io",
                           name="installed models", success=known, failure=failed,
                           finished=done)

    def _models_hint(self) -> bool:
        try:
            return self.ctx.hearth.models_hint()
        except Exception:  # only a hint: the check on the io lane tells
            log.debug("models hint failed", exc_info=True)
            return False

    def _chat_with_library(self, name: str) -> None:
        """A new chat answering from `name`: now if the chat page is showing, else as soon
        as it is (it is built once the app knows whether a model is installed)."""
        self._pending_library = name
        self.show_page("chats")

    def _apply_pending_library(self) -> None:
        page = self.pages.get("chats")
        if self._pending_library and page is not None and self.current_widget() is page:
            name, self._pending_library = self._pending_library, ""
            page.chat_with_library(name)  # type: ignore[attr-defined]

    def show_page(self, key: str) -> None:
        if key not in self.nav_buttons:
            key = "chats"
        if key == "chats" and self._has_models is None:
            # Models were installed last time: the Chats page now, not a blank frame while
            # the check runs (it still decides, and brings the welcome page if none is left).
            if self._models_hint():
                widget = self.page(key)
                self._after_paint(self._check_models)
            else:
                widget = self._blank
                self._check_models()
        elif key == "chats" and not self._has_models:
            if self._first_run is None:
                self._first_run = self._build_page("welcome", FIRST_RUN)
                self.stack.addWidget(self._first_run)
            widget = self._first_run
        else:
            widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        if widget is self._first_run:  # the welcome page is not the Chats page yet
            self.nav.setExclusive(False)
            for b in self.nav_buttons.values():
                b.setChecked(False)
            self.nav.setExclusive(True)
        else:
            self.nav_buttons[key].setChecked(True)
        self.current = key
        activated = getattr(widget, "page_activated", None)
        if callable(activated):
            self._after_paint(activated)
        if key == "chats":
            self._apply_pending_library()

    def current_widget(self) -> QWidget:
        return self.stack.currentWidget()

    def _models_changed(self) -> None:
        # The first model may have arrived: the next visit to Chats looks again (it showed
        # the welcome page after a download from the Models page). With the welcome
        # screen up, go straight to a chat (show_page does, once the check says so).
        if not self._has_models:
            self._has_models = None
        if self._first_run is not None and self.stack.currentWidget() is self._first_run:
            self.show_page("chats")

    # shortcuts ----------------------------------------------------------------------
    def _forward(self, method: str) -> bool:
        fn = getattr(self.current_widget(), method, None)
        if callable(fn):
            fn()
            return True
        return False

    def new_chat(self) -> None:
        self.show_page("chats")
        self._forward("new_chat")

    def _focus_search(self) -> None:
        self._forward("focus_search")

    def _escape(self) -> None:
        close = getattr(self.current_widget(), "close_overlay", None)
        if callable(close) and close():  # a panel over (or beside) the page closes first
            return
        if not self._forward("stop") and self.error_bar.isVisible():
            self.error_bar.dismiss()

    # window state -------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        qs = self.ctx.qsettings()
        geometry = qs.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)  # Qt moves it back onto a screen that is there
            return
        if fit_to_screen(self, *DEFAULT_SIZE):  # a small screen: fill it, not run off it
            self.move(self.screen().availableGeometry().topLeft())

    def save_state(self) -> None:
        qs = self.ctx.qsettings()
        qs.setValue("window/geometry", self.saveGeometry())
        for key, widget in self.pages.items():
            save = getattr(widget, "save_state", None)
            if callable(save):
                save(qs, key)
        qs.sync()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Nothing focused yet: Qt would focus the first Tab stop (the Chats button) when
        # the window activates, drawing the keyboard ring on it though no key was pressed.
        # The page area takes it instead (no ring there); Tab starts from it.
        if self.focusWidget() is None:
            self.stack.setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)
