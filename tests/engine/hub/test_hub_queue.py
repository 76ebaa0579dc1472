"""The download queue the GUI drives: pause, resume, cancel, and the concurrency limit."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tests.engine.hub.conftest import SMOLLM2_FILE, SMOLLM2_REPO
from tests.fakehub import FakeHub


def wait_for(cond: Callable[[], bool], timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "condition not reached"
        time.sleep(0.02)


def state(h, did: str):  # type: ignore[no-untyped-def]
    return next(d for d in h.hub.downloads() if d.id == did)


def test_pause_resume_keeps_bytes(hub_hearth, smol_hub: FakeHub, smollm2: Path) -> None:
    size = smollm2.stat().st_size
    smol_hub.fail(SMOLLM2_FILE, "slow", rate=20e6)
    did = hub_hearth.hub.start(SMOLLM2_REPO, SMOLLM2_FILE)
    wait_for(lambda: state(hub_hearth, did).bytes_done > 4_000_000)
    s = state(hub_hearth, did)
    assert s.state == "downloading" and s.bytes_total == size
    hub_hearth.hub.pause(did)
    wait_for(lambda: state(hub_hearth, did).state == "paused")
    paused_at = state(hub_hearth, did).bytes_done
    parts = list(hub_hearth.paths.downloads.rglob("*.part"))
    assert len(parts) == 1 and parts[0].stat().st_size >= 4_000_000

    hub_hearth.hub.resume(did)
    wait_for(lambda: state(hub_hearth, did).state in ("done", "failed"))
    s = state(hub_hearth, did)
    assert (s.state, s.error, s.bytes_done) == ("done", "", size)
    assert s.model_name == "SmolLM2-135M-Instruct.Q4_1"
    assert hub_hearth.models.get(s.model_name).n_layers == 30
    # Whatever was cut off by the pause is all that was sent twice (at most one buffer).
    assert size <= smol_hub.sent_by_file[SMOLLM2_FILE] < size + 9_000_000
    assert paused_at > 0


def test_limit_and_cancel(hub_hearth, smol_hub: FakeHub, smollm2: Path) -> None:
    s = hub_hearth.settings
    s.max_concurrent_downloads = 1
    hub_hearth.save_settings(s)
    smol_hub.add_repo("other/Smol-GGUF", {"smol-copy-Q4_1.gguf": smollm2})
    smol_hub.fail(SMOLLM2_FILE, "slow", rate=10e6)
    first = hub_hearth.hub.start(SMOLLM2_REPO, SMOLLM2_FILE)
    second = hub_hearth.hub.start("other/Smol-GGUF", "smol-copy-Q4_1.gguf")
    wait_for(lambda: state(hub_hearth, first).bytes_done > 1_000_000)
    assert state(hub_hearth, second).state == "queued"  # one at a time
    assert hub_hearth.hub.start(SMOLLM2_REPO, SMOLLM2_FILE) == first  # no duplicate

    hub_hearth.hub.cancel(first)
    wait_for(lambda: state(hub_hearth, second).state in ("done", "failed"))
    assert state(hub_hearth, first).state == "cancelled"
    assert state(hub_hearth, second).state == "done"
    assert not list(hub_hearth.paths.downloads.rglob("*.part"))  # cancel deleted the part
    assert [m.name for m in hub_hearth.models.list()] == ["smol-copy-Q4_1"]


def test_failure_is_state_on_the_row(hub_hearth, smol_hub: FakeHub) -> None:
    smol_hub.fail(SMOLLM2_FILE, "status", status=404)
    did = hub_hearth.hub.start(SMOLLM2_REPO, SMOLLM2_FILE)
    wait_for(lambda: state(hub_hearth, did).state == "failed")
    s = state(hub_hearth, did)
    assert "404" in s.error and s.hint
    hub_hearth.hub.resume(did)  # retry from the row: the fault was one-off
    wait_for(lambda: state(hub_hearth, did).state in ("done", "failed"))
    assert state(hub_hearth, did).state == "done"
