"""The one place the desktop app is wired together.

    run(page=None, screenshot=None) -> int

opens the app (on `page`), or with `screenshot` renders that page offscreen with the
current data folder, writes a PNG and exits. Pages receive an AppContext
(desktop.context) and are constructed as `Page(ctx, parent=None)`.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from desktop.context import AppContext

__all__ = ["AppContext", "build_window", "create_app", "run"]

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1440, 900)
WARM_UP_MS = 1500  # after the first window is up: start-up itself does not wait for it


def create_app():  # type: ignore[no-untyped-def]
    """The QApplication (made once), named so QSettings and the OS know us."""
    from PySide6.QtWidgets import QApplication

    from desktop.theme import FUSION_SET

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1] + ["-style", "Fusion"])
        app.setProperty(FUSION_SET, True)
    app.setApplicationName("Hearth")
    app.setOrganizationName("Hearth")
    app.setApplicationDisplayName("Hearth")
    return app


def build_window(ctx: AppContext, page: str | None = None):  # type: ignore[no-untyped-def]
    """Theme (following the OS live), excepthooks, and the main window for `ctx`."""
    from PySide6.QtGui import QGuiApplication

    from desktop import i18n, theme
    from desktop.main_window import MainWindow
    from desktop.widgets.errors import install_excepthooks

    app = create_app()
    i18n.install(app, ctx.settings.language)  # before any widget is built
    ctx.ui_language = ctx.settings.language
    install_excepthooks(ctx.errors, ctx.hearth.paths.logs)
    theme.apply_theme(app, ctx.settings.theme)
    theme.install_focus_policy(app)

    def follow_os(*_: object) -> None:
        if ctx.settings.theme == "system":
            theme.apply_theme(app, "system")

    QGuiApplication.styleHints().colorSchemeChanged.connect(follow_os)
    ctx.settings_changed.connect(lambda s: theme.apply_theme(app, s.theme))
    return MainWindow(ctx, page=page)


def run(page: str | None = None, screenshot: Path | str | None = None,
        size: tuple[int, int] | None = None) -> int:
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    else:
        check_display()
    app = create_app()
    from engine.api import Hearth

    ctx = AppContext(Hearth())
    window = build_window(ctx, page)
    restart: list[bool] = []

    def quit_to_restart() -> None:
        restart.append(True)
        window.close()  # saves window state and the open chat's settings
        app.quit()

    ctx.restart_requested.connect(quit_to_restart)
    if ctx.settings.serve_enabled:
        ctx.api.start()
    try:
        if screenshot is not None:
            return _screenshot(app, window, ctx, Path(screenshot), size)
        if size is not None:
            window.resize(*size)
        window.show()
        from PySide6.QtCore import QTimer

        from desktop import startup

        QTimer.singleShot(0, lambda: startup.first_frame(app, window, ctx))
        QTimer.singleShot(WARM_UP_MS, ctx.warm_up)
        return int(app.exec())
    finally:
        ctx.close()
        if restart:  # only now: the databases are closed, the new process can open them
            relaunch()


def relaunch() -> None:
    """Start Hearth again with the command line it was started with."""
    import subprocess

    args = list(getattr(sys, "orig_argv", sys.argv))  # keeps `-m engine gui`
    if getattr(sys, "frozen", False):  # a packaged app: the executable is Hearth itself
        args = [sys.executable, *sys.argv[1:]]
    else:
        args[0] = sys.executable
    subprocess.Popen(args, close_fds=True, start_new_session=True)


def check_display() -> None:
    """Qt aborts the process when it cannot reach a display; say so clearly instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        from engine.errors import HearthError

        raise HearthError(
            "No display to open the Hearth window on.",
            "Run it in a desktop session, chat in the terminal with `hearth chat`, or render "
            "a page with `hearth gui --screenshot FILE.png`.")


def _screenshot(app, window, ctx: AppContext, path: Path,  # type: ignore[no-untyped-def]
                size: tuple[int, int] | None = None) -> int:
    """Show the window offscreen at `size`, let its background loads finish, grab it to
    `path`."""
    from desktop import startup

    window.resize(*(size or SCREENSHOT_SIZE))
    window.show()
    startup.first_frame(app, window, ctx)
    wait_idle(app, ctx, timeout_s=20.0)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path), "PNG"):
        sys.stderr.write(f"error: could not write {path}\n")
        return 1
    sys.stdout.write(f"{path}\n")
    return 0


def wait_idle(app, ctx: AppContext, timeout_s: float, settle_s: float = 0.4) -> None:  # type: ignore[no-untyped-def]
    """Process events until no task has run for `settle_s` (or the timeout)."""
    deadline = time.monotonic() + timeout_s
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        app.processEvents()
        if ctx.tasks.active:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > settle_s:
            break
        time.sleep(0.01)
    app.processEvents()
