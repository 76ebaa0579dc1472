"""The four flows the suite breaks, each as a `hearth` (or settings-dialog) process started
from a prepared data folder: what the folder holds before, the command, the checks, and
the next run.

- settings: the settings dialog saves new settings over old ones.
- download: `hearth hub download` of a GGUF from the fake Hub, with another model already
  installed.
- library: `hearth library index` of a library that was indexed before and whose folder
  has since gained, changed and lost files (real text, Markdown, HTML, PDF and DOCX).
- chat: `hearth chat --chat 1` streaming a reply of the real SmolLM2 into a saved chat.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.faults import checks
from tests.faults.harness import FULL, Problem, RunResult, cli_env, inspect_copy, run_process

ENGINE = ["-m", "engine"]


class Flow:
    name = ""
    # a fault run that takes this many times longer than the clean one (and 60 s) hangs
    hang_factor = 4.0

    def __init__(self, root: Path) -> None:
        self.root = root
        self.template = root / "template"
        self.baseline: Any = None

    # to override --------------------------------------------------------------------------
    def build(self) -> None:
        """Fill self.template with the data folder the command starts from."""

    def argv(self) -> list[str]:
        raise NotImplementedError

    def recover_argv(self) -> list[str]:
        """The next run, without a fault."""
        return self.argv()

    def recover(self, home: Path, workdir: Path, timeout: float) -> RunResult:
        """The next run, without a fault: recover_argv() as a process."""
        return run_process(self.recover_argv(), self.env(home), workdir, timeout)

    def in_process(self, home: Path, env: dict[str, str], step: Callable[[Any], None]) -> RunResult:
        """The next run in this process, through the same facade call the CLI makes (the
        heavy imports are paid once per session, not per fault point). A HearthError is
        the CLI's exit 1; any other exception would be the CLI's traceback."""
        import traceback

        from engine.api import Hearth
        from engine.errors import HearthError

        started = time.monotonic()
        rc, err = 0, ""
        with pytest.MonkeyPatch.context() as mp:
            for k, v in {**env, "HEARTH_HOME": str(home)}.items():
                mp.setenv(k, v)
            hearth = Hearth(home)
            try:
                step(hearth)
            except HearthError as e:
                rc, err = e.exit_code, f"error: {e.message}\n{e.hint}"
            except Exception:
                rc, err = 1, traceback.format_exc()
            finally:
                hearth.close()
        return RunResult(["in-process", self.name], rc, "", err, started,
                         time.monotonic() - started, False, [])

    def env(self, home: Path) -> dict[str, str]:
        return cli_env(home)

    def snapshot(self, home: Path) -> Any:
        raise NotImplementedError

    def check(self, home: Path, before: Any, recovered: bool) -> list[Problem]:
        raise NotImplementedError

    # shared -------------------------------------------------------------------------------
    def prepare(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.build()
        self.baseline = self.snapshot(inspect_copy(self.template, self.root / "baseline"))

    def fresh_home(self, folder: Path) -> Path:
        home = folder / "home"
        if home.exists():
            shutil.rmtree(home)
        shutil.copytree(self.template, home, symlinks=True)
        return home

    def setup_run(
        self, argv: list[str], home: Path, workdir: Path, timeout: float = 600
    ) -> RunResult:
        """A step of building the template; it must succeed."""
        r = run_process(argv, self.env(home), workdir, timeout)
        if r.rc != 0:
            raise RuntimeError(f"{self.name} setup {argv} failed ({r.rc}): {r.tail(2000)}")
        return r


class SettingsFlow(Flow):
    name = "settings"
    OLD = {"theme": "dark", "system_prompt": "Old prompt.", "threads": 1}

    def build(self) -> None:
        import dataclasses

        from engine.api import Hearth

        h = Hearth(self.template)
        h.save_settings(dataclasses.replace(h.settings, **self.OLD))
        h.close()
        self.old = checks.read_settings(self.template)
        from tests.faults.drive_settings import NEW

        self.new = {**self.old, **NEW} if self.old else None

    def argv(self) -> list[str]:
        return ["-m", "tests.faults.drive_settings"]

    def snapshot(self, home: Path) -> Any:
        return checks.read_settings(home)

    def check(self, home: Path, before: Any, recovered: bool) -> list[Problem]:
        return checks.check_settings(home, self.old, self.new, recovered)


REPO_ID = "faults/tiny-GGUF"


class DownloadFlow(Flow):
    name = "download"

    def __init__(self, root: Path, hub: Any, smollm2: Path | None) -> None:
        super().__init__(root)
        self.hub = hub
        self.smollm2 = smollm2

    def build(self) -> None:
        from tests.engine.test_gguf_builder import build, tiny_llama

        files = self.root / "hub-files"
        files.mkdir(exist_ok=True)
        small = files / "alpha-F32.gguf"
        small.write_bytes(tiny_llama())
        if FULL and self.smollm2 is not None:  # the real ~100 MB model
            self.file, big = self.smollm2.name, self.smollm2
        else:  # 16 MB: a token table of 64 x 65536 floats
            big = files / "bravo-F32.gguf"
            md = {"general.architecture": "llama", "general.name": "bravo",
                  "llama.block_count": 1, "llama.context_length": 512,
                  "llama.embedding_length": 64, "llama.attention.head_count": 4}
            big.write_bytes(build(md, [("token_embd.weight", (64, 65536), 0),
                                       ("output_norm.weight", (64,), 0)]))
            self.file = big.name
        self.hub.add_repo(REPO_ID, {small.name: small, self.file: big})
        self.expected = {
            p.name: (p.stat().st_size, checks.sha256(p), p) for p in (small, big)
        }
        (self.root / "hf-home").mkdir(exist_ok=True)
        self.setup_run([*ENGINE, "hub", "download", REPO_ID, small.name], self.template,
                       self.root / "setup")

    def env(self, home: Path) -> dict[str, str]:
        env = cli_env(home, {"HF_ENDPOINT": self.hub.url, "HF_HUB_OFFLINE": "0",
                             "HF_HOME": str(self.root / "hf-home"), "HEARTH_NO_KEYRING": "1"})
        env.pop("HF_TOKEN", None)
        return env

    def argv(self) -> list[str]:
        return [*ENGINE, "hub", "download", REPO_ID, self.file, "--json"]

    def snapshot(self, home: Path) -> Any:
        return checks.models_snapshot(home)

    def check(self, home: Path, before: Any, recovered: bool) -> list[Problem]:
        return checks.check_downloads(home, self.expected, before, recovered)


class LibraryFlow(Flow):
    name = "library"

    def __init__(self, root: Path, minilm: Path) -> None:
        super().__init__(root)
        self.minilm = minilm

    def env(self, home: Path) -> dict[str, str]:
        return cli_env(home, {"HEARTH_EMBEDDING_MODEL_PATH": str(self.minilm)})

    def build(self) -> None:
        from tests.faults.corpus import change_documents, write_documents

        docs = self.root / "docs"
        write_documents(docs)
        self.setup_run([*ENGINE, "library", "create", "Docs", str(docs)], self.template,
                       self.root / "setup-create")
        self.setup_run([*ENGINE, "library", "index", "Docs", "--json"], self.template,
                       self.root / "setup-index")
        change_documents(docs)  # the run under test indexes these changes
        # What a clean index of the changed folder holds: the state every run must reach.
        ref = self.root / "reference"
        self.setup_run([*ENGINE, "library", "create", "Docs", str(docs)], ref,
                       self.root / "ref-create")
        self.setup_run([*ENGINE, "library", "index", "Docs", "--json"], ref,
                       self.root / "ref-index")
        (self.reference,) = checks.library_snapshots(ref).values()

    def argv(self) -> list[str]:
        return [*ENGINE, "library", "index", "Docs", "--json"]

    def recover(self, home: Path, workdir: Path, timeout: float) -> RunResult:
        env = {"HEARTH_EMBEDDING_MODEL_PATH": str(self.minilm)}
        return self.in_process(home, env, lambda h: h.libraries.index("Docs"))

    def snapshot(self, home: Path) -> Any:
        return checks.library_snapshots(home)

    def check(self, home: Path, before: Any, recovered: bool) -> list[Problem]:
        return checks.check_library(home, before, recovered, self.reference)


class ChatFlow(Flow):
    name = "chat"
    PROMPT = "Tell me a story about a lighthouse keeper and a great storm."

    def __init__(self, root: Path, smollm2: Path) -> None:
        super().__init__(root)
        self.smollm2 = smollm2

    def build(self) -> None:
        self.setup_run([*ENGINE, "models", "import", "--link", str(self.smollm2)],
                       self.template, self.root / "setup-import")
        self.setup_run([*ENGINE, "chat", "--temperature", "0", "--seed", "1", "--max-tokens",
                        "24", "Name three colours."], self.template, self.root / "setup-chat")

    def argv(self) -> list[str]:
        # A reply of a few seconds: several partial saves while it streams.
        return [*ENGINE, "chat", "--chat", "1", "--temperature", "0", "--seed", "7",
                "--max-tokens", "80", self.PROMPT]

    def recover(self, home: Path, workdir: Path, timeout: float) -> RunResult:
        """`hearth chat --chat 1 --max-tokens 12 "And in one word?"`, in this process."""

        def send(h: Any) -> None:
            h.chats.update(1, sampling=h.chats.get(1).sampling.to_dict() | {"max_tokens": 12})
            "".join(h.chats.send(1, "And in one word?"))

        return self.in_process(home, {}, send)

    def snapshot(self, home: Path) -> Any:
        return checks.chat_snapshot(home)

    def check(self, home: Path, before: Any, recovered: bool) -> list[Problem]:
        problems = checks.check_chats(home, before, recovered)
        if recovered and not problems:
            last = checks.chat_snapshot(home).messages
            final = last[max(last)] if last else None
            if final is None or final[1] != "assistant" or final[3] != "complete":
                problems.append(Problem("stuck", f"the next run's reply is not complete: {final}"))
        return problems
