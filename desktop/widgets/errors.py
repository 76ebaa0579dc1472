"""The one non-modal way the app shows an error: a bar with the message, the hint, and
"Copy details". Per-row problems (a failed file, a failed download) are state on their row
instead; this bar is for everything else.

ErrorReporter is thread-safe: `report(...)` from any thread queues the error onto the GUI
thread through a signal. install_excepthooks() sends unhandled exceptions (GUI thread and
worker threads) to the log file and to the bar, so nothing crashes silently.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from engine.errors import Cancelled, HearthError

log = logging.getLogger("hearth.desktop")


@dataclass
class ErrorInfo:
    message: str
    hint: str = ""
    details: str = ""

    @classmethod
    def from_exception(cls, exc: BaseException, trace: str = "") -> ErrorInfo:
        if isinstance(exc, HearthError):
            # full_text() adds the message and hint: details are only what they lack.
            details = "\n".join(x for x in (exc.details, trace) if x)
            return cls(exc.message, exc.hint, details)
        # Not one of ours: a bug or an untranslated library error. Say so plainly.
        text = f"{type(exc).__name__}: {exc}"
        return cls(
            QCoreApplication.translate("ErrorInfo", "Something went wrong: {error}").format(
                error=str(exc) or type(exc).__name__),
            QCoreApplication.translate(
                "ErrorInfo", "The details were written to the log; please report them if "
                "this repeats."),
            "\n".join(x for x in (text, trace) if x),
        )

    def full_text(self) -> str:
        """What "Copy details" copies: message, hint, then the details, each once."""
        parts = [self.message, self.hint] if self.hint else [self.message]
        if self.details:
            parts += ["", self.details]
        return "\n".join(parts)


class ErrorReporter(QObject):
    """Collects errors from anywhere; the ErrorBar (and tests) listen to `error`."""

    error = Signal(object)  # ErrorInfo

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history: list[ErrorInfo] = []
        self.error.connect(self.history.append)

    def report(self, message: str, hint: str = "", details: str = "") -> None:
        self.error.emit(ErrorInfo(message, hint, details))  # queued when off the GUI thread

    def report_exception(self, exc: BaseException, trace: str = "") -> None:
        if isinstance(exc, Cancelled):
            return
        if not trace and exc.__traceback__ is not None:
            trace = "".join(traceback.format_exception(exc))
        self.error.emit(ErrorInfo.from_exception(exc, trace))


class ErrorBar(QFrame):
    """A dismissible bar: message, hint, Copy details, close. Newest error wins."""

    def __init__(self, reporter: ErrorReporter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBar")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._info: ErrorInfo | None = None
        self._count = 0
        lay = QHBoxLayout(self)
        lay.setContentsMargins(14, 8, 8, 8)
        lay.setSpacing(10)
        self.icon = QLabel("⚠")
        self.icon.setObjectName("errorIcon")
        self.text = QLabel()
        self.text.setObjectName("errorText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        lay.addWidget(self.icon)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.copy_button)
        lay.addWidget(self.close_button)
        self.hide()
        reporter.error.connect(self.show_error)

    @property
    def info(self) -> ErrorInfo | None:
        return self._info

    def show_error(self, info: ErrorInfo) -> None:
        self._info = info
        self._count = self._count + 1 if self.isVisible() else 1
        more = ("  <span style='opacity:.7'>" + self.tr("(+%n more)", "", self._count - 1)
                + "</span>") if self._count > 1 else ""
        hint = f"<br><span>{_escape(info.hint)}</span>" if info.hint else ""
        self.text.setText(f"<b>{_escape(info.message)}</b>{more}{hint}")
        self.copy_button.setVisible(bool(info.details or info.hint))
        self.show()

    def copy_details(self) -> None:
        if self._info is not None:
            QGuiApplication.clipboard().setText(self._info.full_text())
            self.copy_button.setText(self.tr("Copied"))
            QTimer.singleShot(1500, lambda: self.copy_button.setText(self.tr("Copy details")))

    def dismiss(self) -> None:
        self._count = 0
        self.hide()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def install_excepthooks(reporter: ErrorReporter, log_dir: Path) -> Path:
    """Log unhandled exceptions to log_dir/hearth.log and show them in the error bar."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / "hearth.log"
    root = logging.getLogger()
    for h in list(root.handlers):  # one log file: the current data folder's
        if getattr(h, "_hearth", False):
            root.removeHandler(h)
            h.close()
    handler = logging.FileHandler(log_file, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    handler._hearth = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    previous_sys = getattr(sys.excepthook, "_hearth_previous", sys.excepthook)
    previous_thread = getattr(threading.excepthook, "_hearth_previous", threading.excepthook)

    def on_exception(exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
        if not issubclass(exc_type, KeyboardInterrupt):
            trace = "".join(traceback.format_exception(exc_type, exc, tb))
            log.error("unhandled exception\n%s", trace)
            try:
                reporter.report_exception(exc, trace)
            except RuntimeError:  # the reporter is gone (quitting): the log has it
                pass
        previous_sys(exc_type, exc, tb)  # stderr as usual (and test harnesses see it)

    def on_thread_exception(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        trace = "".join(traceback.format_exception(args.exc_type, args.exc_value,
                                                   args.exc_traceback))
        log.error("unhandled exception in thread %s\n%s",
                  getattr(args.thread, "name", "?"), trace)
        try:
            reporter.report_exception(args.exc_value, trace)
        except RuntimeError:
            pass
        previous_thread(args)

    on_exception._hearth_previous = previous_sys  # type: ignore[attr-defined]
    on_thread_exception._hearth_previous = previous_thread  # type: ignore[attr-defined]

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception
    return log_file
