"""Sources cut to the sentences nearest the question when the model reads slowly: real
embedders (MiniLM, and USE for Chinese), real indexing for the chat path."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.library.focus import FLOOR_TOKENS, GAP, focus_sources, reading_limit, sentences

MINILM = "sentence-transformers/all-MiniLM-L6-v2"
USE = "google/universal-sentence-encoder-multilingual-3"

FILLER = [
    "The museum opened a new wing for modern sculpture last spring.",
    "Visitors praised the bright galleries and the quiet reading room.",
    "Tickets are cheaper on weekday mornings than at the weekend.",
    "A small cafe on the ground floor serves soup and sandwiches.",
    "The building was designed by an architect from Lisbon.",
    "School groups can book a guided tour two weeks in advance.",
    "The gift shop sells prints, postcards and illustrated catalogues.",
    "Parking is limited, so most people arrive by tram or bicycle.",
]
ANSWER = "The kettle switches itself off when the water reaches one hundred degrees."


def words(text: str) -> int:
    return len(text.split())


def embed_with(service, model: str):
    embedder = service.embedder_for(model)

    def embed(_library: str, texts: list[str]):
        return embedder.embed_query(question_of[0]), embedder.embed_documents(texts)

    question_of: list[str] = []
    return embed, question_of


def source(n: int, text: str) -> dict:
    return {"n": n, "library": "Notes", "path": f"/docs/doc{n}.md", "page": 0, "text": text}


def test_sentences_split_in_english_chinese_and_polish():
    assert sentences("One. Two? Three!\nFour") == ["One.", "Two?", "Three!", "Four"]
    assert sentences("长城很长。它在中国北方！你去过吗？") == ["长城很长。", "它在中国北方！", "你去过吗？"]
    assert sentences("Pierogi gotuje się w wodzie. Potem smaży na maśle.") == [
        "Pierogi gotuje się w wodzie.", "Potem smaży na maśle."]
    assert sentences("  \n\n ") == []


def test_a_fast_reader_gets_every_source_whole(lib_hearth):
    embed, q = embed_with(lib_hearth.libraries, MINILM)
    q.append("When does the kettle switch off?")
    srcs = [source(1, " ".join(FILLER)), source(2, ANSWER)]
    assert focus_sources(srcs, q[0], limit=10_000, count_tokens=words, embed=embed) is srcs


def test_a_slow_reader_gets_the_sentences_nearest_the_question(lib_hearth):
    embed, q = embed_with(lib_hearth.libraries, MINILM)
    q.append("When does the kettle switch itself off?")
    # Ten sources of ~90 words: ~900 in all, over the floor of 600.
    srcs = [source(i, " ".join(FILLER)) for i in range(1, 11)]
    srcs[6] = source(7, " ".join(FILLER[:4] + [ANSWER] + FILLER[4:]))
    out = focus_sources(srcs, q[0], limit=100, count_tokens=words, embed=embed)
    assert [s["n"] for s in out] == list(range(1, 11))  # the same sources, same numbers
    total = sum(words(s["text"]) for s in out)
    assert total <= FLOOR_TOKENS < sum(words(s["text"]) for s in srcs)
    assert ANSWER in out[6]["text"]
    for cut, whole in zip(out, srcs, strict=True):
        kept = [x for part in cut["text"].split(GAP) for x in sentences(part)]
        assert kept, "every source keeps its best sentence"
        order = [sentences(whole["text"]).index(p) for p in kept]
        assert order == sorted(order)  # reading order
    assert any(GAP in s["text"] for s in out)  # what was left out is marked


def test_a_chinese_question_keeps_the_chinese_answer(lib_hearth):
    embed, q = embed_with(lib_hearth.libraries, USE)
    q.append("长城有多长？")
    filler = ["北京的秋天天气很好，适合出去旅游。", "故宫每天接待很多游客。",
              "很多人喜欢在公园里散步。", "地铁可以到达市中心的大部分地方。",
              "烤鸭是北京有名的菜。", "博物馆周一不开放。"]
    answer = "长城全长两万一千多公里，是世界上最长的建筑。"
    srcs = [source(i, "".join(filler) * 4) for i in range(1, 6)]
    srcs[2] = source(3, "".join(filler[:3]) + answer + "".join(filler[3:]) * 4)
    count = len  # characters: Chinese text has no spaces to count
    out = focus_sources(srcs, q[0], limit=100, count_tokens=count, embed=embed)
    assert sum(len(s["text"]) for s in out) < sum(len(s["text"]) for s in srcs)
    assert answer in out[2]["text"]


def test_the_chat_path_cuts_sources_only_for_a_slow_model(lib_hearth, tmp_path: Path):
    docs = tmp_path / "visits"
    docs.mkdir()
    closed = "The museum is closed on Mondays, when the galleries are cleaned."
    for i in range(6):
        lines = (FILLER[i:] + FILLER[:i]) * 3  # six different texts about the museum
        if i == 3:
            lines.insert(9, closed)
        (docs / f"visit{i}.md").write_text(f"# Visit {i}\n\n" + " ".join(lines) + "\n", "utf-8")
    svc = lib_hearth.libraries
    svc.create("Visits", [docs])
    svc.index("Visits")
    question = "On which day is the museum closed?"
    fast = svc.context_for(["Visits"], question, 20_000, words, (4_000, 5))
    slow = svc.context_for(["Visits"], question, 20_000, words, (60, 5))
    assert [s["path"] for s in slow.sources] == [s["path"] for s in fast.sources]
    assert sum(words(s["text"]) for s in fast.sources) > FLOOR_TOKENS  # worth cutting
    assert not any(GAP in s["text"] for s in fast.sources)
    assert sum(words(s["text"]) for s in slow.sources) <= max(reading_limit(60), FLOOR_TOKENS)
    assert any(closed in s["text"] for s in slow.sources)
    assert GAP in slow.system_text  # the model sees where text was left out


@pytest.mark.parametrize("tokens", [4_000, 1_200])
def test_reading_limit_is_twice_the_read_target(tokens):
    assert reading_limit(tokens) == tokens * 2
