"""Hub search results and a repository's files (quantizations with fit badges)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QFont

from desktop import formats
from desktop.formats import size as format_bytes
from desktop.i18n import translate
from desktop.qtmodels.models_rows import RIGHT, Column, RowsTableModel

# One wording for where a model runs, here and on the first-run cards.
FIT_NAMES = {
    "gpu": QT_TRANSLATE_NOOP("Fit", "Fits on GPU"),
    "partial": QT_TRANSLATE_NOOP("Fit", "Partly on GPU"),
    "cpu": QT_TRANSLATE_NOOP("Fit", "Runs on CPU"),
    "no": QT_TRANSLATE_NOOP("Fit", "Won't fit"),
}
FAST_TOKENS_PER_S = 10  # engine.models.speed_estimate.FAST_TOKENS_PER_S, for the tooltip


def fit_text(label: str, default: str = "") -> str:
    """The fit badge's words for a FitEstimate label ("gpu", "partial", "cpu", "no")."""
    return translate("Fit", FIT_NAMES[label]) if label in FIT_NAMES else default


def speed_class(row: Any) -> str:
    """"fast", "slow", "no" (won't fit) or "" (fit unknown): the badge's colour."""
    fit = getattr(row, "fit", None)
    if fit is None:
        return ""
    if fit.label == "no":
        return "no"
    speed = getattr(row, "speed", None)
    return "fast" if speed is not None and speed.fast else "slow"


def speed_words(row: Any) -> str:
    """"~12 tok/s", or "" without an estimate."""
    speed = getattr(row, "speed", None)
    if speed is None:
        return ""
    n = speed.tokens_per_s
    return translate("Fit", "~{n} tok/s").format(n=formats.number(n, 1 if n < 10 else 0))


# Where the model runs, in a table's narrow pill; the tooltip's first line says it in full.
SHORT_PLACE = {"gpu": "GPU", "partial": "GPU+CPU", "cpu": "CPU"}


def badge_text(row: Any, default: str = "") -> str:
    """What a first-run card's badge says: "Runs on CPU · ~12 tok/s"."""
    words = fit_text(fit_label(row), default)
    speed = speed_words(row)
    return f"{words} · {speed}" if words and speed else words


def pill_text(row: Any, default: str = "") -> str:
    """What a table's fit pill says: "~12 tok/s · CPU", or "Won't fit"."""
    label, speed = fit_label(row), speed_words(row)
    if speed and label in SHORT_PLACE:
        return f"{speed} · {SHORT_PLACE[label]}"
    return fit_text(label, default)


def speed_reason(speed: Any) -> str:
    """Where a tokens/s figure comes from, for the badge's tooltip."""
    if speed.basis == "measured":
        return translate("Fit", "Measured here with this file: {n} tokens/s").format(
            n=formats.number(speed.tokens_per_s, 1))
    rate = format_bytes(speed.bandwidth)
    if speed.basis == "calibrated":
        return translate("Fit", "Estimated from {model} at {n} tokens/s here: each token "
                                "reads the whole file, {rate} a second").format(
            model=speed.source, n=formats.number(speed.source_speed, 1), rate=rate)
    return translate("Fit", "Estimated: each token reads the whole file, at a typical {rate} "
                            "a second for this memory; a first reply measures it").format(rate=rate)


def fit_tip(row: Any) -> str:
    """The fit's own explanation, then the speed's and what its colour means."""
    fit = getattr(row, "fit", None)
    if fit is None:
        return ""
    lines = [fit.text]
    speed = getattr(row, "speed", None)
    if speed is not None:
        lines.append(speed_reason(speed))
        lines.append(translate("Fit", "Green: {n} tokens/s or more, about as fast as one reads; "
                                      "amber: slower").format(n=FAST_TOKENS_PER_S))
    return "\n".join(lines)


def fit_sort(row: Any) -> float:
    """Fastest first, won't-fit and unknown last (an ascending sort)."""
    speed = getattr(row, "speed", None)
    if speed is not None:
        return -float(speed.tokens_per_s)
    return FIT_ORDER.get(fit_label(row), 9)


FIT_ORDER = {"gpu": 0, "partial": 1, "cpu": 2, "no": 3}


format_count = formats.count
format_date = formats.date


def repo_title(repo: str) -> str:
    """"SmolLM2-135M-Instruct-GGUF · QuantFactory": the model first, so a narrow column
    cut at the end still tells rows apart ("QuantFac…" told nothing); the tooltip has the id."""
    owner, _, name = repo.rpartition("/")
    return f"{name} · {owner}" if owner else name


def _repo_tip(r: Any) -> str:
    parts = [r.repo]
    if r.license:
        parts.append(translate("HubTables", "License: {license}").format(license=r.license))
    if r.gated:
        parts.append(translate("HubTables", "Gated: needs a Hugging Face token with access"))
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
        Column(QT_TRANSLATE_NOOP("Columns", "Repository"), lambda r: repo_title(r.repo) + (
            "  (" + translate("HubTables", "gated") + ")" if r.gated else ""),
               sort=lambda r: r.repo.casefold(), tooltip=_repo_tip),
        # No Likes column: the selected repository's line says them, the sort box sorts by
        # them, and at 900 px its width came out of the names.
        Column(QT_TRANSLATE_NOOP("Columns", "Downloads"), lambda r: format_count(r.downloads),
               sort=lambda r: r.downloads or 0, align=RIGHT),
    )

    def row_key(self, row: Any) -> str:
        return str(row.repo)


class CatalogTableModel(_RecommendedBold, RowsTableModel):
    """The curated starter models (resources/catalog.json): no network needed to list."""

    columns = (
        Column(QT_TRANSLATE_NOOP("Columns", "Model"), lambda c: ("★ " if c.recommended else "") + c.name,
               sort=lambda c: c.name.casefold(),
               tooltip=lambda c: f"{c.name}\n{c.repo}\n{c.local_description()}\n" + translate(
                   "HubTables", "License: {license}").format(license=c.license) + (
                   "\n★ " + translate("HubTables", "Recommended: the best starter for this "
                                                   "computer") if c.recommended else "")),
        Column(QT_TRANSLATE_NOOP("Columns", "Size"), lambda c: format_bytes(c.size), sort=lambda c: c.size, align=RIGHT),
        Column(QT_TRANSLATE_NOOP("Columns", "License"), lambda c: c.license or ""),
        # The catalog is fitted locally (hub.catalog(fit=True)): the same badge as a file's.
        Column(QT_TRANSLATE_NOOP("Columns", "Fit"), pill_text, sort=fit_sort, tooltip=fit_tip,
               value=fit_label),
    )

    def row_key(self, row: Any) -> str:
        return f"{row.repo}/{row.file}"


def file_title(f: Any, installed: bool = False) -> str:
    title = ("★ " if f.recommended else "") + f.name
    if len(f.parts) > 1:
        title += "  (" + translate("HubTables", "%n parts", "", len(f.parts)) + ")"
    if f.kind == "mmproj":
        title += "  (" + translate("HubTables", "vision projector") + ")"
    if installed:
        title += "  ✓ " + translate("HubTables", "installed")
    return title


def file_tip(f: Any) -> str:
    lines = list(f.parts) if len(f.parts) > 1 else [f.name]
    if f.recommended:
        lines.append("★ " + translate("HubTables", "Recommended: the best quantization that "
                                                  "fits this computer"))
    if f.fit_error:
        lines.append(translate("HubTables", "Fit unknown: {error}").format(error=f.fit_error))
    return "\n".join(lines)


class HubFileTableModel(_RecommendedBold, RowsTableModel):
    """One row per downloadable model in a repo (split GGUF parts are one row)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.repo = ""
        self.installed_sources: set[str] = set()  # ModelInfo.source of installed models
        self.columns = (
            Column(QT_TRANSLATE_NOOP("Columns", "File"), lambda f: file_title(f, self.is_installed(f)),
                   sort=lambda f: f.name.casefold(), tooltip=file_tip),
            Column(QT_TRANSLATE_NOOP("Columns", "Quantization"), lambda f: f.quant or "?"),
            Column(QT_TRANSLATE_NOOP("Columns", "Size"), lambda f: format_bytes(f.size), sort=lambda f: f.size or 0,
                   align=RIGHT),
            Column(QT_TRANSLATE_NOOP("Columns", "Fit"), lambda f: pill_text(f, "?"),
                   sort=fit_sort, tooltip=fit_tip, value=fit_label),
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
