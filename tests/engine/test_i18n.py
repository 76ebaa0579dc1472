"""The engine's text in zh-TW, zh-CN and Polish: the committed catalogs load and are complete,
a switch changes the real hardware report, fit text and load reasons, and the .mo files are
what the .po files compile to."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from engine import i18n
from engine.config import Settings
from engine.hardware import CpuInfo, GpuInfo, HardwareProfile, LlamaDevice, LlamaInfo
from engine.hub.catalog import load_catalog
from engine.selection import fit, plan_load
from tests.engine.test_selection import LLAMA_3B_Q4

LANGS = ["zh_TW", "zh_CN", "pl"]
PLURALS = {"zh_TW": 1, "zh_CN": 1, "pl": 3}
GIB = 1 << 30


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


def po_file(lang: str) -> Path:
    return i18n.catalog_folder() / lang / "LC_MESSAGES" / "hearth.po"


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{\w*\}", text))


def rtx_4060() -> HardwareProfile:
    vram = 8 * GIB
    return HardwareProfile(
        os="Windows 11 (AMD64)",
        cpu=CpuInfo("AMD Ryzen 7 7840HS", "AMD64", 8, 16, 0, ["AVX", "AVX2"]),
        ram_total=32 * GIB,
        ram_available=24 * GIB,
        gpus=[GpuInfo("NVIDIA GeForce RTX 4060", "nvidia", "cuda", vram, vram - GIB)],
        llama=LlamaInfo(True, "0.3.16", True, [
            LlamaDevice("CUDA0", "NVIDIA GeForce RTX 4060", "CUDA", vram, vram - GIB),
            LlamaDevice("CPU", "CPU", "CPU")]),
    )


def cpu_only() -> HardwareProfile:
    return HardwareProfile(os="Linux 6.8 (x86_64)", cpu=CpuInfo("", "x86_64", 4, 8),
                           ram_total=8 * GIB, ram_available=6 * GIB,
                           llama=LlamaInfo(True, "0.3.16", False, [LlamaDevice("CPU", "CPU",
                                                                               "CPU")]))


@pytest.mark.parametrize("lang", LANGS)
def test_the_real_catalog_loads(lang: str) -> None:
    assert i18n.set_language(lang) == lang
    assert i18n.language() == lang
    assert i18n._("No GPU found") != "No GPU found"


def test_a_switch_changes_the_real_text() -> None:
    hw = rtx_4060()
    english = (hw.summary(), fit(hw, 5 * GIB, 32, 8, 128).text,
               plan_load(cpu_only(), LLAMA_3B_Q4, Settings()).reason)
    assert english[0].startswith("OS:     Windows 11") and "8 cores / 16 threads" in english[0]
    i18n.set_language("zh_TW")
    summary = hw.summary()
    assert "作業系統" in summary and "8 個核心 / 16 個執行緒" in summary
    assert "顯示記憶體" in fit(hw, 5 * GIB, 32, 8, 128).text
    assert "找不到 GPU" in plan_load(cpu_only(), LLAMA_3B_Q4, Settings()).reason
    i18n.set_language("zh_CN")
    assert "显存" in fit(hw, 5 * GIB, 32, 8, 128).text
    i18n.set_language("pl")
    assert "8 rdzeni / 16 wątków" in hw.summary()
    reason = plan_load(cpu_only(), LLAMA_3B_Q4, Settings()).reason
    assert "CPU, 4 wątki" in reason and "Nie znaleziono GPU" in reason
    i18n.set_language("en")
    assert (hw.summary(), fit(hw, 5 * GIB, 32, 8, 128).text,
            plan_load(cpu_only(), LLAMA_3B_Q4, Settings()).reason) == english


def test_polish_plural_forms() -> None:
    i18n.set_language("pl")
    words = [i18n.ngettext("{n} thread", "{n} threads", n).format(n=n)
             for n in (1, 2, 5, 12, 22, 25)]
    assert words == ["1 wątek", "2 wątki", "5 wątków", "12 wątków", "22 wątki", "25 wątków"]


def test_catalog_descriptions_follow_the_language() -> None:
    entry = load_catalog()[0]
    english = entry.local_description()
    assert english == entry.description
    for lang in LANGS:
        i18n.set_language(lang)
        assert entry.local_description() == entry.descriptions[lang] != english
    assert all(set(e.descriptions) == set(LANGS) for e in load_catalog())


def test_unknown_language_or_missing_catalog_is_english(tmp_path: Path) -> None:
    assert i18n.set_language("de") == "en"
    assert i18n.set_language("pl", folder=tmp_path) == "en"  # no catalog there
    assert i18n._("No GPU found") == "No GPU found"
    assert "Runs on CPU" in fit(cpu_only(), GIB, 16, 8, 64).text


def test_cli_language_from_the_environment() -> None:
    pick = i18n.language_from_env
    assert pick("pl", {"LANG": "zh_TW.UTF-8"}) == "pl"
    assert pick("", {"LANG": "zh_TW.UTF-8"}) == "zh_TW"
    assert pick("", {"LANG": "zh_HK.UTF-8"}) == "zh_TW"
    assert pick("", {"LC_ALL": "zh_SG", "LANG": "pl_PL"}) == "zh_CN"
    assert pick("", {"LC_MESSAGES": "zh", "LANG": "en_US"}) == "zh_CN"
    assert pick("", {"LANG": "pl_PL.UTF-8"}) == "pl"
    assert pick("", {"LANG": "de_DE.UTF-8"}) == "en"
    assert pick("", {}) == "en"


@pytest.mark.parametrize("lang", LANGS)
def test_po_file_is_finished(lang: str) -> None:
    with po_file(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    assert catalog.num_plurals == PLURALS[lang]
    messages = [m for m in catalog if m.id]
    assert len(messages) > 40
    for m in messages:
        assert not m.fuzzy, f"{lang}: fuzzy {m.id!r}"
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        assert len(forms) == (PLURALS[lang] if isinstance(m.id, tuple) else 1)
        for form in forms:
            assert form.strip(), f"{lang}: empty translation of {ids[0]!r}"
            assert placeholders(form) == placeholders(ids[-1]), f"{lang}: {form!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_mo_file_is_up_to_date(lang: str, tmp_path: Path) -> None:
    """What scripts/translations would compile now is what is committed."""
    with po_file(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    fresh = tmp_path / "hearth.mo"
    with fresh.open("wb") as f:
        write_mo(f, catalog)

    def parsed(path: Path) -> tuple[str, dict[object, object]]:
        def key(x: object) -> object:
            return tuple(x) if isinstance(x, list | tuple) else x

        with path.open("rb") as f:
            mo = read_mo(f)
        return mo.plural_forms, {key(m.id): key(m.string) for m in mo if m.id}

    committed = po_file(lang).with_suffix(".mo")
    assert parsed(committed) == parsed(fresh), f"{committed.name}: run scripts/translations"


def test_po_files_cover_the_code() -> None:
    """Every message engine/ marks is in each .po, and no .po keeps one the code dropped."""
    from babel.messages.extract import extract_from_dir

    engine_dir = Path(i18n.__file__).parent
    marked = {m[2] if isinstance(m[2], str) else m[2][0] for m in extract_from_dir(engine_dir)}
    for lang in LANGS:
        with po_file(lang).open("rb") as f:
            ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
        assert ids == marked, f"{lang}: run scripts/translations"
