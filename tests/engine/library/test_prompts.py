"""The instructions a model gets follow the user's language: the question's, else the
interface's. What is checked is the wording Hearth writes, not what a model answers."""

from __future__ import annotations

import pytest

from engine.chats.prompt import build_messages
from engine.library.grounding import grounded_system_text
from engine.library.prompts import TEXTS, chinese_script, no_answer, prompt_language

SOURCE = [{"n": 1, "path": "/d/wawel.pdf", "page": 3, "text": "Zamek na Wawelu."}]


@pytest.mark.parametrize(("text", "ui", "lang"), [
    ("長城有多長？", "", "zh_TW"),
    ("长城有多长？", "zh_TW", "zh_CN"),  # the question's script wins over the interface's
    ("Gdzie mieszkali polscy królowie?", "", "pl"),
    ("Where did the kings live?", "zh_TW", "en"),
    ("API 500?", "pl", "pl"),  # nothing to tell by: the interface decides
    ("API 500?", "", "en"),
    ("Wo wohnten die Könige?", "pl", "en"),  # no German wording: English rules
])
def test_the_language_of_the_instructions(text: str, ui: str, lang: str) -> None:
    assert prompt_language(text, ui) == lang


def test_every_language_has_every_text() -> None:
    keys = set(TEXTS["en"])
    for lang, texts in TEXTS.items():
        assert set(texts) == keys, lang
        assert all(v.strip() for v in texts.values())


def test_grounded_rules_and_labels_are_in_the_question_language() -> None:
    pl = grounded_system_text(SOURCE, prompt_language("Gdzie jest zamek królewski?"))
    assert pl.startswith(TEXTS["pl"]["rules"]) and "wawel.pdf, s. 3" in pl
    tw = grounded_system_text(SOURCE, "zh_TW")
    assert "第 3 頁" in tw and "資料：" in tw and "Answer" not in tw
    assert grounded_system_text([], "zh_CN") == TEXTS["zh_CN"]["nothing"]


def test_the_fixed_refusal_follows_the_script() -> None:
    assert no_answer("故宮博物院是哪一年成立的？") == TEXTS["zh_TW"]["no_answer"]
    assert no_answer("故宫博物院是哪一年成立的？") == TEXTS["zh_CN"]["no_answer"]
    assert no_answer("Czy zamek ma muzeum?") == TEXTS["pl"]["no_answer"]
    assert "Dokumente" in no_answer("Was steht in den Dokumenten über die Burg?")


def test_default_system_prompt_and_steps_follow_the_language_but_not_the_users_own() -> None:
    msgs, _ = build_messages("You are a helpful assistant.", [], "你好", (), True, "", "zh_CN")
    assert msgs[0].content == TEXTS["zh_CN"]["system"] + "\n\n" + TEXTS["zh_CN"]["steps"]
    own = "Odpowiadaj krótko."
    msgs, _ = build_messages(own, [], "Cześć", (), False, "", "pl")
    assert msgs[0].content == own


def test_chinese_script_detection() -> None:
    assert chinese_script("這個問題") == "zh_TW"
    assert chinese_script("这个问题") == "zh_CN"
