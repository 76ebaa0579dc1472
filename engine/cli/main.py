"""`hearth` with no arguments opens the app; subcommands drive the same engine."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from engine import __version__
from engine.errors import Cancelled, HearthError

# Each module has register(subparsers) and sets `func` on its parsers: func(args) -> int.
# Modules must import nothing heavy at import time: `hearth --help` stays instant.
COMMAND_MODULES = ["chat", "chats", "models", "doctor", "hub", "library", "serve", "remote", "gui"]


def build_parser(commands: list[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hearth",
        description="Run language models and chat with your documents, privately, on this computer.",
    )
    parser.add_argument("--version", action="version", version=f"hearth {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in commands:
        importlib.import_module(f"engine.cli.{name}").register(sub)
    return parser


def utf8_stdio() -> None:
    """UTF-8 in and out whatever the console's code page (Windows cp1252, C locale, pipes);
    what cannot be written (a file name's undecodable bytes) is replaced, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        if (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(encoding="utf-8", errors="replace")
        else:
            reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Opening the app (`hearth`, `hearth gui ...`) needs only its own command: building
    # every command's parser first was ~30 ms of the app's cold start.
    parser = build_parser(["gui"] if not argv or argv[0] == "gui" else COMMAND_MODULES)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.command:
        args = parser.parse_args(["gui", *argv])
    utf8_stdio()
    try:
        return int(args.func(args) or 0)
    except Cancelled:
        print("Cancelled.", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `hearth ... | head`: the reader went away; not an error worth a traceback.
        sys.stderr.close()
        return 0
    except HearthError as e:
        print(f"error: {e.message}", file=sys.stderr)
        if e.hint:
            print(e.hint, file=sys.stderr)
        return e.exit_code


if __name__ == "__main__":
    sys.exit(main())
