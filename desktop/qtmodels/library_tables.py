"""Libraries: the list of libraries, the per-file status table and quick-search hits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop.i18n import translate
from desktop.qtmodels.models_rows import (
    CENTER,
    RIGHT,
    ROW_ROLE,
    Column,
    RowsTableModel,
    theme_color,
)
from engine.api import shown_path, shown_reason

Index = QModelIndex | QPersistentModelIndex

STATE_TEXT = {
    "indexed": QT_TRANSLATE_NOOP("FileState", "Indexed"),
    "no_text": QT_TRANSLATE_NOOP("FileState", "No text"),
    "failed": QT_TRANSLATE_NOOP("FileState", "Failed"),
    "unsupported": QT_TRANSLATE_NOOP("FileState", "Unsupported"),
    "pending": QT_TRANSLATE_NOOP("FileState", "Pending"),
}


def state_text(state: str) -> str:
    return translate("FileState", STATE_TEXT[state]) if state in STATE_TEXT else state


def state_count(state: str, n: int) -> str:
    """ "3 failed" in a summary line. Each is a plural string of its own (not a marked
    constant), so lupdate records its plural forms and Polish can inflect it."""
    if state == "indexed":
        return translate("FileState", "%n indexed", "", n)
    if state == "no_text":
        return translate("FileState", "%n with no text", "", n)
    if state == "failed":
        return translate("FileState", "%n failed", "", n)
    if state == "unsupported":
        return translate("FileState", "%n unsupported", "", n)
    if state == "pending":
        return translate("FileState", "%n pending", "", n)
    return f"{n} {state}"
STATE_ORDER = {"failed": 0, "no_text": 1, "unsupported": 2, "pending": 3, "indexed": 4}
STATE_COLORS = {"failed": ("bad", "#c0392b"), "no_text": ("warn", "#b26a00"),
                "unsupported": ("muted", "#6b6d75"), "pending": ("muted", "#6b6d75")}


def library_summary(info: Any) -> str:
    """"12 files · 340 chunks · 2 failed" for a LibraryInfo."""
    bits = [translate("Libraries", "%n files", "", info.files),
            translate("Libraries", "%Ln chunks", "", info.chunks)]  # %Ln: 1,234
    for state in ("failed", "no_text", "pending"):
        n = info.states.get(state, 0)
        if n:
            bits.append(state_count(state, n))
    if not info.sources:
        bits = [translate("Libraries", "No folders or files yet")]
    return " · ".join(bits)


class LibraryListModel(QAbstractListModel):
    """Library names, with a one-line summary as the tooltip."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        if [r.name for r in rows] == [r.name for r in self._rows]:
            self._rows = list(rows)
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def find(self, name: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.name == name), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        info = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return info.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return library_summary(info)
        if role == ROW_ROLE:
            return info
        return None


def reason_text(f: Any) -> str:
    """Why a file is not indexed, in the interface language (the file list keeps English);
    "" for an indexed file, whose notes (a few replaced bytes) are not worth a column."""
    reason = str(f.reason or "")
    if f.state == "indexed" or not reason:
        return ""
    return shown_reason(reason)


class FileStatusTableModel(RowsTableModel):
    """One row per file of a library: where it ended, and why when it failed."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.roots: list[str] = []  # source folders, to show paths relative to them
        self._short_roots: tuple[str, ...] = ()
        self._short: dict[str, str] = {}
        self.columns = (
            Column(QT_TRANSLATE_NOOP("Columns", "File"), lambda f: self.short_path(f.path), tooltip=lambda f: shown_path(f.path)),
            Column(QT_TRANSLATE_NOOP("Columns", "Status"), lambda f: state_text(f.state),
                   sort=lambda f: STATE_ORDER.get(f.state, 9), value=lambda f: f.state),
            Column(QT_TRANSLATE_NOOP("Columns", "Details"), reason_text, tooltip=reason_text),
            Column(QT_TRANSLATE_NOOP("Columns", "Pages"), lambda f: str(f.pages) if f.pages else "", sort=lambda f: f.pages,
                   align=RIGHT),
            Column(QT_TRANSLATE_NOOP("Columns", "Chunks"), lambda f: str(f.chunks) if f.state == "indexed" else "",
                   sort=lambda f: f.chunks, align=RIGHT),
        )

    def short_path(self, path: str) -> str:
        # Cached: the view asks for it on every repaint, sort and column measure.
        roots = tuple(self.roots)
        if roots != self._short_roots:
            self._short_roots, self._short = roots, {}
        short = self._short.get(path)
        if short is None:
            short = self._short[path] = shown_path(self._shorten(path))
        return short

    def _shorten(self, path: str) -> str:
        # One source folder: its name on every row says nothing and, elided in a narrow
        # column, made every row read the same ("Kitchen note…"); several: it tells them apart.
        for root in self.roots:
            root = root.rstrip("/\\")
            if path.startswith(root + "/") or path.startswith(root + "\\"):
                inside = path[len(root) + 1:]
                return inside if len(self.roots) == 1 else str(Path(root).name) + path[len(root):]
        return path

    def row_key(self, row: Any) -> str:
        return str(row.path)

    def row_color(self, row: Any, column: int) -> Any:
        if column in (1, 2) and row.state in STATE_COLORS:
            return theme_color(*STATE_COLORS[row.state])
        return None

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.rows():
            out[f.state] = out.get(f.state, 0) + 1
        return out


def snippet(text: str, limit: int = 220) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


@dataclass
class RankedHit:
    rank: int
    hit: Any  # engine.library.search.SearchHit


class SearchHitTableModel(RowsTableModel):
    """Ranked retrieval hits: rank, file, page, score and a one-line snippet."""

    columns = (
        Column(QT_TRANSLATE_NOOP("Columns", "#"), lambda r: str(r.rank), sort=lambda r: r.rank, align=CENTER),
        Column(QT_TRANSLATE_NOOP("Columns", "File"), lambda r: shown_path(Path(r.hit.path).name),
               tooltip=lambda r: f"{shown_path(r.hit.path)}\n{r.hit.library}"),
        Column(QT_TRANSLATE_NOOP("Columns", "Page"), lambda r: str(r.hit.page) if r.hit.page else "",
               sort=lambda r: r.hit.page, align=RIGHT),
        Column(QT_TRANSLATE_NOOP("Columns", "Score"), lambda r: f"{r.hit.score:.3f}", sort=lambda r: r.hit.score, align=RIGHT),
        Column(QT_TRANSLATE_NOOP("Columns", "Snippet"), lambda r: snippet(r.hit.text),
               tooltip=lambda r: snippet(r.hit.text, 1200)),
    )

    def set_hits(self, hits: list[Any]) -> None:
        self.set_rows([RankedHit(n, h) for n, h in enumerate(hits, 1)])

    def row_key(self, row: RankedHit) -> str:
        return f"{row.rank}:{row.hit.chunk_id}"
