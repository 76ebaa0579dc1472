"""A chat with a library attached: sources go into the prompt and onto the saved reply."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from engine.api import Hearth

pytestmark = pytest.mark.slow

LIGHTHOUSE = (
    "The Zephyr Lighthouse was built in 1847 by the engineer Marta Kowalska on the island "
    "of Skarv. Its lamp burned whale oil until 1901, when it was converted to kerosene."
)
BREAD = "Sourdough bread needs a starter of flour and water, fed daily for about a week."


def test_grounded_reply_cites_the_library(
    tmp_path: Path, smollm2: Path, minilm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEARTH_EMBEDDING_MODEL_PATH", str(minilm))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "zephyr_lighthouse.txt").write_text(LIGHTHOUSE, "utf-8")
    (docs / "bread.txt").write_text(BREAD, "utf-8")
    h = Hearth(tmp_path / "home")
    try:
        h.libraries.create("notes", sources=[docs])
        h.libraries.index("notes")
        sampling = {"temperature": 0.0, "seed": 1, "max_tokens": 40}
        grounded = h.chats.new_chat(model=str(smollm2), libraries=["notes"], sampling=sampling,
                                    n_ctx=2048)
        plain = h.chats.new_chat(model=str(smollm2), sampling=sampling, n_ctx=2048)
        question = "Who built the Zephyr Lighthouse, and when?"

        reply = h.chats.send(grounded.id, question)
        _ = reply.text
        base = h.chats.send(plain.id, question)
        _ = base.text

        assert reply.sources, "the library's passage should be cited"
        assert Path(reply.sources[0]["path"]).name == "zephyr_lighthouse.txt"
        assert "Kowalska" in reply.sources[0]["text"]
        saved = h.chats.get_message(reply.message_id)
        assert saved.sources == reply.sources
        assert base.sources == []
        # The sources were put into the prompt.
        assert reply.stats is not None and base.stats is not None
        assert reply.stats.prompt_tokens > base.stats.prompt_tokens + 30
    finally:
        h.close()


def _article(topic: str, n: int) -> str:
    """A long document: `n` paragraphs about `topic`, each distinct (numbers and names)."""
    names = ["Anna", "Bartek", "Chen", "Dorota", "Emil", "Feng", "Grażyna", "Hao"]
    return "\n\n".join(
        f"Paragraph {i} about {topic}. In {1800 + i * 7} {names[i % len(names)]} recorded "
        f"that the {topic} measured {i * 13 % 97} units at station {i * 31 % 211}, which the "
        f"survey of {1900 + i} listed under entry {i * 17} with notes on weather and tides."
        for i in range(n)
    )


def test_grounded_reply_sends_few_sources_reports_reading_and_remembers_speed(
    tmp_path: Path, smollm2: Path, minilm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.library.citations import cited_numbers
    from engine.library.grounding import EXTRA_SOURCES, FAST_SOURCES, SEARCH_K

    monkeypatch.setenv("HEARTH_EMBEDDING_MODEL_PATH", str(minilm))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lighthouse_log.txt").write_text(_article("lighthouse lamp", 60), "utf-8")
    (docs / "zephyr_lighthouse.txt").write_text(LIGHTHOUSE, "utf-8")
    home = tmp_path / "home"
    h = Hearth(home)
    try:
        h.libraries.create("notes", sources=[docs])
        h.libraries.index("notes")
        sampling = {"temperature": 0.0, "seed": 1, "max_tokens": 8}
        chat = h.chats.new_chat(model=str(smollm2), libraries=["notes"], sampling=sampling,
                                n_ctx=4096)
        question = "What did the lighthouse lamp measure at the station?"
        reads: list[tuple[int, int]] = []
        reply = h.chats.send(chat.id, question, reading=lambda d, t: reads.append((d, t)))
        _ = reply.text
        assert reply.stats is not None
        assert 1 <= len(reply.sources) <= FAST_SOURCES + EXTRA_SOURCES
        # The prompt was read in steps, each reported, ending with all of it.
        assert len(reads) >= 2, reads
        assert [d for d, _ in reads] == sorted(d for d, _ in reads)
        assert reads[-1][0] == reads[-1][1] == reply.stats.prompt_tokens
        # The saved reply says which sources it cites ([n]) or restates (inferred, with where
        # the restating sentence ends); the words are the model's, the marks follow them.
        assert h.chats.messages(chat.id)[-1].sources == reply.sources
        numbers = {s["n"] for s in reply.sources}
        assert {s["n"] for s in reply.sources if s.get("cited") == "model"} == (
            set(cited_numbers(reply.text)) & numbers)
        for s in reply.sources:
            assert s["cited"] in ("", "model", "inferred")
            assert all(0 < end <= len(reply.text) for end in s.get("marks", []))
        speed = h.runner.prompt_speed()
        assert speed is not None and speed > 0
        assert (home / "cache" / "speeds.json").is_file()

        # "More context" sends as many passages as fit (a fresh chat: the same prompt but
        # for the sources): more text than the default's seven passages at most.
        h.save_settings(dataclasses.replace(h.settings, more_context=True))
        other = h.chats.new_chat(model=str(smollm2), libraries=["notes"], sampling=sampling,
                                 n_ctx=4096)
        more = h.chats.send(other.id, question)
        _ = more.text
        assert more.stats is not None
        assert len(reply.sources) <= len(more.sources) <= SEARCH_K
        sent = sum(len(s["text"]) for s in reply.sources)
        assert sum(len(s["text"]) for s in more.sources) > sent
        assert more.stats.prompt_tokens > reply.stats.prompt_tokens + 200
    finally:
        h.close()
    # The measured speed is remembered: a new session sizes sources from it at once.
    h2 = Hearth(home)
    try:
        h2.runner.ensure(str(smollm2), 4096)
        assert h2.runner.prompt_speed() is not None
    finally:
        h2.close()
