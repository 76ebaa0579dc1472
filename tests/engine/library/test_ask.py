"""Grounded answers with the real SmolLM2, MiniLM and LanceDB: citations map to file + page."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.backends.base import ChatMessage, Sampling
from engine.library.citations import citations, cited_numbers, mark_sources
from engine.library.grounding import context_for, grounded_system_text
from engine.library.language import no_answer_text, question_language
from tests.engine.library.docfiles import make_pdf, write
from tests.reference import raw_chat, raw_llama

LIB = "notes"
PDF_PAGES = [
    "Observatory annual report. The observatory was founded in 1961 on a mountain ridge.",
    "The Aurora telescope has a main mirror 4.2 metres across and sees first light in 2027.",
]
HISTORY = "\n\n".join(
    f"## {year}\n\nIn {year} the village of Elmbrook {event}. " * 3
    for year, event in [
        (1850, "built its first stone bridge over the river Elm"),
        (1890, "opened a school with forty pupils and one teacher"),
        (1921, "got electric light in the main street"),
        (1960, "welcomed the railway and a new station hall"),
        (1999, "celebrated its millennium festival with a parade"),
    ]
)
QUIET = Sampling(temperature=0.0, max_tokens=48, seed=1)


@pytest.fixture(scope="module")
def lib(lib_hearth, tmp_path_factory: pytest.TempPathFactory, smollm2: Path):
    folder = tmp_path_factory.mktemp("notes")
    write(folder, "observatory.pdf", make_pdf(PDF_PAGES))
    write(folder, "router.md", "# Router\n\nTo restore factory settings, hold the reset button "
          "for ten seconds until the lights blink.")
    write(folder, "garden.md", "# Garden\n\nTomatoes need sunshine and regular watering.")
    write(folder, "history.md", "# Elmbrook history\n\n" + HISTORY)
    service = lib_hearth.libraries
    service.create(LIB, [folder])
    assert service.index(LIB).failed == 0
    lib_hearth.load_model(str(smollm2))
    return service


MIRROR = "How large is the main mirror of the Aurora telescope?"


def test_ask_streams_the_answer_to_the_sources_it_found(lib, lib_hearth, smollm2: Path) -> None:
    runner = lib_hearth.runner
    runner.backend.reset()
    reply = lib.ask(LIB, MIRROR, sampling=QUIET)
    chunks = list(reply)
    assert chunks and reply.text.strip() and reply.stats is not None
    assert reply.relevant
    # The best source is the PDF's second page; others must be relevant too, not filler.
    first = reply.sources[0]
    assert Path(first["path"]).name == "observatory.pdf" and first["page"] == 2
    assert all(Path(s["path"]).name != "garden.md" for s in reply.sources)
    # The model answered exactly the numbered sources and the question, as raw
    # llama-cpp-python does (the words themselves depend on the CPU; see tests/reference.py).
    prompt = [ChatMessage("system", grounded_system_text(reply.sources)),
              ChatMessage("user", MIRROR)]
    assert runner.plan is not None
    llm = raw_llama(smollm2, runner.plan.n_ctx, runner.plan.threads or None)
    try:
        assert reply.text == raw_chat(llm, prompt, QUIET)[0]
    finally:
        llm.close()
    out = reply.to_dict()
    assert out["answer"] == reply.text and out["sources"][0]["page"] == 2
    assert out["citations"] == [
        {k: v for k, v in c.items() if k != "heading" and k != "score"} for c in reply.citations
    ]


def test_citations_map_to_file_and_page_written_or_inferred(lib) -> None:
    ctx = lib.context_for(LIB, MIRROR, 2000, lambda t: len(t.split()))
    by_name = {(Path(s["path"]).name, s["page"]): s["n"] for s in ctx.sources}
    n = by_name[("observatory.pdf", 2)]
    # Written by the model: [n] maps to that source.
    [cited] = citations(f"The main mirror is 4.2 metres across [{n}].", ctx.sources)
    assert Path(cited["path"]).name == "observatory.pdf" and cited["page"] == 2
    assert cited["inferred"] is False
    # Not written (small models often leave it out): the answer's sentence restates page 2.
    inferred = citations("The Aurora telescope's main mirror is 4.2 metres across.",
                         ctx.sources, lib.embedder)
    assert [(Path(c["path"]).name, c["page"], c["inferred"]) for c in inferred] == [
        ("observatory.pdf", 2, True)
    ]
    # An answer about something else cites nothing.
    assert citations("Bananas are yellow and grow in bunches.", ctx.sources, lib.embedder) == []


def test_marked_sources_say_which_the_answer_cites_or_restates_and_where(lib) -> None:
    ctx = lib.context_for(LIB, MIRROR, 2000, lambda t: len(t.split()))
    n = next(s["n"] for s in ctx.sources
             if Path(s["path"]).name == "observatory.pdf" and s["page"] == 2)
    # Written by the model: that source is "cited" by the model, the others not at all.
    marked = mark_sources(f"The main mirror is 4.2 metres across [{n}].", ctx.sources,
                          lib.embedder)
    assert [s["n"] for s in marked if s.get("cited") == "model"] == [n]
    assert all(s["cited"] == "" for s in marked if s["n"] != n)
    assert [s["n"] for s in marked] == [s["n"] for s in ctx.sources]  # order and count kept
    # Not written: the restating sentence gets an inline mark where it ends, the unrelated
    # one none.
    first = "The Aurora telescope's main mirror is 4.2 metres across."
    text = f"{first} Bananas are yellow and grow in bunches."
    marked = mark_sources(text, ctx.sources, lib.embedder)
    inferred = [s for s in marked if s.get("cited") == "inferred"]
    assert [(s["n"], s["marks"]) for s in inferred] == [(n, [len(first)])]
    # Marking again (a regenerated reply) starts from clean sources.
    again = mark_sources("Bananas are yellow and grow in bunches.", marked, lib.embedder)
    assert all(s["cited"] == "" and "marks" not in s for s in again)


def test_unrelated_question_says_so_without_running_the_model(
    lib, lib_hearth, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*_a, **_k):
        raise AssertionError("the model must not run for an unanswerable question")

    monkeypatch.setattr(lib_hearth.runner, "chat", forbidden)
    monkeypatch.setattr(lib_hearth, "load_model", forbidden)
    reply = lib.ask(LIB, "Who won the football world cup in 1998?")
    assert not reply.relevant and reply.sources == [] and reply.citations == []
    assert "do not contain" in reply.text
    zh = lib.ask(LIB, "谁赢得了1998年足球世界杯？")
    assert zh.text == no_answer_text("谁赢得了1998年足球世界杯？") and "文档" in zh.text


def test_context_for_numbers_sources_within_the_budget(lib, lib_hearth) -> None:
    count = lib_hearth.runner.count_tokens
    ctx = context_for(lib, [LIB], "When does the Aurora telescope see first light?", 400, count)
    assert ctx.relevant and ctx.sources
    assert [s["n"] for s in ctx.sources] == list(range(1, len(ctx.sources) + 1))
    assert count(ctx.system_text) <= 400
    assert ctx.sources[0]["page"] == 2 and "[1] observatory.pdf, page 2" in ctx.system_text
    assert {"n", "path", "page", "chunk_id", "text"} <= ctx.sources[0].keys()

    none = context_for(lib, [LIB], "What is the capital of Peru?", 400, count)
    assert not none.relevant and none.sources == [] and "do not contain" in none.system_text


def test_named_document_is_included_whole_when_it_fits(lib, lib_hearth) -> None:
    count = lib_hearth.runner.count_tokens
    ctx = context_for(lib, [LIB], "Summarise observatory.pdf", 2000, count)
    assert Path(ctx.whole_document).name == "observatory.pdf"
    assert [s["page"] for s in ctx.sources] == [1, 2]
    assert "founded in 1961" in ctx.sources[0]["text"] and "4.2 metres" in ctx.sources[1]["text"]


def test_a_document_is_named_by_its_file_name_or_its_stem_as_a_whole_word(lib) -> None:
    from engine.library.grounding import named_document

    def named(question: str) -> str | None:
        found = named_document(lib, [LIB], question)
        return Path(found[1]).name if found else None

    assert named("What does HISTORY.md say about 1921?") == "history.md"  # any case
    assert named("Summarise the observatory, please") == "observatory.pdf"  # its stem
    assert named("What does the garden file say?") == "garden.md"
    assert named("Tell me about prehistory.md") is None  # inside a longer word
    assert named("What is the capital of Peru?") is None


def test_named_document_too_long_is_summarised_in_parts(lib) -> None:
    reports = []
    reply = lib.ask(LIB, "What happened in 1921 according to history.md?", sampling=QUIET,
                    context_tokens=350, progress=reports.append)
    text = reply.text
    assert text.strip()
    parts = [p for p in reports if p.unit == "parts"]
    assert parts and parts[-1].total and parts[-1].total >= 2 and parts[-1].done == parts[-1].total
    assert Path(reply.whole_document).name == "history.md"
    assert len(reply.sources) >= 2
    assert all(Path(s["path"]).name == "history.md" for s in reply.sources)


# pure functions -------------------------------------------------------------------------


def test_citation_numbers_in_any_bracket_style() -> None:
    assert cited_numbers("Mirrors [2] and lenses [1, 3]; see [2][4].") == [2, 1, 3, 4]
    assert cited_numbers("长城很长【1】，也很古老［2］。") == [1, 2]
    sources = [{"n": 1, "path": "/a.md", "page": 0, "text": "a"}]
    assert [c["n"] for c in citations("As [1] says, and [7] invents.", sources)] == [1]


def test_fixed_answer_follows_the_question_language() -> None:
    assert question_language("Jak duże jest lustro teleskopu?") == "pl"
    assert question_language("长城有多长？") == "zh"
    assert question_language("Wie groß ist der Spiegel?") == "de"
    assert question_language("How big is the mirror?") == "en"
    assert "nie zawierają" in no_answer_text("Czy dokumenty mówią coś o Marsie?")


def test_cli_ask_prints_answer_and_sources(lib, smollm2: Path, capsys) -> None:
    import json

    from engine.cli.main import main

    assert main(["library", "ask", LIB, "Who won the football world cup in 1998?", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["relevant"] is False and out["sources"] == [] and "do not contain" in out["answer"]

    question = "How do I restore the factory settings of the router?"
    assert main(["library", "ask", LIB, question, "--model", str(smollm2), "--max-tokens", "40"]) == 0
    printed = capsys.readouterr().out
    assert "Sources:" in printed and "[1] router.md" in printed
