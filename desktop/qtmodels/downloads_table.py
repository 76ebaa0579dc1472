"""The download queue: one row per download, refreshed by polling the hub at ~10 Hz."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop.formats import eta as format_eta
from desktop.formats import size as format_bytes
from desktop.i18n import translate
from desktop.qtmodels.models_rows import RIGHT, Column, RowsTableModel, theme_color

STATE_TEXT = {
    "queued": QT_TRANSLATE_NOOP("Downloads", "Queued"),
    "downloading": QT_TRANSLATE_NOOP("Downloads", "Downloading"),
    "paused": QT_TRANSLATE_NOOP("Downloads", "Paused"),
    "verifying": QT_TRANSLATE_NOOP("Downloads", "Verifying"),
    "done": QT_TRANSLATE_NOOP("Downloads", "Done"),
    "failed": QT_TRANSLATE_NOOP("Downloads", "Failed"),
    "cancelled": QT_TRANSLATE_NOOP("Downloads", "Cancelled"),
}
MOVING = ("queued", "downloading", "verifying")  # the hub is polled while one is
UNFINISHED = (*MOVING, "paused")  # counted on the tab: a paused one still needs you
# The buttons on a row; the same words as the panel's toolbar (its translation context).
ACTION_TEXT = {
    "pause": QT_TRANSLATE_NOOP("DownloadsPanel", "Pause"),
    "resume": QT_TRANSLATE_NOOP("DownloadsPanel", "Resume"),
    "cancel": QT_TRANSLATE_NOOP("DownloadsPanel", "Cancel"),
    "retry": QT_TRANSLATE_NOOP("DownloadsPanel", "Retry"),
    "show": QT_TRANSLATE_NOOP("DownloadsPanel", "Show"),
}
ACTION_SETS = (("pause", "cancel"), ("resume", "cancel"), ("cancel",), ("retry",), ("show",))
ACTIONS_COLUMN = 5


def row_actions(d: Any) -> tuple[str, ...]:
    """What can be done with a download in its state, as action keys."""
    if d.state in ("queued", "downloading"):
        return ("pause", "cancel")
    if d.state == "verifying":
        return ("cancel",)
    if d.state == "paused":
        return ("resume", "cancel")
    if d.state in ("failed", "cancelled"):
        return ("retry",)
    if d.state == "done" and d.model_name:
        return ("show",)
    return ()


def action_text(key: str) -> str:
    return translate("DownloadsPanel", ACTION_TEXT[key])


def actions_text(d: Any) -> str:
    """The buttons' words, for screen readers (the delegate paints the buttons)."""
    return " · ".join(action_text(k) for k in row_actions(d))


def fraction(d: Any) -> float | None:
    if d.state == "done":
        return 1.0
    if not d.bytes_total:
        return None
    return max(0.0, min(1.0, d.bytes_done / d.bytes_total))


def progress_text(d: Any) -> str:
    done = format_bytes(d.bytes_done)
    if d.bytes_total:
        return translate("Downloads", "{done} of {total}").format(
            done=done, total=format_bytes(d.bytes_total))
    return done


def speed_text(d: Any) -> str:
    if d.state != "downloading" or not d.rate:
        return ""
    return f"{format_bytes(d.rate)}/s"


def eta_text(d: Any) -> str:
    if d.state != "downloading" or d.eta_s is None:
        return ""
    return format_eta(d.eta_s)


def state_text(d: Any) -> str:
    text = translate("Downloads", STATE_TEXT[d.state]) if d.state in STATE_TEXT else d.state
    if d.state == "failed" and d.error:
        return translate("Downloads", "Failed: {error}").format(error=short_error(d))
    if d.state == "done" and d.model_name:
        return f"{text} · {d.model_name}"
    if d.state in ("downloading", "queued") and d.message:
        return f"{text} · {first_line(d.message)}"
    return str(text)


def short_error(d: Any) -> str:
    """The error's first line without the repo/file it starts with: the row says that."""
    text = first_line(d.error)
    for label in (f"{d.repo}/{d.file}", d.file, d.repo):
        if label and text.startswith(label + " "):
            return text[len(label) + 1:]
    return text


def state_tip(d: Any) -> str:
    if d.state == "done" and d.model_name:
        return translate("Downloads", "Installed as {model}. Double-click to show it.").format(
            model=d.model_name)
    return "\n".join(x for x in (str(d.error or ""), str(d.hint or ""),
                                  str(d.message or "")) if x)


def first_line(text: Any) -> str:
    return str(text).strip().splitlines()[0] if str(text).strip() else ""


class DownloadTableModel(RowsTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("Columns", "Model"), lambda d: d.file or d.repo, tooltip=lambda d: f"{d.repo}\n{d.file}"),
        Column(QT_TRANSLATE_NOOP("Columns", "Progress"), progress_text, sort=lambda d: fraction(d) or 0.0,
               value=fraction),
        Column(QT_TRANSLATE_NOOP("Columns", "Speed"), speed_text, sort=lambda d: d.rate or 0, align=RIGHT),
        Column(QT_TRANSLATE_NOOP("Columns", "ETA"), eta_text, sort=lambda d: d.eta_s or 0, align=RIGHT),
        Column(QT_TRANSLATE_NOOP("Columns", "Status"), state_text, tooltip=state_tip),
        Column("", actions_text, value=row_actions),  # painted as buttons, no title
    )

    def row_key(self, row: Any) -> str:
        return str(row.id)

    def row_color(self, row: Any, column: int) -> Any:
        if row.state == "failed" and column == 4:
            return theme_color("bad", "#c0392b")
        return None
