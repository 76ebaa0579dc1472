"""Fixtures of the fault suite (see README.md): the compiled shim, the fake Hub, the flows
(each prepared once per session, with its counted clean run), and the summary table that
the session-finish hooks print and write to tests/faults/last-run.md."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.faults.harness import FULL
from tests.faults.table import FaultTable

if not sys.platform.startswith("linux"):
    pytest.skip("the fault suite needs Linux (LD_PRELOAD, /proc)", allow_module_level=True)

TABLE = pytest.StashKey[FaultTable]()

# Points per flow. Kills: HEARTH_FAULTS_KILLS. Disk faults (per errno): every call when the
# flow makes at most this many, else this many evenly spaced (HEARTH_FAULTS_SAMPLE).
KILLS = int(os.environ.get("HEARTH_FAULTS_KILLS") or (20 if FULL else 5))
_SAMPLE = os.environ.get("HEARTH_FAULTS_SAMPLE")
SAMPLE = {
    "settings": 40,
    "download": 40 if FULL else 8,
    "chat": 30 if FULL else 5,
    "library": 30 if FULL else 4,
}
if _SAMPLE:
    SAMPLE = dict.fromkeys(SAMPLE, int(_SAMPLE))
SWEEP_TIMEOUT = 4 * 3600 if FULL else 900


def only_point():  # type: ignore[no-untyped-def]
    """HEARTH_FAULTS_POINT=flow:kind:where runs that one point: kind kill, ENOSPC or EIO;
    where a call number (37) or, for a kill, a time into the run (t=2.31s)."""
    from tests.faults.harness import Point

    spec = os.environ.get("HEARTH_FAULTS_POINT", "")
    if not spec:
        return None
    flow, kind, where = spec.split(":")
    if where.startswith("t="):
        return flow, Point(kind, at_s=float(where[2:].rstrip("s")))
    return flow, Point(kind, nth=int(where))


def pytest_configure(config: pytest.Config) -> None:
    config.stash[TABLE] = FaultTable()


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    table = config.stash.get(TABLE, None)
    if table is None or not table.rows:
        return
    path = table.write()
    terminalreporter.section("fault suite summary")
    terminalreporter.write(table.markdown(only_bad=FULL))
    terminalreporter.write_line(f"(written to {path})")


@pytest.fixture(scope="session")
def fault_table(request: pytest.FixtureRequest) -> FaultTable:
    return request.config.stash[TABLE]


@pytest.fixture(scope="session")
def shim(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from tests.faults.shim import Shim

    try:
        return Shim.build(tmp_path_factory.mktemp("shim"))
    except (RuntimeError, OSError) as e:
        pytest.skip(f"cannot build the LD_PRELOAD shim: {e}")
    except Exception as e:  # gcc failed: show why
        pytest.fail(f"gcc could not build tests/faults/faultshim.c: {getattr(e, 'stderr', e)}")


@pytest.fixture(scope="session")
def fault_hub():  # type: ignore[no-untyped-def]
    from tests.fakehub import FakeHub

    hub = FakeHub().start()
    assert hub._server is not None
    # A killed client breaks the server's sendfile: expected here, not worth a traceback.
    hub._server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
    yield hub
    hub.close()


class Flows:
    """Each flow built on first use: its template data folder and its counted clean run."""

    def __init__(self, request: pytest.FixtureRequest, root: Path, shim, table: FaultTable) -> None:  # type: ignore[no-untyped-def]
        self.request = request
        self.root = root
        self.shim = shim
        self.table = table
        self._ready: dict[str, tuple] = {}  # type: ignore[type-arg]
        self._failed: dict[str, BaseException] = {}

    def get(self, name: str):  # type: ignore[no-untyped-def]
        """(flow, its counted clean run, that run's table row); built once, also when it
        fails (every test of the flow then reports the same error at once)."""
        if name in self._failed:
            raise self._failed[name]
        try:
            return self._get(name)
        except Exception as e:  # pytest's skip is a BaseException: not cached, skips again
            self._failed[name] = e
            raise

    def _get(self, name: str):  # type: ignore[no-untyped-def]
        from tests.faults import flows
        from tests.faults.sweep import profile

        if name not in self._ready:
            fixture = self.request.getfixturevalue
            root = self.root / name
            if name == "settings":
                flow = flows.SettingsFlow(root)
            elif name == "download":
                flow = flows.DownloadFlow(root, fixture("fault_hub"),
                                          fixture("smollm2") if FULL else None)
            elif name == "library":
                flow = flows.LibraryFlow(root, fixture("minilm"))
            elif name == "chat":
                flow = flows.ChatFlow(root, fixture("smollm2"))
            else:
                raise KeyError(name)
            flow.prepare()
            prof, row = profile(flow, self.shim, root / "clean-run")
            self.table.add([row])
            self._ready[name] = (flow, prof, row)
        return self._ready[name]


@pytest.fixture(scope="session")
def flows(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, shim,  # type: ignore[no-untyped-def]
          fault_table: FaultTable) -> Flows:
    return Flows(request, tmp_path_factory.mktemp("flows"), shim, fault_table)
