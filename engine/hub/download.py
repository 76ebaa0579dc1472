"""Downloading one model (a GGUF file, all parts of a split GGUF, or an MLC folder) into
the models folder, verified, then registering it.

Layout: in-progress files live in `downloads/<owner>__<repo>/<path>.part` (+ `.part.json`
state, see transfer.py) with a `.job-*.json` naming the download, so an interrupted one is
listed and resumed after a restart. Finished, verified files move (same file system: a
rename) into the models folder the registry scans: GGUF files (all parts of a split) at
`models/<file name>`, an MLC model as the folder `models/<name>/`. Only then is the model
registered. A file that fails its checksum is moved to `downloads/quarantine/` and nothing
is registered.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import ChecksumError, HearthError, NotEnoughSpace, StorageError
from engine.fsutil import atomic_write_json, storage_error
from engine.hub.files import ModelFile, RemoteEntry
from engine.hub.safety import inside, repo_folder, safe_relative
from engine.hub.transfer import Hasher, Target, Transfer
from engine.i18n import _
from engine.jobs import CancelToken, Progress, ProgressFn, RateMeter, format_bytes

log = logging.getLogger(__name__)

SPACE_RESERVE = 256 << 20  # keep this much free beyond the download itself


def free_space(path: Path) -> int:
    """Free bytes on the disk holding `path` (tests monkeypatch this)."""
    return shutil.disk_usage(path).free


@dataclass
class Plan:
    repo: str
    model: ModelFile
    revision: str
    work: Path  # downloads/<owner>__<repo>
    models: Path  # the models folder

    @property
    def total(self) -> int:
        return self.model.size

    @property
    def key(self) -> str:
        return hashlib.sha1(f"{self.repo}\0{self.model.name}".encode()).hexdigest()[:12]

    @property
    def job_file(self) -> Path:
        return self.work / f".job-{self.key}.json"

    def part(self, entry: RemoteEntry) -> Path:
        p = inside(self.work, entry.path)
        return p.with_name(p.name + ".part")

    @property
    def mlc_folder(self) -> Path:
        return inside(self.models, self.model.name.rsplit("/", 1)[-1])

    def final(self, entry: RemoteEntry) -> Path:
        if self.model.format == "mlc":
            prefix = self.model.folder
            return inside(self.mlc_folder, entry.path[len(prefix):])
        return inside(self.models, entry.path.rsplit("/", 1)[-1])

    @property
    def register_path(self) -> Path:
        if self.model.format == "mlc":
            return self.mlc_folder
        return self.final(self.model.entries[0])


def make_plan(models_dir: Path, downloads_dir: Path, repo: str, model: ModelFile,
              revision: str) -> Plan:
    folder = repo_folder(repo)
    for e in model.entries:
        safe_relative(e.path)  # refuses hostile names before anything is created
    return Plan(repo, model, revision, downloads_dir / folder, models_dir)


def bytes_on_disk(plan: Plan) -> int:
    """What an earlier, interrupted run already holds (finished files count whole)."""
    done = 0
    for e in plan.model.entries:
        final = plan.final(e)
        if final.exists():
            done += e.size
            continue
        try:
            done += min(plan.part(e).stat().st_size, e.size)
        except FileNotFoundError:
            pass
    return done


def check_space(plan: Plan) -> None:
    try:
        plan.work.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise storage_error(e, plan.work) from e
    needed = plan.total - bytes_on_disk(plan)
    free = free_space(plan.work)
    if needed + SPACE_RESERVE > free:
        raise NotEnoughSpace(
            _("Not enough disk space for {model}: it needs {needed} more plus {reserve} kept "
              "free for the system, and {free} is free.").format(
                model=plan.model.name, needed=format_bytes(needed),
                reserve=format_bytes(SPACE_RESERVE), free=format_bytes(free)),
            _("Free some disk space (or remove models you no longer use with `hearth models "
              "remove`), then start the download again."),
        )


def write_job(plan: Plan) -> None:
    atomic_write_json(plan.job_file, {
        "repo": plan.repo, "file": plan.model.name, "total": plan.total,
        "revision": plan.revision, "started": time.time(),
        "parts": [e.path for e in plan.model.entries],
    })


def read_jobs(downloads_dir: Path) -> list[dict[str, Any]]:
    """Interrupted downloads left by an earlier run (for the queue to list as paused)."""
    jobs = []
    for f in sorted(downloads_dir.glob("*/.job-*.json")):
        try:
            d = json.loads(f.read_text("utf-8"))
            if isinstance(d.get("repo"), str) and isinstance(d.get("file"), str):
                jobs.append(d)
        except (OSError, ValueError):
            log.warning("unreadable download job file %s", f)
    return jobs


def run(
    plan: Plan,
    url_for: Callable[[str], str],
    *,
    token: str | None,
    auth_host: str | None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    on_status: Callable[[str], None] | None = None,
) -> Path:
    """Fetch and verify every file of the plan, move them into the models folder; returns
    the path to register. Raises HearthError (Cancelled when cancelled; files are kept)."""
    cancel = cancel or CancelToken()
    meter = RateMeter(total=plan.total, unit="B")

    def status(text: str) -> None:
        # A new phase (a check, a wait, the body again): its speed is measured on its own,
        # and until it has one none is shown rather than the last phase's.
        if on_status:
            on_status(text)
        meter.restart()
        if progress and meter.done is not None:
            progress(meter.update(meter.done))

    check_space(plan)
    write_job(plan)
    finished = 0
    for entry in plan.model.entries:
        final = plan.final(entry)
        if final.exists():
            # Moved in by an earlier run that stopped after it, or installed before.
            status(f"checking the installed {final.name}")
            check_installed(final, entry, cancel)
            finished += entry.size
            continue
        base = finished

        def on_bytes(n: int, base: int = base, label: str = entry.path) -> None:
            if progress:
                progress(meter.update(base + n, label))

        t = Transfer(
            Target(url_for(entry.path), entry.size, entry.sha256, entry.git_oid,
                   label=f"{plan.repo}/{entry.path}"),
            plan.part(entry), token=token, auth_host=auth_host, cancel=cancel,
            on_bytes=on_bytes, on_status=status,
        )
        try:
            t.run()
        except ChecksumError:
            quarantine(plan, t)
            raise
        _move(t.part, final)
        t.state_file.unlink(missing_ok=True)
        finished += entry.size
    if progress:
        progress(Progress(plan.total, plan.total, "B", "verified"))
    plan.job_file.unlink(missing_ok=True)
    _prune_empty(plan.work)
    return plan.register_path


def check_installed(path: Path, entry: RemoteEntry, cancel: CancelToken) -> None:
    """An existing file of the same name must be this very file, else we refuse."""
    hasher = Hasher(Target("", entry.size, entry.sha256, entry.git_oid))
    size = path.stat().st_size
    if size == entry.size:
        with open(path, "rb", buffering=0) as f:
            buf = bytearray(8 << 20)
            view = memoryview(buf)
            while n := f.readinto(buf):
                cancel.raise_if_cancelled()
                hasher.update(view[:n])
    if size != entry.size or hasher.check() is not None:
        raise HearthError(
            _("A different file named {file} is already in the models folder.").format(
                file=path.name),
            _("Remove that model first ({command}), then download again.").format(
                command=f"`hearth models remove {path.stem}`"),
        )


def discard(downloads_dir: Path, repo: str, file: str) -> None:
    """Delete an unfinished download's partial files (cancel), found through its job file,
    so no network is needed."""
    work = downloads_dir / repo_folder(repo)
    for job in sorted(work.glob(".job-*.json")):
        try:
            d = json.loads(job.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if d.get("repo") != repo or d.get("file") != file:
            continue
        for path in d.get("parts") or []:
            try:
                part = inside(work, path)
            except HearthError:
                continue
            part = part.with_name(part.name + ".part")
            for p in (part, part.with_name(part.name + ".json")):
                p.unlink(missing_ok=True)
        job.unlink(missing_ok=True)
    _prune_empty(work)


def quarantine(plan: Plan, t: Transfer) -> Path:
    """Move a file that failed its checksum aside (kept for inspection, never loaded)."""
    qdir = plan.work.parent / "quarantine"
    qdir.mkdir(parents=True, exist_ok=True)
    target = qdir / f"{repo_folder(plan.repo)}__{t.part.name[:-5]}.{int(time.time())}.bad"
    try:
        os.replace(t.part, target)
    except OSError as e:
        raise storage_error(e, target) from e
    t.state_file.unlink(missing_ok=True)
    log.warning("checksum mismatch: %s quarantined as %s", t.t.label, target)
    return target


def quarantine_installed(plan: Plan) -> Path:
    """Move a downloaded model the registry refused out of the models folder."""
    qdir = plan.work.parent / "quarantine" / f"{repo_folder(plan.repo)}.{int(time.time())}"
    try:
        qdir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise storage_error(err, qdir) from err
    if plan.model.format == "mlc":
        _move(plan.mlc_folder, qdir / plan.mlc_folder.name)
    else:
        for e in plan.model.entries:
            final = plan.final(e)
            if final.exists():
                _move(final, qdir / final.name)
    return qdir


def _move(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(src, dst)
    except OSError as e:
        if e.errno == 18:  # EXDEV: downloads and models on different disks
            try:
                shutil.move(str(src), str(dst))
                return
            except OSError as e2:
                raise storage_error(e2, dst) from e2
        raise storage_error(e, dst) from e


def _prune_empty(folder: Path) -> None:
    """Remove empty folders left under a repo's download folder (deepest first)."""
    if not folder.exists():
        return
    for d in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        try:
            d.rmdir()
        except OSError:
            pass
    try:
        folder.rmdir()
    except OSError:
        pass


__all__ = ["Plan", "make_plan", "run", "discard", "free_space", "read_jobs", "StorageError"]
