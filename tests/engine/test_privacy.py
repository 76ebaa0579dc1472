"""Nothing leaves the machine: chat, index, search, ask and the GUI, traced for network use.

Every process is run under `strace -f`, which sees each connect/sendto a process or any of
its children makes — Python or native code alike (onnxruntime's telemetry is C++). Any
connection that is not to loopback, and any DNS query (port 53, even to a local resolver),
fails the test. A canary that resolves a host name proves the trace catches DNS at all.

The in-process run stays alive 40 s after the embedding model loads: onnxruntime's 1DS
telemetry fired 10–24 s after loading, so a shorter run would prove nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.model_files import REPO as ROOT

pytestmark = pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")

# connect(…) / sendto(…) / sendmsg(…) with an inet address, as strace prints it.
_CALL = re.compile(r"\b(connect|sendto|sendmsg)\((.*)")
_INET4 = re.compile(r'sin_port=htons\((\d+)\), sin_addr=inet_addr\("([\d.]+)"\)')
_INET6 = re.compile(r'sin6_port=htons\((\d+)\).*?inet_pton\(AF_INET6, "([0-9a-fA-F:.]+)"')


def network_uses(trace: str) -> list[str]:
    """The lines of a strace log that reach beyond loopback or ask DNS."""
    bad = []
    for line in trace.splitlines():
        call = _CALL.search(line)
        if not call:
            continue
        for port, addr in _INET4.findall(line) + _INET6.findall(line):
            local = addr.startswith("127.") or addr in ("::1", "::") or addr.startswith("::ffff:127.")
            if port == "53" or not local:
                bad.append(line.strip())
    return bad


def traced(cmd: list[str], log: Path, env: dict[str, str], timeout: float = 600) -> str:
    proc = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(log), *cmd],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    assert log.exists(), f"strace could not trace: {proc.stderr[-2000:]}"
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return log.read_text(errors="replace")


@pytest.fixture
def env(hearth_home: Path, minilm: Path) -> dict[str, str]:
    e = dict(os.environ)
    for key in ("HF_HUB_OFFLINE", "HF_HUB_DISABLE_TELEMETRY", "ORT_DISABLE_TELEMETRY", "DO_NOT_TRACK"):
        e.pop(key, None)  # what a user's shell has: none of the opt-outs
    e.update(HEARTH_HOME=str(hearth_home), HEARTH_EMBEDDING_MODEL_PATH=str(minilm))
    e["PYTHONPATH"] = str(ROOT)
    return e


def test_the_trace_sees_dns(tmp_path: Path, env: dict[str, str]) -> None:
    code = "import socket\ntry:\n    socket.getaddrinfo('huggingface.co', 443)\nexcept OSError:\n    pass"
    trace = traced([sys.executable, "-c", code], tmp_path / "canary.log", env)
    if "/etc/resolv.conf" in trace or not re.search(r"connect\(\d+, \{sa_family=AF_INET", trace):
        # No resolver configured at all (no nameserver line): nothing to prove with.
        resolv = Path("/etc/resolv.conf")
        if not resolv.exists() or "nameserver" not in resolv.read_text(errors="replace"):
            pytest.skip("this machine has no DNS resolver configured")
    assert network_uses(trace), "the trace did not see a DNS query; the privacy test is blind"


DRIVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from engine.api import Hearth


    def main(docs, model):
        h = Hearth()
        name = h.models.import_file(Path(model), link=True).name
        h.libraries.create("notes", [docs])
        h.libraries.index("notes")
        loaded = time.monotonic()
        assert h.libraries.search("notes", "sourdough starter"), "search found nothing"
        _ = h.libraries.ask("notes", "How often is the starter fed?", model=name).text
        chat = h.chats.new_chat(model=name)
        _ = h.chats.send(chat.id, "Name the capital city of France.").text
        # Outlive onnxruntime's telemetry timers (10-24 s after it loads).
        time.sleep(max(0.0, 40 - (time.monotonic() - loaded)))
        h.close()


    if __name__ == "__main__":  # the parser processes re-import this file
        main(Path(sys.argv[1]), sys.argv[2])
    """
)


SERVE_DRIVER = textwrap.dedent(
    """
    import socket
    import httpx
    from engine.api import Hearth
    from engine.serve.app import ServeConfig
    from engine.serve.lane import ThreadLane
    from engine.serve.server import ApiServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    h = Hearth()
    lane = ThreadLane()
    server = ApiServer(h, lane, ServeConfig(port=port))
    server.start()
    assert server.wait_started()
    url = server.url
    model = h.models.list()[0].name
    for path, body in [
        ("/chat/completions", {"model": model, "max_tokens": 8, "stream": True,
                               "messages": [{"role": "user", "content": "Hi"}]}),
        ("/completions", {"model": model, "max_tokens": 8, "prompt": "Once"}),
        ("/embeddings", {"model": h.libraries.embedding_model, "input": ["starter"]}),
        ("/chat/completions", {"model": "library:notes", "max_tokens": 16,
                               "messages": [{"role": "user", "content": "How often is the starter fed?"}]}),
    ]:
        assert httpx.post(url + path, json=body, timeout=300).status_code == 200, path
    assert httpx.get(url + "/models").status_code == 200
    server.stop()
    lane.close()
    h.close()
    """
)


def _docs(folder: Path) -> Path:
    folder.mkdir()
    (folder / "bread.md").write_text(
        "# Sourdough\n\nThe starter is fed twice a day with flour and water.\n", "utf-8"
    )
    (folder / "tea.txt").write_text("绿茶用八十度的水冲泡。Herbata zielona: woda 80 stopni.\n", "utf-8")
    return folder


def test_no_connection_leaves_the_machine(
    tmp_path: Path, env: dict[str, str], smollm2: Path
) -> None:
    docs = _docs(tmp_path / "docs")
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, "utf-8")
    serve_driver = tmp_path / "serve_driver.py"
    serve_driver.write_text(SERVE_DRIVER, "utf-8")
    hearth = [sys.executable, "-m", "engine"]
    runs = {
        "engine (index, search, ask, chat; 40 s)": [sys.executable, str(driver), str(docs), str(smollm2)],
        "cli library index": [*hearth, "library", "index", "notes", "--reindex"],
        "cli library search": [*hearth, "library", "search", "notes", "starter"],
        "cli library ask": [*hearth, "library", "ask", "notes", "How often is the starter fed?"],
        "cli chat": [*hearth, "chat", "Hello", "--max-tokens", "8"],
        "serve (the API over loopback)": [sys.executable, str(serve_driver)],
        "gui": [*hearth, "gui", "--page", "libraries", "--screenshot", str(tmp_path / "gui.png")],
    }
    found = {}
    for i, (name, cmd) in enumerate(runs.items()):
        bad = network_uses(traced(cmd, tmp_path / f"run{i}.log", env))
        if bad:
            found[name] = bad[:5]
    assert (tmp_path / "gui.png").exists()
    assert not found, f"network use beyond loopback: {found}"
