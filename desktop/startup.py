"""The start of the app: what runs before its first frame and once the frame is up.

Kept free of Qt imports: `hearth gui` calls begin() before the app's modules load.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

# Called once the first window is shown, with (app, window, ctx): bench/startup.py's probe.
first_frame_hooks: list[Callable[[Any, Any, Any], None]] = []


def begin() -> None:
    """Before the imports: no garbage collection until the first frame. Start-up allocates
    objects (modules, Qt types and enums, widgets) that all live as long as the app, so
    each collection pass over them is wasted time before the window appears."""
    gc.disable()


def first_frame(app: Any, window: Any, ctx: Any) -> None:
    """The window is up: collect as usual again, with what start-up made moved out of
    the collector's view for good (gc.freeze), so later passes are shorter too."""
    gc.freeze()
    gc.enable()
    for hook in first_frame_hooks:
        hook(app, window, ctx)
