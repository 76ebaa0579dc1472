"""Grounded answers: retrieve, number the sources, fit them into the context, stream, cite.

The same prompt (`grounded_system_text`) serves `ask` and chats with libraries attached
(`context_for`, called by engine.chats.service), so citations mean the same everywhere:
the model writes [n]; `citations()` maps each n back to the file and page of source n.

"Nothing relevant" is decided from retrieval scores (search.is_relevant), before any
model runs: then `ask` answers that the documents do not contain it, without the model.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.backends.base import ChatMessage, Reply, ReplyStats, Sampling
from engine.errors import LibraryError
from engine.jobs import CancelToken, Progress, ProgressFn
from engine.library.search import SearchHit, document_chunks, merge_overlapping, relevant_hits

log = logging.getLogger(__name__)

SEARCH_K = 12  # candidates considered for the context (best first, as many as fit)
ANSWER_RESERVE = 512  # default longest answer, in tokens
MIN_ANSWER_TOKENS = 128

CountFn = Callable[[str], int]


@dataclass
class GroundedContext:
    """What a chat needs to answer from libraries: the system text and its numbered sources."""

    system_text: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    relevant: bool = True
    whole_document: str = ""  # the path of a document included whole, if any


# prompts ------------------------------------------------------------------------------

GROUNDED_RULES = (
    "Answer the question using only the numbered sources below, which are excerpts from "
    "the user's documents.\n"
    "- After each statement, cite the source it comes from with its number in square "
    "brackets, like [1] or [2][3].\n"
    "- If the sources do not contain the answer, say that the documents do not contain it. "
    "Never invent facts or sources.\n"
    "- Answer in the same language as the question."
)

NOTHING_RELEVANT_RULES = (
    "The user's documents were searched and contain nothing relevant to this message. If "
    "it asks for information from the documents, say that the documents do not contain "
    "it; do not guess or invent sources. Answer in the same language as the message."
)


def source_label(src: dict[str, Any]) -> str:
    name = Path(src["path"]).name
    if src.get("pages"):
        return f"{name}, pages {src['pages']}"
    return f"{name}, page {src['page']}" if src.get("page") else name


def format_source(src: dict[str, Any]) -> str:
    return f"[{src['n']}] {source_label(src)}\n{src['text'].strip()}"


def grounded_system_text(sources: list[dict[str, Any]]) -> str:
    if not sources:
        return NOTHING_RELEVANT_RULES
    body = "\n\n".join(format_source(s) for s in sources)
    return f"{GROUNDED_RULES}\n\nSources:\n\n{body}"


def hit_source(n: int, h: SearchHit) -> dict[str, Any]:
    """A numbered source as stored with a chat message (ChatStore citations)."""
    return {
        "n": n,
        "library": h.library,
        "path": h.path,
        "page": h.page,
        "chunk_id": h.chunk_id,
        "heading": h.heading,
        "text": h.text,
        "score": h.score,
    }


def fit_sources(
    candidates: Sequence[dict[str, Any]], budget_tokens: int, count_tokens: CountFn
) -> list[dict[str, Any]]:
    """Number and keep candidates (best first) while the whole system text fits the budget.

    A candidate that does not fit is skipped, not cut: a smaller one further down may fit.
    """
    used = count_tokens(GROUNDED_RULES + "\n\nSources:\n\n")
    kept: list[dict[str, Any]] = []
    for cand in candidates:
        src = dict(cand, n=len(kept) + 1)
        cost = count_tokens(format_source(src) + "\n\n")
        if used + cost <= budget_tokens:
            kept.append(src)
            used += cost
    return kept


# the "not in the documents" answer ---------------------------------------------------

# Said without a model, so it cannot follow the question's language by itself: pick it by
# the question's script or letters, English otherwise.
_NO_ANSWER = {
    "en": "The documents do not contain an answer to this question.",
    "zh": "文档中没有包含这个问题的答案。",
    "ja": "ドキュメントにはこの質問への答えが含まれていません。",
    "ko": "문서에 이 질문에 대한 답이 없습니다.",
    "ru": "В документах нет ответа на этот вопрос.",
    "pl": "Dokumenty nie zawierają odpowiedzi na to pytanie.",
    "de": "Die Dokumente enthalten keine Antwort auf diese Frage.",
    "fr": "Les documents ne contiennent pas de réponse à cette question.",
    "es": "Los documentos no contienen una respuesta a esta pregunta.",
}
_LATIN_HINTS = [
    ("pl", set("ąćęłńśźż"), {"czy", "jest", "jak", "co", "się", "nie", "dlaczego", "gdzie"}),
    ("de", set("äöüß"), {"ist", "was", "wie", "der", "die", "das", "und", "nicht", "warum"}),
    ("fr", set("àâçèéêëîïôùûœ"), {"est", "quel", "quelle", "que", "les", "des", "pourquoi"}),
    ("es", set("áéíñóúü¿¡"), {"es", "qué", "cómo", "los", "las", "por", "dónde", "cuál"}),
]


def question_language(text: str) -> str:
    """A rough language guess, only to pick the fixed "not in the documents" sentence."""
    counts = {"zh": 0, "ja": 0, "ko": 0, "ru": 0}
    for c in text:
        o = ord(c)
        if 0x3040 <= o <= 0x30FF:
            counts["ja"] += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            counts["zh"] += 1
        elif 0xAC00 <= o <= 0xD7AF:
            counts["ko"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["ru"] += 1
    if counts["ja"]:
        return "ja"
    script = max(counts, key=lambda k: counts[k])
    if counts[script]:
        return script
    low = text.casefold()
    words = set(re.findall(r"\w+", low))
    best, score = "en", 0
    for lang, letters, common in _LATIN_HINTS:
        s = 2 * sum(c in letters for c in low) + len(words & common)
        if s > score:
            best, score = lang, s
    return best if score >= 2 else "en"


def no_answer_text(question: str) -> str:
    return _NO_ANSWER[question_language(question)]


# citations ----------------------------------------------------------------------------

# [1], [1, 2], [1][2], and the full-width brackets Chinese/Japanese answers use: 【1】［1］.
_CITE = re.compile(r"[\[【［]\s*(\d+(?:\s*[,，;、]\s*\d+)*)\s*[\]】］]")


def cited_numbers(text: str) -> list[int]:
    """Source numbers cited in `text`, in order of first mention."""
    seen: list[int] = []
    for m in _CITE.finditer(text):
        for part in re.split(r"[,，;、]", m.group(1)):
            n = int(part)
            if n not in seen:
                seen.append(n)
    return seen


def citations(
    text: str, sources: list[dict[str, Any]], embedder: Any = None
) -> list[dict[str, Any]]:
    """The sources that `text` cites (numbers the model made up are dropped).

    Small models often answer from the sources without writing [n]. Then, given the
    embedder, each answer sentence is attributed to the source closest in meaning (if
    close enough); such citations carry "inferred": True.
    """
    by_n = {s["n"]: s for s in sources}
    explicit = [dict(by_n[n], inferred=False) for n in cited_numbers(text) if n in by_n]
    if explicit or embedder is None or not sources or not text.strip():
        return explicit
    return attribute(text, sources, embedder)


# Cosine (MiniLM) above which an answer sentence is taken to restate a source; paraphrases
# of a passage score 0.6-0.9, sentences on other topics below 0.3.
ATTRIBUTION_MIN = 0.5
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|\n+")


def attribute(text: str, sources: list[dict[str, Any]], embedder: Any) -> list[dict[str, Any]]:
    """Sources that answer sentences restate, in order of first use (inferred citations)."""
    import numpy as np

    sentences = [x.strip() for x in _SENTENCE.split(text) if len(x.strip()) >= 6]
    if not sentences:
        return []
    vecs = embedder.embed_documents(sentences + [s["text"] for s in sources])
    sent, src = vecs[: len(sentences)], vecs[len(sentences) :]
    sims = (sent @ src.T) / (
        np.linalg.norm(sent, axis=1)[:, None] * np.linalg.norm(src, axis=1)[None, :] + 1e-12
    )
    out: list[dict[str, Any]] = []
    for row in sims:
        best = int(np.argmax(row))
        if row[best] >= ATTRIBUTION_MIN and all(c["n"] != sources[best]["n"] for c in out):
            out.append(dict(sources[best], inferred=True))
    return out


# context for chats --------------------------------------------------------------------


def _names(names: str | Sequence[str]) -> list[str]:
    out = [names] if isinstance(names, str) else list(names)
    if not out:
        raise LibraryError("No library chosen.", "Name at least one library.")
    return out


def context_for(
    service: Any,
    names: str | Sequence[str],
    question: str,
    budget_tokens: int,
    count_tokens: CountFn,
) -> GroundedContext:
    """Numbered sources for `question` that fit `budget_tokens` of the chat's prompt.

    A question naming one document of the libraries gets that whole document when it fits,
    otherwise the passages of that document that best match the question.
    """
    libs = _names(names)
    named = named_document(service, libs, question)
    if named is not None:
        library, path = named
        whole = page_sources(service, library, path)
        if whole and _fits(whole, budget_tokens, count_tokens):
            sources = fit_sources(whole, budget_tokens, count_tokens)
            return GroundedContext(grounded_system_text(sources), sources, True, path)
        hits = service.search([library], question, k=SEARCH_K, files=[path])
    else:
        hits = service.search(libs, question, k=SEARCH_K)
    hits = relevant_hits(hits, question, service.embedder.model_name)
    if not hits:
        return GroundedContext(NOTHING_RELEVANT_RULES, [], False)
    candidates = [hit_source(0, h) for h in hits]
    sources = fit_sources(candidates, budget_tokens, count_tokens)
    return GroundedContext(grounded_system_text(sources), sources, bool(sources))


# whole documents -----------------------------------------------------------------------


def named_document(service: Any, libs: list[str], question: str) -> tuple[str, str] | None:
    """(library, path) of the indexed document the question names, if it names one.

    A document is named by its file name ("report.pdf") or, for names of 5+ characters,
    its stem ("quarterly_report"); the longest match wins.
    """
    q = unicodedata.normalize("NFKC", question).casefold()
    best: tuple[int, str, str] | None = None
    for lib in libs:
        for path, state in service.manifest(lib).all().items():
            if state.state != "indexed":
                continue
            p = Path(path)
            for cand in (p.name.casefold(), p.stem.casefold()):
                if (len(cand) >= 5 or cand == p.name.casefold()) and _mentions(q, cand):
                    if best is None or len(cand) > best[0]:
                        best = (len(cand), lib, path)
                    break
    return (best[1], best[2]) if best else None


def _mentions(text: str, name: str) -> bool:
    """`name` occurs in `text` as a whole token (not inside a longer word)."""
    start = text.find(name)
    while start != -1:
        end = start + len(name)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        start = text.find(name, start + 1)
    return False


def page_sources(service: Any, library: str, path: str) -> list[dict[str, Any]]:
    """One source per page of the document (one for the whole text when it has no pages)."""
    chunks = document_chunks(service, library, path)
    by_page: dict[int, list[SearchHit]] = {}
    for h in chunks:
        by_page.setdefault(h.page, []).append(h)
    return [_source_of(hs) for _, hs in sorted(by_page.items())]


def _source_of(hits: list[SearchHit]) -> dict[str, Any]:
    first, last = hits[0], hits[-1]
    src = hit_source(0, first)
    src["text"] = merge_overlapping([h.text for h in hits])
    if first.page and last.page != first.page:
        src["pages"] = f"{first.page}-{last.page}"
    return src


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


def _fits(sources: list[dict[str, Any]], budget: int, count_tokens: CountFn) -> bool:
    numbered = [dict(s, n=i + 1) for i, s in enumerate(sources)]
    return count_tokens(grounded_system_text(numbered)) <= budget


# ask ----------------------------------------------------------------------------------


class AskReply(Reply):
    """A streaming grounded answer: iterate for chunks; `.text`, `.sources`, `.citations`."""

    def __init__(
        self,
        gen: Iterator[str],
        sources: list[dict[str, Any]],
        relevant: bool = True,
        whole_document: str = "",
        embedder: Any = None,
    ) -> None:
        super().__init__(gen)
        self.sources = sources
        self.relevant = relevant
        self.whole_document = whole_document
        self._embedder = embedder
        self._citations: list[dict[str, Any]] | None = None

    @property
    def citations(self) -> list[dict[str, Any]]:
        """Sources the answer cites ([n]) or, failing that, restates (see `citations()`)."""
        if self._citations is None:
            self._citations = citations(self.text, self.sources, self._embedder)
        return self._citations

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "relevant": self.relevant,
            "citations": [_public(s) for s in self.citations],
            "sources": [_public(s) for s in self.sources],
            "whole_document": self.whole_document or None,
            "stats": self.stats.to_dict() if self.stats else None,
        }


def _public(src: dict[str, Any]) -> dict[str, Any]:
    keys = ("n", "library", "path", "page", "pages", "chunk_id", "text", "inferred")
    return {k: src[k] for k in keys if k in src}


def _fixed(text: str) -> Generator[str, None, ReplyStats]:
    yield text
    return ReplyStats(finish_reason="stop")


def ask(
    service: Any,
    names: str | Sequence[str],
    question: str,
    model: str | None = None,
    cancel: CancelToken | None = None,
    progress: ProgressFn | None = None,
    sampling: Sampling | None = None,
    context_tokens: int | None = None,
) -> AskReply:
    """Answer `question` from the libraries, streaming, with numbered sources.

    The model is loaded (or switched to `model`) only when there is something to answer
    from; when nothing relevant is found the reply says so without running a model.
    `context_tokens` caps the prompt below the model's context (shorter prompts are faster).
    """
    question = (question or "").strip()
    if not question:
        raise LibraryError("The question is empty.", "Type a question about your documents.")
    libs = _names(names)
    report = progress or (lambda _p: None)
    report(Progress(0, None, "", "Searching the documents"))
    named = named_document(service, libs, question)
    if named is None:
        hits = service.search(libs, question, k=SEARCH_K)
        hits = relevant_hits(hits, question, service.embedder.model_name)
        if not hits:
            return AskReply(_fixed(no_answer_text(question)), [], relevant=False)
    runner = ensure_model(service.hearth, model, cancel)
    # A copy: the caller's Sampling is not changed by the length cap below.
    base = sampling or answer_sampling(service.hearth.settings.sampling)
    sampling = Sampling.from_dict(base.to_dict())
    answer_tokens = min(sampling.max_tokens, max(MIN_ANSWER_TOKENS, runner.n_ctx // 4))
    sampling.max_tokens = answer_tokens
    n_ctx = min(runner.n_ctx, context_tokens) if context_tokens else runner.n_ctx
    budget = n_ctx - answer_tokens - runner.count_tokens(question) - 64  # chat template

    if named is not None:
        library, path = named
        whole = page_sources(service, library, path)
        if whole and _fits(whole, budget, runner.count_tokens):
            sources = fit_sources(whole, budget, runner.count_tokens)
        elif whole:
            sources = summarise_parts(
                runner, path, whole, question, budget, sampling, cancel, report
            )
        else:
            sources = []
        if not sources:
            return AskReply(_fixed(no_answer_text(question)), [], relevant=False)
        return _answer(service, runner, question, sources, sampling, cancel, path)

    candidates = [hit_source(0, h) for h in hits]
    sources = fit_sources(candidates, budget, runner.count_tokens)
    if not sources:
        raise LibraryError(
            "The model's context is too small for any source passage.",
            "Load the model with a larger context length.",
        )
    return _answer(service, runner, question, sources, sampling, cancel)


def _answer(
    service: Any,
    runner: Any,
    question: str,
    sources: list[dict[str, Any]],
    sampling: Sampling,
    cancel: CancelToken | None,
    whole_document: str = "",
) -> AskReply:
    messages = [
        ChatMessage("system", grounded_system_text(sources)),
        ChatMessage("user", question),
    ]
    reply = runner.chat(messages, sampling, cancel=cancel)

    def stream() -> Generator[str, None, ReplyStats]:
        yield from reply
        return reply.stats or ReplyStats()

    return AskReply(stream(), sources, True, whole_document, embedder=service.embedder)


def answer_sampling(base: Sampling) -> Sampling:
    """The user's sampling, but cooler: grounded answers should stick to the sources."""
    s = Sampling.from_dict(base.to_dict())
    s.temperature = min(s.temperature, 0.3)
    s.max_tokens = min(s.max_tokens, ANSWER_RESERVE)
    return s


def ensure_model(hearth: Any, model: str | None, cancel: CancelToken | None) -> Any:
    runner = hearth.runner
    loaded = runner.loaded
    if model:
        if loaded is None or model not in (loaded.name, str(loaded.path)):
            hearth.load_model(model, cancel=cancel)
    elif loaded is None:
        default = hearth.settings.default_model
        if not default:
            raise LibraryError(
                "No model is loaded to answer with.",
                "Pass --model NAME (see `hearth models list`) or set a default model.",
            )
        hearth.load_model(default, cancel=cancel)
    return runner


# whole documents too long for the context ---------------------------------------------

SUMMARY_PROMPT = (
    "Below is part {i} of {n} of the document {name}. Summarise what this part says that "
    "helps answer the question, keeping names, numbers and facts. If nothing in it helps, "
    "reply with one short sentence saying so. Write in the same language as the question.\n\n"
    "Question: {question}\n\nPart {i} ({where}):\n{text}"
)


def summarise_parts(
    runner: Any,
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
