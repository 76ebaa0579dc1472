"""Speed and ETA after a resume: measured on the network bytes only. Re-reading the partial
file runs at disk speed and once passed for download speed (11 MB/s shown against a real
1.5 MB/s), and its "checking the partial file" status stayed on the row."""

from __future__ import annotations

import time
import types
from pathlib import Path

import pytest

from engine import jobs
from engine.jobs import RateMeter
from tests.engine.hub.conftest import SMOLLM2_FILE, SMOLLM2_REPO
from tests.engine.hub.test_hub_queue import state, wait_for
from tests.fakehub import FakeHub


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def monotonic(self) -> float:
        return self.now


def test_meter_restart_measures_the_new_phase_only(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(jobs, "time", types.SimpleNamespace(monotonic=clock.monotonic))
    meter = RateMeter(total=100e6)
    for i in range(11):  # a partial file of 50 MB re-read at 500 MB/s
        clock.now += 0.01
        meter.update(i * 5e6)
    meter.restart()
    p = meter.update(50e6)
    assert p.rate is None and p.eta_s is None  # nothing measured yet in this phase
    for _ in range(10):  # then the network at 1.5 MB/s
        clock.now += 0.1
        p = meter.update(p.done + 150e3)
    assert p.rate == pytest.approx(1.5e6)
    assert p.eta_s == pytest.approx((100e6 - p.done) / 1.5e6)
    assert meter.done == p.done


def test_rate_after_resume_is_the_network_rate(hub_hearth, smol_hub: FakeHub,
                                               smollm2: Path) -> None:
    size = smollm2.stat().st_size
    smol_hub.fail(SMOLLM2_FILE, "slow", rate=50e6)
    did = hub_hearth.hub.start(SMOLLM2_REPO, SMOLLM2_FILE)
    wait_for(lambda: state(hub_hearth, did).bytes_done > 85_000_000)
    hub_hearth.hub.pause(did)
    wait_for(lambda: state(hub_hearth, did).state == "paused")
    paused_at = state(hub_hearth, did).bytes_done
    assert paused_at < size

    network = 5e6
    smol_hub.fail(SMOLLM2_FILE, "slow", rate=network)
    hub_hearth.hub.resume(did)
    seen = []
    while (s := state(hub_hearth, did)).state not in ("done", "failed"):
        seen.append(s)
        time.sleep(0.02)
    assert s.state == "done", s.error
    moving = [x for x in seen if x.state == "downloading"]
    rates = [x.rate for x in moving if x.rate]
    assert rates, "no speed was reported while the rest arrived"
    # The ~85 MB re-read from disk (hundreds of MB/s) never counts as download speed.
    assert max(rates) < 2.5 * network, [f"{r / 1e6:.1f} MB/s" for r in rates]
    # The check of the partial file is not shown as progress going back to zero...
    assert min(x.bytes_done for x in moving) >= paused_at - (1 << 20)
    # ...and its status is gone once bytes arrive again.
    assert all(x.message == "" for x in moving if x.rate)
    assert all(x.rate is None for x in moving if x.message == "checking the partial file")
    assert s.message == ""
