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
