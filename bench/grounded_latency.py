"""Grounded answers: time to the first token with a library vs without, and what the
sources sent cost in retrieval quality.

On SciFact (bench/retrieval_quality.py's cached MiniLM index) with the real SmolLM2 model:

- TTFT, through Hearth's chat path (ChatService.send, a cold prompt cache each time), for the
  same claims asked in a plain chat, a chat with the library (the default: sources sized by
  this machine's prompt speed), and with "more context" (as many sources as fit, what every
  answer got before); side by side, the raw library: llama-cpp-python's
  create_chat_completion on the very prompt the default path built, same model and threads.
- Quality of the sources sent, per claim over all test claims: answer@5 (a cited document
  among the first 5 sources) and answer@sent (among all sources sent), for the old selection
  (every hit as its own source, as many as fit) and the new one (duplicates dropped,
  neighbours merged, FAST_SOURCES at most, sized by the measured speed).

    python bench/grounded_latency.py [--ttft-claims 5] [--claims 300] [--n-ctx 8192]

Last line: one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.retrieval_quality import (  # noqa: E402 - after the path is set
    DEFAULT_DATA,
    LIBRARY,
    TEST_CLAIMS,
    build_index,
    load_claims,
    load_scifact,
)

SAMPLING = {"temperature": 0.0, "seed": 1, "max_tokens": 2}
SLOW_SPEED = 60.0  # prompt tokens/s of a 3B model on a laptop CPU: where sources get cut


def doc_ids(sources: list[dict]) -> list[str]:
    out: list[str] = []
    for s in sources:
        d = Path(s["path"]).stem
        if d not in out:
            out.append(d)
    return out


def selections(hearth, claims: dict[str, str], qrels: dict[str, set[str]], n_ctx: int) -> dict:
    """answer@5 and answer@sent of the old and the new source selection, every claim."""
    from engine.backends.base import ChatMessage, Sampling
    from engine.library.grounding import (
        SEARCH_K,
        fit_sources,
        hit_source,
        pick_sources,
        sources_budget,
    )
    from engine.library.search import relevant_hits

    service, runner = hearth.libraries, hearth.runner
    count = runner.count_tokens
    sampling = Sampling.from_dict(hearth.settings.sampling.to_dict())
    speed = runner.prompt_speed()
    res: dict[str, list[float]] = {k: [] for k in
                                   ("old_a5", "old_sent", "new_a5", "new_sent", "old_n", "new_n",
                                    "old_tokens", "new_tokens")}
    for qid, claim in claims.items():
        hits = service.search([LIBRARY], claim, k=SEARCH_K)
        hits = relevant_hits(hits, claim, service.models_of([LIBRARY]))
        room = runner.room([ChatMessage("system", hearth.settings.system_prompt),
                            ChatMessage("user", claim)], sampling) * 3 // 4
        old = fit_sources([hit_source(0, h) for h in hits], room, count)
        new = pick_sources(hits, room, sources_budget(room, speed), count)
        for name, sources in (("old", old), ("new", new)):
            docs = doc_ids(sources)
            res[f"{name}_a5"].append(float(bool(set(docs[:5]) & qrels[qid])))
            res[f"{name}_sent"].append(float(bool(set(docs) & qrels[qid])))
            res[f"{name}_n"].append(len(sources))
            res[f"{name}_tokens"].append(sum(count(s["text"]) for s in sources))
    return {k: round(statistics.mean(v), 3) for k, v in res.items()}


def evidence(zip_path: Path) -> dict[str, dict[str, list[str]]]:
    """Claim id -> {cited doc id: its evidence sentences} (SciFact's rationale annotations;
    claims without any are left out)."""
    import csv
    import io
    import zipfile

    from bench.retrieval_quality import _sentences

    csv.field_size_limit(10**8)
    with zipfile.ZipFile(zip_path) as zf:
        with zf.open("corpus_train.csv") as f:
            abstracts = {row["doc_id"]: _sentences(row["abstract"])
                         for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8"))}
        out: dict[str, dict[str, list[str]]] = {}
        with zf.open(TEST_CLAIMS) as f:
            for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")):
                doc, picks = row["evidence_doc_id"].strip(), row["evidence_sentences"].strip("[]").split()
                if doc and picks:
                    sents = out.setdefault(row["id"], {}).setdefault(doc, [])
                    sents += [abstracts[doc][int(i)] for i in picks if int(i) < len(abstracts[doc])]
    return out


def _has_evidence(sources: list[dict], wanted: dict[str, list[str]]) -> float:
    """Whether some source holds one of the evidence sentences of a cited document."""
    def norm(t: str) -> str:
        return " ".join(t.split()).casefold()

    for s in sources:
        doc = Path(s["path"]).stem
        text = norm(s["text"])
        if any(norm(sentence)[:80] in text for sentence in wanted.get(doc, ())):
            return 1.0
    return 0.0


def trimming(hearth, claims: dict[str, str], wanted: dict[str, dict[str, list[str]]]) -> dict:
    """Evidence@sent and source tokens as sent on this machine, whole (no cut) and at
    SLOW_SPEED, where engine.library.focus cuts sources to their best sentences; with the
    time the cut took (embedding the sentences)."""
    from engine.backends.base import ChatMessage, Sampling
    from engine.library.grounding import sources_budget

    service, runner = hearth.libraries, hearth.runner
    count = runner.count_tokens
    sampling = Sampling.from_dict(hearth.settings.sampling.to_dict())
    speed = runner.prompt_speed()
    res: dict[str, list[float]] = {k: [] for k in ("here_ev", "here_tokens", "here_ms",
                                                   "slow_ev", "slow_tokens", "slow_ms")}
    for qid, claim in claims.items():
        if qid not in wanted:
            continue
        room = runner.room([ChatMessage("system", hearth.settings.system_prompt),
                            ChatMessage("user", claim)], sampling) * 3 // 4
        for name, at in (("here", speed), ("slow", SLOW_SPEED)):
            t0 = time.perf_counter()
            ctx = service.context_for([LIBRARY], claim, room, count, sources_budget(room, at))
            res[f"{name}_ev"].append(_has_evidence(ctx.sources, wanted[qid]))
            res[f"{name}_tokens"].append(sum(count(s["text"]) for s in ctx.sources))
            res[f"{name}_ms"].append((time.perf_counter() - t0) * 1000)
    out = {k: round(statistics.mean(v), 3) for k, v in res.items()}
    out["claims"] = len(res["here_ev"])
    return out


def ttft(hearth, model: Path, claims: list[str], n_ctx: int) -> dict:
    """Median TTFT (ms) per path, cold prompt cache, and the raw library on the same prompt."""
    from llama_cpp import Llama

    runner = hearth.runner
    prompts: list[list[dict]] = []
    real_chat = runner.chat

    def recording(messages, *a, **k):  # the prompt the default path sends, for the raw run
        prompts.append([{"role": m.role, "content": m.content} for m in messages])
        return real_chat(messages, *a, **k)

    out: dict[str, list[float]] = {"plain": [], "library": [], "more_context": [], "raw": [],
                                   "library_prompt_tokens": [], "more_prompt_tokens": []}
    for claim in claims:
        for path, libs, more in (("plain", [], False), ("library", [LIBRARY], False),
                                 ("more_context", [LIBRARY], True)):
            hearth.save_settings(dataclasses.replace(hearth.settings, more_context=more))
            chat = hearth.chats.new_chat(model=str(model), libraries=libs, sampling=SAMPLING,
                                         n_ctx=n_ctx)
            runner.ensure(str(model), n_ctx)
            runner.backend.reset()
            runner.chat = recording if path == "library" else real_chat  # type: ignore[method-assign]
            reply = hearth.chats.send(chat.id, claim)
            _ = reply.text
            out[path].append(reply.stats.ttft_ms)
            if path != "plain":
                key = "library_prompt_tokens" if path == "library" else "more_prompt_tokens"
                out[key].append(reply.stats.prompt_tokens)
    runner.chat = real_chat  # type: ignore[method-assign]
    threads = runner.plan.threads or None
    runner.unload()  # one model in memory at a time
    llm = Llama(str(model), n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
                verbose=False)
    for messages in prompts:
        llm.reset()
        t0 = time.perf_counter()
        for _chunk in llm.create_chat_completion(messages, max_tokens=1, temperature=0.0,
                                                 stream=True):
            break
        out["raw"].append((time.perf_counter() - t0) * 1000)
    llm.close()
    return {k: round(statistics.median(v)) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="scifact.zip")
    ap.add_argument("--claims", type=int, default=None, help="claims for quality (default all)")
    ap.add_argument("--ttft-claims", type=int, default=5, help="claims timed per path")
    ap.add_argument("--n-ctx", type=int, default=8192)
    args = ap.parse_args()

    from engine.api import Hearth
    from tests.model_files import minilm_path, smollm2_path

    model = smollm2_path()
    docs, _, _ = load_scifact(args.data)
    claims, qrels = load_claims(args.data, TEST_CLAIMS)
    if args.claims:
        claims = dict(list(claims.items())[: args.claims])
    home = build_index(docs, minilm_path())
    hearth = Hearth(home)
    try:
        hearth.save_settings(dataclasses.replace(hearth.settings, system_prompt="You are a helpful assistant."))
        timed = list(claims.values())[: args.ttft_claims]
        # Measures the prompt speed first (--ttft-claims 0: the speed remembered from before).
        t = ttft(hearth, model, timed, args.n_ctx) if timed else {}
        hearth.runner.ensure(str(model), args.n_ctx)
        speed = hearth.runner.prompt_speed()
        q = selections(hearth, claims, qrels, args.n_ctx)
        cut = trimming(hearth, claims, evidence(args.data))
    finally:
        hearth.save_settings(dataclasses.replace(hearth.settings, more_context=False))
        hearth.close()
    print(f"prompt speed here: {speed or 0:.0f} tokens/s (SmolLM2-135M Q4_1, n_ctx {args.n_ctx})")
    if t:
        print_ttft(t, len(timed))
    print(f"sources over {len(claims)} claims:  old (all that fit)  new (default)")
    print(f"  sources sent        {q['old_n']:>8}  {q['new_n']:>14}")
    print(f"  source tokens       {q['old_tokens']:>8}  {q['new_tokens']:>14}")
    print(f"  answer@5            {q['old_a5']:>8}  {q['new_a5']:>14}")
    print(f"  answer@sent         {q['old_sent']:>8}  {q['new_sent']:>14}")
    print(f"evidence sentence sent, {cut['claims']} claims with annotated evidence:")
    print(f"  at this machine's speed  {cut['here_ev']:>6}  ({cut['here_tokens']:.0f} source tokens, "
          f"context in {cut['here_ms']:.0f} ms)")
    print(f"  at {SLOW_SPEED:.0f} tokens/s (cut)     {cut['slow_ev']:>6}  ({cut['slow_tokens']:.0f} source "
          f"tokens, context in {cut['slow_ms']:.0f} ms)")
    print(json.dumps({"prompt_tokens_per_s": round(speed or 0, 1), "ttft_ms": t, "sources": q,
                      "trimming": cut,
                      "claims": len(claims), "ttft_claims": len(timed)}))


def print_ttft(t: dict, n: int) -> None:
    print(f"TTFT median of {n} claims, cold cache:")
    print(f"  plain chat           {t['plain']:>7} ms")
    print(f"  with library         {t['library']:>7} ms  ({t['library_prompt_tokens']} prompt tokens)"
          f"  x{t['library'] / t['plain']:.2f} of plain")
    print(f"  more context         {t['more_context']:>7} ms  ({t['more_prompt_tokens']} prompt tokens)"
          f"  x{t['more_context'] / t['plain']:.2f} of plain")
    print(f"  raw llama-cpp-python {t['raw']:>7} ms  on the library prompt; Hearth/raw "
          f"x{t['library'] / t['raw']:.2f}")


if __name__ == "__main__":
    main()
