"""`hearth doctor [--json]`: what this computer has, what the engines can use, and how each
installed model would load."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check the hardware, engines and models")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from engine import __version__
    from engine.api import Hearth
    from engine.cli.models import plan_dict, runs_on
    from engine.errors import HearthError

    h = Hearth()  # the report's language: engine.cli.main.use_language (JSON stays English)
    try:
        hw = h.hardware()
        try:
            models = h.models.list()
            problems = h.models.problems()
            models_error = ""
        except HearthError as e:  # a broken models folder must not hide the hardware report
            models, problems, models_error = [], [], e.message
        plans = [(m, plan_dict(h, m)) for m in models]
    finally:
        h.close()

    hearth_info = {
        "version": __version__,
        "python": sys.version.split()[0],
        "home": str(h.paths.home),
        "settings": {
            "backend": h.settings.backend,
            "gpu_layers": h.settings.gpu_layers,
            "threads": h.settings.threads,
            "context_length": h.settings.context_length,
        },
    }
    if args.json:
        out: dict[str, Any] = {
            "hearth": hearth_info,
            "hardware": hw.to_dict(),
            "models": [
                {"name": m.name, "path": m.path, "format": m.format, **plan} for m, plan in plans
            ],
        }
        out["broken_models"] = [{"name": n, "path": p, "problem": w} for n, p, w in problems]
        if models_error:
            out["models_error"] = models_error
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0

    print(f"Hearth {__version__}, Python {hearth_info['python']}, data in {h.paths.home}")
    print(hw.summary())
    if hw.notes:
        print("Probes that failed (harmless, for bug reports): " + "; ".join(hw.notes))
    print()
    if models_error:
        print(f"Models: could not read the models folder: {models_error}")
    elif not plans:
        print("Models: none installed (hearth models import FILE.gguf, or hearth hub download).")
    else:
        print("Models:")
        width = max(len(m.name) for m, _ in plans)
        for m, plan in plans:
            p = plan.get("plan")
            why = p["reason"] if p else f"{plan['plan_error']} {plan.get('plan_hint', '')}".strip()
            print(f"  {m.name:<{width}}  {runs_on(plan):<16} {why}")
    for name, path, problem in problems:
        print(f"Unusable: {name} ({path}): {problem} Remove it with: hearth models remove {name}")
    return 0
