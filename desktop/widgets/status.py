"""Status bar: the loaded model, backend/device (the plan's reason in the tooltip), memory,
and what the background lanes are doing."""

from __future__ import annotations

import os

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar

from desktop.context import AppContext
from desktop.formats import size as format_bytes
from desktop.i18n import translate
from desktop.widgets.elided import ElidedLabel

MEMORY_REFRESH_MS = 2000
LANE_TEXT = {"model": QT_TRANSLATE_NOOP("StatusBar", "Model busy"),
             "index": QT_TRANSLATE_NOOP("StatusBar", "Indexing"),
             "io": QT_TRANSLATE_NOOP("StatusBar", "Working")}


class StatusBar(QStatusBar):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setSizeGripEnabled(False)
        # The model's name and the device end in "…" on a narrow window: the memory
        # figure on the right keeps its room (it was squeezed to 19 px at 800 wide).
        self.model_label = ElidedLabel()
        self.device_label = ElidedLabel()
        for label in (self.model_label, self.device_label):  # their text's width when free
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.busy_label = QLabel()
        self.memory_label = QLabel()
        self.addWidget(self.model_label)
        self.addWidget(self.device_label)
        self.addPermanentWidget(self.busy_label)
        self.addPermanentWidget(self.memory_label)
        self._busy: set[str] = set()
        ctx.model_state_changed.connect(self.refresh_model)
        ctx.model_loading.connect(lambda _: self.refresh_model())
        ctx.tasks.busy_changed.connect(self._lane_busy)
        self._timer = QTimer(self)
        self._timer.setInterval(MEMORY_REFRESH_MS)
        self._timer.timeout.connect(self.refresh_memory)
        self._timer.start()
        self.refresh_model()
        QTimer.singleShot(300, self.refresh_memory)  # after the first paint

    def refresh_model(self) -> None:
        loading = self.ctx.loading_model
        model = self.ctx.loaded_model
        plan = self.ctx.load_plan
        if loading:
            self.model_label.setText("⏳ " + self.tr("Loading {model}…").format(model=loading))
        elif model is not None:
            self.model_label.setText(f"● {model.name}")
        else:
            self.model_label.setText("○ " + self.tr("No model loaded"))
        if plan is not None and model is not None and not loading:
            device = plan.device.upper() if plan.device == "cpu" else plan.device
            layers = "" if plan.gpu_layers == 0 else " · " + (
                self.tr("all layers on GPU") if plan.gpu_layers < 0
                else self.tr("%n GPU layers", "", plan.gpu_layers))
            context = self.tr("context {n}").format(n=plan.n_ctx)
            self.device_label.setText(f"{plan.backend} · {device}{layers} · {context}")
            tip = plan.reason
            if plan.fallback_reason:
                tip += "\n" + self.tr("Fell back to CPU: {reason}").format(
                    reason=plan.fallback_reason)
            self.device_label.setToolTip(tip)
        else:
            self.device_label.setText("")
            self.device_label.setToolTip("")
        self.device_label.setVisible(bool(self.device_label.text()))

    def refresh_memory(self) -> None:
        import psutil  # small, but only needed once the window is up

        rss = psutil.Process(os.getpid()).memory_info().rss
        vm = psutil.virtual_memory()
        self.memory_label.setText(self.tr("Memory {used} · {free} free").format(
            used=format_bytes(rss), free=format_bytes(vm.available)))
        self.memory_label.setToolTip(
            self.tr("Hearth uses {used}; the system has {free} of {total} available.").format(
                used=format_bytes(rss), free=format_bytes(vm.available),
                total=format_bytes(vm.total)))

    def _lane_busy(self, lane: str, busy: bool) -> None:
        (self._busy.add if busy else self._busy.discard)(lane)
        self.busy_label.setText(" · ".join(translate("StatusBar", LANE_TEXT[x]) if x in LANE_TEXT
                                           else x for x in sorted(self._busy)))
