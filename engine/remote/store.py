"""Remote engines: OpenAI-compatible servers the user added (llama-server, vLLM, Ollama, LM
Studio, another Hearth). Kept in remotes.json in the data folder; each one's API key in
the keyring or a 0600 file, like the HF token, never in that file.

A remote model is named ENGINE:MODEL (e.g. "lab:Qwen2.5-72B-Instruct") and appears beside
the local ones wherever a model is chosen.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import HearthError, NotFound
from engine.fsutil import atomic_write_json
from engine.i18n import N_, _

log = logging.getLogger(__name__)

FILE = "remotes.json"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
RESERVED = {"library", "remote", "hf", "import"}
DEFAULT_CONTEXT = 8192  # when the server does not say (llama-server's default is 4096+)


@dataclass
class RemoteEngine:
    name: str
    base_url: str  # up to and including /v1
    headers: dict[str, str] = field(default_factory=dict)
    models: list[str] = field(default_factory=list)  # discovered, or entered by hand
    context_length: int = DEFAULT_CONTEXT

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RemoteEngine:
        return cls(
            name=str(d["name"]), base_url=str(d["base_url"]),
            headers={str(k): str(v) for k, v in (d.get("headers") or {}).items()},
            models=[str(m) for m in d.get("models") or []],
            context_length=int(d.get("context_length") or DEFAULT_CONTEXT),
        )

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.base_url).netloc


def normal_url(url: str) -> str:
    """"http://host:8080" -> "http://host:8080/v1" (OpenAI clients' base URL)."""
    url = url.strip().rstrip("/")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HearthError(_("{url} is not an http(s) address.").format(url=repr(url)),
                          _("Give the server's address, e.g. {example}.").format(
                              example="http://192.168.1.20:8080/v1"))
    return url if parts.path.endswith("/v1") else url + "/v1"


SCHEME = "remote://"


def remote_path(engine: str, model: str) -> str:
    """A remote model's ModelInfo.path."""
    return f"{SCHEME}{engine}/{model}"


def parse_path(path: str) -> tuple[str, str]:
    """(engine, model) of "remote://ENGINE/MODEL" (also as pathlib prints it, "remote:/")."""
    engine, _sep, model = path.removeprefix("remote:").lstrip("/").partition("/")
    return engine, model


def remote_name(engine: str, model: str) -> str:
    return f"{engine}:{model}"


def split_name(name: str) -> tuple[str, str] | None:
    engine, sep, model = name.partition(":")
    return (engine, model) if sep and NAME.match(engine) and model else None


class RemoteStore:
    """remotes.json: read on each call (small), written atomically. Thread-safe."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.path = home / FILE
        self._lock = threading.RLock()

    def list(self) -> list[RemoteEngine]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as e:
            log.warning("%s unreadable: %s", self.path, e)
            return []
        out = []
        for d in data.get("engines", []) if isinstance(data, dict) else []:
            try:
                out.append(RemoteEngine.from_dict(d))
            except (KeyError, TypeError, ValueError) as e:
                log.warning("skipping a broken remote engine entry: %s", e)
        return out

    def get(self, name: str) -> RemoteEngine:
        for e in self.list():
            if e.name.casefold() == name.casefold():
                return e
        known = ", ".join(e.name for e in self.list()) or _("none")
        raise NotFound(_("No remote engine named {name}. Added: {known}.").format(
            name=repr(name), known=known), _("Add one with `hearth remote add NAME URL`."))

    @staticmethod
    def check_name(name: str) -> None:
        if not NAME.match(name) or name.lower() in RESERVED:
            raise HearthError(
                _("{name} cannot name a remote engine.").format(name=repr(name)),
                _("Use letters, digits, '.', '_' or '-' (up to 40), not {reserved}.").format(
                    reserved=", ".join(sorted(RESERVED))))

    def save(self, engine: RemoteEngine) -> None:
        self.check_name(engine.name)
        with self._lock:
            engines = [e for e in self.list() if e.name.casefold() != engine.name.casefold()]
            engines.append(engine)
            atomic_write_json(self.path, {"engines": [e.to_dict() for e in engines]})

    def remove(self, name: str) -> None:
        with self._lock:
            engine = self.get(name)
            rest = [e for e in self.list() if e.name != engine.name]
            atomic_write_json(self.path, {"engines": [e.to_dict() for e in rest]})
            self.key(engine.name).clear()

    def key(self, name: str) -> Any:
        from engine.hub.token import TokenStore

        return TokenStore(self.home, f"remote_{name.lower()}_key", f"hearth-remote-{name.lower()}",
                          what=N_("an API key"), hint=N_("Use the key the server was started "
                                                         "with."))
