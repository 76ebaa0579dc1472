"""First run (no model installed yet): what this computer has, a few starter models from the
catalog with a fit badge each, and "Import a GGUF file". Once a model is installed the main
window goes straight to a chat."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.formats import number
from desktop.formats import size as format_bytes
from desktop.i18n import translate
from desktop.qtmodels.models_hub import badge_text, fit_tip, speed_class
from desktop.tasks import TaskContext, TaskHandle
from desktop.widgets.common import scroll_page
from engine.errors import HearthError
from engine.jobs import Progress

log = logging.getLogger(__name__)
STARTERS = 6  # cards shown; the Models page's Discover tab has the rest
COLUMNS = 3  # cards per row when the window has room
CARD_WIDTH = 250  # narrowest card we lay out (wider when its badges need it)
SCROLL_BAR_ROOM = 20
# app.qss colours badges by these names: "gpu" green ($good), "partial" amber ($warn),
# "no" red ($bad); the card's badge takes the colour of its speed, as Discover's pills do.
BADGE_STYLE = {"fast": "gpu", "slow": "partial", "no": "no"}


def starter_models(hearth: Any) -> tuple[str, list[Any], int]:
    """(hardware summary line, catalog entries with `.fit`, `.speed` and `.recommended`,
    RAM in bytes): the recommended one first, then the others that run here, smallest
    first. Worker thread."""
    hw = hearth.hardware()
    # The hub fits each entry with its layer shape (weights + KV cache at the context) and
    # marks one recommended; it reads only the local catalog.
    entries = hearth.hub.catalog(fit=True)
    runs = [e for e in entries if e.fit.label != "no"]
    # On a GPU offer the largest that fit it; on a CPU the small ones are the usable ones.
    on_gpu = sorted((e for e in runs if e.fit.label == "gpu"), key=lambda e: e.parameters)
    chosen = (on_gpu[-STARTERS:] if len(on_gpu) >= STARTERS
              else sorted(runs, key=lambda e: e.parameters)[:STARTERS]) or entries[:STARTERS]
    best = next((e for e in entries if e.recommended), None)
    if best is not None:
        chosen = [best] + [e for e in chosen if e is not best][:STARTERS - 1]
    gpus = ", ".join(g.name for g in hw.gpus) or translate("FirstRunPage", "no GPU")
    cores = translate("FirstRunPage", "%n threads", "", hw.cpu.logical_cores) \
        if hw.cpu.logical_cores else "?"
    ram = translate("FirstRunPage", "{total} RAM ({free} free)").format(
        total=format_bytes(hw.ram_total), free=format_bytes(hw.ram_available))
    line = f"{hw.cpu.name or hw.cpu.arch or 'CPU'} · {cores} · {ram} · {gpus}"
    return line, chosen, hw.ram_total


def needs_text(fit: Any, ram_total: int) -> str:
    """"needs 1.2 GB of 25.3 GB RAM": the same formatter as the hardware line above."""
    needed = format_bytes(fit.needed_bytes)
    if fit.label in ("cpu", "no") and ram_total:
        return translate("FirstRunPage", "needs {needed} of {ram} RAM").format(
            needed=needed, ram=format_bytes(ram_total))
    return translate("FirstRunPage", "needs {needed}").format(needed=needed)


class ModelCard(QFrame):
    def __init__(self, entry: Any, on_download: Any, ram_total: int = 0) -> None:
        super().__init__()
        self.setObjectName("card")
        self.entry = entry
        fit = entry.fit
        col = QVBoxLayout(self)
        col.setContentsMargins(16, 14, 16, 14)
        col.setSpacing(6)
        name = QLabel(entry.name)
        name.setStyleSheet("font-weight: 600; font-size: 11pt;")
        name.setWordWrap(True)
        # "Recommended" beside the name, not beside the speed badge: the two badges on one
        # line made that card 330 px at least, too wide for two columns at 900 px.
        title = QHBoxLayout()
        title.addWidget(name, 1)
        col.addLayout(title)
        self.recommended = None
        if entry.recommended:
            self.recommended = QLabel(self.tr("Recommended"))
            self.recommended.setProperty("badge", "recommended")
            self.recommended.setToolTip(self.tr("The best starter for this computer: the "
                                                "largest model that runs well here."))
            title.addWidget(self.recommended, 0, Qt.AlignmentFlag.AlignTop)
        top = QHBoxLayout()
        top.setSpacing(6)
        self.badge = QLabel(badge_text(entry, fit.label))
        self.badge.setProperty("badge", BADGE_STYLE.get(speed_class(entry), fit.label))
        self.badge.setToolTip(fit_tip(entry))
        top.addWidget(self.badge)
        top.addStretch(1)
        col.addLayout(top)
        # Facts on their own line: beside two badges they were cut off in a narrow card.
        facts = QLabel(" · ".join(x for x in (
            format_bytes(entry.size),
            self.tr("{n}B params").format(n=number(entry.parameters / 1e9, 1)),
            needs_text(fit, ram_total)) if x))
        facts.setProperty("subtle", True)
        facts.setWordWrap(True)
        facts.setToolTip(self.tr("License: {license}").format(license=entry.license)
                         + f"\n{fit.text}")
        col.addWidget(facts)
        desc = QLabel(entry.local_description())
        desc.setWordWrap(True)
        desc.setMinimumHeight(54)
        desc.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        col.addWidget(desc, 1)
        bottom = QHBoxLayout()
        lic = QLabel(f"{entry.quant} · {entry.license}")
        lic.setProperty("subtle", True)
        bottom.addWidget(lic, 1)
        self.button = QPushButton(self.tr("Download"))
        # One primary button, the recommended card's: the obvious first click.
        self.button.setProperty("primary", fit.label != "no" and entry.recommended)
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
        body = QWidget()
        body.setMaximumWidth(1040)
        col = QVBoxLayout(body)
        col.setContentsMargins(40, 36, 40, 32)
        col.setSpacing(12)
        title = QLabel(self.tr("Welcome to Hearth"))
        title.setStyleSheet("font-size: 22pt; font-weight: 600;")
        col.addWidget(title)
        sub = QLabel(self.tr("Chat with language models and your own documents — privately, "
                             "on this computer. Pick a starter model to download, or import "
                             "one you have."))
        sub.setWordWrap(True)
        sub.setProperty("subtle", True)
        col.addWidget(sub)

        hw = QFrame()
        hw.setObjectName("card")
        hrow = QHBoxLayout(hw)
        hrow.setContentsMargins(16, 10, 16, 10)
        label = QLabel(self.tr("This computer"))
        label.setStyleSheet("font-weight: 600;")
        hrow.addWidget(label)
        self.hardware = QLabel(self.tr("Looking at the hardware…"))
        self.hardware.setProperty("subtle", True)
        self.hardware.setWordWrap(True)
        hrow.addWidget(self.hardware, 1)
        col.addWidget(hw)

        heading = QLabel(self.tr("Starter models"))
        heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        col.addSpacing(10)
        col.addWidget(heading)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        self.columns = 0  # set by _reflow from the width there is
        col.addLayout(self.grid)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        col.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.hide()
        col.addWidget(self.progress)

        actions = QHBoxLayout()
        have = QLabel(self.tr("Already have a model file?"))
        have.setProperty("subtle", True)
        actions.addWidget(have)
        self.import_button = QPushButton(self.tr("Import a GGUF file…"))
        self.import_button.clicked.connect(self.choose_file)
        actions.addWidget(self.import_button)
        browse = QPushButton(self.tr("Browse all models"))
        browse.clicked.connect(lambda: ctx.navigate("models"))
        actions.addWidget(browse)
        actions.addStretch(1)
        col.addSpacing(6)
        col.addLayout(actions)
        col.addStretch(1)

        self.body = body
        scroll_page(self, body, centered=True)
        self._downloads: dict[str, ModelCard] = {}
        self._poll = QTimer(self)
        self._poll.setInterval(500)
        self._poll.timeout.connect(self._check_downloads)
        ctx.tasks.run(lambda task: starter_models(ctx.hearth), lane="io", name="starters",
                      success=self._fill, failure=self._failed, owner=self)

    def _fill(self, result: tuple[str, list, int]) -> None:
        line, rows, ram_total = result
        self.hardware.setText(line)
        self.cards += [ModelCard(entry, self.download, ram_total) for entry in rows]
        self._reflow(force=True)

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(e)
        self._reflow()

    def _reflow(self, force: bool = False) -> None:
        """As many card columns as fit (3 on a wide window, 2 at 900 px, 1 below): cards
        never run off the right edge, which has no scroll bar."""
        margins = self.body.layout().contentsMargins()
        # From the page's own width (the scroll area's may not follow yet), less room for
        # a vertical scroll bar.
        width = (min(self.body.maximumWidth(), self.width() - SCROLL_BAR_ROOM)
                 - margins.left() - margins.right())
        spacing = self.grid.horizontalSpacing()
        # The widest card's own minimum: badges and buttons are longer in Polish, and in a
        # bigger font, than CARD_WIDTH allows for.
        card = max([CARD_WIDTH] + [c.minimumSizeHint().width() for c in self.cards])
        columns = max(1, min(COLUMNS, (width + spacing) // (card + spacing)))
        if columns == self.columns and not force:
            return
        self.columns = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for c in range(COLUMNS):  # equal columns, whatever each card's text
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
        for i, card in enumerate(self.cards):
            self.grid.addWidget(card, i // columns, i % columns)

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
        card.button.setText(self.tr("Starting…"))

        def start(task: TaskContext) -> str:
            return self.ctx.hearth.hub.start(entry.repo, entry.file)

        def started(download_id: str) -> None:
            card.button.setText(self.tr("Downloading"))
            self._downloads[download_id] = card
            self._poll.start()
            self._say(self.tr("Downloading {model}. Hearth opens a chat when it is ready; the "
                              "Models page shows the details.").format(model=entry.name))

        def failed(e: BaseException) -> None:
            card.button.setEnabled(True)
            card.button.setText(self.tr("Download"))
            self.ctx.show_error(e)

        self.ctx.tasks.run(start, lane="io", success=started, failure=failed, owner=self)

    def _check_downloads(self) -> None:
        """Show progress on the card; once a model is in, the main window opens a chat."""
        try:
            states = {d.id: d for d in self.ctx.hearth.hub.downloads()}  # in-memory snapshot
        except HearthError as e:
            self._poll.stop()
            self.ctx.show_error(e)
            return
        for download_id, card in list(self._downloads.items()):
            d = states.get(download_id)
            if d is None:
                continue
            if d.state == "done":
                del self._downloads[download_id]
                card.button.setText(self.tr("Installed"))
                self.ctx.models_changed.emit()
            elif d.state in ("failed", "cancelled"):
                del self._downloads[download_id]
                card.button.setEnabled(True)
                card.button.setText(self.tr("Download"))
                if d.state == "failed":
                    # The download's own advice (disk full, checksum, gated repo...) wins.
                    self.ctx.show_error(
                        self.tr("Downloading {model} failed: {error}").format(
                            model=card.entry.name, error=d.error),
                        d.hint or self.tr("Check the connection and try again."))
            elif d.bytes_total:
                card.button.setText(f"{number(100 * d.bytes_done / d.bytes_total)}%")
        if not self._downloads:
            self._poll.stop()

    # import -----------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a model"), "",
            self.tr("GGUF models (*.gguf);;All files (*)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> TaskHandle:
        self.import_button.setEnabled(False)
        self._say(self.tr("Importing {file}…").format(file=path))
        self.progress.setRange(0, 0)
        self.progress.show()

        def body(task: TaskContext) -> Any:
            return self.ctx.hearth.models.import_file(path, progress=task, cancel=task.cancel)

        def progress(p: Progress) -> None:
            if p.fraction is not None:
                self.progress.setRange(0, 1000)
                self.progress.setValue(int(p.fraction * 1000))

        def done(info: Any) -> None:
            self._say(self.tr("Imported {model}.").format(model=info.name))
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
