"""Hub search results and a repository's files (quantizations with fit badges)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont

from desktop.qtmodels.models_rows import CENTER, RIGHT, Column, RowsTableModel
from engine.jobs import format_bytes

FIT_TEXT = {
    "gpu": "Fits on GPU",
    "partial": "Partial offload",
    "cpu": "CPU only",
    "no": "Won't fit",
}
FIT_ORDER = {"gpu": 0, "partial": 1, "cpu": 2, "no": 3}


def format_count(n: int | None) -> str:
    if n is None:
        return ""
    if n >= 1_000_000:
        return f"{n / 1e6:.1f}M"
    if n >= 1000:
        return f"{n / 1e3:.1f}k"
    return str(n)


def format_date(value: Any) -> str:
    if not value:
        return ""
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d"))
    return str(value)[:10]


def _repo_tip(r: Any) -> str:
    parts = [r.repo]
    if getattr(r, "license", None):
        parts.append(f"License: {r.license}")
    if getattr(r, "gated", False):
        parts.append("Gated: needs a Hugging Face token with access")
    return "\n".join(parts)


class HubRepoTableModel(RowsTableModel):
    columns = (
        Column("Repository", lambda r: r.repo + ("  (gated)" if getattr(r, "gated", False) else ""),
               sort=lambda r: r.repo.casefold(), tooltip=_repo_tip),
        Column("Downloads", lambda r: format_count(r.downloads),
               sort=lambda r: r.downloads or 0, align=RIGHT),
        Column("Likes", lambda r: format_count(r.likes), sort=lambda r: r.likes or 0,
               align=RIGHT),
    )

    def row_key(self, row: Any) -> str:
        return str(row.repo)


class CatalogTableModel(RowsTableModel):
    """The curated starter models (resources/catalog.json): no network needed to list."""

    columns = (
        Column("Model", lambda c: c.name, sort=lambda c: c.name.casefold(),
               tooltip=lambda c: f"{c.repo}\n{c.description}"),
        Column("Size", lambda c: format_bytes(c.size), sort=lambda c: c.size, align=RIGHT),
        Column("License", lambda c: c.license or ""),
    )

    def row_key(self, row: Any) -> str:
        return f"{row.repo}/{row.file}"


def fit_label(f: Any) -> str:
    return str(f.fit.label) if getattr(f, "fit", None) is not None else ""


class HubFileTableModel(RowsTableModel):
    """One row per downloadable model in a repo (split GGUF parts are one row)."""

    columns = (
        Column("File", lambda f: f.name + (f"  ({f.parts} parts)" if f.parts > 1 else ""),
               sort=lambda f: f.name.casefold(), tooltip=lambda f: f.name),
        Column("Quantization", lambda f: f.quant or "?"),
        Column("Size", lambda f: format_bytes(f.size), sort=lambda f: f.size or 0, align=RIGHT),
        Column("Fit", lambda f: FIT_TEXT.get(fit_label(f), "?"),
               sort=lambda f: FIT_ORDER.get(fit_label(f), 9),
               tooltip=lambda f: f.fit.text if getattr(f, "fit", None) else "", value=fit_label),
        Column("", lambda f: "★ Recommended" if f.recommended else "",
               sort=lambda f: 0 if f.recommended else 1, align=CENTER,
               tooltip=lambda f: "The best quantization that fits this computer"
               if f.recommended else ""),
    )

    def row_key(self, row: Any) -> str:
        return str(row.name)

    def row_font(self, row: Any, column: int) -> Any:
        if row.recommended:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def recommended_row(self) -> int:
        for i, f in enumerate(self.rows()):
            if f.recommended:
                return i
        return -1
