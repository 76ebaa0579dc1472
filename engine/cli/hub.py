"""`hearth hub …`: search the Hugging Face Hub, list a repository's models with how they fit
this computer, download (resumably: re-running an interrupted download resumes it), the
curated catalog, and the access token for gated models."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from engine.jobs import Progress, format_bytes, format_eta

# The desktop's badge words (desktop/qtmodels/models_hub.py FIT_NAMES), lower case.
FIT_WORDS = {"gpu": "fits on GPU", "partial": "partly on GPU", "cpu": "runs on CPU",
             "no": "won't fit"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hub", help="find and download models from Hugging Face")
    hub = p.add_subparsers(dest="hub_command", metavar="ACTION")
    p.set_defaults(func=lambda _a: (p.print_help(), 0)[1])

    s = hub.add_parser("search", help="search the Hub for models")
    s.add_argument("query", nargs="?", default="", help="words in the repository name")
    fmt = s.add_mutually_exclusive_group()
    fmt.add_argument("--gguf", dest="fmt", action="store_const", const="gguf",
                     help="only GGUF models (llama.cpp)")
    fmt.add_argument("--mlc", dest="fmt", action="store_const", const="mlc",
                     help="only MLC models")
    s.add_argument("--sort", choices=["downloads", "likes", "updated"], default="downloads")
    s.add_argument("--limit", type=int, default=30)
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_search)

    f = hub.add_parser("files", help="a repository's model files, sizes and fit")
    f.add_argument("repo", help="owner/name")
    f.add_argument("--ctx", type=int, default=None, help="context length for the fit")
    f.add_argument("--no-fit", action="store_true", help="skip reading the file headers")
    f.add_argument("--json", action="store_true", help="print JSON (sizes in bytes)")
    f.set_defaults(func=cmd_files)

    d = hub.add_parser("download", help="download a model (resumes an interrupted one)")
    d.add_argument("repo", help="owner/name")
    d.add_argument("file", nargs="?", help="file name or quantization (default: the "
                   "recommended one for this computer)")
    d.add_argument("--json", action="store_true", help="print the installed model as JSON")
    d.set_defaults(func=cmd_download)

    c = hub.add_parser("catalog", help="recommended small models to start with")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_catalog)

    t = hub.add_parser("token", help="the Hugging Face access token for gated models")
    tsub = t.add_subparsers(dest="token_command", metavar="ACTION")
    t.set_defaults(func=lambda _a: (t.print_help(), 0)[1])
    ts = tsub.add_parser("set", help="save a token (read from the terminal or stdin)")
    ts.add_argument("--stdin", action="store_true", help="read the token from stdin")
    ts.set_defaults(func=cmd_token_set)
    tc = tsub.add_parser("clear", help="forget the saved token")
    tc.set_defaults(func=cmd_token_clear)
    tt = tsub.add_parser("status", help="is a token set, and where")
    tt.add_argument("--json", action="store_true")
    tt.set_defaults(func=cmd_token_status)


def _hearth():  # type: ignore[no-untyped-def]
    from engine.api import Hearth

    return Hearth()


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False))


def cmd_search(args: argparse.Namespace) -> int:
    h = _hearth()
    try:
        results = h.hub.search(args.query, fmt=args.fmt, sort=args.sort, limit=args.limit)
    finally:
        h.close()
    if args.json:
        _print_json([r.to_dict() for r in results])
        return 0
    if not results:
        print("No models found.")
        return 0
    width = min(60, max(len(r.repo) for r in results))
    for r in results:
        gated = "  gated" if r.gated else ""
        updated = (r.updated or "")[:10]
        print(f"{r.repo:<{width}}  {r.downloads:>9,} ↓  {r.likes:>6,} ♥  "
              f"{r.license or '?':<14} {updated}{gated}")
    return 0


def cmd_files(args: argparse.Namespace) -> int:
    h = _hearth()
    try:
        files = h.hub.files(args.repo, fit=not args.no_fit, n_ctx=args.ctx)
    finally:
        h.close()
    if args.json:
        _print_json([f.to_dict() for f in files])
        return 0
    if not files:
        print(f"{args.repo} has no GGUF or MLC model files.")
        return 0
    width = min(70, max(len(f.name) for f in files))
    for f in files:
        mark = "★" if f.recommended else " "
        parts = f" ({len(f.parts)} parts)" if f.format == "gguf" and len(f.parts) > 1 else ""
        if f.kind != "model":
            fit = f"{f.kind}, not a chat model"
        elif f.fit is not None:
            fit = f"{FIT_WORDS.get(f.fit.label, f.fit.label)}: {f.fit.text}"
            if f.speed is not None:
                fit += f"; ~{f.speed.tokens_per_s:.0f} tokens/s ({f.speed.text})"
        else:
            fit = f.fit_error or ""
        print(f"{mark} {f.name:<{width}}  {format_bytes(f.size):>9}  {f.quant or '?':<8} "
              f"{fit}{parts}")
    if any(f.recommended for f in files):
        print("★ recommended for this computer")
    return 0


class _Bar:
    """A one-line progress bar on stderr, redrawn at most 10 times a second."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, p: Progress) -> None:
        now = time.monotonic()
        if not self.tty or (now - self.last < 0.1 and p.done != p.total):
            return
        self.last = now
        frac = p.fraction or 0.0
        bar = "█" * int(frac * 30) + "░" * (30 - int(frac * 30))
        rate = f"{format_bytes(p.rate)}/s" if p.rate else ""
        sys.stderr.write(f"\r{bar} {frac * 100:5.1f}%  {format_bytes(p.done)} / "
                         f"{format_bytes(p.total)}  {rate:>10}  ETA {format_eta(p.eta_s)}  ")
        sys.stderr.flush()

    def status(self, text: str) -> None:
        if not text:  # the transfer is moving again; the bar follows
            return
        if self.tty:
            sys.stderr.write(f"\r{text:<90}\n")
        else:
            print(text, file=sys.stderr)

    def done(self) -> None:
        if self.tty:
            sys.stderr.write("\n")


def cmd_download(args: argparse.Namespace) -> int:
    h = _hearth()
    bar = _Bar()
    try:
        info = h.hub.download(args.repo, args.file, progress=bar, on_status=bar.status)
    finally:
        bar.done()
        h.close()
    if args.json:
        _print_json(info.to_dict())
    else:
        print(f"Installed {info.name} ({format_bytes(info.size_bytes)}). "
              f'Chat with it: hearth chat -m {info.name} "Hello!"')
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    from engine.hub.catalog import load_catalog

    entries = load_catalog()
    if args.json:
        _print_json([e.to_dict() for e in entries])
        return 0
    for e in entries:
        print(f"{e.name:<28} {format_bytes(e.size):>9}  {e.license:<13} {e.description}")
        print(f"{'':<28} hearth hub download {e.repo} {e.file}")
    return 0


def cmd_token_set(args: argparse.Namespace) -> int:
    if args.stdin or not sys.stdin.isatty():
        token = sys.stdin.readline().strip()
    else:
        import getpass

        token = getpass.getpass("Hugging Face access token (input hidden): ")
    h = _hearth()
    try:
        status = h.hub.set_token(token)
    finally:
        h.close()
    where = "the system keyring" if status.where == "keyring" else "a private file (0600)"
    print(f"Token saved in {where}.")
    return 0


def cmd_token_clear(args: argparse.Namespace) -> int:
    h = _hearth()
    try:
        h.hub.clear_token()
    finally:
        h.close()
    print("Token removed.")
    return 0


def cmd_token_status(args: argparse.Namespace) -> int:
    h = _hearth()
    try:
        status = h.hub.token_status()
    finally:
        h.close()
    if args.json:
        _print_json(status.to_dict())
    elif not status.set:
        print("No token set. Gated models need one: hearth hub token set")
    else:
        where = {"keyring": "system keyring", "file": "private file",
                 "huggingface": "huggingface_hub's saved login"}.get(status.where, status.where)
        print(f"Token {status.preview} ({where}).")
    return 0
