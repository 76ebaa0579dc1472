"""Desktop test fixtures: offscreen Qt on a desktop-sized virtual screen, and an AppContext
on a temporary HEARTH_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The offscreen platform's default screen is 800x800, smaller than the window's minimum
# size, which would make Qt clamp restored window geometry. Give it a 1920x1200 screen.
_SCREEN = Path(__file__).with_name("offscreen-screen.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"


@pytest.fixture
def ctx(qapp, hearth):
    """An AppContext over the test's Hearth; its workers are stopped afterwards."""
    from desktop.context import AppContext

    context = AppContext(hearth)
    yield context
    context.close()


# No disk I/O on the GUI thread ---------------------------------------------------------
# Every engine call that reads or writes the chat database, the settings file, the model
# registry or a library's manifest records itself when it runs on the GUI (main) thread
# with desktop code on the stack. Test code calling the engine directly to check results
# is not desktop code, so it does not count. A test fails if the app did any.
_GUARDED = [
    ("engine.chats.store", "ChatStore", ("_rows", "_tx")),
    ("engine.api", "Hearth", ("save_settings", "write_settings")),
    ("engine.models.registry", "ModelRegistry", ("list", "get", "import_file", "remove")),
    ("engine.library.service", "LibraryService",
     ("list", "get", "status", "create", "delete", "index", "search", "check", "warm_up")),
    ("engine.library.manifest", "Manifest", ("all", "summary")),
]
_DESKTOP = str(Path(__file__).resolve().parents[2] / "desktop")


def _from_desktop() -> str:
    import sys

    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith(_DESKTOP):
            return f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} {frame.f_code.co_name}"
        frame = frame.f_back
    return ""


@pytest.fixture(autouse=True)
def no_gui_thread_io(monkeypatch: pytest.MonkeyPatch):
    import functools
    import importlib
    import threading

    seen: list[str] = []
    for module, cls_name, methods in _GUARDED:
        cls = getattr(importlib.import_module(module), cls_name)
        for name in methods:
            original = getattr(cls, name)

            def guarded(*a, __original=original, __what=f"{cls_name}.{name}", **k):
                if threading.current_thread() is threading.main_thread():
                    where = _from_desktop()
                    if where:
                        seen.append(f"{__what} from {where}")
                return __original(*a, **k)

            monkeypatch.setattr(cls, name, functools.wraps(original)(guarded))
    yield seen
    assert not seen, "disk I/O on the GUI thread:\n" + "\n".join(sorted(set(seen)))
