"""Grounded answers: retrieve, number the sources, fit them into the context, stream, cite.

The pieces live beside this module, one concern each: grounding.py (sources for a question
and the prompt), citations.py ([n] back to file and page), summary.py (documents too long
for the context), language.py (the fixed "not in the documents" answer). "Nothing relevant"
is decided from retrieval scores before any model runs: then `ask` says that the documents
do not contain it, without the model.
"""

from __future__ import annotations

import logging
from collections.abc import Generator, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from engine.backends.base import ChatMessage, Reply, ReplyStats, Sampling
from engine.errors import LibraryError
from engine.i18n import _
from engine.jobs import CancelToken, Progress, ProgressFn
from engine.library.citations import citations
from engine.library.grounding import (
    SEARCH_K,
    fit_sources,
    fits,
    grounded_system_text,
    library_names,
    named_document,
    page_sources,
    pick_sources,
    sources_budget,
)
from engine.library.search import relevant_hits
from engine.library.summary import summarise_parts

if TYPE_CHECKING:
    from engine.library.embed import TextEmbedder
    from engine.library.service import LibraryService
    from engine.runner import ModelRunner

log = logging.getLogger(__name__)

ANSWER_RESERVE = 512  # default longest answer, in tokens
MIN_ANSWER_TOKENS = 128


class AskReply(Reply):
    """A streaming grounded answer: iterate for chunks; `.text`, `.sources`, `.citations`.

    `sources`: the numbered passages the model was given; `citations`: those it cites.
    """

    def __init__(
        self,
        gen: Iterator[str],
        sources: list[dict[str, Any]],
        relevant: bool = True,
        whole_document: str = "",
        embedder: TextEmbedder | None = None,
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
    service: LibraryService,
    runner: ModelRunner,
    names: str | Sequence[str],
    question: str,
    model: str | None = None,
    cancel: CancelToken | None = None,
    progress: ProgressFn | None = None,
    sampling: Sampling | None = None,
    context_tokens: int | None = None,
    more: bool | None = None,
) -> AskReply:
    """Answer `question` from the libraries, streaming, with numbered sources.

    The model is loaded (or switched to `model`) only when there is something to answer
    from; when nothing relevant is found the reply says so without running a model.
    `context_tokens` caps the prompt below the model's context (shorter prompts are faster);
    `more` (None: the "more context" setting) sends as many passages as fit, not the few
    this machine reads in seconds (grounding.sources_budget).
    """
    question = (question or "").strip()
    if not question:
        raise LibraryError(_("The question is empty."), _("Type a question about your documents."))
    libs = library_names(names)
    report = progress or (lambda _p: None)
    report(Progress(0, None, "", "Searching the documents"))
    lang = service.prompt_language(question)
    named = named_document(service, libs, question)
    if named is None:
        hits = service.search(libs, question, k=SEARCH_K)
        hits = relevant_hits(hits, question, service.models_of(libs))
        if not hits:
            return AskReply(_fixed(service.no_answer(question)), [], relevant=False)
    runner.ensure(model, cancel=cancel)
    # A copy: the caller's Sampling is not changed by the length cap below.
    base = sampling or answer_sampling(service.settings.sampling)
    sampling = Sampling.from_dict(base.to_dict())
    sampling.max_tokens = min(sampling.max_tokens, max(MIN_ANSWER_TOKENS, runner.n_ctx // 4))
    # What the system text (rules and sources) may take: the template around it and the
    # question are measured by rendering them.
    budget = runner.room([ChatMessage("system", ""), ChatMessage("user", question)], sampling,
                         context_tokens)

    if named is not None:
        library, path = named
        whole = page_sources(service, library, path)
        if whole and fits(whole, budget, runner.count_tokens, lang):
            sources = fit_sources(whole, budget, runner.count_tokens, lang)
        elif whole:
            sources = summarise_parts(
                runner, path, whole, question, budget, sampling, cancel, report
            )
        else:
            sources = []
        if not sources:
            return AskReply(_fixed(service.no_answer(question)), [], relevant=False)
        return _answer(service, runner, question, sources, sampling, cancel, lang, path, report)

    if more is None:
        more = service.settings.more_context
    passages = sources_budget(budget, runner.prompt_speed(), more)
    sources = pick_sources(hits, budget, passages, runner.count_tokens, lang)
    if not sources:
        raise LibraryError(
            _("The model's context is too small for any source passage."),
            _("Load the model with a larger context length."),
        )
    return _answer(service, runner, question, sources, sampling, cancel, lang, "", report)


def _answer(
    service: LibraryService,
    runner: ModelRunner,
    question: str,
    sources: list[dict[str, Any]],
    sampling: Sampling,
    cancel: CancelToken | None,
    lang: str,
    whole_document: str = "",
    report: ProgressFn | None = None,
) -> AskReply:
    messages = [
        ChatMessage("system", grounded_system_text(sources, lang)),
        ChatMessage("user", question),
    ]

    def reading(done: int, total: int) -> None:
        if report is not None:
            report(Progress(done, total, "tokens", "Reading the sources"))

    reply = runner.chat(messages, sampling, cancel=cancel, reading=reading)

    def stream() -> Generator[str, None, ReplyStats]:
        yield from reply
        return reply.stats or ReplyStats()

    return AskReply(stream(), sources, True, whole_document, embedder=service.embedder_of(sources[0]["library"]))


def answer_sampling(base: Sampling) -> Sampling:
    """The user's sampling, but cooler: grounded answers should stick to the sources."""
    s = Sampling.from_dict(base.to_dict())
    s.temperature = min(s.temperature, 0.3)
    s.max_tokens = min(s.max_tokens, ANSWER_RESERVE)
    return s
