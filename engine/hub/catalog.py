"""The curated list of small instruct models that first-run onboarding offers
(resources/catalog.json). Read locally: showing it never touches the network."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from engine.errors import HearthError
from engine.paths import resource_path


@dataclass(frozen=True)
class CatalogEntry:
    name: str
    repo: str
    file: str
    quant: str
    size: int  # approximate, bytes
    parameters: int
    license: str
    description: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def load_catalog() -> list[CatalogEntry]:
    path = resource_path("catalog.json")
    try:
        data = json.loads(path.read_text("utf-8"))
        fields = CatalogEntry.__dataclass_fields__
        return [CatalogEntry(**{k: v for k, v in m.items() if k in fields})
                for m in data["models"]]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise HearthError(f"The model catalog ({path}) is unreadable: {e}.",
                          "Reinstall Hearth; searching the Hub still works.") from e
