"""A mixed folder of real and hostile files, indexed end to end with MiniLM and LanceDB."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.engine.library.conftest import search_fts, search_vector
from tests.engine.library.docfiles import make_good_files, make_hostile_files


@pytest.fixture(scope="module")
def mixed(lib_hearth, tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    good = make_good_files(folder)
    bad = make_hostile_files(folder)
    lib_hearth.libraries.create("Mixed", [folder])
    report = lib_hearth.libraries.index("Mixed")
    states = {Path(s.path).name: s for s in lib_hearth.libraries.status("Mixed")}
    return lib_hearth, folder, good, bad, report, states


EXPECTED = {
    # file name: (state, words the reason must contain)
    "report.pdf": ("indexed", ""),
    "handbook.docx": ("indexed", ""),
    "guide.md": ("indexed", ""),
    "page.html": ("indexed", ""),
    "tool.py": ("indexed", ""),
    "chinese.txt": ("indexed", ""),
    "polish.txt": ("indexed", ""),
    "utf16.txt": ("indexed", ""),
    "bad_utf8.txt": ("indexed", "invalid utf-8"),
    "truncated.pdf": ("failed", "damaged pdf"),
    "encrypted.pdf": ("failed", "password"),
    "scanned.pdf": ("no_text", "no text (scanned?)"),
    "bomb.docx": ("failed", "zip bomb"),
    "junk.txt": ("unsupported", "binary"),
    "empty.txt": ("no_text", "empty"),
    "photo.png": ("unsupported", ".png"),
    "pipe.txt": ("unsupported", "not a regular file"),
    "loop_a.txt": ("failed", "symbolic link loop"),
    "loop_b.txt": ("failed", "symbolic link loop"),
}


def test_every_file_ends_in_a_clear_state(mixed):
    _, _, _, bad, report, states = mixed
    expected = dict(EXPECTED)
    if "unreadable" in bad:
        expected["secret.txt"] = ("failed", "permission denied")
    assert set(states) == set(expected)  # the folder symlinked into itself is listed once
    for name, (state, words) in expected.items():
        assert states[name].state == state, (name, states[name])
        assert words in states[name].reason.lower(), (name, states[name].reason)
    assert all(s.chunks > 0 for s in states.values() if s.state == "indexed")
    assert states["report.pdf"].pages == 3
    assert report.indexed == 9 and report.failed >= 4 and report.unsupported == 3


def test_pdf_pages_are_kept(mixed):
    hearth, *_ = mixed
    hit = search_vector(hearth, "Mixed", "How does chlorophyll absorb light in the greenhouse?")[0]
    assert Path(hit["path"]).name == "report.pdf" and hit["page"] == 2
    hit = search_fts(hearth, "Mixed", "compost euros")[0]
    assert Path(hit["path"]).name == "report.pdf" and hit["page"] == 3


@pytest.mark.parametrize(
    "query, name, heading",
    [
        ("beekeeping veil hives", "handbook.docx", "Volunteer handbook > Beekeeping safety"),
        ("wet exit after a capsize", "guide.md", "Kayak guide > Capsize recovery"),
        ("rye flour starter", "page.html", "Sourdough baking"),
        ("fibonacci number", "tool.py", ""),
        ("glaciers Iceland", "utf16.txt", ""),
        ("Wieliczka salt mine", "bad_utf8.txt", ""),
    ],
)
def test_good_files_are_searchable_with_their_heading(mixed, query, name, heading):
    hearth, *_ = mixed
    hit = search_vector(hearth, "Mixed", query)[0]
    assert Path(hit["path"]).name == name
    assert hit["heading"] == heading
    assert Path(search_fts(hearth, "Mixed", query)[0]["path"]).name == name


def test_encodings_are_decoded_not_garbled(mixed):
    hearth, *_ = mixed
    hit = search_fts(hearth, "Mixed", "薛定谔方程")[0]  # GB18030 file, found by CJK bigrams
    assert Path(hit["path"]).name == "chinese.txt" and "薛定谔方程" in hit["text"]
    hit = search_fts(hearth, "Mixed", "ZAŻÓŁĆ gęślą")[0]  # cp1250 file, case-folded
    assert Path(hit["path"]).name == "polish.txt" and "Zażółć gęślą jaźń" in hit["text"]


def test_hidden_page_parts_are_not_indexed(mixed):
    hearth, *_ = mixed
    texts = " ".join(hearth.libraries.store("Mixed").column("text"))
    for token in ("secretscripttoken", "navmenutoken", "footertoken", "color:red"):
        assert token not in texts


def test_no_chunk_exceeds_the_model_limit(mixed):
    hearth, *_ = mixed
    embedder = hearth.libraries.embedder_of("Mixed")
    rows = (
        hearth.libraries.store("Mixed")
        .table.search()
        .select(["heading", "text"])
        .limit(None)
        .to_list()
    )
    for r in rows:
        text = f"{r['heading']}\n{r['text']}" if r["heading"] else r["text"]
        assert embedder.count_tokens(text) <= embedder.max_tokens


def test_second_run_skips_everything(mixed):
    hearth, _, _, _, first, _ = mixed
    before = hearth.libraries.store("Mixed").chunk_ids()
    report = hearth.libraries.index("Mixed")
    assert report.embedded_files == [] and report.chunks_added == 0
    assert report.unchanged == first.files_total
    assert hearth.libraries.store("Mixed").chunk_ids() == before


def test_library_info_counts(mixed):
    hearth, folder, *_ = mixed
    info = hearth.libraries.get("mixed")  # names are case-insensitive
    assert info.name == "Mixed" and info.sources == [str(folder)]
    # Chinese and Polish among the files: the automatic choice is the multilingual model.
    assert info.embedding_model == "google/universal-sentence-encoder-multilingual-3"
    assert info.dim == 512 and info.chosen_model == "auto"
    assert info.chunks == hearth.libraries.store("Mixed").count() > 0
    assert info.states["indexed"] == 9 and not info.needs_reindex


@pytest.mark.skipif(getattr(os, "geteuid", lambda: 0)() == 0, reason="root reads chmod 000 files")
def test_unreadable_file_is_reported(mixed):
    *_, states = mixed
    assert states["secret.txt"].state == "failed"
