"""The chat list: search, new chat, and per-chat rename / delete / export (context menu)."""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.widgets.common import confirm_delete

log = logging.getLogger(__name__)
ID_ROLE = Qt.ItemDataRole.UserRole


class ChatListPanel(QFrame):
    chat_selected = Signal(object)  # chat id (an int), None when the selection went away
    new_chat_requested = Signal()
    chat_deleted = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("panel")
        self.setMinimumWidth(180)
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 14, 8, 12)
        col.setSpacing(8)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search chats")
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 1)
        self.new_button = QPushButton("New")
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip("New chat (Ctrl+N)")
        self.new_button.clicked.connect(self.new_chat_requested)
        top.addWidget(self.new_button)
        col.addLayout(top)
        self.list = QListWidget()
        self.list.setObjectName("chatList")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setUniformItemSizes(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemDoubleClicked.connect(lambda item: self.rename(item.data(ID_ROLE)))
        col.addWidget(self.list, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self._quiet = False

    @property
    def store(self) -> Any:
        return self.ctx.hearth.chat_store

    def reload(self, select: Any = None) -> None:
        """Refill from the store (a small SQLite query), keeping or setting the selection."""
        keep = select if select is not None else self.current_id()
        try:
            chats = self.store.list_chats(search=self.search.text().strip() or None)
        except Exception as e:
            self.ctx.show_error(e)
            return
        self._quiet = True
        self.list.clear()
        current = None
        for chat in chats:
            item = QListWidgetItem(chat.title or "New chat")
            item.setData(ID_ROLE, chat.id)
            item.setToolTip(f"{chat.title}\n{chat.model or 'no model chosen'}")
            self.list.addItem(item)
            if chat.id == keep:
                current = item
        self._quiet = False
        if current is not None:
            self.list.setCurrentItem(current)

    def current_id(self) -> Any:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def select(self, chat_id: Any) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == chat_id:
                self.list.setCurrentRow(i)
                return
        self.reload(select=chat_id)

    def set_title(self, chat_id: Any, title: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(ID_ROLE) == chat_id:
                item.setText(title)

    def _current_changed(self, current: QListWidgetItem | None, _prev: Any) -> None:
        if not self._quiet:
            self.chat_selected.emit(current.data(ID_ROLE) if current is not None else None)

    # context menu actions --------------------------------------------------------------
    def _menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        chat_id = item.data(ID_ROLE)
        menu = QMenu(self)
        menu.addAction("Rename…", lambda: self.rename(chat_id))
        menu.addAction("Export as Markdown…", lambda: self.export(chat_id, "md"))
        menu.addAction("Export as JSON…", lambda: self.export(chat_id, "json"))
        menu.addSeparator()
        menu.addAction("Delete…", lambda: self.delete(chat_id))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def rename(self, chat_id: Any, title: str | None = None) -> None:
        if title is None:
            old = self.store.get_chat(chat_id).title
            title, ok = QInputDialog.getText(self, "Rename chat", "Title:", text=old)
            if not ok:
                return
        title = title.strip()
        if not title:
            return
        try:
            self.store.rename(chat_id, title)
        except Exception as e:
            self.ctx.show_error(e)
            return
        self.set_title(chat_id, title)

    def delete(self, chat_id: Any, confirm: bool = True) -> None:
        if confirm:
            title = self.store.get_chat(chat_id).title
            if not confirm_delete(self, "Delete chat", f"Delete “{title}” and all its messages?"):
                return
        try:
            self.store.delete(chat_id)
        except Exception as e:
            self.ctx.show_error(e)
            return
        row = self.list.currentRow()
        self.reload()
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.chat_deleted.emit(chat_id)

    def export(self, chat_id: Any, fmt: str, path: str | None = None) -> None:
        chat = self.store.get_chat(chat_id)
        if path is None:
            safe = "".join(c for c in chat.title if c.isalnum() or c in " -_").strip() or "chat"
            filt = "Markdown (*.md)" if fmt == "md" else "JSON (*.json)"
            path, _ = QFileDialog.getSaveFileName(self, "Export chat", f"{safe}.{fmt}", filt)
            if not path:
                return
        try:
            if fmt == "md":
                data = self.store.export_markdown(chat_id)
            else:
                data = json.dumps(self.store.export_json(chat_id), indent=2, ensure_ascii=False)
            from pathlib import Path

            from engine.fsutil import atomic_write_bytes

            atomic_write_bytes(Path(path), data.encode("utf-8"))
        except Exception as e:
            self.ctx.show_error(e)
