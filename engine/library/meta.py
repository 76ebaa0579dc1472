"""A library's small description (meta.json) and the summary the GUI and CLI show."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import LibraryError
from engine.fsutil import atomic_write_json
from engine.i18n import N_, _

META_FILE = "meta.json"
META_VERSION = 1
REPAIR = N_("Repair it with {command}.")  # a library's damaged file; {command}: hearth library check

# Why a library is listed as damaged (LibraryInfo.damage). The service caches what it found
# in English and turns it into the interface language with problem_text each time it lists.
DESCRIPTION_UNREADABLE = N_("Its description (meta.json) is unreadable.")
INDEX_DISAGREES = N_("Its index and file list disagree.")
INDEX_UNREADABLE = N_("Its index cannot be read: {cause}.")
STORAGE_DAMAGED = N_("Its storage is damaged.")
# The causes check.unreadable_cause gives (missing, damaged), marked so {cause} is translated.
CAUSES = (N_("one of its data files is missing"), N_("one of its data files is damaged"))


def repair_hint(name: str) -> str:
    """What to do about a damaged library, on the command line (by name, or id)."""
    return _(REPAIR).format(command=f"`hearth library check {name}`")


def problem_text(problem: str) -> str:
    """One of the sentences above (English, filled in) in the interface language."""
    for cause in CAUSES:
        if problem == INDEX_UNREADABLE.format(cause=cause):
            return _(INDEX_UNREADABLE).format(cause=_(cause))
    return _(problem) if problem else ""


@dataclass
class LibraryMeta:
    id: str
    name: str
    sources: list[str] = field(default_factory=list)
    embedding_model: str = ""  # recorded at the first index; "" = not indexed yet
    dim: int = 0
    # The user's choice ("auto" or a model); "" in libraries made before the choice existed.
    chosen_model: str = ""
    created: float = 0.0
    indexed_at: float | None = None
    version: int = META_VERSION

    @classmethod
    def load(cls, folder: Path, file: str = META_FILE) -> LibraryMeta:
        path = folder / file
        try:
            d = json.loads(path.read_text("utf-8"))
            if not isinstance(d, dict) or not isinstance(d.get("id"), str) or not isinstance(d.get("name"), str):
                raise ValueError("not a library description")
            if not isinstance(d.get("sources", []), list):
                raise ValueError("sources is not a list")
        except (OSError, ValueError) as e:
            raise LibraryError(
                _("The library in {folder} has an unreadable {file}.").format(
                    folder=folder, file=META_FILE),
                repair_hint(folder.name),
                details=str(e),
            ) from e
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in names})

    def save(self, folder: Path) -> None:
        # The copy is what `hearth library check` restores if meta.json is ever damaged.
        atomic_write_json(folder / META_FILE, asdict(self))
        atomic_write_json(folder / (META_FILE + ".bak"), asdict(self))


@dataclass
class LibraryInfo:
    id: str
    name: str
    folder: str
    sources: list[str]
    embedding_model: str
    dim: int
    created: float
    indexed_at: float | None
    chosen_model: str = ""
    files: int = 0
    chunks: int = 0
    states: dict[str, int] = field(default_factory=dict)  # state -> file count
    needs_reindex: bool = False
    reindex_reason: str = ""
    watching: bool = False
    problem: str = ""  # damaged storage: what is wrong and what to do ('' when healthy)
    damage: str = ""  # what is wrong alone, for the app, whose Repair button is what to do
    readable: bool = True  # False: its description is unreadable; only `check` (by id) works

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class IndexReport:
    library: str
    files_total: int = 0
    unchanged: int = 0
    indexed: int = 0
    no_text: int = 0
    unsupported: int = 0
    failed: int = 0
    removed: int = 0
    chunks_added: int = 0
    chunks_removed: int = 0
    embedded_files: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)  # damage found and mended before indexing
    seconds: float = 0.0
    # Busy seconds per pipeline stage (parse+chunk, embed, write, optimize) for tuning.
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def chunks_per_s(self) -> float:
        return self.chunks_added / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["chunks_per_s"] = round(self.chunks_per_s, 1)
        return d
