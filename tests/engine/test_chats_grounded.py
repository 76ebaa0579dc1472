"""A chat with a library attached: sources go into the prompt and onto the saved reply."""

from __future__ import annotations

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
