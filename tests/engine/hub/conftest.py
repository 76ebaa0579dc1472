"""Hub test fixtures: the fake Hub (tests/fakehub.py) serving the real SmolLM2 GGUF, and a
Hearth pointed at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakehub import SMOLLM2_FILE, SMOLLM2_REPO, FakeHub, add_smollm2, fakehub  # noqa: F401


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Back-off in milliseconds: the tests check that retries happen, not how long."""
    from engine.hub import retry

    monkeypatch.setattr(retry, "BASE_S", 0.01)
    monkeypatch.setattr(retry, "CAP_S", 0.05)


@pytest.fixture
def smol_hub(fakehub: FakeHub, smollm2: Path) -> FakeHub:  # noqa: F811
    add_smollm2(fakehub, smollm2)
    return fakehub


@pytest.fixture
def hub_hearth(hearth, fakehub: FakeHub):  # noqa: F811
    """A Hearth whose hub endpoint setting is the fake Hub."""
    s = hearth.settings
    s.hf_endpoint = fakehub.url
    hearth.save_settings(s)
    return hearth


__all__ = ["SMOLLM2_FILE", "SMOLLM2_REPO"]
