"""Per-chat settings: system prompt, sampling, stop sequences, seed, context length,
few-shot examples, chain of thought and attached libraries. Edits are saved to the chat
shortly after the user stops typing (one debounced write, not one per keystroke)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.common import panel_header
from engine.backends.base import Sampling


def _dspin(lo: float, hi: float, step: float, decimals: int = 2) -> QDoubleSpinBox:
    s = QDoubleSpinBox()
    s.setRange(lo, hi)
    s.setSingleStep(step)
    s.setDecimals(decimals)
    s.setMinimumWidth(70)  # a size hint from the range's widest value would widen the panel
    return s


def _spin(lo: int, hi: int, step: int = 1, special: str = "") -> QSpinBox:
    s = QSpinBox()
    s.setRange(lo, hi)
    s.setSingleStep(step)
    if special:
        s.setSpecialValueText(special)
    s.setMinimumWidth(70)  # the seed's 10-digit range would push the panel past its edge
    return s


class ChatSettingsPanel(QFrame):
    changed = Signal(dict)  # fields for ChatStore.update_chat

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesPanel")
        self.setMinimumWidth(300)
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        head, self.close_button = panel_header(self.tr("Chat settings"),
                                                self.tr("Hide chat settings"))
        head.setContentsMargins(14, 12, 8, 4)
        outer.addLayout(head)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        form = QFormLayout(body)
        form.setContentsMargins(14, 4, 14, 14)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText(self.tr("How the assistant should behave"))
        self.system_prompt.setFixedHeight(90)
        form.addRow(self._section(self.tr("System prompt")))
        form.addRow(self.system_prompt)

        form.addRow(self._section(self.tr("Sampling")))
        self.temperature = _dspin(0, 2, 0.05)
        self.top_p = _dspin(0, 1, 0.01)
        self.top_k = _spin(0, 500)
        self.min_p = _dspin(0, 1, 0.01)
        self.repeat_penalty = _dspin(0.5, 2, 0.01)
        self.max_tokens = _spin(1, 131072, 64)
        self.seed = _spin(-1, 2_147_483_647, special=self.tr("Random"))
        self.n_ctx = _spin(0, 1_048_576, 512, special=self.tr("Auto"))
        for label, w in ((self.tr("Temperature"), self.temperature), ("Top-p", self.top_p),
                         ("Top-k", self.top_k), ("Min-p", self.min_p),
                         (self.tr("Repeat penalty"), self.repeat_penalty),
                         (self.tr("Max tokens"), self.max_tokens),
                         (self.tr("Seed"), self.seed), (self.tr("Context length"), self.n_ctx)):
            form.addRow(label, w)
        self.stop = QPlainTextEdit()
        self.stop.setPlaceholderText(self.tr("One stop sequence per line"))
        self.stop.setFixedHeight(56)
        form.addRow(self.tr("Stop sequences"), self.stop)
        self.chain_of_thought = QCheckBox(self.tr("Think step by step"))
        self.chain_of_thought.setToolTip(self.tr("Ask the model to reason step by step before "
                                                 "it answers: slower, often better on hard "
                                                 "questions"))
        form.addRow(self.chain_of_thought)

        form.addRow(self._section(self.tr("Few-shot examples")))
        self.few_shot = QTableWidget(0, 2)
        self.few_shot.setHorizontalHeaderLabels([self.tr("User"), self.tr("Assistant")])
        self.few_shot.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.few_shot.verticalHeader().hide()
        self.few_shot.setFixedHeight(110)
        self.few_shot.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        form.addRow(self.few_shot)
        row = QHBoxLayout()
        row.setSpacing(8)
        add = QPushButton(self.tr("Add example"))
        add.clicked.connect(self._add_example)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self._remove_example)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        form.addRow(row)

        form.addRow(self._section(self.tr("Libraries")))
        hint = QLabel(self.tr("Answers use and cite the checked libraries."))
        hint.setProperty("subtle", True)
        hint.setWordWrap(True)
        form.addRow(hint)
        self.libraries = QListWidget()
        self.libraries.setFixedHeight(100)
        form.addRow(self.libraries)

        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self._emit)
        for w in (self.temperature, self.top_p, self.min_p, self.repeat_penalty):
            w.valueChanged.connect(self._touched)
        for w in (self.top_k, self.max_tokens, self.seed, self.n_ctx):
            w.valueChanged.connect(self._touched)
        self.system_prompt.textChanged.connect(self._touched)
        self.stop.textChanged.connect(self._touched)
        self.chain_of_thought.toggled.connect(self._touched)
        self.few_shot.itemChanged.connect(self._touched)
        self.libraries.itemChanged.connect(self._touched)

    def _section(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet("font-weight: 600;")
        label.setContentsMargins(0, 8, 0, 0)  # a QSS margin also shifted it right
        return label

    def _touched(self, *_: Any) -> None:
        if not self._loading:
            self._timer.start()

    def flush(self) -> dict[str, Any] | None:
        """Save pending edits now (before sending, switching chat or quitting); returns
        the fields it saved, None when nothing was pending."""
        if self._timer.isActive():
            self._timer.stop()
            return self._emit()
        return None

    def _emit(self) -> dict[str, Any]:
        values = self.values()
        self.changed.emit(values)
        return values

    def _add_example(self) -> None:
        r = self.few_shot.rowCount()
        self.few_shot.insertRow(r)
        self.few_shot.setItem(r, 0, QTableWidgetItem(""))
        self.few_shot.setItem(r, 1, QTableWidgetItem(""))
        self.few_shot.editItem(self.few_shot.item(r, 0))

    def _remove_example(self) -> None:
        rows = sorted({i.row() for i in self.few_shot.selectedIndexes()}, reverse=True)
        for r in rows or ([self.few_shot.rowCount() - 1] if self.few_shot.rowCount() else []):
            self.few_shot.removeRow(r)
        self._touched()

    # chat <-> form ----------------------------------------------------------------------
    def load(self, chat: Any, library_names: list[str]) -> None:
        self._timer.stop()
        self._loading = True
        try:
            s: Sampling = chat.sampling
            self.system_prompt.setPlainText(chat.system_prompt or "")
            self.temperature.setValue(s.temperature)
            self.top_p.setValue(s.top_p)
            self.top_k.setValue(s.top_k)
            self.min_p.setValue(s.min_p)
            self.repeat_penalty.setValue(s.repeat_penalty)
            self.max_tokens.setValue(s.max_tokens)
            self.seed.setValue(-1 if s.seed is None else s.seed)
            self.n_ctx.setValue(chat.n_ctx or 0)
            self.stop.setPlainText("\n".join(s.stop))
            self.chain_of_thought.setChecked(bool(chat.chain_of_thought))
            self.few_shot.setRowCount(0)
            for user, assistant in chat.few_shot or []:
                r = self.few_shot.rowCount()
                self.few_shot.insertRow(r)
                self.few_shot.setItem(r, 0, QTableWidgetItem(user))
                self.few_shot.setItem(r, 1, QTableWidgetItem(assistant))
            self.set_libraries(library_names, list(chat.libraries or []))
        finally:
            self._loading = False

    def set_libraries(self, names: list[str], checked: list[str]) -> None:
        was = self._loading
        self._loading = True
        self.libraries.clear()
        for name in sorted(set(names) | set(checked)):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in checked
                               else Qt.CheckState.Unchecked)
            self.libraries.addItem(item)
        if not names and not checked:
            item = QListWidgetItem(
                self.tr("No libraries yet — create one on the Libraries page."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.libraries.addItem(item)
        self._loading = was

    def library_names(self) -> list[str]:
        return [self.libraries.item(i).text() for i in range(self.libraries.count())
                if self.libraries.item(i).flags() & Qt.ItemFlag.ItemIsUserCheckable]

    def check_library(self, name: str, on: bool) -> None:
        """Attach or detach `name` (saved like any edit of the panel)."""
        for i in range(self.libraries.count()):
            item = self.libraries.item(i)
            if item.text() == name and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked_libraries(self) -> list[str]:
        out = []
        for i in range(self.libraries.count()):
            item = self.libraries.item(i)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and \
                    item.checkState() == Qt.CheckState.Checked:
                out.append(item.text())
        return out

    def values(self) -> dict[str, Any]:
        few_shot = []
        for r in range(self.few_shot.rowCount()):
            u, a = self.few_shot.item(r, 0), self.few_shot.item(r, 1)
            user, assistant = (u.text() if u else "").strip(), (a.text() if a else "").strip()
            if user or assistant:
                few_shot.append([user, assistant])
        sampling = Sampling(
            temperature=self.temperature.value(), top_p=self.top_p.value(),
            top_k=self.top_k.value(), min_p=self.min_p.value(),
            repeat_penalty=self.repeat_penalty.value(), max_tokens=self.max_tokens.value(),
            stop=[s for s in self.stop.toPlainText().split("\n") if s],
            seed=None if self.seed.value() < 0 else self.seed.value(),
        )
        return {
            "system_prompt": self.system_prompt.toPlainText(),
            "sampling": sampling,
            "few_shot": few_shot,
            "chain_of_thought": self.chain_of_thought.isChecked(),
            "libraries": self.checked_libraries(),
            "n_ctx": self.n_ctx.value() or None,
        }
