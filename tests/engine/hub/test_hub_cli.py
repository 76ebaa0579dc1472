"""`hearth hub …` end to end against the fake Hub, including kill -9 of a download."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.engine.hub.conftest import SMOLLM2_FILE, SMOLLM2_REPO
from tests.fakehub import FakeHub

REPO_ROOT = Path(__file__).resolve().parents[3]


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from engine.cli.main import main

    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_search_files_catalog_json(hearth_home: Path, smol_hub: FakeHub, smollm2: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["hub", "search", "smol", "--gguf", "--json"], capsys)
    assert code == 0
    assert [r["repo"] for r in json.loads(out)] == [SMOLLM2_REPO]

    code, out, _ = run_cli(["hub", "files", SMOLLM2_REPO, "--json"], capsys)
    files = json.loads(out)
    assert code == 0 and files[0]["size"] == smollm2.stat().st_size
    assert files[0]["quant"] == "Q4_1" and files[0]["fit"]["label"] in ("gpu", "partial", "cpu")

    code, out, _ = run_cli(["hub", "files", SMOLLM2_REPO], capsys)
    assert code == 0 and "★" in out and "Q4_1" in out and "98.4 MB" in out

    code, out, _ = run_cli(["hub", "catalog", "--json"], capsys)
    assert code == 0 and len(json.loads(out)) >= 12

    code, out, err = run_cli(["hub", "files", "nobody/nothing"], capsys)
    assert code != 0 and "nobody/nothing" in err


def test_cli_token_set_status_clear(hearth_home: Path, fakehub: FakeHub,
                                    capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("hf_verysecrettoken99\n"))
    code, out, err = run_cli(["hub", "token", "set", "--stdin"], capsys)
    assert code == 0 and "hf_verysecrettoken99" not in out + err
    code, out, _ = run_cli(["hub", "token", "status", "--json"], capsys)
    st = json.loads(out)
    assert st["set"] and st["preview"] == "hf_…en99"
    code, out, _ = run_cli(["hub", "token", "clear"], capsys)
    code, out, _ = run_cli(["hub", "token", "status"], capsys)
    assert "No token set" in out


def _cli_env(home: Path, hub: FakeHub) -> dict[str, str]:
    env = dict(os.environ)
    env.update(HEARTH_HOME=str(home), HF_ENDPOINT=hub.url, HF_HUB_OFFLINE="0",
               HEARTH_NO_KEYRING="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")])))
    return env


def test_kill_9_during_download_then_next_run_resumes(hearth_home: Path, smol_hub: FakeHub,
                                                      smollm2: Path) -> None:
    size = smollm2.stat().st_size
    smol_hub.fail(SMOLLM2_FILE, "slow", rate=15e6)
    env = _cli_env(hearth_home, smol_hub)
    cmd = [sys.executable, "-m", "engine", "hub", "download", SMOLLM2_REPO, SMOLLM2_FILE, "--json"]
    proc = subprocess.Popen(cmd, env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        end = time.monotonic() + 120
        while smol_hub.sent_by_file.get(SMOLLM2_FILE, 0) < 20_000_000:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < end
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    part = next(hearth_home.joinpath("downloads").rglob("*.part"))
    kept = part.stat().st_size
    assert kept > 0
    # The server thread of the killed connection may still push a buffer into the dead
    # socket: let its counter settle before counting what the next run asks for.
    last, settle_end = -1, time.monotonic() + 10
    while smol_hub.sent_by_file.get(SMOLLM2_FILE, 0) != last and time.monotonic() < settle_end:
        last = smol_hub.sent_by_file.get(SMOLLM2_FILE, 0)
        time.sleep(0.5)
    smol_hub.reset_counters()

    done = subprocess.run(cmd, env=env, cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["name"] == "SmolLM2-135M-Instruct.Q4_1" and info["n_layers"] == 30
    sent = smol_hub.sent_by_file[SMOLLM2_FILE]
    assert sent == size - kept < size  # only the rest crossed the wire
    assert Path(info["path"]).read_bytes() == smollm2.read_bytes()
