"""GGUF header reading: the real SmolLM2 file, partial headers, and hostile files."""

from __future__ import annotations

import os
import random
import struct
from pathlib import Path

import pytest

from engine.errors import InvalidModelFile, NotFound
from engine.models.gguf import (
    ArraySummary,
    HeaderTruncated,
    parse_header,
    read_header,
)
from tests.engine.test_gguf_builder import build, gguf_string, kv, tiny_llama


@pytest.fixture(scope="module")
def smol_head(smollm2: Path) -> bytes:
    with open(smollm2, "rb") as f:
        return f.read(4 << 20)


def test_real_smollm2_header(smollm2: Path) -> None:
    h = read_header(smollm2)
    assert h.architecture == "llama"
    assert h.n_layers == 30
    assert h.context_length == 8192
    assert h.n_heads == 9 and h.n_kv_heads == 3
    assert h.embedding_length == 576 and h.head_dim == 64
    assert h.quantization == "Q4_1"
    assert h.chat_template and "<|im_start|>" in h.chat_template
    assert 130_000_000 < h.parameter_count < 140_000_000  # "135M"
    assert h.metadata["general.size_label"] == "135M"
    assert isinstance(h.metadata["tokenizer.ggml.tokens"], ArraySummary)
    assert h.metadata["tokenizer.ggml.tokens"].length == 49152
    # The tensor data ends exactly at the end of the (complete) file.
    assert h.data_end == smollm2.stat().st_size
    assert h.data_offset < 4 << 20


def test_agrees_with_gguf_package(smollm2: Path) -> None:
    gguf = pytest.importorskip("gguf")
    ref = gguf.GGUFReader(str(smollm2))
    h = read_header(smollm2)
    assert h.data_offset == ref.data_offset
    assert len(h.tensors) == len(ref.tensors)
    assert h.parameter_count == sum(int(t.n_elements) for t in ref.tensors)
    ours = {t.name: (t.type_name, t.n_bytes) for t in h.tensors}
    theirs = {t.name: (t.tensor_type.name, int(t.n_bytes)) for t in ref.tensors}
    assert ours == theirs


def test_partial_header_asks_for_more_then_parses(smol_head: bytes) -> None:
    """What the hub does with HTTP Range requests: grow the prefix until it parses."""
    size = 64 * 1024
    rounds = 0
    while True:
        rounds += 1
        try:
            h = parse_header(smol_head[:size])
            break
        except HeaderTruncated as e:
            assert e.needed is not None and e.needed > size
            size = e.needed + 64 * 1024
    assert rounds > 1
    assert h.n_layers == 30 and h.quantization == "Q4_1"
    assert h.data_offset <= size


def test_truncated_copy_is_refused(smollm2: Path, tmp_path: Path) -> None:
    bad = tmp_path / "half.gguf"
    with open(smollm2, "rb") as src:
        bad.write_bytes(src.read(smollm2.stat().st_size // 2))
    with pytest.raises(InvalidModelFile, match="truncated") as e:
        read_header(bad)
    assert "again" in e.value.hint


def test_file_cut_inside_header_is_refused(smol_head: bytes, tmp_path: Path) -> None:
    bad = tmp_path / "cut.gguf"
    bad.write_bytes(smol_head[:300_000])
    with pytest.raises(InvalidModelFile, match="truncated") as e:
        read_header(bad)
    # The parser only knows a lower bound of the header's size, and must not claim more.
    assert "at least" in e.value.message and "300,000 bytes" in e.value.message


def test_wrong_magic(smol_head: bytes, tmp_path: Path) -> None:
    bad = tmp_path / "magic.gguf"
    bad.write_bytes(b"GGML" + smol_head[4:])
    with pytest.raises(InvalidModelFile, match="GGUF signature") as e:
        read_header(bad)
    assert "magic.gguf" in e.value.message  # which of the files being imported is bad


def test_random_junk_and_empty_and_text(tmp_path: Path) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(random.Random(7).randbytes(10_000))
    empty = tmp_path / "empty.gguf"
    empty.write_bytes(b"")
    text = tmp_path / "notes.gguf"
    text.write_text("Zażółć gęślą jaźń — 这不是模型", "utf-8")
    for path in (junk, empty, text):
        with pytest.raises(InvalidModelFile) as e:
            read_header(path)
        assert not isinstance(e.value, HeaderTruncated) or path is empty
        assert e.value.message


def test_empty_bytes_and_tiny_prefixes() -> None:
    with pytest.raises(HeaderTruncated):
        parse_header(b"GG")
    with pytest.raises(InvalidModelFile, match="signature"):
        parse_header(b"PK\x03")


def test_huge_string_length_fails_fast() -> None:
    blob = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 1 << 62) + b"key"
    with pytest.raises(InvalidModelFile, match="byte string") as e:
        parse_header(blob)
    assert not isinstance(e.value, HeaderTruncated)


def test_absurd_counts_fail_fast() -> None:
    many_kv = b"GGUF" + struct.pack("<IQQ", 3, 0, 1 << 40)
    with pytest.raises(InvalidModelFile, match="metadata entries"):
        parse_header(many_kv)
    many_tensors = b"GGUF" + struct.pack("<IQQ", 3, 1 << 40, 0)
    with pytest.raises(InvalidModelFile, match="tensors"):
        parse_header(many_tensors)
    huge_array = (
        b"GGUF"
        + struct.pack("<IQQ", 3, 0, 1)
        + gguf_string("tokenizer.ggml.tokens")
        + struct.pack("<IIQ", 9, 8, 1 << 50)
    )
    with pytest.raises(InvalidModelFile, match="array"):
        parse_header(huge_array)


def test_unsupported_versions() -> None:
    for version in (1, 4, 0xFFFFFFFF):
        with pytest.raises(InvalidModelFile, match="version"):
            parse_header(build({"general.architecture": "llama"}, version=version))


def test_big_endian_file_is_named() -> None:
    blob = b"GGUF" + struct.pack(">IQQ", 3, 0, 0)
    with pytest.raises(InvalidModelFile, match="big-endian"):
        parse_header(blob)


def test_unknown_value_type_and_bad_tensor() -> None:
    blob = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + gguf_string("k") + struct.pack("<I", 99)
    with pytest.raises(InvalidModelFile, match="unknown value type"):
        parse_header(blob)
    five_dims = build({}, [("t", (1, 1, 1, 1, 1), 0)])
    with pytest.raises(InvalidModelFile, match="dimensions"):
        parse_header(five_dims)


def test_duplicate_metadata_key_is_refused() -> None:
    # llama.cpp refuses such a file at load ("duplicate key"); Hearth says so at import.
    blob = b"GGUF" + struct.pack("<IQQ", 3, 0, 2) + kv("general.name", "a") + kv("general.name", "b")
    with pytest.raises(InvalidModelFile, match="appears twice"):
        parse_header(blob)


def test_synthetic_model_fields_and_tensor_fallback(tmp_path: Path) -> None:
    path = tmp_path / "tiny.gguf"
    path.write_bytes(tiny_llama())
    h = read_header(path)
    assert (h.n_layers, h.n_heads, h.n_kv_heads, h.head_dim) == (2, 4, 2, 16)
    assert h.context_length == 2048 and h.has_chat_template
    # No general.file_type: the type holding most weights names the quantization.
    assert h.quantization == "F32"
    assert h.parameter_count == 64 * 100 + 64 * 64 * 2 + 64
    # Cut off the last bytes of tensor data: refused.
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(InvalidModelFile, match="truncated"):
        read_header(cut)


def test_non_ascii_metadata_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "zh.gguf"
    path.write_bytes(tiny_llama(**{"general.name": "小模型 — żółw"}))
    assert read_header(path).name == "小模型 — żółw"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_header(tmp_path / "nope.gguf")
    with pytest.raises(InvalidModelFile):
        read_header(tmp_path)


def test_reads_only_the_header(smollm2: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """read_header must never read the weights: count the bytes read."""
    import builtins

    real_open = builtins.open
    read_bytes = 0

    class Counting:
        def __init__(self, f):  # type: ignore[no-untyped-def]
            self.f = f

        def read(self, n: int = -1) -> bytes:
            nonlocal read_bytes
            data = self.f.read(n)
            read_bytes += len(data)
            return data

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *a: object) -> None:
            self.f.close()

    def counting_open(file, mode="r", *a, **kw):  # type: ignore[no-untyped-def]
        f = real_open(file, mode, *a, **kw)
        return Counting(f) if os.fspath(file) == os.fspath(smollm2) else f

    monkeypatch.setattr(builtins, "open", counting_open)
    h = read_header(smollm2)
    assert read_bytes < h.data_offset * 4
    assert read_bytes < smollm2.stat().st_size // 20


def test_endless_header_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A header that keeps claiming more strings is not read on into the weights."""
    from engine.models import gguf

    monkeypatch.setattr(gguf, "MAX_HEADER_BYTES", 1 << 20)
    many = 300_000  # 300k empty strings = 2.4 MB of "header"
    blob = (
        b"GGUF"
        + struct.pack("<IQQ", 3, 0, 1)
        + gguf_string("tokenizer.ggml.tokens")
        + struct.pack("<IIQ", 9, 8, many)
        + b"\0" * (8 * many)
    )
    blob += b"\0" * (-len(blob) % 32)  # padding up to where tensor data would start
    path = tmp_path / "endless.gguf"
    path.write_bytes(blob)
    with pytest.raises(InvalidModelFile, match="larger than 1 MB"):
        read_header(path)
    monkeypatch.setattr(gguf, "MAX_HEADER_BYTES", 128 << 20)
    assert read_header(path).metadata["tokenizer.ggml.tokens"].length == many
