"""`hearth` with no arguments opens the app; subcommands drive the same engine."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from engine import __version__
from engine.errors import Cancelled, HearthError
from engine.i18n import _

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


def _language_setting() -> str:
    """The `language` setting, read without side effects (Hearth's own read of the file
    keeps a damaged one aside and tells the user; that must happen there, once)."""
    import json

    from engine.paths import Paths

    try:
        d = json.loads(Paths.default().settings_file.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError):
        return ""
    value = d.get("language", "") if isinstance(d, dict) else ""
    return value if isinstance(value, str) else ""


def use_language(args: argparse.Namespace) -> None:
    """A command's text in the user's language: the setting, else the locale. Not for the
    app (it sets its own), `serve` (its error bodies go to programs) or JSON output."""
    if args.command in ("gui", "serve") or getattr(args, "json", False):
        return
    from engine.i18n import language_from_env, set_language

    set_language(language_from_env(_language_setting()))


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
    use_language(args)
    try:
        return int(args.func(args) or 0)
    except Cancelled:
        print(_("Cancelled."), file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("\n" + _("Interrupted."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `hearth ... | head`: the reader went away; not an error worth a traceback.
        sys.stderr.close()
        return 0
    except HearthError as e:
        print(_("error: {message}").format(message=e.message), file=sys.stderr)
        if e.hint:
            print(e.hint, file=sys.stderr)
        return e.exit_code


if __name__ == "__main__":
    sys.exit(main())
