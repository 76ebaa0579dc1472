"""Settings: appearance, hardware report, engine (backend, GPU layers, threads, context),
data folder, embedding model, network (offline mode, Hugging Face token), about and
licenses. Each change is validated and saved at once (settings.json, atomically)."""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.i18n import LANGUAGES, translate
from desktop.tasks import TaskContext
from desktop.views.about import licenses_text
from desktop.widgets.common import scroll_page
from desktop.widgets.embedding_picker import EmbeddingPicker
from engine import __version__
from engine.errors import HearthError

log = logging.getLogger(__name__)
PROMPT_SAVE_MS = 700  # after the last keystroke in the system prompt
# Free RAM changes as programs start and stop: re-read this often while the page shows
# (one psutil call, on the io lane with the rest of the report).
MEMORY_REFRESH_MS = 5000

THEMES = [("system", QT_TRANSLATE_NOOP("SettingsPage", "Follow the system")),
          ("light", QT_TRANSLATE_NOOP("SettingsPage", "Light")),
          ("dark", QT_TRANSLATE_NOOP("SettingsPage", "Dark"))]
BACKENDS = [("auto", QT_TRANSLATE_NOOP("SettingsPage", "Automatic (GPU when it fits)")),
            ("cpu", QT_TRANSLATE_NOOP("SettingsPage", "CPU only")), ("gpu", "GPU")]


class _Hint(QLabel):
    """A wrapped hint exactly as tall as its text at its width. QFormLayout sizes a row
    from the label's size hint, the wrap at its minimum width (a two-line hint got the
    height of four, a gap under it)."""

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(e)
        height = self.heightForWidth(self.width())
        if height > 0 and height != self.height():
            self.setFixedHeight(height)


def _muted(text: str) -> QLabel:
    label = _Hint(text)
    label.setProperty("subtle", True)
    label.setWordWrap(True)
    # A wrapped label in a form column otherwise gets squeezed; no wider, so the page fits
    # an 800-pixel window. Expanding: it takes the field column's whole width (a hint two
    # lines long, not four beside empty space).
    label.setMinimumWidth(240)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loading = False
        body = QWidget()
        self.col = QVBoxLayout(body)
        self.col.setContentsMargins(32, 24, 32, 32)
        self.col.setSpacing(14)
        title = QLabel(self.tr("Settings"))
        title.setObjectName("pageTitle")
        self.col.addWidget(title)
        self._appearance()
        self._hardware()
        self._engine()
        self._data()
        self._network()
        self._server()
        self._remotes()
        self._about()
        self.col.addStretch(1)
        body.setMaximumWidth(900)
        scroll_page(self, body, centered=True)  # on a wide screen, not all at the left
        self.load()
        ctx.settings_changed.connect(lambda _: self.load())

    def _group(self, title: str) -> QFormLayout:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.col.addWidget(box)
        return form

    # sections -------------------------------------------------------------------------
    def _appearance(self) -> None:
        form = self._group(self.tr("Appearance"))
        self.theme = QComboBox()
        for key, label in THEMES:
            self.theme.addItem(translate("SettingsPage", label), key)
        self.theme.currentIndexChanged.connect(
            lambda _: self._save(theme=self.theme.currentData()))
        form.addRow(self.tr("Theme"), self.theme)
        self.language = QComboBox()
        for key, name in LANGUAGES:  # each language named in its own words, but "System"
            self.language.addItem(self.tr("System") if not key else name, key)
        self.language.currentIndexChanged.connect(self._language_changed)
        form.addRow(self.tr("Language"), self.language)
        # The new language shows after a restart: offered here, never forced.
        self.restart_row = QWidget()
        rrow = QHBoxLayout(self.restart_row)
        rrow.setContentsMargins(0, 0, 0, 0)
        rrow.addWidget(_muted(self.tr("The new language is used after Hearth restarts.")), 1)
        restart = QPushButton(self.tr("Restart now"))
        restart.clicked.connect(self.ctx.restart_requested)
        rrow.addWidget(restart)
        self.restart_row.hide()
        form.addRow("", self.restart_row)
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setFixedHeight(64)
        self.system_prompt.setPlaceholderText(self.tr("The system prompt new chats start with"))
        form.addRow(self.tr("New chats start with"), self.system_prompt)
        # Saved by itself a moment after typing stops, like every other setting here.
        self._prompt_timer = QTimer(self)
        self._prompt_timer.setSingleShot(True)
        self._prompt_timer.setInterval(PROMPT_SAVE_MS)
        self._prompt_timer.timeout.connect(
            lambda: self._save(system_prompt=self.system_prompt.toPlainText()))
        self.system_prompt.textChanged.connect(self._prompt_edited)

    def _hardware(self) -> None:
        form = self._group(self.tr("Hardware"))
        self.hardware_text = QLabel(self.tr("Detecting…"))
        self.hardware_text.setWordWrap(True)
        self.hardware_text.setTextFormat(Qt.TextFormat.RichText)
        self.hardware_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.hardware_text)
        refresh = QPushButton(self.tr("Detect again"))
        refresh.clicked.connect(lambda: self.load_hardware(refresh=True))
        form.addRow("", refresh)
        self._memory_timer = QTimer(self)
        self._memory_timer.setInterval(MEMORY_REFRESH_MS)
        self._memory_timer.timeout.connect(lambda: self.load_hardware(memory=True))
        self._hardware_busy = False
        self.load_hardware()

    def _engine(self) -> None:
        form = self._group(self.tr("Engine"))
        self.backend = QComboBox()
        for key, label in BACKENDS:
            self.backend.addItem(translate("SettingsPage", label), key)
        self.backend.currentIndexChanged.connect(self._backend_changed)
        form.addRow(self.tr("Run models on"), self.backend)
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setRange(-1, 999)
        self.gpu_layers.setSpecialValueText(self.tr("Automatic"))
        self.gpu_layers.setToolTip(self.tr("How many layers go to the GPU; 999 puts them all there."))
        self.gpu_layers.editingFinished.connect(self._gpu_layers_changed)
        form.addRow(self.tr("GPU layers"), self.gpu_layers)
        self.threads = QSpinBox()
        self.threads.setRange(0, 512)
        self.threads.setSpecialValueText(self.tr("Automatic"))
        self.threads.editingFinished.connect(lambda: self._save(threads=self.threads.value()))
        form.addRow(self.tr("CPU threads"), self.threads)
        self.context_length = QSpinBox()
        self.context_length.setRange(0, 1_048_576)
        self.context_length.setSingleStep(1024)
        self.context_length.setSpecialValueText(self.tr("Automatic"))
        self.context_length.editingFinished.connect(
            lambda: self._save(context_length=self.context_length.value()))
        form.addRow(self.tr("Context length"), self.context_length)
        form.addRow("", _muted(self.tr("Changes apply the next time a model is loaded.")))

    def _data(self) -> None:
        form = self._group(self.tr("Data"))
        row = QHBoxLayout()
        self.data_folder = QLineEdit(str(self.ctx.hearth.paths.home))
        self.data_folder.setReadOnly(True)
        row.addWidget(self.data_folder, 1)
        open_button = QPushButton(self.tr("Open folder"))
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(self.ctx.hearth.paths.home))))
        row.addWidget(open_button)
        form.addRow(self.tr("Data folder"), row)
        form.addRow("", _muted(self.tr("Models, chats, libraries and logs live here. Set the "
                                         "HEARTH_HOME environment variable to use another "
                                         "folder.")))
        self.embedding_model = EmbeddingPicker()
        self.embedding_model.activated.connect(
            lambda _i: self._save(embedding_model=self.embedding_model.current_model()))
        # As wide as the folder field below: its "Automatic (…)" label reads whole.
        self.embedding_model.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        form.addRow(self.tr("Embedding model for new libraries"), self.embedding_model)
        prow = QHBoxLayout()
        self.embedding_path = QLineEdit()
        self.embedding_path.setPlaceholderText(self.tr("Optional: a local model folder"))
        self.embedding_path.editingFinished.connect(
            lambda: self._save(embedding_model_path=self.embedding_path.text().strip()))
        prow.addWidget(self.embedding_path, 1)
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse_embedding)
        prow.addWidget(browse)
        form.addRow(self.tr("Embedding model folder"), prow)
        form.addRow("", _muted(self.tr("Each library keeps its own model (change it on the "
                                         "library's page). The folder holds a local copy of "
                                         "the English model.")))
        self.more_context = QCheckBox(self.tr("Answers from libraries read more passages"))
        self.more_context.setToolTip(self.tr(
            "Off: passages from the five best documents, so answers start sooner. On: as "
            "many as fit the model's context; the answer may take much longer to start."))
        self.more_context.toggled.connect(lambda on: self._save(more_context=on))
        form.addRow(self.more_context)

    def _network(self) -> None:
        form = self._group(self.tr("Network"))
        self.offline = QCheckBox(self.tr("Offline mode: never use the network"))
        self.offline.toggled.connect(lambda on: self._save(offline=on))
        form.addRow("", self.offline)
        self.hf_endpoint = QLineEdit()
        self.hf_endpoint.setPlaceholderText("https://huggingface.co")
        self.hf_endpoint.setToolTip(self.tr("A Hugging Face mirror, e.g. a company proxy; empty: "
                                            "HF_ENDPOINT, else huggingface.co"))
        self.hf_endpoint.editingFinished.connect(self._endpoint_changed)
        form.addRow(self.tr("Hub address"), self.hf_endpoint)
        self.token_status = QLabel("…")
        form.addRow(self.tr("Hugging Face token"), self.token_status)
        trow = QHBoxLayout()
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("hf_…  (for gated or private models)"))
        trow.addWidget(self.token, 1)
        save = QPushButton(self.tr("Save token"))
        save.clicked.connect(self._save_token)
        trow.addWidget(save)
        clear = QPushButton(self.tr("Remove"))
        clear.clicked.connect(self._clear_token)
        trow.addWidget(clear)
        form.addRow("", trow)
        self.refresh_token_status()

    def _endpoint_changed(self) -> None:
        import urllib.parse

        text = self.hf_endpoint.text().strip().rstrip("/")
        parts = urllib.parse.urlsplit(text)
        if text and (parts.scheme not in ("http", "https") or not parts.netloc):
            self.ctx.show_error(self.tr("{text} is not a web address.").format(text=text),
                                self.tr("Give the mirror's address, e.g. https://hf-mirror.example, "
                                        "or leave it empty for huggingface.co."))
            self.hf_endpoint.setText(self.ctx.settings.hf_endpoint)
            return
        self._save(hf_endpoint=text)

    def _server(self) -> None:
        form = self._group(self.tr("API server"))
        self.serve = QCheckBox(self.tr("Serve an OpenAI-compatible API to programs on this "
                                       "computer"))
        self.serve.toggled.connect(self._serve_toggled)
        form.addRow(self.serve)  # both columns: a long label, and the page fits 800 pixels
        self.serve_port = QSpinBox()
        self.serve_port.setRange(1024, 65535)
        self.serve_port.editingFinished.connect(self._serve_port_changed)
        form.addRow(self.tr("Port"), self.serve_port)
        self.serve_idle = QSpinBox()
        self.serve_idle.setRange(0, 24 * 60)
        self.serve_idle.setSpecialValueText(self.tr("Never"))
        self.serve_idle.setSuffix(self.tr(" min"))
        self.serve_idle.setToolTip(self.tr("Unload a model the server loaded after this long "
                                           "without requests; the next request loads it again"))
        self.serve_idle.editingFinished.connect(self._serve_idle_changed)
        form.addRow(self.tr("Unload when idle"), self.serve_idle)
        row = QHBoxLayout()
        self.serve_url = QLineEdit()
        self.serve_url.setReadOnly(True)
        row.addWidget(self.serve_url, 1)
        self.serve_copy = QPushButton(self.tr("Copy"))
        self.serve_copy.clicked.connect(self._copy_serve_url)
        row.addWidget(self.serve_copy)
        form.addRow(self.tr("Address"), row)
        self.serve_traffic = QLabel(self._traffic_text(None))
        form.addRow(self.tr("Traffic"), self.serve_traffic)
        form.addRow("", _muted(self.tr(
            "Only programs on this computer can connect. Point an OpenAI client at the "
            "address; models are named as on the Models page, libraries as library:NAME. "
            "Requests wait for your own chats: there is one model.")))
        self.ctx.api.state_changed.connect(self._serve_state)
        self.ctx.api.traffic_changed.connect(
            lambda t: self.serve_traffic.setText(self._traffic_text(t)))
        self._serve_state()

    def _traffic_text(self, t: Any) -> str:
        if t is None:
            return self.tr("No requests yet")
        parts = [self.tr("%n requests", "", t.requests)]
        if t.active:
            parts.append(self.tr("%n running or waiting", "", t.active))
        if t.rejected:
            parts.append(self.tr("%n turned away (queue full)", "", t.rejected))
        return " · ".join(parts)

    def _serve_toggled(self, on: bool) -> None:
        if self._loading:
            return
        self._save(serve_enabled=on)
        if on:
            self.ctx.api.start()
        else:
            self.ctx.api.stop()

    def _serve_port_changed(self) -> None:
        port = self.serve_port.value()
        if port == self.ctx.settings.serve_port:
            return
        self._save(serve_port=port)
        self._restart_server()

    def _serve_idle_changed(self) -> None:
        seconds = self.serve_idle.value() * 60
        if seconds == self.ctx.settings.serve_idle_unload_s:
            return
        self._save(serve_idle_unload_s=seconds)
        self._restart_server()

    def _restart_server(self) -> None:
        if self.ctx.api.server is not None:  # listening: again, with the new settings
            self.ctx.api.stop()
            self.ctx.api.start()

    def _copy_serve_url(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.clipboard().setText(self.serve_url.text())

    def _serve_state(self) -> None:
        api = self.ctx.api
        if api.error:
            self.serve_url.setText(api.error)
        elif api.running:
            self.serve_url.setText(api.url)
        else:
            self.serve_url.setText(self.tr("Not serving"))
        self.serve_copy.setEnabled(api.running)

    def _remotes(self) -> None:
        form = self._group(self.tr("Remote engines"))
        self.remote_list = QLabel(self.tr("None yet"))
        self.remote_list.setWordWrap(True)
        self.remote_list.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.tr("Added"), self.remote_list)
        self.remote_name = QLineEdit()
        self.remote_name.setPlaceholderText(self.tr("a short name, e.g. lab"))
        form.addRow(self.tr("Name"), self.remote_name)
        self.remote_url = QLineEdit()
        self.remote_url.setPlaceholderText("http://gpu-box:8080/v1")
        form.addRow(self.tr("Address"), self.remote_url)
        self.remote_key = QLineEdit()
        self.remote_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.remote_key.setPlaceholderText(self.tr("API key, if the server needs one"))
        form.addRow(self.tr("API key"), self.remote_key)
        row = QHBoxLayout()
        self.remote_add = QPushButton(self.tr("Add and find its models"))
        self.remote_add.clicked.connect(self._add_remote)
        row.addWidget(self.remote_add)
        self.remote_remove = QPushButton(self.tr("Remove the named one"))
        self.remote_remove.clicked.connect(self._remove_remote)
        row.addWidget(self.remote_remove)
        row.addStretch(1)
        form.addRow("", row)
        form.addRow("", _muted(self.tr(
            "A remote engine is another computer's OpenAI-compatible server (llama-server, "
            "vLLM, Ollama, LM Studio, Hearth). Its models appear in the model picker; what "
            "you send them leaves this computer. Offline mode turns them off.")))
        self.refresh_remotes()

    def refresh_remotes(self) -> None:
        def names(_task: TaskContext) -> list[str]:
            return [f"{e.name} — {e.base_url} ({', '.join(e.models) or '?'})"
                    for e in self.ctx.hearth.remotes.list()]

        self.ctx.tasks.run(names, lane="io", owner=self, success=lambda rows: (
            self.remote_list.setText("\n".join(rows) or self.tr("None yet"))))

    def _add_remote(self) -> None:
        name, url, key = (self.remote_name.text().strip(), self.remote_url.text().strip(),
                          self.remote_key.text().strip())
        hearth = self.ctx.hearth

        def add(_task: TaskContext) -> str:
            from engine.remote.client import discover
            from engine.remote.store import RemoteEngine, normal_url

            hearth.remotes.check_name(name)
            engine = RemoteEngine(name, normal_url(url))
            engine.models = discover(engine, key or None, hearth.settings.offline)
            hearth.remotes.save(engine)
            if key:
                hearth.remotes.key(name).set(key)
            return name

        def added(_name: str) -> None:
            self.remote_key.clear()
            self.refresh_remotes()
            self.ctx.models_changed.emit()  # the model pickers list its models

        self.remote_add.setEnabled(False)
        self.ctx.tasks.run(add, lane="io", name="add remote engine", owner=self, success=added,
                           finished=lambda: self.remote_add.setEnabled(True))

    def _remove_remote(self) -> None:
        name = self.remote_name.text().strip()
        hearth = self.ctx.hearth

        def removed(_: Any) -> None:
            self.refresh_remotes()
            self.ctx.models_changed.emit()

        self.ctx.tasks.run(lambda _t: hearth.remotes.remove(name), lane="io", owner=self,
                           success=removed)

    def _about(self) -> None:
        form = self._group(self.tr("About"))
        about = QLabel(f"<b>Hearth {__version__}</b> — " + self.tr(
            "run language models and chat with your documents, privately, on this computer.")
            + " Apache-2.0.")
        about.setWordWrap(True)
        form.addRow(about)
        self.licenses = QPlainTextEdit()
        self.licenses.setReadOnly(True)
        self.licenses.setFixedHeight(150)
        self.licenses.hide()
        show = QPushButton(self.tr("Show open-source licenses"))
        show.clicked.connect(self._show_licenses)
        row = QHBoxLayout()
        row.addWidget(show)
        row.addStretch(1)
        form.addRow(row)
        form.addRow(self.licenses)

    # loading and saving ----------------------------------------------------------------
    def load(self) -> None:
        s = self.ctx.settings
        self._loading = True
        try:
            self.theme.setCurrentIndex(max(0, self.theme.findData(s.theme)))
            self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
            if not self.system_prompt.hasFocus():
                self.system_prompt.setPlainText(s.system_prompt)
            self.backend.setCurrentIndex(max(0, self.backend.findData(s.backend)))
            self.gpu_layers.setValue(-1 if s.gpu_layers is None else min(s.gpu_layers, 999))
            self.gpu_layers.setEnabled(s.backend != "cpu")
            self.threads.setValue(s.threads)
            self.context_length.setValue(s.context_length)
            self.embedding_model.show_model(s.embedding_model)
            self.embedding_path.setText(s.embedding_model_path)
            env_path = os.environ.get("HEARTH_EMBEDDING_MODEL_PATH", "").strip()
            self.embedding_path.setPlaceholderText(
                self.tr("Set by HEARTH_EMBEDDING_MODEL_PATH: {path}").format(path=env_path)
                if env_path else self.tr("Optional: a local model folder"))
            self.more_context.setChecked(s.more_context)
            self.offline.setChecked(s.offline)
            if not self.hf_endpoint.hasFocus():
                self.hf_endpoint.setText(s.hf_endpoint)
            self.serve.setChecked(s.serve_enabled)
            self.serve_port.setValue(s.serve_port)
            self.serve_idle.setValue(s.serve_idle_unload_s // 60)
        finally:
            self._loading = False

    def _prompt_edited(self) -> None:
        if not self._loading:
            self._prompt_timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.load_hardware(memory=True)  # free RAM as it is now, not as it was at launch
        self._memory_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self._memory_timer.stop()
        if self._prompt_timer.isActive():  # another page, or the window closing: save now
            self._prompt_timer.stop()
            self._save(system_prompt=self.system_prompt.toPlainText())
        super().hideEvent(event)

    def _save(self, **changes: Any) -> None:
        if self._loading:
            return
        s = self.ctx.settings
        if all(getattr(s, k) == v for k, v in changes.items()):
            return
        try:
            self.ctx.update_settings(**changes)
        except HearthError as e:
            self.ctx.show_error(e)
            self.load()

    def _language_changed(self, _i: int) -> None:
        if self._loading:
            return
        self._save(language=self.language.currentData())
        self.restart_row.setVisible(self.language.currentData() != self.ctx.ui_language)

    def _backend_changed(self, _i: int) -> None:
        backend = self.backend.currentData()
        self.gpu_layers.setEnabled(backend != "cpu")
        self._save(backend=backend)

    def _gpu_layers_changed(self) -> None:
        v = self.gpu_layers.value()
        self._save(gpu_layers=None if v < 0 else v)

    def _browse_embedding(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Embedding model folder"))
        if folder:
            self.embedding_path.setText(folder)
            self._save(embedding_model_path=folder)

    def load_hardware(self, refresh: bool = False, memory: bool = False) -> None:
        """Show the hardware report: `refresh` probes everything again, `memory` re-reads
        only RAM (the timer's call, skipped while an earlier read is still running)."""
        if memory and self._hardware_busy:
            return
        self._hardware_busy = True
        hearth = self.ctx.hearth

        def detect(task: TaskContext) -> str:
            return hardware_text(hearth.hardware(refresh=refresh, memory=memory))

        def failed(e: BaseException) -> None:
            self.hardware_text.setText(self.tr("Could not detect the hardware: {error}").format(error=e))

        def finished() -> None:
            self._hardware_busy = False

        self.ctx.tasks.run(detect, lane="io", success=self.hardware_text.setText,
                           failure=failed, finished=finished, owner=self)

    # Hugging Face token ----------------------------------------------------------------
    def refresh_token_status(self) -> None:
        def status(task: TaskContext) -> str:
            return token_status_text(self.ctx.hearth.hub.token_status())

        def failed(e: BaseException) -> None:
            self.token_status.setText(self.tr("Unavailable: {error}").format(
                error=getattr(e, "message", e)))

        self.ctx.tasks.run(status, lane="io", success=self.token_status.setText,
                           failure=failed, owner=self)

    def _save_token(self) -> None:
        token = self.token.text().strip()
        if not token:
            return

        def save(task: TaskContext) -> None:
            self.ctx.hearth.hub.set_token(token)

        def done(_: Any) -> None:
            self.token.clear()
            self.refresh_token_status()

        self.ctx.tasks.run(save, lane="io", success=done, owner=self)

    def _clear_token(self) -> None:
        self.ctx.tasks.run(lambda task: self.ctx.hearth.hub.clear_token(), lane="io",
                           success=lambda _: self.refresh_token_status(), owner=self)

    def _show_licenses(self) -> None:
        if not self.licenses.toPlainText():
            self.licenses.setPlainText(licenses_text())
        self.licenses.setVisible(not self.licenses.isVisible())


def hardware_text(hw: Any) -> str:
    """The hardware report as a two-column HTML table ("CPU:  …" lines → label | value)."""
    from html import escape

    summary_rows = getattr(hw, "summary_rows", None)
    if callable(summary_rows):  # the engine's rows, in its language (engine.i18n)
        pairs = [(str(label), str(value)) for label, value in summary_rows()]
    else:
        pairs = []
        for line in str(hw).splitlines():
            label, sep, value = line.partition(":")
            if sep and len(label) <= 12:
                pairs.append((label, value.strip()))
            elif line.strip():
                pairs.append(("", line.strip()))
    rows = [f"<tr><td style='padding-right:14px; font-weight:600'>{escape(label)}"
            f"</td><td>{escape(value)}</td></tr>" for label, value in pairs]
    return "<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>"


def token_status_text(status: Any) -> str:
    """TokenStatus(set, where, preview) → one line for people."""
    if not getattr(status, "set", False):
        return translate("SettingsPage", "Not set. Public models download without one.")
    where = {"keyring": translate("SettingsPage", "in the system keyring"),
             "file": translate("SettingsPage", "in Hearth's data folder"),
             "huggingface": translate("SettingsPage", "from the Hugging Face CLI login"),
             }.get(status.where, "")
    return translate("SettingsPage", "Set ({where}).").format(
        where=status.preview + (", " + where if where else ""))
