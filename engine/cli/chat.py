"""`hearth chat`: send one message to a model and stream the reply to stdout."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.api import Hearth
    from engine.chats.store import Chat

from engine.cli.main import utf8_stdio
from engine.errors import GenerationError, HearthError
from engine.jobs import CancelToken


def register(sub: Any) -> None:
    p = sub.add_parser(
        "chat",
        help="send a message to a model and stream the reply",
        description="Send PROMPT to a model and stream the reply. Starts a new chat unless "
        "--chat ID continues one. Sampling flags given with --chat change that chat's settings.",
    )
    p.add_argument("prompt", metavar="PROMPT", help="the message; - reads it from stdin (UTF-8)")
    p.add_argument("--model", "-m", metavar="NAME|PATH",
                   help="installed model name or a .gguf path (default: the default model, or "
                   "the most recently added one)")
    p.add_argument("--chat", type=int, metavar="ID", help="continue this chat")
    p.add_argument("--system", metavar="TEXT", help="system prompt")
    p.add_argument("--temperature", type=float)
    p.add_argument("--top-p", type=float)
    p.add_argument("--top-k", type=int)
    p.add_argument("--min-p", type=float)
    p.add_argument("--repeat-penalty", type=float)
    p.add_argument("--max-tokens", type=int)
    p.add_argument("--stop", action="append", metavar="TEXT",
                   help="stop when the reply produces TEXT (repeatable; not printed)")
    p.add_argument("--seed", type=int)
    p.add_argument("--ctx", type=int, metavar="N", help="context length in tokens")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object (text, stats, chat id) instead of streaming")
    p.set_defaults(func=run)


SAMPLING_FLAGS = {
    "temperature": "temperature", "top_p": "top_p", "top_k": "top_k", "min_p": "min_p",
    "repeat_penalty": "repeat_penalty", "max_tokens": "max_tokens", "stop": "stop",
    "seed": "seed",
}


def read_prompt(arg: str) -> str:
    if arg != "-":
        return arg
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError as e:
        raise GenerationError("The message on stdin is not UTF-8 text.",
                              "Convert it to UTF-8 first (e.g. iconv -t UTF-8).") from e


def validate(args: argparse.Namespace) -> None:
    from engine.selection import MIN_CTX  # a smaller context would be raised to it silently

    checks = [
        (args.temperature is not None and args.temperature < 0, "--temperature must be >= 0"),
        (args.top_p is not None and not 0 < args.top_p <= 1, "--top-p must be in (0, 1]"),
        (args.min_p is not None and not 0 <= args.min_p <= 1, "--min-p must be in [0, 1]"),
        (args.top_k is not None and args.top_k < 0, "--top-k must be >= 0"),
        (args.max_tokens is not None and args.max_tokens < 1, "--max-tokens must be >= 1"),
        (args.ctx is not None and args.ctx < MIN_CTX, f"--ctx must be at least {MIN_CTX}"),
        (args.repeat_penalty is not None and args.repeat_penalty <= 0,
         "--repeat-penalty must be > 0"),
    ]
    for bad, message in checks:
        if bad:
            raise GenerationError(message + ".")


def run(args: argparse.Namespace) -> int:
    from engine.api import Hearth

    utf8_stdio()
    validate(args)
    text = read_prompt(args.prompt)
    hearth = Hearth()
    chat = None
    try:
        recovery = hearth.chats.recovery
        if recovery is not None:  # a damaged database was recovered on opening: say so once
            print(f"warning: {recovery.message}\n{recovery.hint}", file=sys.stderr)
        chat = open_chat(hearth, args)
        return _send(hearth, chat, text, args)
    except BaseException:
        # A chat made for this run that failed before a word was saved (model missing, the
        # template refused) is not kept as an empty "(untitled)" one.
        if chat is not None and args.chat is None and not hearth.chats.messages(chat.id):
            hearth.chats.delete(chat.id)
        raise
    finally:
        hearth.close()


def _send(hearth: Hearth, chat: Chat, text: str, args: argparse.Namespace) -> int:
    cancel = CancelToken()
    with ctrl_c_cancels(cancel):
        reply = hearth.chats.send(chat.id, text, cancel=cancel)
        try:
            if args.json:
                reply.text  # noqa: B018 - runs the reply to the end
            else:
                for chunk in reply:
                    sys.stdout.write(chunk)
                    sys.stdout.flush()
                sys.stdout.write("\n")
        except KeyboardInterrupt:  # a second Ctrl+C: stop waiting for the reply
            reply.close()  # saves the partial reply as interrupted
            print("\nStopped.", file=sys.stderr)
            return 130
        except HearthError:  # e.g. the disk filled up: end the line, then the error
            if not args.json:
                sys.stdout.write("\n")
            raise
    if args.json:
        out = {
            "chat_id": chat.id,
            "message_id": reply.message_id,
            "model": reply.model,
            "text": reply.text,
            "stats": reply.stats.to_dict() if reply.stats else None,
            "sources": reply.sources,
            "plan": plan_dict(hearth),
        }
        print(json.dumps(out, ensure_ascii=False))
    else:
        print_notes(reply.stats, chat.sampling.max_tokens, hearth.runner.plan)
    if cancel.cancelled:
        print("Stopped.", file=sys.stderr)
        return 130
    return 0


@contextlib.contextmanager
def ctrl_c_cancels(cancel: CancelToken) -> Iterator[None]:
    """While a reply runs, Ctrl+C cancels it instead of raising KeyboardInterrupt.

    llama.cpp calls back into Python while it loads a model and evaluates the prompt; a
    KeyboardInterrupt raised inside such a callback is printed and lost by ctypes. Setting
    the cancel flag instead stops loading, prompt evaluation or generation at the next step,
    and the partial reply is saved. A second Ctrl+C raises KeyboardInterrupt as usual.
    """

    def on_sigint(_signum: int, _frame: Any) -> None:
        if cancel.cancelled:
            raise KeyboardInterrupt
        cancel.cancel()

    try:
        previous = signal.signal(signal.SIGINT, on_sigint)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def open_chat(hearth: Hearth, args: argparse.Namespace) -> Chat:
    """The chat to send to: `--chat ID` with the flags given applied to it, or a new one."""
    chats = hearth.chats
    model = hearth.models.get(args.model) if args.model else None
    overrides = {v: getattr(args, k) for k, v in SAMPLING_FLAGS.items()
                 if getattr(args, k) is not None}
    if args.chat is None:
        model = model or hearth.runner.default_model()
        sampling = hearth.settings.sampling.to_dict() | overrides
        return hearth.chats.new_chat(
            model=model_ref(args.model, model) if args.model else model.name,
            sampling=sampling,
            n_ctx=args.ctx,
            **({"system_prompt": args.system} if args.system is not None else {}),
        )
    chat = chats.get(args.chat)
    fields: dict[str, Any] = {}
    if overrides:
        fields["sampling"] = chat.sampling.to_dict() | overrides
    if args.system is not None:
        fields["system_prompt"] = args.system
    if model is not None:
        fields["model"] = model_ref(args.model, model)
    if args.ctx is not None:
        fields["n_ctx"] = args.ctx
    return chats.update(chat.id, **fields) if fields else chat


def print_notes(stats: Any, max_tokens: int, plan: Any) -> None:
    """Say on stderr why the model runs elsewhere than planned, why a reply ended early, or
    what was left out of its prompt."""
    if plan is not None and plan.fallback_reason:
        print(f"({plan.fallback_reason})", file=sys.stderr)
    if stats is None:
        return
    if stats.finish_reason == "length":
        print(f"(cut off at {stats.completion_tokens} tokens: raise --max-tokens "
              f"(now {max_tokens}) for longer replies)", file=sys.stderr)
    if stats.dropped_messages:
        print(f"(left out {stats.dropped_messages} older messages to fit the context)",
              file=sys.stderr)


def model_ref(arg: str, model: Any) -> str:
    """What a chat stores to find its model again: the name, or the path of a loose .gguf."""
    from pathlib import Path

    if model.name == arg or model.name.casefold() == arg.casefold():
        return str(model.name)
    return str(Path(model.path).resolve()) if Path(arg).expanduser().exists() else str(model.name)


def plan_dict(hearth: Hearth) -> dict[str, Any] | None:
    from dataclasses import asdict

    plan = hearth.runner.plan
    return asdict(plan) if plan is not None else None
