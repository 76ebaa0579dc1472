"""Typed, versioned settings in settings.json, written atomically.

Unknown keys are ignored and missing ones take defaults, so older and newer Hearth versions
can share a data folder. Every field is checked on its own: a field of the wrong type or out
of range (`"offline": "false"`, `top_k: "x"`, `threads: 1e308`) is reset to its default with
a warning that names it, the rest is kept, and the file as it was is kept beside it as
settings.json.bak. A file that is not JSON (or not an object) is kept as settings.json.bad.
"""

from __future__ import annotations

import json
import logging
import math
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from engine.backends.base import Sampling
from engine.errors import SettingsError
from engine.fsutil import atomic_write_json
from engine.i18n import _, ngettext, number

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1
DEFAULT_EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# A system prompt is sent with every message; 100k characters is ~25k tokens, more than most
# models' whole context. Longer ones (a 20 MB paste) are refused before any tokenizing.
MAX_SYSTEM_PROMPT = 100_000


@dataclass(frozen=True)
class Rule:
    """What one field accepts."""

    kind: type  # bool, int, float, str or list (of str)
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] = ()
    nullable: bool = False
    max_len: int = 4096  # characters of a str; items of a list

    def describe(self) -> str:
        """What the field accepts, for an error message."""
        if self.choices:
            return _("one of {choices}").format(choices=", ".join(repr(c) for c in self.choices))
        if self.kind is bool:
            return _("true or false")
        if self.kind in (int, float):
            if self.lo is not None and self.hi is not None:
                between = (_("a whole number between {lo} and {hi}") if self.kind is int
                           else _("a number between {lo} and {hi}"))
                return between.format(lo=f"{self.lo:g}", hi=f"{self.hi:g}")
            return _("a whole number") if self.kind is int else _("a number")
        if self.kind is list:
            return ngettext("a list of at most {n} short text", "a list of at most {n} short texts",
                            self.max_len).format(n=self.max_len)
        return ngettext("a text of at most {n} character", "a text of at most {n} characters",
                        self.max_len).format(n=number(self.max_len))

    def accepts(self, v: Any) -> bool:
        if v is None:
            return self.nullable
        if self.kind is bool:
            return isinstance(v, bool)
        if self.kind in (int, float):
            ok = isinstance(v, int) or (self.kind is float and isinstance(v, float))
            if not ok or isinstance(v, bool) or not math.isfinite(v):
                return False
            return (self.lo is None or v >= self.lo) and (self.hi is None or v <= self.hi)
        if self.kind is str:
            return isinstance(v, str) and len(v) <= self.max_len and (
                not self.choices or v in self.choices
            )
        if self.kind is list:
            return (
                isinstance(v, list)
                and len(v) <= self.max_len
                and all(isinstance(x, str) and len(x) <= 200 for x in v)
            )
        return False


SAMPLING_RULES = {
    "temperature": Rule(float, 0, 5),
    "top_p": Rule(float, 0, 1),
    "top_k": Rule(int, 0, 100_000),
    "min_p": Rule(float, 0, 1),
    "repeat_penalty": Rule(float, 0, 10),
    "presence_penalty": Rule(float, -2, 2),
    "frequency_penalty": Rule(float, -2, 2),
    "max_tokens": Rule(int, 1, 1_000_000),
    "stop": Rule(list, max_len=16),
    "seed": Rule(int, -1, 2**63 - 1, nullable=True),
    "ignore_eos": Rule(bool),
}
SETTINGS_RULES = {
    "theme": Rule(str, choices=("system", "light", "dark")),
    "offline": Rule(bool),
    "hf_endpoint": Rule(str),
    "backend": Rule(str, choices=("auto", "cpu", "gpu")),
    "gpu_layers": Rule(int, -1, 100_000, nullable=True),
    "threads": Rule(int, 0, 1024),
    "context_length": Rule(int, 0, 10_000_000),
    "default_model": Rule(str),
    "system_prompt": Rule(str, max_len=MAX_SYSTEM_PROMPT),
    "embedding_model": Rule(str),
    "embedding_model_path": Rule(str),
    "more_context": Rule(bool),
    "max_concurrent_downloads": Rule(int, 1, 8),
    "first_run_done": Rule(bool),
    "language": Rule(str, choices=("", "en", "zh_TW", "zh_CN", "pl")),
    "serve_enabled": Rule(bool),
    "serve_host": Rule(str, max_len=255),
    "serve_port": Rule(int, 1, 65535),
    "serve_cors_origins": Rule(list, max_len=16),
    "serve_max_queue": Rule(int, 0, 1000),
    "serve_idle_unload_s": Rule(int, 0, 7 * 86400),
}


def checked(values: dict[str, Any], rules: dict[str, Rule], prefix: str = "") -> tuple[dict[str, Any], list[str]]:
    """The values `rules` accept (floats given as ints made floats), and the names of the rest."""
    good: dict[str, Any] = {}
    bad: list[str] = []
    for name, v in values.items():
        rule = rules.get(name)
        if rule is None:
            continue  # unknown (a newer version's) keys are ignored
        if rule.accepts(v):
            good[name] = float(v) if rule.kind is float and v is not None else v
        else:
            bad.append(f"{prefix}{name}")
    return good, bad


def sampling_from(d: Any, prefix: str = "sampling.") -> tuple[Sampling, list[str]]:
    if d is None:
        return Sampling(), []
    if not isinstance(d, dict):
        return Sampling(), [prefix.rstrip(".")]
    good, bad = checked(d, SAMPLING_RULES, prefix)
    return Sampling(**good), bad


@dataclass
class Settings:
    version: int = SETTINGS_VERSION
    theme: Literal["system", "light", "dark"] = "system"
    offline: bool = False
    hf_endpoint: str = ""  # empty: HF_ENDPOINT or the public Hub, as huggingface_hub does
    backend: Literal["auto", "cpu", "gpu"] = "auto"
    gpu_layers: int | None = None  # None: chosen from the hardware
    threads: int = 0  # 0: chosen from the hardware
    context_length: int = 0  # 0: chosen from the model and memory
    default_model: str = ""
    system_prompt: str = "You are a helpful assistant."
    sampling: Sampling = field(default_factory=Sampling)
    # The model a new library gets: "auto" (chosen from its documents, engine.library.embedders)
    # or a model name.
    embedding_model: str = "auto"
    embedding_model_path: str = ""  # a local fastembed model folder; HEARTH_EMBEDDING_MODEL_PATH wins
    # Answers from libraries get as many passages as fit (slow to start), not the few this
    # machine reads in seconds (engine.library.grounding.sources_budget).
    more_context: bool = False
    max_concurrent_downloads: int = 2
    first_run_done: bool = False
    language: str = ""  # the interface language; "": the OS locale's
    # The OpenAI-compatible API (`hearth serve`, or the switch in Settings). Its key is kept
    # like the HF token (keyring or a 0600 file), never here.
    serve_enabled: bool = False
    serve_host: str = "127.0.0.1"
    serve_port: int = 8642
    serve_cors_origins: list[str] = field(default_factory=list)
    serve_max_queue: int = 8
    serve_idle_unload_s: int = 0  # unload a model the server loaded after this idle time

    def problems(self) -> list[str]:
        """The names of fields whose values are not allowed."""
        d = self.to_dict()
        _good, bad = checked(d, SETTINGS_RULES)
        _good, bad_sampling = checked(d["sampling"], SAMPLING_RULES, "sampling.")
        return bad + bad_sampling

    def validate(self) -> None:
        bad = self.problems()
        if "system_prompt" in bad and isinstance(self.system_prompt, str):
            n = len(self.system_prompt)
            raise SettingsError(
                ngettext("The system prompt is too long ({n} character).",
                         "The system prompt is too long ({n} characters).", n).format(
                    n=number(n)),
                _("Keep it under {n} characters; put long material in a library.").format(
                    n=number(MAX_SYSTEM_PROMPT)),
            )
        if bad:
            rules = {**SETTINGS_RULES, **{f"sampling.{k}": r for k, r in SAMPLING_RULES.items()}}
            parts = [_("{name} must be {rule}").format(name=name, rule=rules[name].describe())
                     for name in bad if name in rules]
            raise _invalid("; ".join(parts) or ", ".join(bad))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Settings:
        """Strict: raises SettingsError naming every invalid field."""
        s, bad = cls.from_dict_lenient(d)
        if bad:
            raise _invalid(", ".join(bad))
        return s

    @classmethod
    def from_dict_lenient(cls, d: dict[str, Any]) -> tuple[Settings, list[str]]:
        """Settings from `d`, each invalid field at its default; and those fields' names."""
        good, bad = checked({k: v for k, v in d.items() if k != "sampling"}, SETTINGS_RULES)
        sampling, bad_sampling = sampling_from(d.get("sampling"))
        return cls(sampling=sampling, **good), bad + bad_sampling


def _invalid(problems: str) -> SettingsError:
    return SettingsError(_("Invalid settings: {problems}.").format(problems=problems),
                         _("Check those values."))


Note = Callable[[], str]  # a warning, worded when shown: the settings pick the language


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """The settings, and warnings for the user about what was reset (empty when all is well)."""
    settings, notes = read_settings(path)
    return settings, [note() for note in notes]


def read_settings(path: Path) -> tuple[Settings, list[Note]]:
    """load_settings, with each warning worded only when called: the language is set from
    these very settings, after they are read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as e:
        log.warning("settings file unreadable (%s); using defaults", e)
        reason = e.strerror
        return Settings(), [lambda: _("Your settings could not be read ({reason}); defaults are "
                                      "in use.").format(reason=reason)]
    try:
        d = json.loads(raw.decode("utf-8-sig"))
        if not isinstance(d, dict):
            raise ValueError(f"a JSON {type(d).__name__}, not an object")
    except ValueError as e:
        bad = path.with_suffix(".json.bad")
        _keep(path, bad, move=True)
        log.warning("settings file unreadable (%s); kept as %s, using defaults", e, bad)
        damage = str(e)
        return Settings(), [lambda: _("Your settings file was damaged ({error}); it is kept as "
                                      "{file} and defaults are in use.").format(
            error=damage, file=bad.name)]
    settings, fixed = Settings.from_dict_lenient(d)
    if not fixed:
        return settings, []
    backup = path.with_suffix(".json.bak")
    _keep(path, backup, move=False)
    try:
        atomic_write_json(path, settings.to_dict())
    except (OSError, SettingsError) as e:  # read-only or full: the fixed values live in memory
        log.warning("could not rewrite the settings file: %s", e)
    log.warning("settings reset to their defaults (invalid values): %s; the file as it was is "
                "in %s", ", ".join(fixed), backup.name)
    return settings, [lambda: _(
        "Settings reset to their defaults because their values were invalid: {fields}. "
        "The other settings are kept; the file as it was is in {file}.").format(
        fields=", ".join(fixed), file=backup.name)]


def _keep(path: Path, to: Path, move: bool) -> None:
    try:
        if move:
            path.replace(to)
        else:
            shutil.copy2(path, to)
    except OSError as e:
        log.warning("could not keep a copy of %s: %s", path, e)


def save_settings(path: Path, settings: Settings) -> None:
    settings.validate()
    atomic_write_json(path, settings.to_dict())
