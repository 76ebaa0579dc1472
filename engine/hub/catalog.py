"""The curated list of small instruct models that first-run onboarding offers
(resources/catalog.json). Read locally: showing it — with the fit — never touches the
network, because each entry carries the layer shape the fit needs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from engine.errors import HearthError
from engine.i18n import _, language
from engine.paths import resource_path

if TYPE_CHECKING:
    from engine.models.speeds import SpeedBook

CPU_FRIENDLY_PARAMS = 4_000_000_000


@dataclass
class CatalogEntry:
    name: str
    repo: str
    file: str
    quant: str
    size: int  # approximate, bytes
    parameters: int
    license: str
    description: str
    n_layers: int | None = None
    n_kv_heads: int | None = None
    head_dim: int | None = None
    context_length: int | None = None
    fit: Any = None  # engine.selection.Fit when asked for
    recommended: bool = False
    speed: Any = None  # engine.models.speed_estimate.SpeedEstimate, with the fit
    descriptions: dict[str, str] = field(default_factory=dict)  # "zh_TW" -> description

    def local_description(self) -> str:
        """The description in the interface language (engine.i18n), else the English one."""
        return self.descriptions.get(language()) or self.description

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)
             if f.name not in ("fit", "speed")}
        d["fit"] = self.fit.to_dict() if self.fit is not None else None
        d["speed"] = self.speed.to_dict() if self.speed is not None else None
        return d


def load_catalog() -> list[CatalogEntry]:
    path = resource_path("catalog.json")
    try:
        data = json.loads(path.read_text("utf-8"))
        names = {f.name for f in fields(CatalogEntry)} - {"fit", "recommended", "speed"}
        return [CatalogEntry(**{k: v for k, v in m.items() if k in names})
                for m in data["models"]]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise HearthError(
            _("The model catalog ({path}) is unreadable: {error}.").format(path=path, error=e),
            _("Reinstall Hearth; searching the Hub still works.")) from e


def apply_catalog_fit(entries: list[CatalogEntry], hw: Any, n_ctx: int | None,
                      speeds: SpeedBook | None = None) -> None:
    """Fill `.fit` (weights + KV cache at the context) and `.speed`, and mark the one to
    suggest: the largest model that runs entirely on the GPU; with no such GPU, the largest
    of up to ~4B parameters (bigger ones fit in RAM but answer too slowly on a CPU to start
    with)."""
    from engine import selection
    from engine.hub.fit import DEFAULT_CTX
    from engine.models.speed_estimate import estimate

    target = selection.gpu_target(hw)
    for e in entries:
        ctx = n_ctx or DEFAULT_CTX
        if e.context_length:
            ctx = min(ctx, e.context_length)
        e.fit = selection.fit(hw, e.size, e.n_layers, e.n_kv_heads, e.head_dim, ctx)
        e.speed = estimate(e.fit, e.size, e.n_layers, e.file, speeds, target)
    on_gpu = [e for e in entries if e.fit.label == "gpu"]
    runs = [e for e in entries if e.fit.label in ("partial", "cpu")]
    quick = [e for e in runs if e.parameters <= CPU_FRIENDLY_PARAMS]
    # "The largest model that runs well here": by its estimated speed when there is one
    # (a 2-core laptop had Phi-3.5 at ~6 tok/s recommended, its badge saying "slow").
    fast = [e for e in runs if e.speed is not None and e.speed.fast]
    if on_gpu:
        max(on_gpu, key=lambda e: e.parameters).recommended = True
    elif fast:
        max(fast, key=lambda e: e.parameters).recommended = True
    elif quick:
        max(quick, key=lambda e: e.parameters).recommended = True
    elif runs:
        min(runs, key=lambda e: e.parameters).recommended = True
