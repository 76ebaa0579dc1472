"""Light and dark themes: a Fusion palette plus one style sheet filled from a colour file.

"system" follows the OS colour scheme (QStyleHints.colorScheme) and switches live when it
changes; "light"/"dark" force one. Widgets that paint HTML (chat messages) ask
`current_colors()` for the same colours so everything matches.
"""

from __future__ import annotations

import json
import weakref
from functools import cache
from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from engine.paths import resource_path

_state = {"scheme": "light"}


@cache
def colors(scheme: str) -> dict[str, str]:
    return json.loads(resource_path("themes", f"{scheme}.json").read_text("utf-8"))


@cache
def _qss_template() -> Template:
    return Template(resource_path("themes", "app.qss").read_text("utf-8"))


def system_scheme() -> str:
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def resolve(theme: str) -> str:
    return system_scheme() if theme == "system" else ("dark" if theme == "dark" else "light")


def current_scheme() -> str:
    return _state["scheme"]


def current_colors() -> dict[str, str]:
    return colors(_state["scheme"])


FUSION_SET = "hearthFusion"  # an app property: Fusion is already its style
FOCUS_WATCHED = "hearthFocusWatched"


def apply_theme(app: QApplication, theme: str) -> str:
    """Apply "system" | "light" | "dark"; returns the scheme used."""
    scheme = resolve(theme)
    _state["scheme"] = scheme
    c = colors(scheme)
    # Fusion: the same look on every OS; the palette does the rest. create_app asks for it
    # on the command line; asking app.style() instead costs ~13 ms of a cold start.
    if not app.property(FUSION_SET):
        app.setStyle("Fusion")
        app.setProperty(FUSION_SET, True)
    app.setPalette(_palette(c))
    icons = resource_path("icons").as_posix()
    app.setStyleSheet(_qss_template().safe_substitute(c, icons=icons, scheme=scheme))
    for ref in list(_listeners):
        listener = ref()
        try:
            if listener is None:
                raise RuntimeError("gone")
            listener(scheme)
        except RuntimeError:  # its widget was deleted
            _listeners.remove(ref)
    return scheme


_listeners: list = []


def on_theme_changed(method) -> None:  # type: ignore[no-untyped-def]
    """Call `method(scheme)` after each theme change (for widgets that bake colours into
    HTML). Held weakly: pass a bound method; a deleted widget drops out by itself."""
    _listeners.append(weakref.WeakMethod(method))


def _palette(c: dict[str, str]) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    pairs = {
        role.Window: c["window"], role.WindowText: c["text"], role.Base: c["base"],
        role.AlternateBase: c["alt"], role.Text: c["text"], role.Button: c["base"],
        role.ButtonText: c["text"], role.Highlight: c["accent"],
        role.HighlightedText: c["accent_text"], role.ToolTipBase: c["base"],
        role.ToolTipText: c["text"], role.PlaceholderText: c["muted"], role.Link: c["accent"],
        role.Mid: c["border"], role.Midlight: c["alt"], role.Dark: c["border"],
    }
    for r, value in pairs.items():
        p.setColor(r, QColor(value))
    p.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor(c["muted"]))
    p.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor(c["muted"]))
    p.setColor(QPalette.ColorGroup.Disabled, role.WindowText, QColor(c["muted"]))
    return p


def _click_took_focus(old: QWidget | None, now: QWidget | None) -> None:
    """Buttons take focus from Tab, not from a click (as on macOS; Windows hides the cue
    after a click): the accent focus ring then marks where the keyboard is, and a clicked
    button does not stay ringed. A button a click focused gives the focus back before
    anything is painted, and from then on has Tab focus only (Qt's TabFocus policy)."""
    if (isinstance(now, QAbstractButton) and QApplication.mouseButtons() != Qt.MouseButton.NoButton
            and now.focusPolicy() == Qt.FocusPolicy.StrongFocus):
        now.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        if old is not None and old.window() is now.window():
            old.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            now.clearFocus()


def install_focus_policy(app: QApplication) -> None:
    """`_click_took_focus` on every focus change. Not an app-wide event filter: PySide
    wraps every object such a filter sees, which made building a page ~50 % slower and cost
    ~35 ms of a cold start; focus changes are few."""
    if not app.property(FOCUS_WATCHED):
        app.focusChanged.connect(_click_took_focus)
        app.setProperty(FOCUS_WATCHED, True)
