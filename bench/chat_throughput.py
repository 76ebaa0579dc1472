"""Chat throughput: raw llama-cpp-python vs Hearth's chat path, same model/prompt/settings.

Raw:    Llama(...).create_chat_completion(messages, stream=True, ...)
Hearth: ChatService.send(...) on a new chat: model runner, prompt fitting, template,
        generation, and the SQLite writes of the saved reply (flushed about once a second).

Both run in this process, each on its own Llama instance (same weights, context, threads),
over several rounds with a different prompt per round (each side sees the same prompt
sequence, so KV-cache reuse is the same; with the same seed the texts come out identical).
Within a round the two streams are stepped alternately, one chunk from one then one from the
other, and each side is timed only inside its own calls: on a shared, busy machine both see
the same conditions at the same moments, which makes the comparison stable.

TTFT = time spent in the side's own calls until its first text (incl. send() /
create_chat_completion() themselves); tokens/s = reply tokens (the model's tokenizer) / time
spent in its calls after the first text. Last line: one JSON object.

    python bench/chat_throughput.py [--rounds 8] [--max-tokens 128] [--threads N] [--model PATH]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "passive")  # as Hearth sets it; before llama_cpp loads
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SYSTEM = "You are a helpful assistant."
TOPICS = ["a brave dragon", "a lighthouse keeper", "a lost robot", "a mountain village",
          "a clever fox", "a ship in a storm", "an old library", "a desert caravan",
          "a winter festival", "a garden on the moon"]


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=8)
    p.add_argument("--max-tokens", type=int, default=128)
    p.add_argument("--ctx", type=int, default=2048)
    p.add_argument("--threads", type=int, default=0, help="threads for both (default: Hearth's plan)")
    p.add_argument("--model", type=Path, help="a GGUF (default: SmolLM2 from tests/model_files.py)")
    return p.parse_args()


class Timed:
    """A text stream stepped one chunk at a time, timing only its own calls."""

    def __init__(self, start: Callable[[], Iterable[str | None]]) -> None:
        t, c = time.perf_counter(), time.process_time()
        self._it = iter(start())
        self.busy = time.perf_counter() - t
        self.cpu = time.process_time() - c
        self.first_busy = self.first_cpu = -1.0
        self.parts: list[str] = []
        self.done = False

    def step(self) -> None:
        t, c = time.perf_counter(), time.process_time()
        try:
            text = next(self._it)
        except StopIteration:
            self.done = True
            text = None
        self.busy += time.perf_counter() - t
        self.cpu += time.process_time() - c
        if text:
            if self.first_busy < 0:
                self.first_busy, self.first_cpu = self.busy, self.cpu
            self.parts.append(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def run_round(starts: list[Callable[[], Iterable[str | None]]]) -> list[Timed]:
    streams = [Timed(s) for s in starts]
    while not all(s.done for s in streams):
        for s in streams:
            if not s.done:
                s.step()
    return streams


def main() -> int:
    args = parse()
    from engine.api import Hearth
    from engine.backends.llamacpp import import_llama, model_params_hook, use_extra_buffers
    from tests.model_files import smollm2_path

    model_path = args.model or smollm2_path()
    hearth = Hearth(Path(tempfile.mkdtemp(prefix="hearth-bench-")))
    if args.threads:
        hearth.save_settings(dataclasses.replace(hearth.settings, threads=args.threads))
    info = hearth.models.get(str(model_path))
    plan = hearth.runner.load(info, n_ctx=args.ctx)
    llama_cpp = import_llama()
    # Same weight layout as Hearth: ggml's AMX repack crashes on some CPUs, Hearth turns it
    # off there (and raw llama-cpp-python would segfault on this machine without it).
    with model_params_hook(use_extra_buffers(), None):
        raw = llama_cpp.Llama(model_path=str(model_path), n_ctx=plan.n_ctx,
                              n_gpu_layers=plan.gpu_layers, n_threads=plan.threads,
                              n_threads_batch=plan.threads, verbose=False)

    def count(text: str) -> int:
        return len(raw.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def sampling(seed: int) -> dict:
        return {"temperature": 0.7, "top_p": 0.95, "top_k": 40, "min_p": 0.05,
                "repeat_penalty": 1.1, "max_tokens": args.max_tokens, "seed": seed}

    def raw_stream(prompt: str, seed: int) -> Callable[[], Iterable[str | None]]:
        s = sampling(seed)

        def start() -> Iterable[str | None]:
            chunks = raw.create_chat_completion(
                [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
                stream=True, temperature=s["temperature"], top_p=s["top_p"], top_k=s["top_k"],
                min_p=s["min_p"], repeat_penalty=s["repeat_penalty"],
                max_tokens=s["max_tokens"], seed=seed,
            )
            return (c["choices"][0]["delta"].get("content") for c in chunks)

        return start

    def hearth_stream(prompt: str, seed: int) -> Callable[[], Iterable[str | None]]:
        chat = hearth.chats.new_chat(model=str(model_path), system_prompt=SYSTEM,
                                     sampling=sampling(seed))
        return lambda: hearth.chats.send(chat.id, prompt)

    def row(s: Timed) -> dict[str, float]:
        n = count(s.text)
        after = max(s.busy - s.first_busy, 1e-9)
        return {"ttft_ms": s.first_busy * 1000, "tok_s": n / after,
                "ttft_cpu_ms": s.first_cpu * 1000, "cpu_ms_tok": (s.cpu - s.first_cpu) * 1000 / max(n, 1)}

    print(f"model {info.name}; {plan.reason}", file=sys.stderr)
    run_round([raw_stream("Say hello.", 0), hearth_stream("Say hello.", 0)])  # warm-up
    raw_rows: list[dict[str, float]] = []
    hearth_rows: list[dict[str, float]] = []
    same = 0
    for i in range(args.rounds):
        prompt = f"Write a short story about {TOPICS[i % len(TOPICS)]}."
        starts = [raw_stream(prompt, 100 + i), hearth_stream(prompt, 100 + i)]
        if i % 2:  # alternate who goes first
            r_s, h_s = reversed(run_round(starts[::-1]))
        else:
            r_s, h_s = run_round(starts)
        r, h = row(r_s), row(h_s)
        raw_rows.append(r)
        hearth_rows.append(h)
        same += r_s.text == h_s.text
        print(f"round {i + 1}: raw {r['tok_s']:.1f} tok/s ttft {r['ttft_ms']:.1f} ms | "
              f"hearth {h['tok_s']:.1f} tok/s ttft {h['ttft_ms']:.1f} ms | "
              f"same text: {r_s.text == h_s.text}", file=sys.stderr)
    hearth.close()
    raw.close()

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    pairs = list(zip(raw_rows, hearth_rows, strict=True))
    raw_tok_s, hearth_tok_s = med(raw_rows, "tok_s"), med(hearth_rows, "tok_s")
    print(json.dumps({
        "model": info.name,
        "threads": plan.threads,
        "n_ctx": plan.n_ctx,
        "rounds": args.rounds,
        "max_tokens": args.max_tokens,
        "raw_tok_s": round(raw_tok_s, 2),
        "hearth_tok_s": round(hearth_tok_s, 2),
        "ratio": round(statistics.median(h["tok_s"] / r["tok_s"] for r, h in pairs), 3),
        "raw_ttft_ms": round(med(raw_rows, "ttft_ms"), 2),
        "hearth_ttft_ms": round(med(hearth_rows, "ttft_ms"), 2),
        "ttft_overhead_ms": round(statistics.median(h["ttft_ms"] - r["ttft_ms"] for r, h in pairs), 2),
        "raw_cpu_ms_per_token": round(med(raw_rows, "cpu_ms_tok"), 3),
        "hearth_cpu_ms_per_token": round(med(hearth_rows, "cpu_ms_tok"), 3),
        "ttft_cpu_overhead_ms": round(
            statistics.median(h["ttft_cpu_ms"] - r["ttft_cpu_ms"] for r, h in pairs), 2),
        "same_text_rounds": same,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
