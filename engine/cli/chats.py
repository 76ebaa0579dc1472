"""`hearth chats`: list, show, rename, delete and export saved chats; backups and restore.

What cannot be read is said on stderr, never as a traceback: a damaged record is shown as
far as it can be read and named, and a damaged database that was recovered on opening is
reported once, with where the damaged file was kept.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.cli.main import utf8_stdio


def register(sub: Any) -> None:
    p = sub.add_parser("chats", help="list, show, rename, delete or export saved chats")
    cmds = p.add_subparsers(dest="chats_command", metavar="ACTION", required=True)

    ls = cmds.add_parser("list", help="saved chats, newest first")
    ls.add_argument("--search", metavar="TEXT", help="only chats whose title or messages contain TEXT")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=run_list)

    show = cmds.add_parser("show", help="print a chat's messages")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=run_show)

    rename = cmds.add_parser("rename", help="give a chat a new title")
    rename.add_argument("id", type=int, metavar="ID")
    rename.add_argument("title", metavar="TITLE")
    rename.set_defaults(func=run_rename)

    delete = cmds.add_parser("delete", help="delete a chat and its messages")
    delete.add_argument("id", type=int, metavar="ID")
    delete.set_defaults(func=run_delete)

    export = cmds.add_parser("export", help="export a chat as Markdown or JSON")
    export.add_argument("id", type=int, metavar="ID")
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    export.set_defaults(func=run_export)

    backups = cmds.add_parser("backups", help="the daily backups of the chats, newest first")
    backups.set_defaults(func=run_backups)

    restore = cmds.add_parser(
        "restore", help="replace all chats with a backup (the chats now are backed up first)")
    restore.add_argument("backup", metavar="N|FILE",
                         help="a number from `hearth chats backups` (1 = newest) or a file")
    restore.set_defaults(func=run_restore)


def _chats() -> Any:
    """The chat service of the data folder (closed by the caller)."""
    from engine.api import Hearth

    utf8_stdio()
    chats = Hearth().chats
    recovery = chats.recovery
    if recovery is not None:
        print(f"warning: {recovery.message}\n{recovery.hint}", file=sys.stderr)
    return chats


def _say_damage(chat: Any, messages: list[Any]) -> None:
    from engine.chats.records import damage_note

    note, hint = damage_note(chat, messages)
    if note:
        print(f"note: {note}\n{hint}", file=sys.stderr)


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def run_list(args: argparse.Namespace) -> int:
    chats = _chats()
    try:
        found = chats.list(args.search)
        if args.json:
            print(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=2))
            return 0
        if not found:
            print("No chats yet. Start one with: hearth chat \"Hello\"")
            return 0
        for c in found:
            model = Path(c.model).name if c.model else "(default)"
            damaged = "  (damaged)" if c.damaged else ""
            print(f"{c.id:>5}  {_when(c.updated)}  {model[:28]:<28}  {c.title or '(untitled)'}"
                  f"{damaged}")
        if any(c.damaged for c in found):
            print("note: chats marked (damaged) are shown as far as they can be read; "
                  "`hearth chats show ID` says what is damaged.", file=sys.stderr)
        return 0
    finally:
        chats.close()


def run_show(args: argparse.Namespace) -> int:
    chats = _chats()
    try:
        chat = chats.get(args.id)
        messages = chats.messages(chat.id)
        if args.json:
            print(chats.export(chat.id, "json"))
            _say_damage(chat, messages)
            return 0
        print(f"# {chat.title or '(untitled)'}  [chat {chat.id}, {chat.model or 'default model'}]")
        for m in messages:
            state = "" if m.state == "complete" else f" ({m.state})"
            damaged = f" (damaged: {', '.join(m.damaged)})" if m.damaged else ""
            print(f"\n{m.role}{state} [{m.id}]{damaged}:\n{m.content}")
            if m.stats:
                s = m.stats
                print(f"  [{s.completion_tokens} tokens, {s.tokens_per_s:.1f} tok/s, "
                      f"first token {s.ttft_ms:.0f} ms, {s.finish_reason}]")
        _say_damage(chat, messages)
        return 0
    finally:
        chats.close()


def run_rename(args: argparse.Namespace) -> int:
    chats = _chats()
    try:
        chat = chats.rename(args.id, args.title)
        print(f"Chat {chat.id} is now called {chat.title!r}.")
        return 0
    finally:
        chats.close()


def run_delete(args: argparse.Namespace) -> int:
    chats = _chats()
    try:
        chats.delete(args.id)
        print(f"Deleted chat {args.id}.")
        return 0
    finally:
        chats.close()


def run_export(args: argparse.Namespace) -> int:
    from engine.fsutil import atomic_write_bytes

    chats = _chats()
    try:
        text = chats.export(args.id, args.format)
        text = text if text.endswith("\n") else text + "\n"
        if args.output:
            atomic_write_bytes(Path(args.output).expanduser(), text.encode("utf-8"))
            print(f"Wrote {args.output}.", file=sys.stderr)
        else:
            sys.stdout.write(text)
        _say_damage(chats.get(args.id), chats.messages(args.id))
        return 0
    finally:
        chats.close()


def run_backups(args: argparse.Namespace) -> int:
    chats = _chats()
    try:
        found = chats.backups()
        if not found:
            print("No backups yet: one is taken each day Hearth is used (of chats that exist).")
            return 0
        for n, b in enumerate(found, 1):
            count = "unreadable" if b.chats is None else (
                f"{b.chats} chat{'s' if b.chats != 1 else ''}, {b.messages} messages")
            print(f"{n:>3}  {_when(b.taken)}  {b.size / 1_000_000:7.1f} MB  {count:<26}  {b.path}")
        print("Restore one with: hearth chats restore N", file=sys.stderr)
        return 0
    finally:
        chats.close()


def run_restore(args: argparse.Namespace) -> int:
    from engine.errors import NotFound

    chats = _chats()
    try:
        if args.backup.isdigit():
            found = chats.backups()
            n = int(args.backup)
            if not 1 <= n <= len(found):
                raise NotFound(f"There is no backup {n}.", "See `hearth chats backups`.")
            backup = found[n - 1].path
        else:
            backup = Path(args.backup).expanduser()
            if not backup.is_file():
                raise NotFound(f"No file {backup}.", "See `hearth chats backups`.")
        saved = chats.restore(backup)
        n = len(chats.list())
        print(f"Restored the chats of {backup}: {n} chat{'s' if n != 1 else ''} now.")
        print(f"The chats as they were are kept in {saved}.", file=sys.stderr)
        return 0
    finally:
        chats.close()
