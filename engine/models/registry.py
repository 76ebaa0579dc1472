"""The installed models: GGUF files and MLC folders in the models folder, plus linked files.

The files are the truth: a .gguf (or an MLC folder with mlc-chat-config.json) placed in
the models folder is a model, named after its file stem. `index.json` beside them caches
header facts (keyed by size and mtime, so a replaced file is re-read), remembers where a
model came from, and holds *linked* models: files registered in place, outside the
folder, that Hearth never copies or deletes. It is written atomically; losing it loses
nothing but the cache and the links.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import json
import logging
import os
import re
import shutil
import threading
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from engine.errors import HearthError, InvalidModelFile, NotEnoughSpace, NotFound, StorageError
from engine.fsutil import atomic_write_json, storage_error
from engine.i18n import _, ngettext
from engine.jobs import CancelToken, ProgressFn, RateMeter, format_bytes
from engine.models.gguf import NO_SUCH_FILE, read_header
from engine.models.index_hint import INDEX_FILE
from engine.paths import Paths
from engine.remote.store import RemoteEngine, RemoteStore, remote_name, remote_path, split_name

log = logging.getLogger(__name__)

INDEX_VERSION = 1
MLC_CONFIG = "mlc-chat-config.json"
_SPLIT = re.compile(r"^(?P<base>.+)-(?P<n>\d{5})-of-(?P<total>\d{5})$")
_COPY_CHUNK = 8 << 20


@dataclass
class ModelInfo:
    name: str
    path: str  # the .gguf (a split model's first part) or the MLC folder
    format: Literal["gguf", "mlc", "remote"]
    size_bytes: int  # all parts / all files
    architecture: str = ""
    parameter_count: int = 0
    quantization: str = ""
    context_length: int | None = None
    n_layers: int | None = None
    n_kv_heads: int | None = None
    head_dim: int | None = None
    has_chat_template: bool = False
    source: str | None = None  # "hf:owner/repo/file", "import:/original/path", ...
    added_at: str = ""  # ISO 8601, UTC
    linked: bool = False  # registered in place outside the models folder
    parts: int = 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ModelInfo:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


def remote_info(engine: RemoteEngine, model: str) -> ModelInfo:
    return ModelInfo(name=remote_name(engine.name, model), path=remote_path(engine.name, model),
                     format="remote", size_bytes=0, context_length=engine.context_length,
                     has_chat_template=True, source=f"remote:{engine.base_url}")


def split_parts(path: Path) -> list[Path] | None:
    """All parts of a split GGUF given any part (`x-00001-of-00003.gguf`), else None."""
    m = _SPLIT.match(path.stem)
    if not m:
        return None
    total = int(m.group("total"))
    return [
        path.with_name(f"{m.group('base')}-{i:05d}-of-{total:05d}.gguf")
        for i in range(1, total + 1)
    ]


def model_name(path: Path) -> str:
    """A model's name: the file stem, without a split suffix; an MLC folder's name."""
    if path.suffix.lower() != ".gguf":
        return path.name
    m = _SPLIT.match(path.stem)
    return m.group("base") if m else path.stem


def inspect(path: Path, source: str | None = None) -> ModelInfo:
    """Read a model's facts from its header (GGUF) or config (MLC); validates the files."""
    if path.is_dir():
        return _inspect_mlc(path, source)
    if path.suffix.lower() != ".gguf":
        if not path.exists():
            raise NotFound(_(NO_SUCH_FILE).format(path=path), _("Check the path."))
        raise InvalidModelFile(
            _("{file} is not a model file Hearth can run.").format(file=path.name),
            _("Use a .gguf file or an MLC model folder (with mlc-chat-config.json)."),
        )
    parts = split_parts(path) or [path]
    missing = [p.name for p in parts if not p.exists()]
    if missing:
        raise InvalidModelFile(
            ngettext("{model} is split into {parts} files and {n} is missing (first: {first}).",
                     "{model} is split into {parts} files and {n} are missing (first: {first}).",
                     len(missing)).format(model=model_name(path), parts=len(parts),
                                          n=len(missing), first=missing[0]),
            _("Put all parts in the same folder, then try again."),
        )
    headers = [read_header(p) for p in parts]
    h = headers[0]
    return ModelInfo(
        name=model_name(path),
        path=str(parts[0]),
        format="gguf",
        size_bytes=sum(p.stat().st_size for p in parts),
        architecture=h.architecture,
        parameter_count=sum(x.parameter_count for x in headers),
        quantization=h.quantization,
        context_length=h.context_length,
        n_layers=h.n_layers,
        n_kv_heads=h.n_kv_heads,
        head_dim=h.head_dim,
        has_chat_template=h.has_chat_template,
        source=source,
        parts=len(parts),
    )


@functools.lru_cache(maxsize=32)
def _inspect_stamped(path: Path, size: int, mtime_ns: int) -> ModelInfo:
    return inspect(path)


def _inspect_cached(path: Path) -> ModelInfo:
    """inspect() for files outside the registry, cached by size and mtime: a big vocabulary
    makes a header read cost ~100 ms, and chats look their model up on every message."""
    st = path.stat()
    return dataclasses.replace(_inspect_stamped(path, st.st_size, st.st_mtime_ns))


def _inspect_mlc(folder: Path, source: str | None) -> ModelInfo:
    from engine.backends.mlc import read_mlc_config

    cfg = read_mlc_config(folder)
    raw = cfg.get("model_config")
    mc: dict[str, Any] = raw if isinstance(raw, dict) else {}
    heads = _int(mc.get("num_attention_heads"))
    hidden = _int(mc.get("hidden_size"))
    head_dim = _int(mc.get("head_dim")) or (hidden // heads if hidden and heads else None)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return ModelInfo(
        name=folder.name,
        path=str(folder),
        format="mlc",
        size_bytes=size,
        architecture=str(cfg.get("model_type") or ""),
        quantization=str(cfg.get("quantization") or ""),
        context_length=_int(cfg.get("context_window_size")) or _int(mc.get("context_window_size")),
        n_layers=_int(mc.get("num_hidden_layers")),
        n_kv_heads=_int(mc.get("num_key_value_heads")) or heads,
        head_dim=head_dim,
        has_chat_template=bool(cfg.get("conv_template")),
        source=source,
    )


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) and v > 0 else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ModelRegistry:
    """Installed models. Thread-safe; several processes may share the folder."""

    def __init__(self, paths: Paths, remotes: RemoteStore | None = None) -> None:
        self.remotes = remotes
        self.folder = paths.models
        self.folder.mkdir(parents=True, exist_ok=True)
        self._index_path = self.folder / INDEX_FILE
        self._lock = threading.RLock()
        self._problems: dict[str, tuple[Path, str]] = {}  # unusable files, by model name

    # index ----------------------------------------------------------------------------
    def _read_index(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self._index_path.read_text("utf-8"))
            models = data.get("models", {}) if isinstance(data, dict) else {}
            return {k: v for k, v in models.items() if isinstance(v, dict)}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as e:
            log.warning("models index unreadable (%s); rebuilding it from the files", e)
            return {}

    def _write_index(self, models: dict[str, dict[str, Any]]) -> None:
        atomic_write_json(self._index_path, {"version": INDEX_VERSION, "models": models})

    @staticmethod
    def _stamp(path: Path) -> builtins.list[int]:
        st = path.stat()
        return [st.st_size, st.st_mtime_ns]

    # queries --------------------------------------------------------------------------
    def list(self) -> builtins.list[ModelInfo]:
        """All usable models, by name. Broken files in the folder are skipped (logged)."""
        with self._lock:
            index = self._read_index()
            found: dict[str, ModelInfo] = {}
            problems: dict[str, tuple[Path, str]] = {}
            changed = False
            for path in self._candidates():
                name = model_name(path)
                entry = index.get(name, {})
                try:
                    stamp = self._stamp(path)
                    info = self._cached(entry, stamp, path)
                    if info is None:
                        info = inspect(path, entry.get("source"))
                        info.added_at = entry.get("added_at") or _now()
                        index[name] = self._entry(info, stamp, linked=False)
                        changed = True
                except HearthError as e:
                    log.warning("skipping %s: %s", path.name, e.message)
                    problems[name] = (path, e.message)
                    continue
                except OSError as e:
                    log.warning("skipping %s: %s", path.name, e)
                    problems[name] = (path, str(e))
                    continue
                found[name] = info
            for name, entry in list(index.items()):
                if name in found:
                    continue
                if not entry.get("linked"):
                    del index[name]  # its file was deleted by hand
                    changed = True
                    continue
                linked = self._linked(name, entry, index)
                if isinstance(linked, ModelInfo):
                    found[name] = linked
                    changed = changed or index.get(name) is not entry
                else:
                    problems[name] = (Path(entry.get("path", "")), linked)
            self._problems = problems
            if changed:
                try:
                    self._write_index(index)
                except StorageError as e:  # a read-only folder still lists its models
                    log.warning("could not update the models index: %s", e.message)
            return [found[k] for k in sorted(found, key=str.casefold)]

    @staticmethod
    def _cached(entry: dict[str, Any], stamp: builtins.list[int], path: Path) -> ModelInfo | None:
        """The index's facts for `path` if the file has not changed since, else None."""
        if entry.get("stamp") != stamp or entry.get("path") != str(path):
            return None
        try:
            return ModelInfo.from_dict(entry["info"])
        except (KeyError, TypeError, AttributeError):
            return None  # an index from another version: read the header again

    def _linked(self, name: str, entry: dict[str, Any], index: dict[str, Any]) -> ModelInfo | str:
        """A linked model's info, or why it is unavailable (the link is kept: the file may
        be on a drive that is not plugged in)."""
        path = Path(str(entry.get("path", "")))
        try:
            stamp = self._stamp(path)
            info = self._cached(entry, stamp, path)
            if info is None:
                info = inspect(path, entry.get("source"))
                info.added_at, info.linked = entry.get("added_at") or _now(), True
                index[name] = self._entry(info, stamp, linked=True)
            return info
        except HearthError as e:
            log.warning("linked model %s unavailable: %s", name, e.message)
            return e.message
        except OSError as e:
            log.warning("linked model %s unavailable: %s", name, e)
            return f"{path} is not reachable ({e.strerror or e})."

    def problems(self) -> builtins.list[tuple[str, str, str]]:
        """(name, path, what is wrong) for model files that cannot be used; `remove(name)`
        clears them."""
        self.list()
        return [(n, str(p), msg) for n, (p, msg) in sorted(self._problems.items())]

    def _candidates(self) -> builtins.list[Path]:
        out = []
        for p in self.folder.iterdir():
            if p.name.startswith("."):
                continue  # temp files of an import in progress
            if p.is_dir() and (p / MLC_CONFIG).is_file():
                out.append(p)
            elif p.suffix.lower() == ".gguf" and p.is_file():
                m = _SPLIT.match(p.stem)
                if m and int(m.group("n")) != 1:
                    continue  # later parts of a split model belong to part 1
                if "mmproj" in p.name.lower():
                    continue  # vision projectors are not chat models
                out.append(p)
        return out

    @staticmethod
    def _entry(info: ModelInfo, stamp: builtins.list[int], linked: bool) -> dict[str, Any]:
        return {
            "path": info.path,
            "linked": linked,
            "source": info.source,
            "added_at": info.added_at,
            "stamp": stamp,
            "info": info.to_dict(),
        }

    def remote_models(self) -> builtins.list[ModelInfo]:
        """The models of the remote engines the user added (ENGINE:MODEL), no network."""
        engines = self.remotes.list() if self.remotes is not None else []
        return [remote_info(e, m) for e in engines for m in e.models]

    def list_all(self) -> builtins.list[ModelInfo]:
        """What a model picker offers: the installed models, then the remote ones."""
        return self.list() + self.remote_models()

    def _remote(self, name: str) -> ModelInfo | None:
        """ENGINE:MODEL of an added engine (a model typed by hand counts too)."""
        parts = split_name(name)
        if parts is None or self.remotes is None:
            return None
        try:
            engine = self.remotes.get(parts[0])
        except NotFound:
            return None
        return remote_info(engine, parts[1])

    def get(self, name_or_path: str) -> ModelInfo:
        """A model by name (case-insensitive), a remote ENGINE:MODEL, or a .gguf path / MLC
        folder inspected directly."""
        remote = self._remote(name_or_path)
        if remote is not None:
            return remote
        models = self.list()
        for m in models:
            if m.name == name_or_path:
                return m
        folded = [m for m in models if m.name.casefold() == name_or_path.casefold()]
        if len(folded) == 1:
            return folded[0]
        p = Path(name_or_path).expanduser()
        looks_like_path = (
            os.sep in name_or_path or "/" in name_or_path or p.suffix.lower() == ".gguf"
        )
        if looks_like_path and (p.is_file() or (p / MLC_CONFIG).is_file()):
            resolved = p.resolve()
            for m in models:
                if Path(m.path).resolve() == resolved:
                    return m
            return _inspect_cached(resolved)
        if looks_like_path and not p.exists():
            raise NotFound(_(NO_SUCH_FILE).format(path=p),
                           _("Check the path, or give an installed model's name."))
        installed = ", ".join(m.name for m in models) or _("none")
        raise NotFound(
            _("No model named {name}. Installed: {installed}.").format(
                name=repr(name_or_path), installed=installed),
            _("Run `hearth models list`, import a .gguf with `hearth models import PATH`, "
              "or download one with `hearth hub download`."),
        )

    # changes --------------------------------------------------------------------------
    def register(self, path: Path | str, source: str | None = None) -> ModelInfo:
        """Add a file (or MLC folder) that is already in the models folder (e.g. downloaded)."""
        p = Path(path)
        info = inspect(p, source)
        info.added_at = _now()
        with self._lock:
            index = self._read_index()
            linked = p.resolve().parent != self.folder.resolve()
            info.linked = linked
            index[info.name] = self._entry(info, self._stamp(p), linked=linked)
            self._write_index(index)
        return info

    def import_file(
        self,
        path: Path | str,
        link: bool = False,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> ModelInfo:
        """Copy a .gguf (all parts of a split one) or an MLC folder into the models folder,
        or with `link` register it where it is. The file is validated before anything is
        copied; a cancelled or failed copy leaves nothing behind."""
        src = Path(path).expanduser()
        if not src.exists():
            raise NotFound(_(NO_SUCH_FILE).format(path=src), _("Check the path."))
        src = src.resolve()
        info = inspect(src)  # refuses broken files before a byte is copied
        existing = {m.name: m for m in self.list()}
        if info.name in existing:
            if Path(existing[info.name].path).resolve() == Path(info.path).resolve():
                return existing[info.name]
            raise HearthError(
                _("A model named {name} is already installed.").format(name=repr(info.name)),
                _("Remove it first ({command}) or rename the new file.").format(
                    command=f"hearth models remove {info.name}"),
            )
        source = f"import:{src}"
        if link or src.parent == self.folder.resolve():
            return self.register(Path(info.path), source=source)
        sources = (
            [src] if info.format == "mlc" else split_parts(Path(info.path)) or [Path(info.path)]
        )
        self._check_space(info.size_bytes)
        meter = RateMeter(total=info.size_bytes, unit="B")
        done = 0
        targets: builtins.list[Path] = []
        try:
            for s in sources:
                target = self.folder / s.name
                targets.append(target)
                done = self._copy(s, target, meter, done, progress, cancel)
        except BaseException:
            for t in targets:
                _remove_quietly(t)
            raise
        return self.register(self.folder / Path(info.path).name, source=source)

    def _check_space(self, needed: int) -> None:
        try:
            free = shutil.disk_usage(self.folder).free
        except OSError:
            return
        margin = 256 << 20
        if free < needed + margin:
            raise NotEnoughSpace(
                _("Not enough disk space: the model needs {needed} plus {margin} kept free for "
                  "the system, and {free} is free in {folder}.").format(
                    needed=format_bytes(needed), margin=format_bytes(margin),
                    free=format_bytes(free), folder=self.folder),
                _("Free some space, or import with --link to use the file where it is."),
            )

    def _copy(
        self,
        src: Path,
        dst: Path,
        meter: RateMeter,
        done: int,
        progress: ProgressFn | None,
        cancel: CancelToken | None,
    ) -> int:
        """Copy via a hidden temp file renamed at the end; returns bytes done so far."""
        if src.is_dir():  # an MLC folder: copy file by file through a temp folder
            tmp_dir = dst.with_name(f".{dst.name}.part")
            shutil.rmtree(tmp_dir, ignore_errors=True)
            try:
                for f in sorted(src.rglob("*")):
                    if f.is_file():
                        out = tmp_dir / f.relative_to(src)
                        out.parent.mkdir(parents=True, exist_ok=True)
                        done = self._copy_file(f, out, meter, done, progress, cancel)
                os.replace(tmp_dir, dst)
            except BaseException:
                shutil.rmtree(tmp_dir, ignore_errors=True)
                raise
            return done
        tmp = dst.with_name(f".{dst.name}.part")
        try:
            done = self._copy_file(src, tmp, meter, done, progress, cancel)
            os.replace(tmp, dst)
        except BaseException:
            _remove_quietly(tmp)
            raise
        return done

    @staticmethod
    def _copy_file(
        src: Path,
        dst: Path,
        meter: RateMeter,
        done: int,
        progress: ProgressFn | None,
        cancel: CancelToken | None,
    ) -> int:
        try:
            with open(src, "rb") as fi, open(dst, "wb") as fo:
                while True:
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    chunk = fi.read(_COPY_CHUNK)
                    if not chunk:
                        break
                    fo.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(meter.update(done, f"Copying {src.name}"))
                fo.flush()
                os.fsync(fo.fileno())
        except OSError as e:
            raise storage_error(e, dst) from e
        return done

    def remove(self, name: str) -> ModelInfo:
        """Delete a model's files from the models folder; a linked model is only forgotten.
        Broken files (see `problems()`) can be removed by name too."""
        broken = self._remove_broken(name)
        if broken is not None:
            return broken
        info = self.get(name)
        with self._lock:
            index = self._read_index()
            in_folder = Path(info.path).resolve().parent == self.folder.resolve()
            if info.name not in index and not in_folder:
                raise NotFound(_("{name} is a file, not an installed model.").format(
                    name=repr(name)), _("Nothing to remove."))
            if in_folder and not info.linked:
                paths = split_parts(Path(info.path)) or [Path(info.path)]
                for p in paths:
                    try:
                        if p.is_dir():
                            shutil.rmtree(p)
                        elif p.exists():
                            p.unlink()
                    except OSError as e:
                        raise storage_error(e, p) from e
            index.pop(info.name, None)
            self._write_index(index)
        return info

    def _remove_broken(self, name: str) -> ModelInfo | None:
        self.list()
        with self._lock:
            hit = self._problems.get(name)
            if hit is None:
                return None
            path, _problem = hit
            index = self._read_index()
            entry = index.pop(name, None)
            linked = bool(entry and entry.get("linked"))
            size = 0
            if not linked:
                for p in split_parts(path) or [path]:
                    size += p.stat().st_size if p.is_file() else 0
                    try:
                        if p.is_dir():
                            shutil.rmtree(p)
                        else:
                            p.unlink(missing_ok=True)
                    except OSError as e:
                        raise storage_error(e, p) from e
            self._write_index(index)
            del self._problems[name]
        return ModelInfo(name, str(path), "mlc" if path.is_dir() else "gguf", size, linked=linked)


def _remove_quietly(path: Path) -> None:
    try:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        log.warning("could not remove %s", path)
