"""`hearth gui`: open the desktop app, or render one page to a PNG and exit."""

from __future__ import annotations

import argparse
from pathlib import Path

PAGES = ["chats", "models", "libraries", "settings"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="open the Hearth app (the default with no command)")
    p.add_argument("--page", choices=PAGES, help="page to open")
    p.add_argument("--screenshot", type=Path, metavar="FILE.png",
                   help="render the page offscreen to FILE.png and exit")
    p.add_argument("--size", type=window_size, metavar="WxH",
                   help="window size, e.g. 900x600 (the smallest is 800x560)")
    p.set_defaults(func=run)


def window_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(part) for part in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 900x600") from None
    if w < 1 or h < 1 or w > 16384 or h > 16384:
        raise argparse.ArgumentTypeError(f"{text!r}: each side must be 1 to 16384 pixels")
    return w, h


def run(args: argparse.Namespace) -> int:
    from desktop import startup

    startup.begin()
    # Imported here so the CLI never loads Qt unless the app is wanted.
    from desktop.app import run as run_app

    return run_app(page=args.page, screenshot=args.screenshot, size=args.size)
