"""Installed models: one row per registered model, with where it would run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QFont

from desktop.formats import number
from desktop.formats import size as format_bytes
from desktop.i18n import translate
from desktop.qtmodels.models_rows import RIGHT, Column, RowsTableModel, theme_color


@dataclass
class ModelRow:
    info: Any  # engine.models.registry.ModelInfo
    runs_on: str = ""  # "llama.cpp · CPU", filled in by a background plan
    reason: str = ""  # LoadPlan.reason: why that backend/device
    loaded: bool = False
    problem: str = ""  # a file in the models folder that cannot be used, and why


def format_context(n: int | None) -> str:
    if not n:
        return "?"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024}K"
    return number(n)


def format_params(n: int | None) -> str:
    if not n:
        return ""
    if n >= 1e9:
        return f"{n / 1e9:.1f}B"
    return f"{n / 1e6:.0f}M"


def describe_plan(plan: Any) -> str:
    """A short "backend · device" label for a LoadPlan."""
    device = str(plan.device)
    if device == "cpu":
        where = "CPU"
    elif plan.gpu_layers and plan.gpu_layers > 0:
        where = f"{device} (" + translate("ModelsTable", "%n layers", "", plan.gpu_layers) + ")"
    else:
        where = device.upper() if ":" not in device else device
    return f"{plan.backend} · {where}"


def _unknown(r: ModelRow) -> str:
    return "—" if r.problem else "?"


def _name(r: ModelRow) -> str:
    return ("● " if r.loaded else "") + r.info.name


def _name_tip(r: ModelRow) -> str:
    i = r.info
    lines = [str(i.path)]
    if i.parameter_count:
        lines.append(translate("ModelsTable", "{n} parameters").format(
            n=format_params(i.parameter_count)))
    if i.source:
        lines.append(translate("ModelsTable", "from {source}").format(source=i.source))
    if not i.has_chat_template:
        lines.append(translate("ModelsTable", "no chat template in the file: a generic one is used"))
    if r.loaded:
        lines.append(translate("ModelsTable", "loaded"))
    return "\n".join(lines)


class InstalledModelTableModel(RowsTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("Columns", "Name"), _name, sort=lambda r: r.info.name.casefold(), tooltip=_name_tip),
        Column(QT_TRANSLATE_NOOP("Columns", "Size"), lambda r: format_bytes(r.info.size_bytes),
               sort=lambda r: r.info.size_bytes or 0, align=RIGHT),
        Column(QT_TRANSLATE_NOOP("Columns", "Quantization"), lambda r: r.info.quantization or _unknown(r)),
        Column(QT_TRANSLATE_NOOP("Columns", "Context"), lambda r: format_context(r.info.context_length) if not r.problem
               else "—",
               sort=lambda r: r.info.context_length or 0, align=RIGHT),
        Column(QT_TRANSLATE_NOOP("Columns", "Architecture"), lambda r: r.info.architecture or _unknown(r)),
        Column(QT_TRANSLATE_NOOP("Columns", "Runs on"), lambda r: r.runs_on or "…", tooltip=lambda r: r.reason),
    )

    def row_key(self, row: ModelRow) -> str:
        return str(row.info.name)

    def row_color(self, row: ModelRow, column: int) -> Any:
        if row.problem and column in (0, 5):
            return theme_color("bad", "#c0392b")
        if row.loaded and column == 0:
            return theme_color("good", "#1f8a4c")
        return None

    def row_font(self, row: ModelRow, column: int) -> Any:
        if row.loaded and column == 0:
            f = QFont()
            f.setBold(True)
            return f
        return None
