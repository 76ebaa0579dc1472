"""First run (no model installed yet): what this computer has, a few starter models from the
catalog with a fit badge each, and "Import a GGUF file". Once a model is installed the main
window goes straight to a chat."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.tasks import TaskContext, TaskHandle
from engine.jobs import Progress, format_bytes

log = logging.getLogger(__name__)
STARTERS = 6  # cards shown; the Models page's Discover tab has the rest
BADGE_TEXT = {"gpu": "Fits on GPU", "partial": "Partly on GPU", "cpu": "Runs on CPU",
              "no": "Too big"}


def starter_models(hearth: Any) -> tuple[str, list[tuple[Any, Any]]]:
    """(hardware summary line, [(catalog entry, fit)]) — best fitting first. Worker thread."""
    from engine.selection import fit

    hw = hearth.hardware()
    entries = hearth.hub.catalog()
    # The catalog has sizes but no layer shapes, so the fit counts weights + runtime overhead
    # (the KV cache of a short context is small next to them for these models).
    rows = [(e, fit(hw, e.size, None, None, None)) for e in entries]
    fitting = sorted((r for r in rows if r[1].label != "no"), key=lambda r: r[0].parameters)
    # On a GPU offer the largest that fit it; on a CPU the small ones are the usable ones.
    on_gpu = [r for r in fitting if r[1].label == "gpu"]
    chosen = (on_gpu[-STARTERS:] if len(on_gpu) >= STARTERS else fitting[:STARTERS]) \
        or rows[:STARTERS]
    gpus = ", ".join(g.name for g in hw.gpus) or "no GPU"
    cores = hw.cpu.logical_cores or "?"
    line = (f"{hw.cpu.name or hw.cpu.arch or 'CPU'} · {cores} threads · "
            f"{format_bytes(hw.ram_total)} RAM ({format_bytes(hw.ram_available)} free) · {gpus}")
    return line, chosen


class ModelCard(QFrame):
    def __init__(self, entry: Any, fit: Any, on_download: Any) -> None:
        super().__init__()
        self.setObjectName("card")
        self.entry = entry
        col = QVBoxLayout(self)
        col.setContentsMargins(16, 14, 16, 14)
        col.setSpacing(6)
        name = QLabel(entry.name)
        name.setStyleSheet("font-weight: 600; font-size: 11pt;")
        name.setWordWrap(True)
        col.addWidget(name)
        top = QHBoxLayout()
        self.badge = QLabel(BADGE_TEXT.get(fit.label, fit.label))
        self.badge.setProperty("badge", fit.label)
        self.badge.setToolTip(fit.text)
        top.addWidget(self.badge)
        facts = QLabel(f"{format_bytes(entry.size)} · {entry.parameters / 1e9:.1f}B params")
        facts.setProperty("subtle", True)
        facts.setToolTip(f"License: {entry.license}\n{fit.text}")
        top.addWidget(facts, 1)
        col.addLayout(top)
        desc = QLabel(entry.description)
        desc.setWordWrap(True)
        desc.setMinimumHeight(54)
        desc.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        col.addWidget(desc, 1)
        bottom = QHBoxLayout()
        lic = QLabel(f"{entry.quant} · {entry.license}")
        lic.setProperty("subtle", True)
        bottom.addWidget(lic, 1)
        self.button = QPushButton("Download")
        self.button.setProperty("primary", fit.label != "no")
        self.button.setEnabled(fit.label != "no")
        self.button.clicked.connect(lambda: on_download(self))
        bottom.addWidget(self.button)
        col.addLayout(bottom)


class FirstRunPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.cards: list[ModelCard] = []
        self.import_task: TaskHandle | None = None
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setMaximumWidth(1040)
        col = QVBoxLayout(body)
        col.setContentsMargins(40, 36, 40, 32)
        col.setSpacing(12)
        title = QLabel("Welcome to Hearth")
        title.setStyleSheet("font-size: 22pt; font-weight: 600;")
        col.addWidget(title)
        sub = QLabel("Chat with language models and your own documents — privately, on this "
                     "computer. Pick a starter model to download, or import one you have.")
        sub.setWordWrap(True)
        sub.setProperty("subtle", True)
        col.addWidget(sub)

        hw = QFrame()
        hw.setObjectName("card")
        hrow = QHBoxLayout(hw)
        hrow.setContentsMargins(16, 10, 16, 10)
        label = QLabel("This computer")
        label.setStyleSheet("font-weight: 600;")
        hrow.addWidget(label)
        self.hardware = QLabel("Looking at the hardware…")
        self.hardware.setProperty("subtle", True)
        self.hardware.setWordWrap(True)
        hrow.addWidget(self.hardware, 1)
        col.addWidget(hw)

        heading = QLabel("Starter models")
        heading.setStyleSheet("font-size: 13pt; font-weight: 600; margin-top: 10px;")
        col.addWidget(heading)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        col.addLayout(self.grid)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        col.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.hide()
        col.addWidget(self.progress)

        actions = QHBoxLayout()
        have = QLabel("Already have a model file?")
        have.setProperty("subtle", True)
        actions.addWidget(have)
        self.import_button = QPushButton("Import a GGUF file…")
        self.import_button.clicked.connect(self.choose_file)
        actions.addWidget(self.import_button)
        browse = QPushButton("Browse all models")
        browse.clicked.connect(lambda: ctx.navigate("models"))
        actions.addWidget(browse)
        actions.addStretch(1)
        col.addSpacing(6)
        col.addLayout(actions)
        col.addStretch(1)

        wrap = QWidget()
        wl = QHBoxLayout(wrap)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addStretch(0)
        wl.addWidget(body, 1)
        wl.addStretch(0)
        scroll.setWidget(wrap)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll)
        self._downloads: dict[str, ModelCard] = {}
        self._poll = QTimer(self)
        self._poll.setInterval(500)
        self._poll.timeout.connect(self._check_downloads)
        ctx.tasks.run(lambda task: starter_models(ctx.hearth), lane="io", name="starters",
                      success=self._fill, failure=self._failed, owner=self)

    def _fill(self, result: tuple[str, list]) -> None:
        line, rows = result
        self.hardware.setText(line)
        for i, (entry, fit) in enumerate(rows):
            card = ModelCard(entry, fit, self.download)
            self.cards.append(card)
            self.grid.addWidget(card, i // 3, i % 3)

    def _failed(self, e: BaseException) -> None:
        self.hardware.setText(getattr(e, "message", str(e)))
        self.ctx.show_error(e)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    # download ---------------------------------------------------------------------------
    def download(self, card: ModelCard) -> None:
        entry = card.entry
        card.button.setEnabled(False)
        card.button.setText("Starting…")

        def start(task: TaskContext) -> str:
            return self.ctx.hearth.hub.start(entry.repo, entry.file)

        def started(download_id: str) -> None:
            card.button.setText("Downloading")
            self._downloads[download_id] = card
            self._poll.start()
            self._say(f"Downloading {entry.name}. Hearth opens a chat when it is ready; the "
                      "Models page shows the details.")

        def failed(e: BaseException) -> None:
            card.button.setEnabled(True)
            card.button.setText("Download")
            self.ctx.show_error(e)

        self.ctx.tasks.run(start, lane="io", success=started, failure=failed, owner=self)

    def _check_downloads(self) -> None:
        """Show progress on the card; once a model is in, the main window opens a chat."""
        try:
            states = {d.id: d for d in self.ctx.hearth.hub.downloads()}  # in-memory snapshot
        except Exception as e:
            self._poll.stop()
            self.ctx.show_error(e)
            return
        for download_id, card in list(self._downloads.items()):
            d = states.get(download_id)
            if d is None:
                continue
            if d.state == "done":
                del self._downloads[download_id]
                card.button.setText("Installed")
                self.ctx.models_changed.emit()
            elif d.state in ("failed", "cancelled"):
                del self._downloads[download_id]
                card.button.setEnabled(True)
                card.button.setText("Download")
                if d.state == "failed":
                    self.ctx.show_error(f"Downloading {card.entry.name} failed: {d.error}",
                                        "Check the connection and try again.")
            elif d.bytes_total:
                card.button.setText(f"{100 * d.bytes_done / d.bytes_total:.0f}%")
        if not self._downloads:
            self._poll.stop()

    # import -----------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a model", "",
                                              "GGUF models (*.gguf);;All files (*)")
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> TaskHandle:
        self.import_button.setEnabled(False)
        self._say(f"Importing {path}…")
        self.progress.setRange(0, 0)
        self.progress.show()

        def body(task: TaskContext) -> Any:
            return self.ctx.hearth.models.import_file(path, progress=task, cancel=task.cancel)

        def progress(p: Progress) -> None:
            if p.fraction is not None:
                self.progress.setRange(0, 1000)
                self.progress.setValue(int(p.fraction * 1000))

        def done(info: Any) -> None:
            self._say(f"Imported {info.name}.")
            self.ctx.models_changed.emit()

        def finished() -> None:
            self.import_button.setEnabled(True)
            self.progress.hide()

        def failed(e: BaseException) -> None:
            self.status.hide()
            self.ctx.show_error(e)

        self.import_task = self.ctx.tasks.run(
            body, lane="io", name="import", success=done, failure=failed, progress=progress,
            finished=finished, owner=self)
        return self.import_task
