"""Whole documents too long for the context: summarised part by part (the map step of a
map-reduce), each part's summary then one source of the final answer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.backends.base import ChatMessage, Sampling
from engine.jobs import CancelToken, Progress, ProgressFn
from engine.library.grounding import CountFn, fit_sources

if TYPE_CHECKING:
    from engine.runner import ModelRunner

def group_parts(
    sources: list[dict[str, Any]], part_budget: int, count_tokens: CountFn
) -> list[dict[str, Any]]:
    """Consecutive pages joined into parts of at most `part_budget` tokens each.

    A page longer than a part is split at paragraph or line ends (sentence-level cuts would
    need the chunker; lines are good enough for a summary's input).
    """
    pieces: list[tuple[dict[str, Any], str]] = []
    for src in sources:
        for piece in _split_text(src["text"], part_budget, count_tokens):
            pieces.append((src, piece))
    parts: list[list[tuple[dict[str, Any], str]]] = []
    used = part_budget + 1
    for src, piece in pieces:
        cost = count_tokens(piece)
        if used + cost > part_budget:
            parts.append([])
            used = 0
        parts[-1].append((src, piece))
        used += cost
    out = []
    for part in parts:
        first, last = part[0][0], part[-1][0]
        merged = dict(first, text="\n\n".join(p for _, p in part))
        merged.pop("pages", None)
        if first.get("page") and last.get("page") != first.get("page"):
            merged["pages"] = f"{first['page']}-{last['page']}"
        out.append(merged)
    return out


def _split_text(text: str, budget: int, count_tokens: CountFn) -> list[str]:
    if count_tokens(text) <= budget:
        return [text]
    lines = re.split(r"(?<=\n)|(?<=[.!?。！？] )", text)
    out: list[str] = []
    cur = ""
    for line in lines:
        if cur and count_tokens(cur + line) > budget:
            out.append(cur)
            cur = ""
        while count_tokens(line) > budget:  # one enormous line: cut by characters
            cut = max(1, len(line) * budget // max(1, count_tokens(line)))
            out.append(line[:cut])
            line = line[cut:]
        cur += line
    if cur.strip():
        out.append(cur)
    return out



SUMMARY_PROMPT = (
    "Below is part {i} of {n} of the document {name}. Summarise what this part says that "
    "helps answer the question, keeping names, numbers and facts. If nothing in it helps, "
    "reply with one short sentence saying so. Write in the same language as the question.\n\n"
    "Question: {question}\n\nPart {i} ({where}):\n{text}"
)


def summarise_parts(
    runner: ModelRunner,
    path: str,
    pages: list[dict[str, Any]],
    question: str,
    budget: int,
    sampling: Sampling,
    cancel: CancelToken | None,
    report: ProgressFn,
) -> list[dict[str, Any]]:
    """Map step of a map-reduce summary: one summary source per part that fits the context."""
    count = runner.count_tokens
    part_budget = max(256, budget - count(SUMMARY_PROMPT) - count(question))
    parts = group_parts(pages, part_budget, count)
    name = Path(path).name
    summaries: list[dict[str, Any]] = []
    summary_sampling = Sampling.from_dict(sampling.to_dict())
    # Each summary must leave room for all of them in the final answer's context.
    summary_sampling.max_tokens = max(64, min(sampling.max_tokens, budget // max(1, len(parts))))
    for i, part in enumerate(parts, start=1):
        if cancel is not None:
            cancel.raise_if_cancelled()
        report(Progress(i - 1, len(parts), "parts", f"Reading {name}: part {i} of {len(parts)}"))
        where = f"pages {part['pages']}" if part.get("pages") else "text"
        prompt = SUMMARY_PROMPT.format(
            i=i, n=len(parts), name=name, question=question, where=where, text=part["text"]
        )
        reply = runner.chat([ChatMessage("user", prompt)], summary_sampling, cancel=cancel)
        summaries.append(dict(part, text=reply.text.strip()))
    report(Progress(len(parts), len(parts), "parts", f"Read {name}"))
    return fit_sources(summaries, budget, count)
