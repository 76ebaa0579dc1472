"""`hearth models …`: import, list, inspect and remove installed models."""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from typing import TYPE_CHECKING, Any

from engine.jobs import Progress, format_bytes, format_eta

if TYPE_CHECKING:
    from engine.api import Hearth
    from engine.models.registry import ModelInfo


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="manage installed models (import, list, remove)")
    models = p.add_subparsers(dest="models_command", metavar="ACTION")
    p.set_defaults(func=lambda _a: (p.print_help(), 0)[1])

    i = models.add_parser("import", help="copy (or link) a .gguf file or MLC folder in")
    i.add_argument("path", help="a .gguf file (first part of a split model) or MLC folder")
    i.add_argument("--link", action="store_true", help="use the file where it is, no copy")
    i.add_argument("--json", action="store_true", help="print the imported model as JSON")
    i.set_defaults(func=cmd_import)

    ls = models.add_parser("list", help="installed models and where each would run")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_list)

    rm = models.add_parser("remove", help="delete a model (a linked one is only forgotten)")
    rm.add_argument("name")
    rm.set_defaults(func=cmd_remove)

    info = models.add_parser("info", help="a model's details and load plan")
    info.add_argument("name", help="model name or path to a .gguf")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(func=cmd_info)


def _hearth() -> Hearth:
    from engine.api import Hearth

    return Hearth()


def plan_dict(hearth: Hearth, model: ModelInfo) -> dict[str, Any]:
    """The load plan for `model` as JSON, or the reason it cannot load here."""
    from dataclasses import asdict

    from engine.errors import HearthError

    try:
        return {"plan": asdict(hearth.plan_load(model))}
    except HearthError as e:
        return {"plan": None, "plan_error": e.message, "plan_hint": e.hint}


def runs_on(plan: dict[str, Any]) -> str:
    """A short 'where it runs' cell: "CPU", "CUDA all", "CUDA 24", "Metal all", ..."""
    p = plan.get("plan")
    if not p:
        error = plan.get("plan_error", "")
        return "needs MLC" if "MLC" in error else "won't fit"
    if p["backend"] == "mlc":
        return f"MLC {p['device']}"
    if p["gpu_layers"] == 0:
        return "CPU"
    api = p["device"].split(":")[0]
    api = {"cuda": "CUDA", "metal": "Metal", "vulkan": "Vulkan", "rocm": "ROCm"}.get(api, api)
    return f"{api} {'all' if p['gpu_layers'] < 0 else p['gpu_layers']} layers"


def params_text(n: int) -> str:
    if not n:
        return "?"
    for unit, size in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= size:
            return f"{n / size:.1f}{unit}".replace(".0", "")
    return str(n)


def cmd_list(args: argparse.Namespace) -> int:
    h = _hearth()
    try:
        models = h.models.list()
        rows = [(m, plan_dict(h, m)) for m in models]
    finally:
        h.close()
    if args.json:
        _print_json([{**m.to_dict(), **plan} for m, plan in rows])
        return 0
    if not rows:
        print(
            "No models installed. Import one with `hearth models import FILE.gguf` "
            "or download one with `hearth hub download`."
        )
        return 0
    table = [["NAME", "SIZE", "PARAMS", "QUANT", "CONTEXT", "ARCH", "RUNS ON"]]
    for m, plan in rows:
        table.append(
            [
                m.name + (" (linked)" if m.linked else ""),
                format_bytes(m.size_bytes),
                params_text(m.parameter_count),
                m.quantization or "?",
                f"{m.context_length:,}" if m.context_length else "?",
                m.architecture or "?",
                runs_on(plan),
            ]
        )
    print_table(table)
    return 0


def print_table(rows: list[list[str]]) -> None:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        cells = [c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)]
        print("  ".join(cells).rstrip())


def _width(s: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def cmd_info(args: argparse.Namespace) -> int:
    h = _hearth()
    try:
        m = h.models.get(args.name)
        plan = plan_dict(h, m)
    finally:
        h.close()
    if args.json:
        _print_json({**m.to_dict(), **plan})
        return 0
    lines = [
        ("Name", m.name + (" (linked)" if m.linked else "")),
        ("Path", m.path),
        ("Format", m.format.upper() + (f", {m.parts} parts" if m.parts > 1 else "")),
        ("Size", format_bytes(m.size_bytes)),
        ("Architecture", m.architecture or "?"),
        ("Parameters", params_text(m.parameter_count)),
        ("Quantization", m.quantization or "?"),
        ("Trained context", f"{m.context_length:,} tokens" if m.context_length else "?"),
        ("Layers", str(m.n_layers or "?")),
        ("Chat template", "yes" if m.has_chat_template else "no (a generic one is used)"),
        ("Source", m.source or "-"),
        ("Added", m.added_at or "-"),
    ]
    p = plan.get("plan")
    lines.append(("Runs on", p["reason"] if p else f"{plan['plan_error']} {plan['plan_hint']}"))
    for k, v in lines:
        print(f"{k + ':':<17}{v}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from engine.jobs import CancelToken

    h = _hearth()
    cancel = CancelToken()
    try:
        known = {m.name for m in h.models.list()}
        m = h.models.import_file(
            args.path, link=args.link, progress=_progress_printer(), cancel=cancel
        )
        plan = plan_dict(h, m)
    except KeyboardInterrupt:
        cancel.cancel()
        raise
    finally:
        h.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if args.json:
        _print_json({**m.to_dict(), **plan})
        return 0
    what = (
        f"{m.architecture or '?'} {params_text(m.parameter_count)}, {m.quantization or '?'}, "
        f"{format_bytes(m.size_bytes)}, {m.context_length or 0:,}-token context"
    )
    if m.name in known:  # import_file returns the installed model for the same file
        print(f"{m.name} is already installed{' (linked)' if m.linked else ''}: {what}")
    else:
        print(f"{'Linked' if m.linked else 'Imported'} {m.name}: {what}")
    p = plan.get("plan")
    print(f"Runs on: {p['reason'] if p else plan['plan_error']}")
    return 0


def _progress_printer():  # type: ignore[no-untyped-def]
    """Progress on stderr, at most ~5 times a second, only on a terminal."""
    last = 0.0

    def show(p: Progress) -> None:
        nonlocal last
        now = time.monotonic()
        if not sys.stderr.isatty() or now - last < 0.2:
            return
        last = now
        pct = f"{p.fraction * 100:5.1f}%" if p.fraction is not None else ""
        rate = f"{format_bytes(p.rate)}/s" if p.rate else ""
        print(
            f"\r{pct} {format_bytes(p.done)} of {format_bytes(p.total)} {rate} "
            f"ETA {format_eta(p.eta_s)}   ",
            end="",
            file=sys.stderr,
            flush=True,
        )

    return show


def cmd_remove(args: argparse.Namespace) -> int:
    h = _hearth()
    try:
        m = h.models.remove(args.name)
    finally:
        h.close()
    if m.linked:
        print(f"Forgot {m.name} (the file {m.path} was left where it is).")
    else:
        print(f"Removed {m.name} ({format_bytes(m.size_bytes)} freed).")
    return 0


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False))
