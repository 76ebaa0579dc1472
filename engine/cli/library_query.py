"""`hearth library search | ask | batch`: query libraries from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import LibraryError
from engine.library.pathkey import shown

if TYPE_CHECKING:
    from engine.api import Hearth
    from engine.jobs import Progress


class _Intermixed:
    """Parse options and positionals in any order (`search NAME --rerank QUERY`).

    Plain argparse binds the optional QUERY (nargs="?") to nothing as soon as it has read
    NAME, so a QUERY after an option is "unrecognized". argparse's own intermixed parsing
    fixes that, but only the top-level parser can ask for it, and the main parser has
    subcommands, which it refuses; so the search subparser asks for it itself.
    """

    _inside = False

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        if self._inside:  # parse_known_intermixed_args calls back into here
            return super().parse_known_args(args, namespace)  # type: ignore[misc]
        self._inside = True
        try:
            return self.parse_known_intermixed_args(args, namespace)  # type: ignore[attr-defined]
        finally:
            self._inside = False


def register(lib: argparse._SubParsersAction) -> None:
    s = lib.add_parser(
        "search",
        help="find passages (hybrid: meaning + exact words)",
        description="Search a library. With --queries, run one search per JSONL line "
        '{"id": ..., "query": ...} and print one JSON line per query.',
    )
    # add_parser builds the parser class the subcommand set was made with; give this one
    # intermixed parsing on top of it.
    s.__class__ = type("SearchParser", (_Intermixed, type(s)), {})
    s.add_argument("name", help="library name")
    s.add_argument("query", nargs="?", help="what to look for")
    s.add_argument("-k", type=int, default=10, help="number of results (default 10)")
    s.add_argument("--file", action="append", metavar="PATH",
                   help="only passages of this file or folder (repeatable; a bare file name works)")
    s.add_argument("--queries", metavar="FILE.jsonl", help="batch of queries ('-' for stdin)")
    s.add_argument("--rerank", action=argparse.BooleanOptionalAction, default=None,
                   help="cross-encoder rerank (default: on when a local model is installed)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_search)

    a = lib.add_parser("ask", help="answer a question from a library, with citations")
    a.add_argument("name", help="library name")
    a.add_argument("question")
    a.add_argument("--model", "-m", help="model to answer with (default: the loaded/default one)")
    a.add_argument("--max-tokens", type=int, help="longest answer in tokens (default 512)")
    a.add_argument("--more-context", action="store_true", default=None,
                   help="send as many passages as fit, not the few read in seconds here")
    a.add_argument("--json", action="store_true", help="print the answer and sources as JSON")
    a.set_defaults(func=cmd_ask)

    b = lib.add_parser(
        "batch",
        help="run one prompt over every document (or CSV row) into a CSV/JSONL file",
        description="Fields: {name} {path} {text} {library} for documents; the column names "
        "(and {row}) for --csv rows. Run the same command again to resume.",
    )
    b.add_argument("name", nargs="?", help="library name (omit with --csv)")
    b.add_argument("--csv", metavar="FILE", help="run over the rows of this CSV instead")
    group = b.add_mutually_exclusive_group(required=True)
    group.add_argument("--prompt", help='prompt template, e.g. "Summarise: {text}"')
    group.add_argument("--prompt-file", metavar="FILE", help="read the template from a file")
    b.add_argument("--out", "-o", required=True, help="results file (.csv or .jsonl)")
    b.add_argument("--model", "-m", help="model to use (default: the loaded/default one)")
    b.add_argument("--max-tokens", type=int, help="longest answer per item (default 512)")
    b.add_argument("--json", action="store_true", help="print the report as JSON")
    b.set_defaults(func=cmd_batch)


def _hearth() -> Hearth:
    from engine.api import Hearth

    return Hearth()


# search -------------------------------------------------------------------------------


def _result(hit: Any) -> dict[str, Any]:
    return {
        "library": hit.library,
        "path": hit.path,
        "page": hit.page,
        "chunk_id": hit.chunk_id,
        "score": round(hit.score, 6),
        "text": hit.text,
    }


def cmd_search(args: argparse.Namespace) -> int:
    if args.queries is None and not args.query:
        raise LibraryError("Nothing to search for.", "Give a QUERY or --queries FILE.jsonl.")
    h = _hearth()
    try:
        if args.queries is not None:
            return _search_many(h, args)
        hits = h.libraries.search(args.name, args.query, k=args.k, files=args.file, rerank=args.rerank)
        if args.json:
            print(json.dumps({"query": args.query, "results": [_result(x) for x in hits]},
                             ensure_ascii=False))
            return 0
        if not hits:
            print("No matching passages.")
        for i, hit in enumerate(hits, start=1):
            where = f", page {hit.page}" if hit.page else ""
            print(f"{i:>2}. {shown(Path(hit.path).name)}{where}  (score {hit.score:.4f})  {shown(hit.path)}")
            snippet = " ".join(hit.text.split())
            print(f"    {snippet[:300]}{'…' if len(snippet) > 300 else ''}")
        return 0
    finally:
        h.close()


def _read_queries(source: str) -> list[tuple[Any, str]]:
    if source == "-":
        lines = sys.stdin.read().splitlines()
    else:
        try:
            lines = Path(source).expanduser().read_text("utf-8").splitlines()
        except OSError as e:
            raise LibraryError(f"Cannot read {source}: {e.strerror or e}.") from e
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            out.append((obj["id"], str(obj["query"])))
        except (ValueError, KeyError, TypeError) as e:
            raise LibraryError(
                f"Line {n} of {source} is not a query: {e}.",
                'Each line must be a JSON object like {"id": 1, "query": "..."}.',
            ) from e
    return out


def _search_many(h: Hearth, args: argparse.Namespace) -> int:
    queries = _read_queries(args.queries)
    for qid, query in queries:
        hits = h.libraries.search(args.name, query, k=args.k, files=args.file, rerank=args.rerank)
        if args.json:
            print(json.dumps({"id": qid, "results": [_result(x) for x in hits]}, ensure_ascii=False),
                  flush=True)
        else:
            top = f"{Path(hits[0].path).name} ({hits[0].score:.4f})" if hits else "no results"
            print(f"{qid}\t{top}", flush=True)
    return 0


# ask ----------------------------------------------------------------------------------


def _progress(p: Progress) -> None:
    if p.unit == "tokens" and p.total:
        # One line rewritten in place on a terminal, one line per step otherwise (logs).
        end = "\r" if sys.stderr.isatty() and p.done < p.total else "\n"
        print(f"{p.message}: {int(p.done):,} of {int(p.total):,} tokens", end=end,
              file=sys.stderr, flush=True)
    elif p.message:
        print(p.message, file=sys.stderr, flush=True)


def cmd_ask(args: argparse.Namespace) -> int:
    from engine.jobs import CancelToken

    h = _hearth()
    cancel = CancelToken()
    try:
        sampling = None
        if args.max_tokens:
            from engine.library.ask import answer_sampling

            sampling = answer_sampling(h.settings.sampling)
            sampling.max_tokens = args.max_tokens
        reply = h.libraries.ask(args.name, args.question, model=args.model, cancel=cancel,
                                progress=None if args.json else _progress, sampling=sampling,
                                more=args.more_context)
        if args.json:
            reply.text  # noqa: B018 - runs the generation to the end
            print(json.dumps(reply.to_dict(), ensure_ascii=False, indent=2))
            return 0
        try:
            for chunk in reply:
                sys.stdout.write(chunk)
                sys.stdout.flush()
        except KeyboardInterrupt:
            cancel.cancel()
            raise
        print()
        from engine.library.grounding import source_label
        from engine.library.prompts import wording

        lang = h.libraries.prompt_language(args.question)
        marks = {c["n"]: "~" if c.get("inferred") else "*" for c in reply.citations}
        if reply.sources:
            print("\n" + wording("sources", lang))
        for src in reply.sources:
            mark = marks.get(src["n"], " ")
            print(f"{mark}[{src['n']}] {shown(source_label(src, lang))}  {shown(src['path'])}")
        for mark, key in (("*", "cited"), ("~", "inferred")):
            if mark in marks.values():
                print(wording(key, lang))
        return 0
    finally:
        h.close()


# batch --------------------------------------------------------------------------------


def cmd_batch(args: argparse.Namespace) -> int:
    if (args.name is None) == (args.csv is None):
        raise LibraryError("Give a library NAME or --csv FILE (one of them).")
    template = args.prompt
    if args.prompt_file:
        try:
            template = Path(args.prompt_file).expanduser().read_text("utf-8")
        except OSError as e:
            raise LibraryError(f"Cannot read {args.prompt_file}: {e.strerror or e}.") from e
    from engine.jobs import CancelToken

    h = _hearth()
    cancel = CancelToken()

    def progress(p: Progress) -> None:
        if not args.json:
            total = int(p.total or 0)
            print(f"{int(p.done)}/{total} {p.message}", file=sys.stderr, flush=True)

    sampling = None
    if args.max_tokens:
        from engine.library.ask import answer_sampling

        sampling = answer_sampling(h.settings.sampling)
        sampling.max_tokens = args.max_tokens
    try:
        report = h.libraries.batch(template, args.out, library=args.name, csv_path=args.csv,
                                   model=args.model, progress=progress, cancel=cancel,
                                   sampling=sampling)
    except KeyboardInterrupt:
        cancel.cancel()
        print("Stopped; run the same command again to resume.", file=sys.stderr)
        raise
    finally:
        h.close()
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(f"{report.done} answered, {report.skipped} already done, {report.failed} failed "
              f"of {report.total}; results in {report.output}")
    return 0 if not report.failed else 1
