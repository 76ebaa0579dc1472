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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so the CLI never loads Qt unless the app is wanted.
    from desktop.app import run as run_app

    return run_app(page=args.page, screenshot=args.screenshot)
