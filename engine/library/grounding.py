"""Grounding: the numbered sources for a question, fitted into a token budget, and the
system text that tells the model to answer from them.

The same prompt (`grounded_system_text`) serves `ask` and chats with libraries attached, so
citations mean the same everywhere. "Nothing relevant" is decided from retrieval scores
(search.relevant_hits), before any model runs.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import LibraryError
from engine.i18n import _
from engine.library.focus import EmbedFn, focus_sources, reading_limit
from engine.library.prompts import wording
from engine.library.search import SearchHit, document_chunks, merge_overlapping, relevant_hits

if TYPE_CHECKING:
    from engine.library.service import LibraryService

SEARCH_K = 12  # candidates considered for the context (best first, as many as fit)
# How many sources an answer gets. Every source is read by the model before its first
# token: 12 sources were 4,800 tokens, 32 s on a 2-core laptop. GPT4All and Jan send 3
# snippets, AnythingLLM 4. Passages from the best 5 documents keep SciFact's answer@5
# (bench/grounded_latency.py: 0.800 vs 0.803 with every source that fits; sized by speed
# alone, ~1.4 sources went in on a slow CPU and it fell to 0.49). Within the first 5
# sources a document's second passage may come too; past them only new documents, 7 sources
# at most (a one-document library gets 5). "More context" (Settings) sends all that fit.
FAST_SOURCES = 5  # documents
EXTRA_SOURCES = 2
# Neighbouring chunks are merged into those sources while the model reads them in about
# this long, at its prompt speed measured here (engine.models.speeds), or within this many
# tokens before that speed is known.
READ_TARGET_S = 4.0
UNMEASURED_SOURCE_TOKENS = 1200
MERGE_MAX = 3  # chunks joined into one source: a long run would outgrow any budget whole

CountFn = Callable[[str], int]


@dataclass
class GroundedContext:
    """What a chat needs to answer from libraries: the system text and its numbered sources."""

    system_text: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    relevant: bool = True
    whole_document: str = ""  # the path of a document included whole, if any


# prompts ------------------------------------------------------------------------------

GROUNDED_RULES = wording("rules", "en")
NOTHING_RELEVANT_RULES = wording("nothing", "en")


def source_label(src: dict[str, Any], lang: str = "en") -> str:
    name = Path(src["path"]).name
    if src.get("pages"):
        return f"{name}, " + wording("pages", lang).format(pages=src["pages"])
    return f"{name}, " + wording("page", lang).format(page=src["page"]) if src.get("page") else name


def format_source(src: dict[str, Any], lang: str = "en") -> str:
    return f"[{src['n']}] {source_label(src, lang)}\n{src['text'].strip()}"


def grounded_system_text(sources: list[dict[str, Any]], lang: str = "en") -> str:
    """The rules and numbered sources, in `lang` (engine.library.prompts.TEXTS)."""
    if not sources:
        return wording("nothing", lang)
    body = "\n\n".join(format_source(s, lang) for s in sources)
    return f"{wording('rules', lang)}\n\n{wording('sources', lang)}\n\n{body}"


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


def sources_budget(room: int, prompt_speed: float | None, more: bool = False) -> tuple[int, int]:
    """(tokens, documents) for one answer's sources, out of `room` tokens: `tokens` is what
    merged neighbours may grow the sources to (about READ_TARGET_S of reading at the
    measured `prompt_speed`, tokens/s here), `documents` how many documents they come
    from (FAST_SOURCES; see `pick_sources`). `more` (the "more context" setting) fills the
    room from up to SEARCH_K documents.
    """
    if more:
        return room, SEARCH_K
    tokens = int(prompt_speed * READ_TARGET_S) if prompt_speed else UNMEASURED_SOURCE_TOKENS
    return min(room, tokens), FAST_SOURCES


def pick_sources(
    hits: Sequence[SearchHit], room: int, passages: tuple[int, int], count_tokens: CountFn,
    lang: str = "en",
) -> list[dict[str, Any]]:
    """Numbered sources for ranked hits: the best passages (duplicates dropped) from the
    best `count` documents, whatever the machine's speed, as far as `room` allows; with
    their neighbouring chunks merged in when that still fits the speed budget (`passages`:
    `sources_budget`).

    Merged sources cover every hit the plain ones do (a hit is a group's head or joined
    an earlier group), so they win whenever as many of them fit."""
    tokens, count = passages
    limit = count + EXTRA_SOURCES
    plain = fit_sources(condense(hits, merge=False), room, count_tokens, lang, limit, count)
    merged = fit_sources(condense(hits), min(tokens, room), count_tokens, lang, limit, count)
    return merged if len(merged) >= len(plain) else plain


def condense(hits: Sequence[SearchHit], merge: bool = True) -> list[dict[str, Any]]:
    """Sources from ranked hits: a passage whose text repeats a better one is dropped, and
    (`merge`) neighbouring chunks of one file (consecutive in reading order) become one
    source, at the rank of the better: longer passages read better than chunks cut
    mid-thought."""
    groups: list[list[SearchHit]] = []
    seen: set[str] = set()
    for h in hits:
        key = " ".join(unicodedata.normalize("NFKC", h.text).casefold().split())
        if key in seen:
            continue
        seen.add(key)
        for group in groups if merge else ():
            if len(group) < MERGE_MAX and _neighbours(group, h):
                group.append(h)
                break
        else:
            groups.append([h])
    return [_merged(group) for group in groups]


def _neighbours(group: list[SearchHit], h: SearchHit) -> bool:
    """Consecutive chunks of one file, on one page (a citation keeps pointing at its page)."""
    return any(g.library == h.library and g.path == h.path and g.page == h.page
               and abs(g.seq - h.seq) == 1 for g in group)


def _merged(group: list[SearchHit]) -> dict[str, Any]:
    src = hit_source(0, group[0])  # the best of them: its id, page and score
    if len(group) > 1:
        src["text"] = merge_overlapping([h.text for h in sorted(group, key=lambda h: h.seq)])
    return src


def fit_sources(
    candidates: Sequence[dict[str, Any]], budget_tokens: int, count_tokens: CountFn,
    lang: str = "en", limit: int | None = None, files: int | None = None,
) -> list[dict[str, Any]]:
    """Number and keep candidates (best first) while the whole system text fits the budget:
    `limit` of them at most, from `files` documents at most (the list stops where a
    further document would begin); past `files` sources, only new documents' passages.

    A candidate that does not fit is skipped, not cut: a smaller one further down may fit.
    """
    used = count_tokens(f"{wording('rules', lang)}\n\n{wording('sources', lang)}\n\n")
    kept: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for cand in candidates:
        if limit is not None and len(kept) >= limit:
            break
        doc = (str(cand.get("library", "")), str(cand["path"]))
        if files is not None and doc not in seen and len(seen) >= files:
            break
        if files is not None and doc in seen and len(kept) >= files:
            continue  # past `files` sources, only a new document is worth the reading
        src = dict(cand, n=len(kept) + 1)
        cost = count_tokens(format_source(src, lang) + "\n\n")
        if used + cost <= budget_tokens:
            kept.append(src)
            seen.add(doc)
            used += cost
    return kept


# context for chats --------------------------------------------------------------------


def library_names(names: str | Sequence[str]) -> list[str]:
    out = [names] if isinstance(names, str) else list(names)
    if not out:
        raise LibraryError(_("No library chosen."), _("Name at least one library."))
    return out


def context_for(
    service: LibraryService,
    names: str | Sequence[str],
    question: str,
    budget_tokens: int,
    count_tokens: CountFn,
    passages: tuple[int, int] | None = None,
) -> GroundedContext:
    """Numbered sources for `question` that fit `budget_tokens` of the chat's prompt;
    retrieved passages also keep within `passages` (tokens, count: `sources_budget`).

    A question naming one document of the libraries gets that whole document when it fits,
    otherwise the passages of that document that best match the question.
    """
    libs = library_names(names)
    lang = service.prompt_language(question)
    named = named_document(service, libs, question)
    if named is not None:
        library, path = named
        whole = page_sources(service, library, path)
        if whole and fits(whole, budget_tokens, count_tokens, lang):
            sources = fit_sources(whole, budget_tokens, count_tokens, lang)
            return GroundedContext(grounded_system_text(sources, lang), sources, True, path)
        hits = service.search([library], question, k=SEARCH_K, files=[path])
    else:
        hits = service.search(libs, question, k=SEARCH_K)
    hits = relevant_hits(hits, question, service.models_of(libs))
    if not hits:
        return GroundedContext(wording("nothing", lang), [], False)
    passages = passages or (budget_tokens, SEARCH_K)
    sources = pick_sources(hits, budget_tokens, passages, count_tokens, lang)
    sources = focus_sources(sources, question, reading_limit(passages[0]), count_tokens,
                            _embedding(service, question))
    return GroundedContext(grounded_system_text(sources, lang), sources, bool(sources))


def _embedding(service: LibraryService, question: str) -> EmbedFn:
    """(question, sentences) vectors in a library's model, the question embedded once per
    model (engine.library.focus)."""
    from engine.library.search import dense_query

    queries: dict[str, Any] = {}

    def embed(library: str, texts: list[str]) -> tuple[Any, Any]:
        model = service.model_of(library)
        embedder = service.embedder_for(model)
        if model not in queries:
            queries[model] = embedder.embed_query(dense_query(model, question))
        return queries[model], embedder.embed_documents(texts)

    return embed


# whole documents -----------------------------------------------------------------------


def named_document(service: LibraryService, libs: list[str], question: str) -> tuple[str, str] | None:
    """(library, path) of the indexed document the question names, if it names one.

    A document is named by its file name ("report.pdf") or, for names of 5+ characters,
    its stem ("quarterly_report"); the longest match wins.
    """
    q = unicodedata.normalize("NFKC", question).casefold()
    best: tuple[int, str, str] | None = None
    for lib in libs:
        # Asked before every answer: paths only, and string operations, not a Path each
        # (a 5,000-file library took ~50 ms here with every file's state and a Path).
        for path in service.manifest(lib).indexed_paths():
            name = os.path.basename(path).casefold()
            dot = name.rfind(".")
            stem = name[:dot] if dot > 0 else name
            if stem not in q:  # nor the name, which holds it: most files end here
                continue
            for cand in (name, stem):
                if (len(cand) >= 5 or cand == name) and _mentions(q, cand):
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


def page_sources(service: LibraryService, library: str, path: str) -> list[dict[str, Any]]:
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


def fits(sources: list[dict[str, Any]], budget: int, count_tokens: CountFn, lang: str = "en") -> bool:
    numbered = [dict(s, n=i + 1) for i, s in enumerate(sources)]
    return count_tokens(grounded_system_text(numbered, lang)) <= budget
