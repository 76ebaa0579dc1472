"""Chat throughput: raw llama-cpp-python vs Hearth's chat path, same model/prompt/settings.

Raw:    Llama(...).create_chat_completion(messages, stream=True, ...)
Hearth: ChatService.send(...) on a new chat: model runner, prompt fitting, template,
        generation, and the SQLite writes of the saved reply.

Both run in this process on their own Llama instance (same weights, context and threads),
alternating which goes first, over several rounds with a different prompt each round (each
side sees the same prompt sequence, so KV-cache reuse is the same). Measured from outside
the same way for both: TTFT = call to first text; tokens/s = tokens of the reply (counted
with the model's tokenizer) / (last text - first text). Last line: one JSON object.

    python bench/chat_throughput.py [--rounds 6] [--max-tokens 128] [--model PATH]
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
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "passive")  # as Hearth sets it; before llama_cpp loads
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SYSTEM = "You are a helpful assistant."
TOPICS = ["a brave dragon", "a lighthouse keeper", "a lost robot", "a mountain village",
          "a clever fox", "a ship in a storm", "an old library", "a desert caravan",
          "a winter festival", "a garden on the moon"]


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--max-tokens", type=int, default=128)
    p.add_argument("--ctx", type=int, default=2048)
    p.add_argument("--threads", type=int, default=0, help="threads for both (default: Hearth's plan)")
    p.add_argument("--model", type=Path, help="a GGUF (default: SmolLM2 from tests/model_files.py)")
    return p.parse_args()


def measure(chunks, cpu_start: float) -> tuple[str, float, float, float, float]:
    """(text, first-text time, last-text time, CPU s to the first text, CPU s after it)."""
    parts: list[str] = []
    first = last = 0.0
    cpu0 = cpu_start
    for text in chunks:
        if text:
            last = time.perf_counter()
            if not first:
                first, cpu0 = last, time.process_time()
            parts.append(text)
    now = time.perf_counter()
    return "".join(parts), first or now, last or now, cpu0 - cpu_start, time.process_time() - cpu0


def main() -> int:
    args = parse()
    from engine.api import Hearth
    from engine.backends.llamacpp import import_llama, model_params_hook, use_extra_buffers
    from tests.model_files import smollm2_path

    model_path = args.model or smollm2_path()
    home = Path(tempfile.mkdtemp(prefix="hearth-bench-"))
    hearth = Hearth(home)
    if args.threads:
        hearth.save_settings(dataclasses.replace(hearth.settings, threads=args.threads))
    info = hearth.models.get(str(model_path))
    plan = hearth.runner.load(info, n_ctx=args.ctx)
    llama_cpp = import_llama()
    # Same weight layout as Hearth: the AMX repack crashes on some CPUs, Hearth turns it off there.
    with model_params_hook(use_extra_buffers(), None):
        raw = llama_cpp.Llama(model_path=str(model_path), n_ctx=plan.n_ctx, n_gpu_layers=plan.gpu_layers,
                              n_threads=plan.threads, n_threads_batch=plan.threads, verbose=False)

    def count(text: str) -> int:
        return len(raw.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def settings(seed: int) -> dict:
        return {"temperature": 0.7, "top_p": 0.95, "top_k": 40, "min_p": 0.05,
                "repeat_penalty": 1.1, "max_tokens": args.max_tokens, "seed": seed}

    def run_raw(prompt: str, seed: int) -> tuple[str, float, float]:
        s = settings(seed)
        c0, t0 = time.process_time(), time.perf_counter()
        stream = raw.create_chat_completion(
            [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
            stream=True, temperature=s["temperature"], top_p=s["top_p"], top_k=s["top_k"],
            min_p=s["min_p"], repeat_penalty=s["repeat_penalty"], max_tokens=s["max_tokens"],
            seed=seed,
        )
        return result(measure((c["choices"][0]["delta"].get("content") for c in stream), c0), t0)

    def run_hearth(prompt: str, seed: int) -> tuple[str, float, float]:
        chat = hearth.chats.new_chat(model=str(model_path), system_prompt=SYSTEM,
                                     sampling=settings(seed))
        c0, t0 = time.process_time(), time.perf_counter()
        return result(measure(hearth.chats.send(chat.id, prompt), c0), t0)

    def result(m: tuple[str, float, float, float, float], t0: float) -> tuple[str, float, ...]:
        """(text, TTFT ms, tokens/s, CPU ms per token, CPU ms to first token) for one reply."""
        text, first, last, cpu_first, cpu = m
        n = count(text)
        return (text, (first - t0) * 1000, n / max(last - first, 1e-9), cpu * 1000 / max(n, 1),
                cpu_first * 1000)

    print(f"model {info.name}; {plan.reason}", file=sys.stderr)
    run_raw("Say hello.", 0)  # warm-up, not counted
    run_hearth("Say hello.", 0)
    raw_rows: list[tuple[float, ...]] = []
    hearth_rows: list[tuple[float, ...]] = []
    same = 0
    for i in range(args.rounds):
        prompt = f"Write a short story about {TOPICS[i % len(TOPICS)]}."
        order = [("raw", run_raw), ("hearth", run_hearth)]
        if i % 2:
            order.reverse()
        results = {}
        for name, fn in order:
            results[name] = fn(prompt, 100 + i)
        raw_rows.append(results["raw"][1:])
        hearth_rows.append(results["hearth"][1:])
        same += results["raw"][0] == results["hearth"][0]
        r, h = results["raw"], results["hearth"]
        print(f"round {i + 1}: raw {r[2]:.1f} tok/s ttft {r[1]:.1f} ms (cpu {r[4]:.1f}) "
              f"cpu {r[3]:.2f} ms/tok | hearth {h[2]:.1f} tok/s ttft {h[1]:.1f} ms "
              f"(cpu {h[4]:.1f}) cpu {h[3]:.2f} ms/tok | "
              f"same text: {r[0] == h[0]}", file=sys.stderr)
    hearth.close()
    raw.close()

    # Medians over rounds; the ratio is the median of per-round ratios, since the two runs of
    # a round are adjacent in time and share whatever else the machine was doing.
    raw_tok_s = statistics.median(r[1] for r in raw_rows)
    hearth_tok_s = statistics.median(r[1] for r in hearth_rows)
    ratio = statistics.median(h[1] / r[1] for r, h in zip(raw_rows, hearth_rows, strict=True))
    raw_ttft = statistics.median(r[0] for r in raw_rows)
    hearth_ttft = statistics.median(r[0] for r in hearth_rows)
    ttft_overhead = statistics.median(h[0] - r[0] for r, h in zip(raw_rows, hearth_rows, strict=True))
    raw_cpu = statistics.median(r[2] for r in raw_rows)
    hearth_cpu = statistics.median(r[2] for r in hearth_rows)
    ttft_cpu_overhead = statistics.median(h[3] - r[3] for r, h in zip(raw_rows, hearth_rows, strict=True))
    print(json.dumps({
        "model": info.name,
        "threads": plan.threads,
        "n_ctx": plan.n_ctx,
        "rounds": args.rounds,
        "max_tokens": args.max_tokens,
        "raw_tok_s": round(raw_tok_s, 2),
        "hearth_tok_s": round(hearth_tok_s, 2),
        "ratio": round(ratio, 3),
        "raw_ttft_ms": round(raw_ttft, 2),
        "hearth_ttft_ms": round(hearth_ttft, 2),
        "ttft_overhead_ms": round(ttft_overhead, 2),
        "raw_cpu_ms_per_token": round(raw_cpu, 3),
        "hearth_cpu_ms_per_token": round(hearth_cpu, 3),
        "cpu_ratio": round(raw_cpu / hearth_cpu, 3),
        "ttft_cpu_overhead_ms": round(ttft_cpu_overhead, 2),
        "same_text_rounds": same,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
