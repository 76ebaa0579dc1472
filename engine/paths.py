"""Where Hearth keeps its data. HEARTH_HOME overrides everything (tests use it)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paths:
    home: Path

    @classmethod
    def default(cls) -> Paths:
        env = os.environ.get("HEARTH_HOME")
        if env:
            return cls(Path(env).expanduser().resolve())
        import platformdirs

        return cls(Path(platformdirs.user_data_dir("Hearth", appauthor=False)))

    @property
    def settings_file(self) -> Path:
        return self.home / "settings.json"

    @property
    def models(self) -> Path:
        return self.home / "models"

    @property
    def downloads(self) -> Path:
        """In-progress downloads (.part + state files); finished ones move to models/."""
        return self.home / "downloads"

    @property
    def chats_db(self) -> Path:
        return self.home / "chats.sqlite3"

    @property
    def libraries(self) -> Path:
        return self.home / "libraries"

    @property
    def cache(self) -> Path:
        """Downloaded embedding models and other re-creatable files."""
        return self.home / "cache"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    def ensure(self) -> Paths:
        for p in (self.home, self.models, self.downloads, self.libraries, self.cache, self.logs):
            p.mkdir(parents=True, exist_ok=True)
        return self


# resources/ is a top-level package beside engine/ in a checkout, a wheel and the .deb;
# found from here, start-up skips importlib.resources' readers (about 10 ms of imports).
_BESIDE = Path(__file__).resolve().parent.parent / "resources"
_HAS_BESIDE = (_BESIDE / "__init__.py").is_file()  # once: icons ask for paths often


def resource_path(*parts: str) -> Path:
    """A file shipped in resources/ (catalog, themes, icons, defaults)."""
    if _HAS_BESIDE:
        return _BESIDE.joinpath(*parts)
    from importlib import resources  # only without resources/ beside us: ~9 ms of imports

    return Path(str(resources.files("resources").joinpath(*parts)))
