"""Libraries on a read-only data folder and a disk that fills up, for real: a read-only bind
mount and a small tmpfs in a private mount namespace (`unshare -m`, root only)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.model_files import REPO


def _can_mount() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(not _can_mount(), reason="needs root and mount namespaces")


def _run_in_namespace(script: str, env: dict[str, str], timeout: float = 600) -> str:
    out = subprocess.run(["unshare", "-m", "bash", "-c", script], capture_output=True, text=True,
                         env=env, timeout=timeout, cwd=REPO)
    return out.stdout + out.stderr


def _env(home: Path, minilm: Path) -> dict[str, str]:
    return dict(os.environ, HEARTH_HOME=str(home), HEARTH_EMBEDDING_MODEL_PATH=str(minilm),
                PYTHONPATH=str(REPO), PY=sys.executable)


def test_a_read_only_data_folder_still_reads_and_says_why_it_cannot_write(
    tmp_path: Path, minilm: Path
) -> None:
    home, docs = tmp_path / "home", tmp_path / "docs"
    docs.mkdir()
    (docs / "tea.txt").write_text("Green tea brews best at 80 degrees. 绿茶用八十度的水。", "utf-8")
    env = _env(home, minilm)
    hearth = f"{sys.executable} -m engine"
    subprocess.run(f"{hearth} library create Tea {docs} && {hearth} library index Tea -q",
                   shell=True, check=True, env=env, cwd=REPO, capture_output=True, timeout=300)
    script = textwrap.dedent(f"""
        mount --bind {home} {home} && mount -o remount,bind,ro {home} || exit 99
        echo "== list"; {hearth} library list 2>&1; echo "rc=$?"
        echo "== search"; {hearth} library search Tea "green tea temperature" 2>&1; echo "rc=$?"
        echo "== status"; {hearth} library status Tea 2>&1; echo "rc=$?"
        echo "== create"; {hearth} library create Other {docs} 2>&1; echo "rc=$?"
        echo "== index"; {hearth} library index Tea --reindex -q 2>&1; echo "rc=$?"
    """)
    out = _run_in_namespace(script, env)
    assert "Traceback" not in out, out
    sections = dict(part.split("\n", 1) for part in out.split("== ")[1:])
    for read in ("list", "search", "status"):
        assert sections[read].rstrip().endswith("rc=0"), (read, sections[read])
    assert "tea.txt" in sections["search"]
    for write in ("create", "index"):
        assert "read-only" in sections[write] and not sections[write].rstrip().endswith("rc=0"), sections[write]


def test_a_disk_that_fills_while_indexing_names_the_cause_and_resumes(
    tmp_path: Path, minilm: Path
) -> None:
    home, docs = tmp_path / "home", tmp_path / "docs"
    docs.mkdir()
    words = ["glacier", "violin", "sourdough", "anemone", "kettle", "lantern", "harbour", "orchard"]
    for i in range(30):
        text = " ".join(words[(i + j) % len(words)] + str(j) for j in range(1500))
        (docs / f"doc{i:02}.txt").write_text(text, "utf-8")
    env = _env(home, minilm)
    hearth = f"{sys.executable} -m engine"
    script = textwrap.dedent(f"""
        mkdir -p {home} && mount -t tmpfs -o size=1500k tmpfs {home} || exit 99
        {hearth} library create Full {docs} >/dev/null
        echo "== full"; {hearth} library index Full -q 2>&1; echo "rc=$?"
        mount -o remount,size=300m {home}
        echo "== again"; {hearth} library index Full -q 2>&1; echo "rc=$?"
        echo "== check"; {hearth} library check Full --dry-run 2>&1; echo "rc=$?"
    """)
    out = _run_in_namespace(script, env)
    assert "Traceback" not in out, out
    sections = dict(part.split("\n", 1) for part in out.split("== ")[1:])
    full = sections["full"]
    assert "disk is full" in full and "MB free" in full and not full.rstrip().endswith("rc=0"), full
    assert "indexed" in sections["again"], sections["again"]
    assert sections["again"].rstrip().endswith("rc=0"), sections["again"]
    assert "nothing to repair" in sections["check"], sections["check"]
