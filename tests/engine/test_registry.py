"""The model registry: import (copy/link), list, get, remove, with real and broken files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from engine.errors import (
    BackendUnavailable,
    Cancelled,
    HearthError,
    InvalidModelFile,
    NotEnoughSpace,
    NotFound,
)
from engine.jobs import CancelToken, Progress
from engine.models.registry import ModelRegistry, split_parts
from engine.paths import Paths
from tests.engine.test_gguf_builder import build, tiny_llama

SMOL = "SmolLM2-135M-Instruct.Q4_1"


@pytest.fixture
def registry(tmp_path: Path) -> ModelRegistry:
    return ModelRegistry(Paths(tmp_path / "home").ensure())


def models_dir(reg: ModelRegistry) -> list[str]:
    return sorted(p.name for p in reg.folder.iterdir() if p.name != "index.json")


def test_import_copies_and_lists_real_model(registry: ModelRegistry, smollm2: Path) -> None:
    seen: list[Progress] = []
    info = registry.import_file(smollm2, progress=seen.append)
    assert info.name == SMOL and not info.linked
    assert Path(info.path).parent == registry.folder
    assert Path(info.path).stat().st_size == smollm2.stat().st_size == info.size_bytes
    assert (info.architecture, info.quantization, info.context_length) == ("llama", "Q4_1", 8192)
    assert info.n_layers == 30 and info.has_chat_template and info.parameter_count > 100e6
    assert info.source == f"import:{smollm2.resolve()}" and info.added_at
    assert seen and seen[-1].done == info.size_bytes and seen[-1].total == info.size_bytes
    assert [p.done for p in seen] == sorted(p.done for p in seen)

    [listed] = registry.list()
    assert listed.to_dict() == info.to_dict()
    assert registry.get(SMOL).path == info.path
    assert registry.get(SMOL.lower()).name == SMOL  # names are case-insensitive
    index = json.loads((registry.folder / "index.json").read_text("utf-8"))
    assert index["models"][SMOL]["info"]["quantization"] == "Q4_1"
    # A second registry on the same folder (another process) sees the same.
    assert ModelRegistry(Paths(registry.folder.parent)).get(SMOL).source == info.source
    # Importing the same file again is harmless.
    assert registry.import_file(info.path).name == SMOL


def test_link_registers_in_place_and_remove_forgets(registry: ModelRegistry, smollm2: Path) -> None:
    info = registry.import_file(smollm2, link=True)
    assert info.linked and info.path == str(smollm2.resolve())
    assert models_dir(registry) == []  # nothing copied
    assert [m.name for m in registry.list()] == [SMOL]
    removed = registry.remove(SMOL)
    assert removed.linked
    assert smollm2.exists()  # the user's file is never deleted
    assert registry.list() == []


def test_remove_deletes_copied_file(registry: ModelRegistry, tmp_path: Path) -> None:
    src = tmp_path / "tiny.gguf"
    src.write_bytes(tiny_llama())
    registry.import_file(src)
    assert models_dir(registry) == ["tiny.gguf"]
    registry.remove("tiny")
    assert models_dir(registry) == [] and registry.list() == []
    assert src.exists()
    with pytest.raises(NotFound):
        registry.remove("tiny")


def test_broken_files_are_refused_before_copying(
    registry: ModelRegistry, smollm2: Path, tmp_path: Path
) -> None:
    truncated = tmp_path / "half.gguf"
    with open(smollm2, "rb") as f:
        truncated.write_bytes(f.read(20_000_000))
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"\x00not a model\xff" * 500)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    for bad in (truncated, junk):
        with pytest.raises(InvalidModelFile) as e:
            registry.import_file(bad)
        assert e.value.hint
    with pytest.raises(InvalidModelFile, match="not a model file"):
        registry.import_file(notes)
    # A path handed straight to get() (e.g. `hearth chat --model FILE`) is checked too,
    # so llama.cpp never opens a broken file.
    with pytest.raises(InvalidModelFile, match="truncated"):
        registry.get(str(truncated))
    with pytest.raises(NotFound):
        registry.import_file(tmp_path / "missing.gguf")
    assert models_dir(registry) == [] and registry.list() == []


def test_cancel_mid_copy_leaves_nothing(registry: ModelRegistry, smollm2: Path) -> None:
    cancel = CancelToken()

    def progress(p: Progress) -> None:
        if p.done > 0:
            cancel.cancel()

    with pytest.raises(Cancelled):
        registry.import_file(smollm2, progress=progress, cancel=cancel)
    assert models_dir(registry) == []  # no temp file, no partial model
    assert registry.list() == []


def test_not_enough_space(
    registry: ModelRegistry, smollm2: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.disk_usage

    def tiny_disk(path):  # type: ignore[no-untyped-def]
        u = real(path)
        return type(u)(u.total, u.total - 1000, 1000)

    monkeypatch.setattr(shutil, "disk_usage", tiny_disk)
    with pytest.raises(NotEnoughSpace, match="disk space") as e:
        registry.import_file(smollm2)
    assert "--link" in e.value.hint and "kept free" in e.value.message
    assert models_dir(registry) == []


def test_same_name_different_file_is_refused(registry: ModelRegistry, tmp_path: Path) -> None:
    a = tmp_path / "a" / "model.gguf"
    b = tmp_path / "b" / "model.gguf"
    for p, name in ((a, "one"), (b, "two")):
        p.parent.mkdir()
        p.write_bytes(tiny_llama(**{"general.name": name}))
    registry.import_file(a)
    with pytest.raises(HearthError, match="already installed"):
        registry.import_file(b)


def test_unknown_name_lists_installed(registry: ModelRegistry, tmp_path: Path) -> None:
    src = tmp_path / "tiny.gguf"
    src.write_bytes(tiny_llama())
    registry.import_file(src, link=True)
    with pytest.raises(NotFound) as e:
        registry.get("llama-70b")
    assert "tiny" in e.value.message and "hearth models" in e.value.hint
    # A path is inspected directly, registered or not.
    other = tmp_path / "other.gguf"
    other.write_bytes(tiny_llama())
    assert registry.get(str(other)).name == "other"
    with pytest.raises(NotFound, match="No such file"):
        registry.get(str(tmp_path / "gone.gguf"))


def test_folder_is_the_truth(registry: ModelRegistry, tmp_path: Path) -> None:
    """Files dropped in by hand appear; broken ones are skipped; deleted ones vanish."""
    (registry.folder / "dropped.gguf").write_bytes(tiny_llama())
    (registry.folder / "broken.gguf").write_bytes(tiny_llama()[:-100])
    (registry.folder / ".partial.gguf.part").write_bytes(b"GGUF")
    (registry.folder / "readme.txt").write_text("x")
    assert [m.name for m in registry.list()] == ["dropped"]
    [(name, path, why)] = registry.problems()
    assert name == "broken" and path.endswith("broken.gguf") and "truncated" in why
    registry.remove("broken")  # a broken file can be cleaned up by name
    assert not (registry.folder / "broken.gguf").exists() and registry.problems() == []
    (registry.folder / "dropped.gguf").unlink()
    assert registry.list() == []
    index = json.loads((registry.folder / "index.json").read_text("utf-8"))
    assert index["models"] == {}


def test_missing_linked_file_is_reported_and_can_be_forgotten(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    src = tmp_path / "usb" / "far.gguf"
    src.parent.mkdir()
    src.write_bytes(tiny_llama())
    registry.import_file(src, link=True)
    src.unlink()  # the drive was unplugged
    assert registry.list() == []
    [(name, _, why)] = registry.problems()
    assert name == "far" and "not reachable" in why
    assert registry.remove("far").linked
    assert registry.problems() == []


def test_corrupt_index_is_rebuilt(registry: ModelRegistry) -> None:
    (registry.folder / "m.gguf").write_bytes(tiny_llama())
    (registry.folder / "index.json").write_text("{ not json", "utf-8")
    assert [m.name for m in registry.list()] == ["m"]
    assert json.loads((registry.folder / "index.json").read_text("utf-8"))["version"] == 1


def test_changed_file_is_reread(registry: ModelRegistry) -> None:
    path = registry.folder / "m.gguf"
    path.write_bytes(tiny_llama(**{"llama.context_length": 2048}))
    assert registry.get("m").context_length == 2048
    path.write_bytes(tiny_llama(**{"llama.context_length": 4096, "general.name": "longer"}))
    assert registry.get("m").context_length == 4096


def test_register_downloaded_file_keeps_source(registry: ModelRegistry) -> None:
    path = registry.folder / "downloaded.gguf"
    path.write_bytes(tiny_llama())
    info = registry.register(path, source="hf:owner/repo/downloaded.gguf")
    assert not info.linked
    assert registry.get("downloaded").source == "hf:owner/repo/downloaded.gguf"


def test_non_ascii_names(registry: ModelRegistry, tmp_path: Path) -> None:
    src = tmp_path / "模型-zażółć.gguf"
    src.write_bytes(tiny_llama())
    info = registry.import_file(src)
    assert info.name == "模型-zażółć"
    assert registry.get("模型-ZAŻÓŁĆ").name == "模型-zażółć"


def _split_model(folder: Path) -> Path:
    md = {
        "general.architecture": "llama",
        "llama.block_count": 2,
        "llama.context_length": 1024,
        "llama.embedding_length": 64,
        "llama.attention.head_count": 4,
        "split.count": 2,
    }
    folder.mkdir(parents=True, exist_ok=True)
    first = folder / "big-00001-of-00002.gguf"
    first.write_bytes(build(md, [("blk.0.attn_q.weight", (64, 64), 0)]))
    (folder / "big-00002-of-00002.gguf").write_bytes(
        build({"split.count": 2}, [("blk.1.attn_q.weight", (64, 32), 0)])
    )
    return first


def test_split_gguf_import_copies_all_parts(registry: ModelRegistry, tmp_path: Path) -> None:
    first = _split_model(tmp_path / "src")
    assert split_parts(first) == [first, first.with_name("big-00002-of-00002.gguf")]
    info = registry.import_file(first)
    assert info.name == "big" and info.parts == 2
    assert info.parameter_count == 64 * 64 + 64 * 32
    assert models_dir(registry) == ["big-00001-of-00002.gguf", "big-00002-of-00002.gguf"]
    assert [m.name for m in registry.list()] == ["big"]
    registry.remove("big")
    assert models_dir(registry) == []
    (tmp_path / "src" / "big-00002-of-00002.gguf").unlink()
    with pytest.raises(InvalidModelFile, match="missing"):
        registry.import_file(first)


def mlc_folder(root: Path) -> Path:
    """A folder laid out like an MLC model (mlc-chat-config.json + weight shards)."""
    folder = root / "Qwen2.5-0.5B-Instruct-q4f16_1-MLC"
    folder.mkdir(parents=True)
    config = {
        "model_type": "qwen2",
        "quantization": "q4f16_1",
        "context_window_size": 32768,
        "conv_template": {"name": "chatml"},
        "model_config": {
            "num_hidden_layers": 24,
            "num_attention_heads": 14,
            "num_key_value_heads": 2,
            "hidden_size": 896,
        },
    }
    (folder / "mlc-chat-config.json").write_text(json.dumps(config), "utf-8")
    (folder / "params_shard_0.bin").write_bytes(b"\0" * 4096)
    return folder


def test_mlc_folder_is_registered_but_not_runnable_without_mlc(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    pytest.importorskip("engine.backends.mlc")
    from engine.config import Settings
    from engine.hardware import detect
    from engine.selection import plan_load

    info = registry.import_file(mlc_folder(tmp_path))
    assert info.format == "mlc" and info.architecture == "qwen2"
    assert (info.context_length, info.n_layers, info.n_kv_heads, info.head_dim) == (
        32768,
        24,
        2,
        64,
    )
    assert info.quantization == "q4f16_1" and info.size_bytes > 4096
    assert [m.format for m in registry.list()] == ["mlc"]
    hw = detect()
    if not hw.mlc.installed:
        with pytest.raises(BackendUnavailable):
            plan_load(hw, info, Settings())
    registry.remove(info.name)
    assert models_dir(registry) == []


def test_the_index_hint_follows_what_was_last_listed(registry: ModelRegistry, smollm2: Path) -> None:
    """The app's start reads it to open on the Chats page at once (the listing decides)."""
    from engine.models.index_hint import index_lists_models

    assert not index_lists_models(registry.folder)  # a new data folder
    registry.import_file(smollm2, link=True)
    assert index_lists_models(registry.folder)
    registry.remove(SMOL)
    assert not index_lists_models(registry.folder)
    (registry.folder / "index.json").write_text("{not json", "utf-8")
    assert not index_lists_models(registry.folder)  # damaged: no hint, not an error
