"""Start-up: no garbage collection before the first frame, the usual one after it."""

from __future__ import annotations

import gc

from desktop import startup


def test_collection_is_off_until_the_first_frame_then_on_with_startup_frozen():
    seen: list[tuple[tuple, bool]] = []
    startup.first_frame_hooks.append(lambda *args: seen.append((args, gc.isenabled())))
    try:
        startup.begin()
        assert not gc.isenabled()
        startup.first_frame("app", "window", "ctx")
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # start-up's objects are out of later passes
        assert seen == [(("app", "window", "ctx"), True)]
    finally:
        startup.first_frame_hooks.clear()
        gc.unfreeze()
        gc.enable()
