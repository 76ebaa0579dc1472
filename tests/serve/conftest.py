"""`hearth serve` as a user starts it: a real process on a free loopback port, over a data
folder with SmolLM2 installed and a small library indexed with the real MiniLM."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.faults.corpus import write_documents

REPO = Path(__file__).resolve().parents[2]
MODEL = "SmolLM2-135M-Instruct.Q4_1"
EMBEDDING = "sentence-transformers/all-MiniLM-L6-v2"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def hearth_env(home: Path, minilm: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(HEARTH_HOME=str(home), HEARTH_EMBEDDING_MODEL_PATH=str(minilm),
               HF_HUB_OFFLINE="1", PYTHONPATH=str(REPO))
    env.pop("HEARTH_API_KEY", None)
    return env


def hearth(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], env=env, capture_output=True,
                          text=True, timeout=600)


@dataclass
class Served:
    url: str  # .../v1
    base: str  # http://host:port
    home: Path
    docs: Path
    log: Path
    process: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log.read_text("utf-8", "replace")


def start_server(env: dict[str, str], log: Path, *args: str, host: str = "127.0.0.1") -> Served:
    port = free_port()
    out = log.open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "engine", "serve", "--host", host,
                             "--port", str(port), *args], env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"hearth serve exited: {log.read_text()}")
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise AssertionError(f"hearth serve did not start: {log.read_text()}")
    return Served(base + "/v1", base, Path(env["HEARTH_HOME"]), Path(), log, proc)


def stop_server(served: Served) -> None:
    served.process.terminate()
    try:
        served.process.wait(10)
    except subprocess.TimeoutExpired:
        served.process.kill()


@pytest.fixture(scope="session")
def serve_home(tmp_path_factory: pytest.TempPathFactory, smollm2: Path,
               minilm: Path) -> tuple[dict[str, str], Path]:
    root = tmp_path_factory.mktemp("serve")
    home, docs = root / "home", root / "docs"
    write_documents(docs)
    env = hearth_env(home, minilm)
    for args in (("models", "import", str(smollm2)), ("library", "create", "Docs", str(docs)),
                 ("library", "index", "Docs")):
        r = hearth(env, *args)
        assert r.returncode == 0, r.stderr
    return env, docs


@pytest.fixture(scope="module")
def served(serve_home: tuple[dict[str, str], Path], tmp_path_factory: pytest.TempPathFactory,
           ) -> Iterator[Served]:
    env, docs = serve_home
    s = start_server(env, tmp_path_factory.mktemp("log") / "serve.log")
    s.docs = docs
    yield s
    stop_server(s)


@pytest.fixture
def client(served: Served):  # type: ignore[no-untyped-def]
    from openai import OpenAI

    return OpenAI(base_url=served.url, api_key="unused", max_retries=0, timeout=120)
