"""`hearth serve` through the official openai client vs raw llama-cpp-python, one run.

Raw:    Llama(...).create_chat_completion(messages, stream=True) in this process.
Served: `hearth serve` (its own process, as a user starts it) with the openai client,
        streaming the same messages with the same sampling and seed.

Rounds alternate raw and served (the order flips each round) on the same prompts, one at a
time so neither competes with the other for the cores; both start each prompt from an empty
KV cache (raw: reset(); served: cache_prompt false), so the replies are the same tokens.
TTFT = request to first content; tokens/s = completion tokens / time after the first.
Then N concurrent clients (threads) ask at once: all must complete; the server's p95 queue
wait is reported. Last line: one JSON object.

    python bench/serve_throughput.py [--rounds 6] [--max-tokens 128] [--clients 8]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "passive")  # as Hearth sets it; before llama_cpp loads
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TOPICS = ["a brave dragon", "a lighthouse keeper", "a lost robot", "a mountain village",
          "a clever fox", "a ship in a storm", "an old library", "a desert caravan"]
SAMPLING = dict(temperature=0.0, top_p=0.95, seed=11)
EXTRA = dict(top_k=40, min_p=0.05, repeat_penalty=1.1)


def messages(i: int) -> list[dict[str, str]]:
    return [{"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": f"Tell a short story about {TOPICS[i % len(TOPICS)]}."}]


def timed(chunks: Any, usage_of: Any) -> tuple[float, float, int]:
    """(ttft ms, tokens/s, tokens) of a stream of (text, usage) steps."""
    start = time.perf_counter()
    first = 0.0
    tokens = 0
    for text, usage in chunks:
        if text and not first:
            first = time.perf_counter()
        if usage is not None:
            tokens = usage
    end = time.perf_counter()
    first = first or end
    return (first - start) * 1000, (tokens - 1) / (end - first) if end > first else 0.0, tokens


def raw_stream(llm: Any, i: int, max_tokens: int) -> Any:
    llm.reset()
    n = 0
    for chunk in llm.create_chat_completion(messages(i), stream=True, max_tokens=max_tokens,
                                            **SAMPLING, **EXTRA):
        delta = chunk["choices"][0]["delta"].get("content")
        n += 1 if delta else 0
        yield delta, None
    yield None, n  # llama-cpp-python streams one token per content chunk


def served_stream(client: Any, model: str, i: int, max_tokens: int) -> Any:
    stream = client.chat.completions.create(
        model=model, messages=messages(i), stream=True, max_tokens=max_tokens,
        stream_options={"include_usage": True}, extra_body={**EXTRA, "cache_prompt": False},
        **SAMPLING)
    for c in stream:
        text = c.choices[0].delta.content if c.choices else None
        yield text, (c.usage.completion_tokens if c.usage else None)


def concurrent(client: Any, model: str, clients: int, max_tokens: int) -> dict[str, Any]:
    done: list[float] = []
    errors: list[str] = []

    def one(i: int) -> None:
        t = time.perf_counter()
        try:
            client.chat.completions.create(model=model, messages=messages(i),
                                           max_tokens=max_tokens, **SAMPLING)
            done.append(time.perf_counter() - t)
        except Exception as e:  # noqa: BLE001 - counted: the bench reports what failed
            errors.append(f"{type(e).__name__}: {e}")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"clients": clients, "completed": len(done), "errors": errors,
            "slowest_s": round(max(done), 2) if done else None,
            "fastest_s": round(min(done), 2) if done else None}


def planned_threads(home: Path) -> int:
    """The threads Hearth's plan gives the server's model: the raw side gets the same."""
    from engine.api import Hearth
    from tests.serve.conftest import MODEL

    h = Hearth(home)
    try:
        return h.plan_load(h.models.get(MODEL)).threads
    finally:
        h.close()


def main() -> int:
    import httpx
    from openai import OpenAI

    from tests.model_files import minilm_path, smollm2_path
    from tests.reference import raw_llama
    from tests.serve.conftest import MODEL, hearth, hearth_env, start_server, stop_server

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--max-tokens", type=int, default=128)
    p.add_argument("--clients", type=int, default=8)
    args = p.parse_args()

    model_path = smollm2_path()
    with tempfile.TemporaryDirectory() as tmp:
        env = hearth_env(Path(tmp) / "home", minilm_path() or Path(tmp))
        assert hearth(env, "models", "import", str(model_path)).returncode == 0
        server = start_server(env, Path(tmp) / "serve.log", "--max-queue", str(args.clients))
        client = OpenAI(base_url=server.url, api_key="unused", max_retries=0, timeout=600)
        try:
            list(served_stream(client, MODEL, 0, 4))  # the server loads the model (JIT)
            llm = raw_llama(model_path, 8192, planned_threads(Path(env["HEARTH_HOME"])))
            list(raw_stream(llm, 0, 4))
            raw_r, served_r = [], []
            for i in range(args.rounds):
                sides = [("raw", lambda i=i: raw_stream(llm, i, args.max_tokens)),
                         ("served", lambda i=i: served_stream(client, MODEL, i, args.max_tokens))]
                for name, start in sides if i % 2 == 0 else sides[::-1]:
                    (raw_r if name == "raw" else served_r).append(timed(start(), None))
            load = concurrent(client, MODEL, args.clients, 32)
            health = httpx.get(server.base + "/health").json()
        finally:
            stop_server(server)

    def med(rows: list[tuple[float, float, int]], k: int) -> float:
        return statistics.median(r[k] for r in rows)

    result = {
        "rounds": args.rounds, "max_tokens": args.max_tokens,
        "raw_tokens_per_s": round(med(raw_r, 1), 1),
        "served_tokens_per_s": round(med(served_r, 1), 1),
        "ratio": round(med(served_r, 1) / med(raw_r, 1), 3),
        "raw_ttft_ms": round(med(raw_r, 0), 1), "served_ttft_ms": round(med(served_r, 0), 1),
        "ttft_overhead_ms": round(med(served_r, 0) - med(raw_r, 0), 1),
        "same_token_counts": [r[2] for r in raw_r] == [r[2] for r in served_r],
        "concurrent": load, "queue_wait_p95_ms": health["queue_wait_p95_ms"],
    }
    print(f"tokens/s: raw {result['raw_tokens_per_s']}, served {result['served_tokens_per_s']} "
          f"(ratio {result['ratio']}); TTFT: raw {result['raw_ttft_ms']} ms, served "
          f"{result['served_ttft_ms']} ms (+{result['ttft_overhead_ms']} ms)")
    print(f"{load['completed']}/{load['clients']} concurrent clients completed; p95 queue wait "
          f"{result['queue_wait_p95_ms']} ms")
    print(json.dumps(result))
    return 0 if load["completed"] == load["clients"] else 1


if __name__ == "__main__":
    sys.exit(main())
