"""`hearth library …`: create and fill document libraries, index them, see each file's state.

search / ask / batch are registered by engine.cli.library_query.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING, Any

from engine.errors import HearthError
from engine.i18n import N_, _, ngettext
from engine.library.pathkey import shown

if TYPE_CHECKING:
    from engine.api import Hearth
    from engine.jobs import Progress


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("library", help="document libraries: index folders, search and ask them")
    lib = p.add_subparsers(dest="library_command", metavar="ACTION", required=True)

    c = lib.add_parser("create", help="create a library (optionally with sources)")
    c.add_argument("name")
    c.add_argument("paths", nargs="*", help="folders or files to include")
    c.add_argument("--model", default="", help="embedding model (default: the setting, "
                   "'auto': chosen from the documents; see `hearth library model`)")
    c.set_defaults(func=cmd_create)

    m = lib.add_parser("model", help="show or change a library's embedding model (re-embeds)")
    m.add_argument("name")
    m.add_argument("model", nargs="?", help="auto, or a model `hearth library model NAME` lists")
    m.add_argument("--no-index", action="store_true", help="only record it; re-embed later "
                   "with `hearth library index NAME --reindex`")
    m.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    m.set_defaults(func=cmd_model)

    ls = lib.add_parser("list", help="list libraries")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_list)

    r = lib.add_parser("rename", help="rename a library")
    r.add_argument("old")
    r.add_argument("new")
    r.set_defaults(func=cmd_rename)

    d = lib.add_parser("delete", help="delete a library's index (your documents stay)")
    d.add_argument("name")
    d.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    d.set_defaults(func=cmd_delete)

    a = lib.add_parser("add", help="add folders or files to a library")
    a.add_argument("name")
    a.add_argument("paths", nargs="+")
    a.add_argument("--index", action="store_true", help="index right away")
    a.set_defaults(func=cmd_add)

    rm = lib.add_parser("remove", help="remove a folder or file from a library")
    rm.add_argument("name")
    rm.add_argument("path")
    rm.set_defaults(func=cmd_remove)

    ix = lib.add_parser("index", help="index new and changed files (resumes where it stopped)")
    ix.add_argument("name")
    ix.add_argument(
        "--reindex",
        action="store_true",
        help="drop the index and rebuild it (after changing the embedding model)",
    )
    ix.add_argument("--json", action="store_true", help="print the report as JSON")
    ix.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    ix.set_defaults(func=cmd_index)

    st = lib.add_parser("status", help="the state of every file in a library")
    st.add_argument("name")
    st.add_argument("--json", action="store_true", help="print JSON")
    st.add_argument("--state", help="only files in this state (indexed, failed, ...)")
    st.set_defaults(func=cmd_status)

    ck = lib.add_parser("check", help="check a library's storage and repair it (re-indexes only what is missing)")
    ck.add_argument("name", help="the library's name (or, for a damaged one, the id `library list` shows)")
    ck.add_argument("--dry-run", action="store_true", help="only report; change nothing")
    ck.add_argument("--json", action="store_true", help="print the report as JSON")
    ck.set_defaults(func=cmd_check)

    w = lib.add_parser("watch", help="keep the library up to date while this runs (Ctrl-C stops)")
    w.add_argument("name")
    w.set_defaults(func=cmd_watch)

    from engine.cli import library_query

    library_query.register(lib)


def _hearth() -> Hearth:
    from engine.api import Hearth

    return Hearth()


# Files per state, as `library status` counts them ("3 indexed"); the state names stay
# English in --state and JSON.
STATE_COUNTS = {"indexed": N_("{n} indexed"), "failed": N_("{n} failed"),
                "no_text": N_("{n} without text"), "unsupported": N_("{n} unsupported"),
                "pending": N_("{n} waiting"), "writing": N_("{n} being written")}


def _print_info(info: Any) -> None:
    states = _(", ").join(_(STATE_COUNTS[s]).format(n=n) if s in STATE_COUNTS else f"{n} {s}"
                          for s, n in sorted(info.states.items())) or _("not indexed yet")
    files = ngettext("{n} file", "{n} files", info.files).format(n=info.files)
    chunks = ngettext("{n} chunk", "{n} chunks", info.chunks).format(n=info.chunks)
    print(_("{name}: {files}, {chunks} ({states})").format(
        name=info.name, files=files, chunks=chunks, states=states))
    for s in info.sources:
        print("  " + _("source: {path}").format(path=s))
    model = (_("embedding model: {model} (chosen automatically)") if info.chosen_model == "auto"
             else _("embedding model: {model}"))
    print("  " + model.format(model=info.embedding_model))
    if info.needs_reindex:
        print("  " + _("needs re-index: {reason}").format(reason=info.reindex_reason))
    if info.problem:
        print("  " + _("damaged: {problem}").format(problem=info.problem))


def cmd_create(args: argparse.Namespace) -> int:
    h = _hearth()
    info = h.libraries.create(args.name, args.paths or None, embedding_model=args.model)
    print(_("Created library {name}.").format(name=repr(info.name)))
    if not args.paths:
        print(_("Add documents with {command}.").format(
            command=f"`hearth library add {info.name} FOLDER`"))
    else:
        print(_("Index it with {command}.").format(command=f"`hearth library index {info.name}`"))
    return 0


def cmd_model(args: argparse.Namespace) -> int:
    from engine.library.embedders import AUTO, CHOICES

    h = _hearth()
    if not args.model:
        info = h.libraries.get(args.name)
        print(f"{info.name}: {info.embedding_model}"
              + (" (chosen automatically)" if info.chosen_model == AUTO else ""))
        print(f"Choices (`hearth library model {info.name} MODEL`):")
        print(f"  {AUTO:62} from the documents and the interface language")
        for c in CHOICES:
            size = "no download" if not c.download_mb else f"{c.download_mb} MB download"
            print(f"  {c.name:62} {c.label} · {size}")
        h.close()
        return 0
    info = h.libraries.set_model(args.name, args.model)
    if not info.needs_reindex:
        print(f"{info.name} already uses {info.embedding_model}; nothing to re-embed.")
        h.close()
        return 0
    if args.no_index:
        print(f"Recorded. Re-embed with `hearth library index {info.name} --reindex`.")
        h.close()
        return 0
    print(f"Re-embedding {info.name} with {args.model} (Ctrl-C stops; "
          f"`hearth library index {info.name}` resumes).")
    return _index(h, info.name, True, False, args.quiet)


def cmd_list(args: argparse.Namespace) -> int:
    infos = _hearth().libraries.list()
    if args.json:
        print(json.dumps([i.to_dict() for i in infos], ensure_ascii=False, indent=2))
    elif not infos:
        print(_("No libraries yet. Create one with {command}.").format(
            command="`hearth library create NAME FOLDER`"))
    for info in [] if args.json else infos:
        _print_info(info)
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    info = _hearth().libraries.rename(args.old, args.new)
    print(f"Renamed to {info.name!r}.")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    h = _hearth()
    info = h.libraries.get(args.name)
    if not args.yes and sys.stdin.isatty():
        answer = input(
            f"Delete library {info.name!r} ({info.chunks} chunks)? Documents stay. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Kept.")
            return 1
    h.libraries.delete(args.name)
    print(f"Deleted library {info.name!r} (your documents were not touched).")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    h = _hearth()
    info = h.libraries.add_sources(args.name, args.paths)
    print(f"{info.name}: {len(info.sources)} source(s).")
    if args.index:
        return _index(h, args.name, reindex=False, as_json=False, quiet=False)
    print(f"Index with `hearth library index {info.name}`.")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    info = _hearth().libraries.remove_source(args.name, args.path)
    print(f"Removed; {info.name} now has {len(info.sources)} source(s), {info.chunks} chunks.")
    return 0


class ProgressBar:
    """A one-line progress bar on stderr: files, chunks/s, ETA (plain lines when piped)."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._last = 0.0
        self._width = 0

    def __call__(self, p: Progress) -> None:
        from engine.jobs import format_eta

        now = time.monotonic()
        final = p.message == "done"
        if not final and now - self._last < (0.1 if self.tty else 5.0):
            return
        self._last = now
        total = int(p.total or 0)
        frac = p.fraction or (1.0 if final else 0.0)
        bar = "#" * int(frac * 24)
        msg = "" if final else p.message
        line = f"[{bar:<24}] {int(p.done)}/{total} files  {msg}  ETA {format_eta(p.eta_s)}"
        if self.tty:
            pad = max(0, self._width - len(line))
            self.stream.write("\r" + line + " " * pad)
            self._width = len(line)
            if final:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _index(h: Hearth, name: str, reindex: bool, as_json: bool, quiet: bool) -> int:
    from engine.jobs import CancelToken

    cancel = CancelToken()
    progress = None if quiet else ProgressBar()
    try:
        report = h.libraries.index(name, progress=progress, cancel=cancel, reindex=reindex)
    finally:
        h.close()
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return 0
    print(_("{library}: {indexed} indexed, {unchanged} unchanged, {no_text} without text, "
            "{unsupported} unsupported, {failed} failed, {removed} removed; {chunks} chunks "
            "added in {seconds} s ({speed} chunks/s).").format(
        library=report.library, indexed=report.indexed, unchanged=report.unchanged,
        no_text=report.no_text, unsupported=report.unsupported, failed=report.failed,
        removed=report.removed, chunks=report.chunks_added, seconds=f"{report.seconds:.1f}",
        speed=f"{report.chunks_per_s:.0f}"))
    if report.files_total == 0:
        print(_("No files to index. Add folders with {command}.").format(
            command=f"`hearth library add {report.library} FOLDER`"))
    if report.failed or report.no_text:
        print(_("See {command} for reasons.").format(
            command=f"`hearth library status {report.library} --state failed`"))
    for line in report.repaired:
        print(_("Repaired first: {what}.").format(what=line), file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    h = _hearth()
    try:
        report = h.libraries.check(args.name, repair=not args.dry_run,
                                   progress=None if args.json else ProgressBar())
    finally:
        h.close()
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif report.ok:
        print(_("{library}: description, file list and index agree; nothing to repair.").format(
            library=report.library))
    else:
        n = len(report.problems)
        print(ngettext("{library}: found {n} problem:", "{library}: found {n} problems:", n).format(
            library=report.library, n=n))
        for p in report.problems:
            print(f"  - {p}")
        for r in report.repaired:
            print("  " + _("repaired: {what}").format(what=r))
        if args.dry_run:
            print(_("Repair with {command}.").format(command=f"`hearth library check {args.name}`"))
        elif report.files_to_reindex:
            k = report.files_to_reindex
            print("  " + ngettext("{n} file indexed again.", "{n} files indexed again.", k).format(n=k))
    return 1 if args.dry_run and not report.ok else 0


def cmd_index(args: argparse.Namespace) -> int:
    return _index(_hearth(), args.name, args.reindex, args.json, args.quiet or args.json)


def cmd_status(args: argparse.Namespace) -> int:
    h = _hearth()
    rows = h.libraries.status(args.name)
    if args.state:
        rows = [r for r in rows if r.state == args.state]
    if args.json:
        print(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
        return 0
    info = h.libraries.get(args.name)
    _print_info(info)
    from engine.library.reasons import reason_text

    for r in rows:
        # The state column stays the name --state takes; the rest reads in the language.
        parts = [ngettext("{n} chunk", "{n} chunks", r.chunks).format(n=r.chunks)
                 ] if r.state == "indexed" else []
        if r.pages:
            parts.append(ngettext("{n} page", "{n} pages", r.pages).format(n=r.pages))
        extra = _(", ").join(parts)
        reason = f" — {reason_text(r.reason)}" if r.reason else ""
        print(f"{r.state:<11} {shown(r.path)}  {extra}{reason}".rstrip())
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    h = _hearth()

    def report(result: Any) -> None:
        if hasattr(result, "indexed"):
            print(
                f"{time.strftime('%H:%M:%S')} {result.indexed} indexed, {result.removed} removed, "
                f"{result.failed} failed, {result.chunks_added} chunks added",
                flush=True,
            )
        else:
            print(f"{time.strftime('%H:%M:%S')} error: {result}", file=sys.stderr, flush=True)

    try:
        # The watcher first catches up with changes made meanwhile, then follows events.
        def reindex(_library_id: str) -> None:  # on the watcher's thread
            try:
                report(h.libraries.index(args.name))
            except HearthError as e:
                report(e)

        h.libraries.watch(args.name, on=True, on_change=reindex)
        print(f"Watching {args.name}; Ctrl-C stops.", flush=True)
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        print("Stopped watching.")
        return 0
    finally:
        h.close()
