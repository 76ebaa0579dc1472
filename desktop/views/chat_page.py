"""The Chats page: chat list | conversation + composer | chat settings or sources.

This module builds the page and handles chats, models, libraries and sources; getting
replies (send, stop, regenerate, edit and resend) is in chat_reply.ReplyActions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.tasks import TaskContext, TaskHandle
from desktop.views.chat_layout import PICKER_WIDTH, ResponsiveSides
from desktop.views.chat_list import ChatListPanel
from desktop.views.chat_reply import ReplyActions, shown_state
from desktop.views.composer import Composer
from desktop.widgets.elided import ElidedComboBox, ElidedLabel
from desktop.widgets.message_view import MessageView, MessageWidget
from desktop.widgets.sources import SourcesPanel, open_source
from engine.errors import HearthError

if TYPE_CHECKING:
    from desktop.views.chat_settings import ChatSettingsPanel

log = logging.getLogger(__name__)


class ChatPage(ResponsiveSides, ReplyActions, QWidget):
    chat_shown = Signal(object)  # a saved chat's messages are on screen (its id)
    synced = Signal(object)  # after a reply, the view matches the store (the chat's id)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.chat_id: Any = None  # the open chat's id; None: a new chat, saved on first send
        self._chat: Any = None  # the open chat as last read (engine Chat)
        self._open_serial = 0
        self._reply_chat: Any = None  # the chat the running reply belongs to
        self.handle: TaskHandle | None = None
        self.stream_bubble: MessageWidget | None = None
        self.editing: MessageWidget | None = None
        self._windows: list[QWidget] = []  # open PDF viewers
        self._loaded_once = False
        self._pick_first = False

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        self.chat_list = ChatListPanel(ctx)
        self.splitter.addWidget(self.chat_list)
        self.center = self._build_center()
        self.splitter.addWidget(self.center)
        self.side = QStackedWidget()
        self._settings_panel: ChatSettingsPanel | None = None  # built on first use
        self._settings_pending: tuple[Any, list[str]] | None = None  # what it will show
        self._sources_panel: SourcesPanel | None = None
        self.side.hide()
        self.splitter.addWidget(self.side)
        self.watch_side()
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 760, 280])
        state = ctx.qsettings().value("chats/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        self._load_draft()  # a message sent before any chat is open starts a new one

        self.chat_list.chat_selected.connect(self.open_chat)
        self.chat_list.chat_selected.connect(lambda _id: self.chat_picked())
        self.chat_list.new_chat_requested.connect(self.new_chat)
        self.chat_list.new_chat_requested.connect(self.chat_picked)
        self.chat_list.chat_deleted.connect(self._deleted)
        self.chat_list.reloaded.connect(self._list_reloaded)
        self.chat_list.renamed.connect(self._renamed)
        self.view.edit_requested.connect(self.start_edit)
        self.view.regenerate_requested.connect(self.regenerate)
        self.view.citation_clicked.connect(self._citation)
        self.view.version_requested.connect(self.show_version)
        self.composer.send_requested.connect(self.send)
        self.composer.stop_requested.connect(self.stop)
        self.composer.cancel_edit_requested.connect(self.cancel_edit)
        ctx.models_changed.connect(self.reload_models)
        ctx.libraries_changed.connect(self._refresh_libraries)
        ctx.open_chat_requested.connect(self.chat_list.select)

    # The side panels are built when first needed, not with the page: together they are
    # about a quarter of the Chats page's build, which a cold start waits for.
    @property
    def settings_panel(self) -> ChatSettingsPanel:
        if self._settings_panel is None:
            from desktop.views.chat_settings import ChatSettingsPanel

            panel = self._settings_panel = ChatSettingsPanel()
            self.side.addWidget(panel)
            if self._settings_pending is not None:
                panel.load(*self._settings_pending)
                self._settings_pending = None
            panel.changed.connect(self._save_chat_settings)
            panel.close_button.clicked.connect(self.side.hide)
        return self._settings_panel

    @property
    def sources_panel(self) -> SourcesPanel:
        if self._sources_panel is None:
            panel = self._sources_panel = SourcesPanel()
            self.side.addWidget(panel)
            panel.close_button.clicked.connect(self.side.hide)
            panel.open_requested.connect(self.open_source)
        return self._sources_panel

    def _build_panels(self) -> None:
        _ = self.settings_panel, self.sources_panel

    def _build_center(self) -> QWidget:
        center = QWidget()
        col = QVBoxLayout(center)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        header = QFrame()
        header.setObjectName("panel")
        row = QHBoxLayout(header)
        row.setContentsMargins(24, 12, 16, 10)
        row.setSpacing(8)
        # Narrow windows: the chat list is hidden behind this (desktop/views/chat_layout.py).
        self.list_button = QToolButton()
        self.list_button.setText("☰")
        self.list_button.setToolTip(self.tr("Show your chats"))
        self.list_button.setAccessibleName(self.tr("Chats"))
        self.list_button.clicked.connect(self.toggle_chat_list)
        self.list_button.hide()
        row.addWidget(self.list_button)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.title = ElidedLabel(self.tr("New chat"))
        self.title.setObjectName("pageTitle")
        titles.addWidget(self.title)
        self.libraries_label = ElidedLabel("")
        self.libraries_label.setProperty("subtle", True)
        self.libraries_label.hide()
        titles.addWidget(self.libraries_label)
        row.addLayout(titles, 1)
        self.model_picker = ElidedComboBox()
        self.model_picker.setMinimumWidth(150)
        self.model_picker.setMaximumWidth(PICKER_WIDTH)
        # Wide enough for a whole GGUF name ("SmolLM2-135M-Instruct.Q4_1"), no wider.
        self.model_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model_picker.setToolTip(self.tr("The model that writes replies in this chat"))
        self.model_picker.currentIndexChanged.connect(self._model_picked)
        row.addWidget(self.model_picker)
        # A remote model: everything in the chat goes to that server. Always said here.
        self.remote_badge = QLabel()
        self.remote_badge.setObjectName("remoteBadge")
        self.remote_badge.hide()
        row.addWidget(self.remote_badge)
        self.sources_button = QPushButton(self.tr("Sources"))
        self.sources_button.setToolTip(self.tr("The documents the last answer cites"))
        self.sources_button.clicked.connect(lambda: self._toggle_side(self.sources_panel))
        self.sources_button.hide()
        row.addWidget(self.sources_button)
        # Attach libraries here, not only at the bottom of the chat's Settings panel.
        self.libraries_button = QToolButton()
        self.libraries_button.setText(self.tr("Libraries"))
        self.libraries_button.setToolTip(self.tr("Answer from your documents: attach libraries "
                                                 "to this chat"))
        self.libraries_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.libraries_menu = QMenu(self.libraries_button)
        self.libraries_menu.aboutToShow.connect(self._fill_libraries_menu)
        self.libraries_button.setMenu(self.libraries_menu)
        row.addWidget(self.libraries_button)
        self.settings_button = QPushButton(self.tr("Settings"))
        self.settings_button.setToolTip(self.tr("System prompt, sampling, libraries for this chat"))
        self.settings_button.clicked.connect(lambda: self._toggle_side(self.settings_panel))
        row.addWidget(self.settings_button)
        self.more_button = QToolButton()
        self.more_button.setText("⋯")
        # A type selector: the button's menu (its child) keeps the normal font.
        self.more_button.setStyleSheet("QToolButton { font-size: 15pt; padding: 0 8px; }")
        self.more_button.setToolTip(self.tr("Rename, export or delete this chat"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more_button)
        menu.addAction(self.tr("Rename…"), lambda: self._on_current(self.chat_list.rename))
        menu.addAction(self.tr("Export as Markdown…"),
                       lambda: self._on_current(lambda i: self.chat_list.export(i, "md")))
        menu.addAction(self.tr("Export as JSON…"),
                       lambda: self._on_current(lambda i: self.chat_list.export(i, "json")))
        menu.addSeparator()
        menu.addAction(self.tr("Delete…"), lambda: self._on_current(self.chat_list.delete))
        self.more_button.setMenu(menu)
        row.addWidget(self.more_button)
        col.addWidget(header)
        self.view = MessageView()
        col.addWidget(self.view, 1)
        self.composer = Composer()
        col.addWidget(self.composer)
        return center

    def _on_current(self, action: Callable[[Any], None]) -> None:
        if self.chat_id is not None:
            action(self.chat_id)

    # page hooks -----------------------------------------------------------------------
    def page_activated(self) -> None:
        if not self._loaded_once:
            self._loaded_once = True
            self._pick_first = True
            # The side panels, now that the page is on screen: in an idle moment, not in
            # the middle of whatever the user does first (a reply, an index run).
            QTimer.singleShot(0, self._build_panels)
            self.reload_models()
            self.chat_list.reload()
        self.composer.edit.setFocus()

    def _list_reloaded(self) -> None:
        if self._pick_first:  # first visit: the newest chat, or a new one
            self._pick_first = False
            if self.chat_list.list.count():
                self.chat_list.list.setCurrentRow(0)
            else:
                self.new_chat()

    def focus_search(self) -> None:
        self.chat_list.search.setFocus()
        self.chat_list.search.selectAll()

    def save_state(self, qs: Any, key: str) -> None:
        self.flush_settings()
        qs.setValue(f"{key}/splitter", self.splitter.saveState())

    @property
    def busy(self) -> bool:
        return self.handle is not None and not self.handle.done

    # models --------------------------------------------------------------------------
    def reload_models(self) -> None:
        def fetch(task: TaskContext) -> list[tuple[str, str]]:
            # (name, the server a remote model runs on; "" for a local one)
            return [(m.name, (m.source or "").removeprefix("remote:") if m.format == "remote"
                     else "") for m in self.ctx.hearth.models.list_all()]

        self.ctx.tasks.run(fetch, lane="io", success=self._fill_models, owner=self)

    def _fill_models(self, models: list[tuple[str, str]]) -> None:
        names = [n for n, _ in models]
        want = self._chat_model() or self.ctx.settings.default_model
        self.model_picker.blockSignals(True)
        self.model_picker.clear()
        for n, server in models:
            self.model_picker.addItem(n, server)
        if not names:
            self.model_picker.addItem(self.tr("No models installed"))
            self.model_picker.setEnabled(False)
        else:
            self.model_picker.setEnabled(True)
            i = self.model_picker.findText(want) if want else -1
            self.model_picker.setCurrentIndex(max(i, 0))
        self.model_picker.blockSignals(False)
        self._show_remote()

    def _show_remote(self) -> None:
        server = self.model_picker.currentData() if self.model_picker.isEnabled() else ""
        if server:
            host = server.split("//", 1)[-1].split("/", 1)[0]
            self.remote_badge.setText(self.tr("↗ Sent to {host}").format(host=host))
            self.remote_badge.setToolTip(self.tr(
                "This model runs on {server}: your messages, the chat's history and any "
                "library passages are sent there.").format(server=server))
            self.view.set_empty_text(self.tr("Ask anything. This model runs on {host}: what "
                                             "you send goes there.").format(host=host))
        else:
            self.view.set_empty_text(self.view.local_hint)
        self.remote_badge.setVisible(bool(server))

    def current_model(self) -> str:
        return self.model_picker.currentText() if self.model_picker.isEnabled() else ""

    def _chat_model(self) -> str:
        return (self._chat.model or "") if self._chat is not None else ""

    def _model_picked(self, _i: int) -> None:
        self._show_remote()
        name = self.current_model()
        if not name:
            return
        if self.chat_id is not None:
            self._update_chat(model=name)
        if name != self.ctx.settings.default_model:
            try:
                self.ctx.update_settings(default_model=name)
            except HearthError as e:
                self.ctx.show_error(e)

    # chats ---------------------------------------------------------------------------
    def new_chat(self) -> None:
        """Start a new chat. Nothing is saved until its first message is sent."""
        if self.busy:
            return
        self.flush_settings()
        self.cancel_edit()
        self._open_serial += 1
        self.chat_id, self._chat = None, None
        self.view.clear()
        if self._sources_panel is not None:
            self._sources_panel.set_sources([])
        self.sources_button.hide()
        self.title.setText(self.tr("New chat"))
        self.chat_list.select(None)
        self._load_draft()
        self._show_libraries([])
        self._refresh_libraries()
        self.composer.edit.setFocus()

    def _load_draft(self) -> None:
        """The settings form of a new chat: the user's defaults."""
        s = self.ctx.settings
        self._load_settings(SimpleNamespace(
            system_prompt=s.system_prompt, sampling=s.sampling, few_shot=[],
            chain_of_thought=False, libraries=[], n_ctx=None), [])

    def flush_settings(self) -> dict[str, Any] | None:
        """Save the form's pending edits now (None: there were none)."""
        return None if self._settings_panel is None else self._settings_panel.flush()

    def _load_settings(self, chat: Any, library_names: list[str]) -> None:
        """The settings form shows `chat`: now, or when the form is first built."""
        if self._settings_panel is None:
            self._settings_pending = (chat, library_names)
        else:
            self._settings_panel.load(chat, library_names)

    def new_chat_fields(self) -> dict[str, Any]:
        """What a new chat is created with on its first send: the picked model and the
        settings panel's values."""
        return {"model": self.current_model(), **self.settings_panel.values()}

    def open_chat(self, chat_id: Any) -> None:
        if chat_id is None:
            return
        if chat_id == self.chat_id and self.view.messages:
            return
        if self.busy:  # keep the stream where it is; the list follows the conversation
            self.chat_list.select(self.chat_id)
            return
        self.flush_settings()
        self.cancel_edit()
        self._open_serial += 1
        serial = self._open_serial
        self.chat_id = chat_id
        chats = self.ctx.hearth.chats

        def fetch(_t: TaskContext) -> tuple[Any, list[Any]]:
            return chats.get(chat_id), chats.messages(chat_id)

        def show(result: tuple[Any, list[Any]]) -> None:
            if serial == self._open_serial:  # a newer chat was opened meanwhile
                self._show_chat(*result)

        self.ctx.tasks.run(fetch, lane="store", name="open chat", success=show,
                           failure=self.ctx.show_error, owner=self)

    def _show_chat(self, chat: Any, messages: list[Any]) -> None:
        self._chat = chat
        self.view.clear()
        if self._sources_panel is not None:
            self._sources_panel.set_sources([])
        self.sources_button.hide()
        self.title.setText(chat.title or self.tr("New chat"))
        i = self.model_picker.findText(chat.model) if chat.model else -1
        if i >= 0:
            self.model_picker.blockSignals(True)
            self.model_picker.setCurrentIndex(i)
            self.model_picker.blockSignals(False)
        elif self.current_model():
            # No model chosen yet, or the chat's model was deleted: use the picked one
            # rather than fail on send.
            self._update_chat(model=self.current_model())
        self._load_settings(chat, [])
        self._show_libraries(chat.libraries)
        self._refresh_libraries()
        for m in messages:
            if m.role == "system":
                continue
            bubble = self.view.add(MessageWidget(
                m.role, m.content, message_id=m.id, author=self._author(m),
                stats=m.stats, sources=m.sources, state=shown_state(m)))
            bubble.set_versions(m.version, 1 + len(m.versions))
        self._show_sources_of_last()
        self.view.scroll_to_bottom()
        self.chat_shown.emit(chat.id)

    def show_version(self, bubble: MessageWidget, index: int) -> None:
        """Show another version of a regenerated reply; the next message answers that one."""
        if self.busy or not bubble.message_id or not 0 <= index < bubble.version_count:
            return
        chats, message_id, chat_id = self.ctx.hearth.chats, bubble.message_id, self.chat_id

        def shown(message: Any) -> None:
            if chat_id == self.chat_id and bubble in self.view.messages:
                bubble.show_version(message, self._author(message))
                self._show_sources_of_last()

        self.ctx.tasks.run(lambda _t: chats.show_version(message_id, index), lane="store",
                           name="show version", success=shown, failure=self.ctx.show_error,
                           owner=self)

    def _renamed(self, chat_id: Any, title: str) -> None:
        if chat_id == self.chat_id:
            self.title.setText(title)

    def _author(self, m: Any) -> str:
        return self.tr("You") if m.role == "user" else (m.model or self.tr("Assistant"))

    def _deleted(self, chat_id: Any) -> None:
        if chat_id == self.chat_id:
            if self.busy and self.handle is not None:  # its reply has nowhere to go now
                self.handle.cancel()
                self.stream_bubble = None
            self.chat_id, self._chat = None, None
            self.view.clear()
            self.new_chat()

    def _update_chat(self, **fields: Any) -> None:
        """Save changed chat fields (on the store lane); a new chat keeps them in its form."""
        chat_id = self.chat_id
        if chat_id is None:
            return
        chats = self.ctx.hearth.chats

        def saved(chat: Any) -> None:
            if chat.id == self.chat_id:
                self._chat = chat

        self.ctx.tasks.run(lambda _t: chats.update(chat_id, **fields), lane="store",
                           name="save chat", success=saved, failure=self.ctx.show_error,
                           owner=self)

    def _save_chat_settings(self, fields: dict) -> None:
        self._update_chat(**fields)
        self._show_libraries(fields.get("libraries", []))

    def _fill_libraries_menu(self) -> None:
        menu = self.libraries_menu
        menu.clear()
        names = self.settings_panel.library_names()
        checked = set(self.settings_panel.checked_libraries())
        for name in names:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name in checked)
            action.toggled.connect(lambda on, n=name: self._attach(n, on))
        if not names:
            empty = menu.addAction(self.tr("No libraries yet"))
            empty.setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.tr("Manage libraries…"), lambda: self.ctx.navigate("libraries"))

    def _attach(self, name: str, on: bool) -> None:
        self.settings_panel.check_library(name, on)
        self.flush_settings()
        self._show_libraries(self.settings_panel.checked_libraries())

    def chat_with_library(self, name: str) -> None:
        """A new chat that answers from `name` (the Libraries page's button)."""
        self._pick_first = False  # what to show is decided: not the newest chat
        self.new_chat()
        self.settings_panel.set_libraries([*self.settings_panel.library_names(), name], [name])
        self._show_libraries([name])

    def _show_libraries(self, names: list[str]) -> None:
        self.libraries_label.setText(self.tr("Answers from: {libraries}").format(
            libraries=", ".join(names)) if names else "")
        self.libraries_label.setVisible(bool(names))

    def _refresh_libraries(self) -> None:
        def fetch(task: TaskContext) -> list[str]:
            return [lib.name for lib in self.ctx.hearth.libraries.list()]

        def fill(names: list[str]) -> None:
            self.settings_panel.set_libraries(names, self.settings_panel.checked_libraries())

        def failed(e: BaseException) -> None:  # no library support yet: say why in the list
            log.info("listing libraries failed: %s", e)
            self.settings_panel.set_libraries([], self.settings_panel.checked_libraries())

        self.ctx.tasks.run(fetch, lane="io", success=fill, failure=failed, owner=self)

    def _toggle_side(self, panel: QWidget) -> None:
        if self.side.isVisible() and self.side.currentWidget() is panel:
            self.side.hide()
        else:
            self.show_side(panel)

    # sources -------------------------------------------------------------------------
    def _show_sources_of_last(self) -> None:
        for bubble in reversed(self.view.messages):
            if bubble.role == "assistant":
                self.sources_panel.set_sources(bubble.sources)
                self.sources_button.setVisible(bool(bubble.sources))
                self.sources_button.setText(self.tr("Sources ({n})").format(n=len(bubble.sources)))
                # Opened by itself only beside the chat, never over it (a narrow window).
                if bubble.sources and not self.side.isVisible() and not self.compact:
                    self.show_side(self.sources_panel)
                elif not bubble.sources:
                    self._hide_empty_sources()
                return
        self.sources_button.hide()
        self._hide_empty_sources()

    def _hide_empty_sources(self) -> None:
        if self.side.isVisible() and self.side.currentWidget() is self._sources_panel:
            self.side.hide()

    def _citation(self, bubble: MessageWidget, n: int) -> None:
        self.sources_panel.set_sources(bubble.sources)
        self.sources_panel.highlight(n)
        self.show_side(self.sources_panel)
        for src in bubble.sources:
            if int(src.get("n", -1)) == n:
                self.open_source(src)
                return

    def open_source(self, src: dict) -> None:
        try:
            window = open_source(src, self, self.ctx)
        except (HearthError, OSError) as e:
            self.ctx.show_error(e)
            return
        if window is not None:
            self._windows = [w for w in self._windows if w.isVisible()] + [window]
