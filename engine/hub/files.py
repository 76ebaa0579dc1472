"""A repository's file list turned into the models a user can pick.

GGUF: one entry per file, split files (`name-00001-of-00003.gguf`) grouped into one entry
with all parts and the total size; the quantization read from the file name. MLC: a
repository (or folder) with `mlc-chat-config.json` is one entry with all its files.
Files whose names are unsafe (see safety.py) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from engine.hub.safety import is_safe

# Longest alternatives first; bounded by non-alphanumerics so "Q4_K_M" is not read as "Q4_K".
_QUANT = re.compile(
    r"(?<![A-Za-z0-9])("
    r"IQ\d_(?:XXS|XS|S|M|NL)|TQ\d_\d|Q\d_K(?:_(?:XL|S|M|L))?|Q\d_\d(?:_\d_\d)?"
    r"|MXFP4(?:_MOE)?|BF16|FP16|F16|F32|q\d+f\d+(?:_\d)?"
    r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"^(?P<base>.+)-(?P<n>\d{5})-of-(?P<total>\d{5})\.gguf$", re.IGNORECASE)
MLC_CONFIG = "mlc-chat-config.json"


@dataclass
class RemoteEntry:
    """One file in a repository, as the Hub's tree reports it."""

    path: str
    size: int
    sha256: str | None = None  # LFS files: the content's sha256
    git_oid: str | None = None  # small files: the git blob id (sha1)


@dataclass
class ModelFile:
    """A model one can download: a GGUF file, a split GGUF, or an MLC folder."""

    name: str  # what the user passes to `download` (a split's first part; MLC: the folder)
    parts: list[str]
    size: int
    quant: str | None
    format: str  # "gguf" | "mlc"
    kind: str = "model"  # "model" | "mmproj" (vision projector, not a chat model)
    fit: Any = None  # engine.selection.Fit, when computed
    speed: Any = None  # engine.models.speed_estimate.SpeedEstimate, with the fit
    fit_error: str = ""
    recommended: bool = False
    folder: str = ""  # MLC: the folder in the repository ("" = the root, else "sub/")
    entries: list[RemoteEntry] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (sizes in bytes)."""
        fit = self.fit
        return {
            "name": self.name,
            "parts": list(self.parts),
            "size": self.size,
            "quant": self.quant,
            "format": self.format,
            "kind": self.kind,
            "fit": None if fit is None else fit.to_dict(),
            "speed": None if self.speed is None else self.speed.to_dict(),
            "fit_error": self.fit_error,
            "recommended": self.recommended,
        }


def quant_from_name(name: str) -> str | None:
    """The quantization written in a file name ("Q4_K_M", "IQ3_XS", "F16", "q4f16_1")."""
    base = name.rsplit("/", 1)[-1]
    # The last match: "Qwen2-7B-Q4_K_M" names the quant after the model.
    found = [m.group(1) for m in _QUANT.finditer(base)]
    if not found:
        return None
    q = found[-1]
    return q if q[0] == "q" and "f" in q else q.upper()


def split_info(path: str) -> tuple[str, int, int] | None:
    """(base, part number, total) for `base-0000n-of-0000t.gguf`, else None."""
    m = _SPLIT.match(path)
    if not m:
        return None
    return m.group("base"), int(m.group("n")), int(m.group("total"))


def group_files(entries: list[RemoteEntry], repo: str) -> list[ModelFile]:
    """The models in a repository, GGUF files first by size, then MLC folders."""
    safe = [e for e in entries if is_safe(e.path)]
    out: list[ModelFile] = []
    out.extend(_mlc_models(safe, repo))
    splits: dict[tuple[str, int], list[RemoteEntry]] = {}
    for e in safe:
        if not e.path.lower().endswith(".gguf"):
            continue
        info = split_info(e.path)
        if info:
            splits.setdefault((info[0], info[2]), []).append(e)
            continue
        out.append(_gguf([e]))
    for (_base, total), parts in splits.items():
        parts.sort(key=lambda e: e.path)
        numbers = [split_info(p.path)[1] for p in parts]  # type: ignore[index]
        if numbers == list(range(1, total + 1)):  # incomplete sets cannot be loaded
            out.append(_gguf(parts))
    out.sort(key=lambda m: (m.format != "gguf", m.kind != "model", m.size))
    return out


def _gguf(parts: list[RemoteEntry]) -> ModelFile:
    name = parts[0].path
    kind = "mmproj" if "mmproj" in name.rsplit("/", 1)[-1].lower() else "model"
    return ModelFile(
        name=name,
        parts=[p.path for p in parts],
        size=sum(p.size for p in parts),
        quant=quant_from_name(name),
        format="gguf",
        kind=kind,
        entries=list(parts),
    )


def _mlc_models(entries: list[RemoteEntry], repo: str) -> list[ModelFile]:
    """Each folder holding mlc-chat-config.json is one MLC model (all files below it)."""
    out = []
    for cfg in (e for e in entries if e.path.rsplit("/", 1)[-1] == MLC_CONFIG):
        folder = cfg.path[: -len(MLC_CONFIG)]  # "" or "sub/"
        files = [
            e for e in entries
            if e.path.startswith(folder) and not e.path.lower().endswith((".md", ".gguf"))
            and not e.path.rsplit("/", 1)[-1].startswith(".")
        ]
        name = folder.rstrip("/") or repo.split("/")[-1]
        out.append(
            ModelFile(
                name=name,
                parts=[e.path for e in files],
                size=sum(e.size for e in files),
                quant=quant_from_name(name) or quant_from_name(repo),
                format="mlc",
                folder=folder,
                entries=files,
            )
        )
    return out


def find_model(models: list[ModelFile], wanted: str) -> ModelFile | None:
    """The model a user means by `wanted`: a name, any part of a split, or a quant label."""
    for m in models:
        if wanted == m.name or wanted in m.parts:
            return m
    base = wanted[:-5] if wanted.lower().endswith(".gguf") else wanted
    for m in models:
        info = split_info(m.name)  # a split by its base name, with or without its folder
        if info and base in (info[0], info[0].rsplit("/", 1)[-1]):
            return m
    by_quant = [m for m in models if m.kind == "model" and (m.quant or "").upper() == wanted.upper()]
    return by_quant[0] if len(by_quant) == 1 else None
