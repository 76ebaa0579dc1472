"""Traditional <-> Simplified folding of search queries (OpenCC)."""

from __future__ import annotations

from engine.library.embedders import ENGLISH, MULTILINGUAL
from engine.library.hanzi import other_script, to_simplified
from engine.library.search import bm25_terms, dense_query


def test_traditional_becomes_simplified_with_mainland_phrases() -> None:
    assert to_simplified("這個軟體的說明在哪裡？") == "这个软件的说明在哪里？"
    assert to_simplified("已经是简体") == "已经是简体"


def test_text_without_chinese_is_left_alone() -> None:
    for text in ("How long is the Great Wall?", "Jak długi jest Wielki Mur?", ""):
        assert to_simplified(text) == text
        assert other_script(text) == ""


def test_other_script_goes_both_ways() -> None:
    assert other_script("長城有多長") == "长城有多长"
    assert other_script("长城有多长") == "長城有多長"
    assert other_script("中文") == ""  # the same in both scripts


def test_only_use_embeds_the_simplified_form() -> None:
    assert dense_query(MULTILINGUAL, "長城有多長？") == "长城有多长？"
    assert dense_query(ENGLISH, "長城有多長？") == "長城有多長？"


def test_full_text_terms_hold_both_scripts() -> None:
    terms = bm25_terms("長城有多長？").split()
    assert "長城" in terms and "长城" in terms
    assert bm25_terms("What is a GGUF file?") == bm25_terms("What is a GGUF file?".strip())
