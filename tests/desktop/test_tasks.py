"""The background-task runner: every callback lands on the GUI thread, in order."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from desktop.tasks import TaskRunner
from engine.errors import NotFound
from engine.jobs import Progress


@pytest.fixture
def runner(qapp):
    errors: list[BaseException] = []
    r = TaskRunner(on_error=lambda e, trace: errors.append(e))
    r.errors = errors  # type: ignore[attr-defined]
    yield r
    r.shutdown()


def test_success_progress_and_partials_arrive_on_gui_thread(qtbot, runner):
    gui = threading.get_ident()
    seen: dict[str, list] = {"threads": [], "items": [], "progress": [], "order": []}
    body_thread: list[int] = []

    def body(task):
        body_thread.append(threading.get_ident())
        for i in range(50):
            task.post(i)
            task.report(Progress(i + 1, 50, "steps"))
            if i == 25:
                time.sleep(0.1)  # a pause: the items so far go out as one batch
        return "result"

    def on(kind):
        def cb(*args):
            seen["threads"].append(threading.get_ident())
            seen["order"].append(kind)
            if kind == "partial":
                seen["items"].extend(args[0])
            if kind == "progress":
                seen["progress"].append(args[0])
            if kind == "success":
                seen["result"] = args[0]
        return cb

    handle = runner.run(body, lane="io", success=on("success"), partial=on("partial"),
                        progress=on("progress"), finished=on("finished"))
    qtbot.waitUntil(lambda: handle.done, timeout=10_000)
    assert body_thread[0] != gui
    assert set(seen["threads"]) == {gui}
    assert seen["result"] == "result"
    # every posted item, in order, batched (far fewer callbacks than items)
    assert seen["items"] == list(range(50))
    assert seen["order"].count("partial") < 50
    assert seen["order"][-2:] == ["success", "finished"]
    assert seen["progress"][-1].done == 50  # the final progress is never dropped
    assert not runner.active


def test_failure_goes_to_failure_callback_or_error_sink(qtbot, runner):
    got: list[BaseException] = []

    def boom(task):
        raise NotFound("No model named 'x'.", "Install one first.")

    h1 = runner.run(boom, failure=got.append)
    qtbot.waitUntil(lambda: h1.done, timeout=5000)
    assert isinstance(got[0], NotFound) and not runner.errors

    h2 = runner.run(boom)  # no failure callback: the app's error display gets it
    qtbot.waitUntil(lambda: h2.done, timeout=5000)
    assert isinstance(runner.errors[0], NotFound)


def test_cancel_stops_the_body_and_reports_cancelled(qtbot, runner):
    started = threading.Event()
    outcome: list[str] = []

    def slow(task):
        started.set()
        while True:
            task.cancel.raise_if_cancelled()
            time.sleep(0.005)

    h = runner.run(slow, lane="index", cancelled=lambda: outcome.append("cancelled"),
                   success=lambda r: outcome.append("success"),
                   failure=lambda e: outcome.append("failure"))
    assert started.wait(5)
    h.cancel()
    qtbot.waitUntil(lambda: h.done, timeout=5000)
    assert outcome == ["cancelled"]
    assert not runner.errors  # a cancel is not an error


def test_model_lane_runs_one_task_at_a_time(qtbot, runner):
    running = []
    overlap = []
    lock = threading.Lock()

    def body(task):
        with lock:
            running.append(1)
            if len(running) > 1:
                overlap.append(True)
        time.sleep(0.02)
        with lock:
            running.pop()
        return threading.get_ident()

    threads: list[int] = []
    handles = [runner.run(body, lane="model", success=threads.append) for _ in range(4)]
    qtbot.waitUntil(lambda: all(h.done for h in handles), timeout=10_000)
    assert not overlap
    assert len(set(threads)) == 1  # the loaded model stays on one thread


def test_callbacks_dropped_when_owner_deleted(qtbot, runner):
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    got: list = []
    gate = threading.Event()
    h = runner.run(lambda t: gate.wait(5), success=got.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(owner), timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: h.done, timeout=5000)
    assert got == []


def test_callback_exception_is_reported_not_raised(qtbot, runner):
    def bad_success(_):
        raise ValueError("bug in a view")

    h = runner.run(lambda t: 1, success=bad_success)
    qtbot.waitUntil(lambda: h.done, timeout=5000)
    assert isinstance(runner.errors[0], ValueError)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_background_lanes_yield_the_cpu_to_the_gui_thread(qtbot, runner):
    """Indexing must not compete with the GUI thread at equal priority; a reply does."""
    def nice(task):
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    gui = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    got: dict[str, int] = {}
    handles = [runner.run(nice, lane=lane, success=lambda v, lane=lane: got.update({lane: v}))
               for lane in ("model", "index", "io")]
    qtbot.waitUntil(lambda: all(h.done for h in handles), timeout=10_000)
    assert got["model"] == gui
    assert got["index"] > got["io"] > gui


def test_a_quiet_task_does_not_make_its_lane_busy(qtbot, runner):
    seen: list[tuple[str, bool]] = []
    runner.busy_changed.connect(lambda lane, busy: seen.append((lane, busy)))
    release = threading.Event()
    quiet = runner.run(lambda t: release.wait(10), lane="io", quiet=True)
    assert not runner.lane_busy("io")
    loud = runner.run(lambda t: None, lane="io")
    qtbot.waitUntil(lambda: loud.done, timeout=10_000)
    release.set()
    qtbot.waitUntil(lambda: quiet.done, timeout=10_000)
    # Only the ordinary task showed as work, on and then off.
    assert seen == [("io", True), ("io", False)]


def test_warm_up_runs_on_a_worker_and_shows_no_work(qtbot, ctx, monkeypatch):
    from engine.library.service import LibraryService

    threads: list[int] = []
    original = LibraryService.warm_up
    monkeypatch.setattr(LibraryService, "warm_up",
                        lambda self: (threads.append(threading.get_ident()), original(self)))
    busy: list[tuple[str, bool]] = []
    ctx.tasks.busy_changed.connect(lambda lane, b: busy.append((lane, b)))
    ctx.warm_up()
    qtbot.waitUntil(lambda: bool(threads) and not ctx.tasks.active, timeout=20_000)
    assert threads[0] != threading.get_ident()
    assert busy == []
