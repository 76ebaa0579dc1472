"""`hearth serve`: the OpenAI-compatible API over the installed models and libraries."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.config import Settings
    from engine.serve.app import ServeConfig
    from engine.serve.server import ApiServer


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="serve an OpenAI-compatible API (127.0.0.1 only, unless given a key)",
        description="Serve /v1/chat/completions, /v1/completions, /v1/embeddings and "
                    "/v1/models over the models and libraries Hearth has. A library "
                    "answers as the model `library:NAME`, with its sources.",
    )
    p.add_argument("--host", help="address to listen on (default: settings, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: settings, 8642)")
    p.add_argument("--api-key", help="require this Bearer key (needed beyond 127.0.0.1); "
                                     "also HEARTH_API_KEY, or the key saved in Settings")
    p.add_argument("--cors", action="append", default=None, metavar="ORIGIN",
                   help="let web pages from ORIGIN call the API (repeatable)")
    p.add_argument("--max-queue", type=int, help="requests that may wait for the model")
    p.add_argument("--idle-unload", type=int, metavar="SECONDS",
                   help="unload a model after this idle time (0: never)")
    p.set_defaults(func=cmd_serve)


def config_from(args: argparse.Namespace, s: Settings, saved_key: str | None) -> ServeConfig:
    from engine.serve.app import ServeConfig

    return ServeConfig(
        host=args.host or s.serve_host,
        port=args.port or s.serve_port,
        api_key=args.api_key or os.environ.get("HEARTH_API_KEY", "") or saved_key or "",
        cors_origins=args.cors if args.cors is not None else list(s.serve_cors_origins),
        max_waiting=args.max_queue if args.max_queue is not None else s.serve_max_queue,
        idle_unload_s=float(args.idle_unload if args.idle_unload is not None
                            else s.serve_idle_unload_s),
    )


def cmd_serve(args: argparse.Namespace) -> int:
    import logging

    from engine.api import Hearth
    from engine.serve.server import serve_forever

    logging.getLogger("hearth.serve").setLevel(logging.INFO)
    h = Hearth()
    try:
        config = config_from(args, h.settings, h.serve_key.get())

        def ready(server: ApiServer) -> None:
            key = " (key required)" if config.api_key else ""
            print(f"Hearth API on {server.url}{key} — Ctrl+C stops it.", file=sys.stderr,
                  flush=True)

        serve_forever(h, config, ready)
    finally:
        h.close()
    return 0
