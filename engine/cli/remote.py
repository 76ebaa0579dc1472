"""`hearth remote add|list|models|refresh|remove`: OpenAI-compatible servers to chat with
when this computer is not enough. Their models are ENGINE:MODEL in `hearth chat --model`,
`hearth library ask --model` and the app's model picker."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.api import Hearth
    from engine.remote.store import RemoteEngine


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("remote", help="remote engines (llama-server, vLLM, Ollama, another Hearth)")
    rs = p.add_subparsers(dest="remote_command", metavar="ACTION", required=True)
    add = rs.add_parser("add", help="add (or change) a server; finds its models")
    add.add_argument("name", help="a short name: its models are NAME:MODEL")
    add.add_argument("url", help="the server's OpenAI base URL, e.g. http://gpu-box:8080/v1")
    add.add_argument("--api-key", help="its API key (kept in the keyring or a 0600 file)")
    add.add_argument("--header", action="append", default=[], metavar="'NAME: VALUE'",
                     help="an extra HTTP header for every request (repeatable)")
    add.add_argument("--model", action="append", default=[], metavar="ID",
                     help="a model id, when the server does not list its models")
    add.add_argument("--context", type=int, help="the context length the server runs with")
    add.set_defaults(func=cmd_add)
    ls = rs.add_parser("list", help="the added servers")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    for name, helptext, func in (("models", "ask a server which models it serves", cmd_models),
                                 ("refresh", "ask again and keep the list", cmd_refresh),
                                 ("remove", "forget a server and its key", cmd_remove)):
        q = rs.add_parser(name, help=helptext)
        q.add_argument("name")
        q.set_defaults(func=func)


def _discover(h: Hearth, engine: RemoteEngine, key: str | None = None) -> list[str]:
    from engine.remote.client import discover

    return discover(engine, key or h.remotes.key(engine.name).get(), h.settings.offline)


def cmd_add(args: argparse.Namespace) -> int:
    from engine.api import Hearth
    from engine.errors import HearthError
    from engine.remote.store import DEFAULT_CONTEXT, RemoteEngine, normal_url

    headers = {}
    for line in args.header:
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            raise HearthError(f"{line!r} is not a header.", "Write it as 'Name: value'.")
        headers[key.strip()] = value.strip()
    h = Hearth()
    h.remotes.check_name(args.name)
    engine = RemoteEngine(args.name, normal_url(args.url), headers, list(args.model),
                          args.context or DEFAULT_CONTEXT)
    if not engine.models:  # asked first: nothing is saved for a server that cannot answer
        engine.models = _discover(h, engine, args.api_key)
    h.remotes.save(engine)
    if args.api_key:
        h.remotes.key(engine.name).set(args.api_key)
    print(f"Added {engine.name} ({engine.base_url}): {len(engine.models)} models — "
          + ", ".join(f"{engine.name}:{m}" for m in engine.models))
    print("What you send to these models leaves this computer for that server.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from engine.api import Hearth

    engines = Hearth().remotes.list()
    if args.json:
        print(json.dumps([e.to_dict() for e in engines], indent=2, ensure_ascii=False))
        return 0
    if not engines:
        print("No remote engines. Add one with `hearth remote add NAME URL`.")
    for e in engines:
        print(f"{e.name}  {e.base_url}  {len(e.models)} models, context {e.context_length:,}")
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from engine.api import Hearth

    h = Hearth()
    engine = h.remotes.get(args.name)
    for model in _discover(h, engine):
        print(f"{engine.name}:{model}")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    from engine.api import Hearth

    h = Hearth()
    engine = h.remotes.get(args.name)
    engine.models = _discover(h, engine)
    h.remotes.save(engine)
    print(f"{engine.name}: {len(engine.models)} models")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from engine.api import Hearth

    Hearth().remotes.remove(args.name)
    print(f"Removed {args.name}.", file=sys.stderr)
    return 0
