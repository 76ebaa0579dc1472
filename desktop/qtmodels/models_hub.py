"""Hub search results and a repository's files (quantizations with fit badges)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont

from desktop.qtmodels.models_rows import RIGHT, Column, RowsTableModel
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
    if r.license:
        parts.append(f"License: {r.license}")
    if r.gated:
        parts.append("Gated: needs a Hugging Face token with access")
    return "\n".join(parts)


def fit_label(f: Any) -> str:
    return str(f.fit.label) if getattr(f, "fit", None) is not None else ""


class _RecommendedBold:
    """The recommended row (catalog model or quantization) is shown in bold."""

    def row_font(self, row: Any, column: int) -> Any:
        if row.recommended:
            font = QFont()
            font.setBold(True)
            return font
        return None


class HubRepoTableModel(RowsTableModel):
    columns = (
        Column("Repository", lambda r: r.repo + ("  (gated)" if r.gated else ""),
               sort=lambda r: r.repo.casefold(), tooltip=_repo_tip),
        Column("Downloads", lambda r: format_count(r.downloads),
               sort=lambda r: r.downloads or 0, align=RIGHT),
        Column("Likes", lambda r: format_count(r.likes), sort=lambda r: r.likes or 0,
               align=RIGHT),
    )

    def row_key(self, row: Any) -> str:
        return str(row.repo)


class CatalogTableModel(_RecommendedBold, RowsTableModel):
    """The curated starter models (resources/catalog.json): no network needed to list."""

    columns = (
        Column("Model", lambda c: ("★ " if c.recommended else "") + c.name,
               sort=lambda c: c.name.casefold(),
               tooltip=lambda c: f"{c.repo}\n{c.description}" + (
                   "\n★ Recommended: the best starter for this computer" if c.recommended
                   else "")),
        Column("Size", lambda c: format_bytes(c.size), sort=lambda c: c.size, align=RIGHT),
        Column("License", lambda c: c.license or ""),
        # The catalog is fitted locally (hub.catalog(fit=True)): the same badge as a file's.
        Column("Fit", lambda c: FIT_TEXT.get(fit_label(c), ""),
               sort=lambda c: FIT_ORDER.get(fit_label(c), 9),
               tooltip=lambda c: c.fit.text if c.fit is not None else "", value=fit_label),
    )

    def row_key(self, row: Any) -> str:
        return f"{row.repo}/{row.file}"


def file_title(f: Any, installed: bool = False) -> str:
    title = ("★ " if f.recommended else "") + f.name
    if len(f.parts) > 1:
        title += f"  ({len(f.parts)} parts)"
    if f.kind == "mmproj":
        title += "  (vision projector)"
    if installed:
        title += "  ✓ installed"
    return title


def file_tip(f: Any) -> str:
    lines = list(f.parts) if len(f.parts) > 1 else [f.name]
    if f.recommended:
        lines.append("★ Recommended: the best quantization that fits this computer")
    if f.fit_error:
        lines.append(f"Fit unknown: {f.fit_error}")
    return "\n".join(lines)


class HubFileTableModel(_RecommendedBold, RowsTableModel):
    """One row per downloadable model in a repo (split GGUF parts are one row)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.repo = ""
        self.installed_sources: set[str] = set()  # ModelInfo.source of installed models
        self.columns = (
            Column("File", lambda f: file_title(f, self.is_installed(f)),
                   sort=lambda f: f.name.casefold(), tooltip=file_tip),
            Column("Quantization", lambda f: f.quant or "?"),
            Column("Size", lambda f: format_bytes(f.size), sort=lambda f: f.size or 0,
                   align=RIGHT),
            Column("Fit", lambda f: FIT_TEXT.get(fit_label(f), "?"),
                   sort=lambda f: FIT_ORDER.get(fit_label(f), 9),
                   tooltip=lambda f: f.fit.text if f.fit is not None else "",
                   value=fit_label),
        )

    def is_installed(self, f: Any) -> bool:
        return f"hf://{self.repo}/{f.name}" in self.installed_sources

    def row_key(self, row: Any) -> str:
        return str(row.name)

    def recommended_row(self) -> int:
        for i, f in enumerate(self.rows()):
            if f.recommended:
                return i
        return -1
