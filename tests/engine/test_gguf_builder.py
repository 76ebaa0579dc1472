"""Build small GGUF byte strings by hand for hostile-input tests (valid or deliberately bad)."""

from __future__ import annotations

import struct
from typing import Any


def gguf_string(s: str | bytes) -> bytes:
    b = s.encode("utf-8") if isinstance(s, str) else s
    return struct.pack("<Q", len(b)) + b


def kv(key: str, value: Any) -> bytes:
    """One metadata pair; ints become uint32, str strings, list[str] string arrays."""
    out = gguf_string(key)
    if isinstance(value, bool):
        return out + struct.pack("<I?", 7, value)
    if isinstance(value, int):
        return out + struct.pack("<II", 4, value)
    if isinstance(value, str):
        return out + struct.pack("<I", 8) + gguf_string(value)
    if isinstance(value, list):
        items = b"".join(gguf_string(v) for v in value)
        return out + struct.pack("<IIQ", 9, 8, len(value)) + items
    raise TypeError(value)


def build(
    metadata: dict[str, Any],
    tensors: list[tuple[str, tuple[int, ...], int]] = (),  # type: ignore[assignment]
    version: int = 3,
    with_data: bool = True,
) -> bytes:
    """A GGUF with the given metadata and tensors (name, shape, ggml type id: 0 = F32)."""
    sizes = {0: 4, 1: 2}
    head = b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(metadata))
    head += b"".join(kv(k, v) for k, v in metadata.items())
    offset = 0
    infos = b""
    total = 0
    for name, shape, type_id in tensors:
        infos += gguf_string(name) + struct.pack("<I", len(shape))
        infos += b"".join(struct.pack("<Q", d) for d in shape)
        infos += struct.pack("<IQ", type_id, offset)
        n = 1
        for d in shape:
            n *= d
        size = n * sizes[type_id]
        total = offset + size
        offset += -(-size // 32) * 32
    blob = head + infos
    blob += b"\0" * (-len(blob) % 32)
    return blob + (b"\0" * total if with_data else b"")


def tiny_llama(**overrides: Any) -> bytes:
    """A well-formed miniature llama GGUF (2 layers, 4 heads, 2 KV heads, F32 weights)."""
    md: dict[str, Any] = {
        "general.architecture": "llama",
        "general.name": "tiny",
        "llama.block_count": 2,
        "llama.context_length": 2048,
        "llama.embedding_length": 64,
        "llama.attention.head_count": 4,
        "llama.attention.head_count_kv": 2,
        "tokenizer.chat_template": "{{ messages }}",
    }
    md.update(overrides)
    tensors = [
        ("token_embd.weight", (64, 100), 0),
        ("blk.0.attn_q.weight", (64, 64), 0),
        ("blk.1.attn_q.weight", (64, 64), 1),
        ("output_norm.weight", (64,), 0),
    ]
    return build(md, tensors)


def test_builder_output_is_read_by_gguf_package(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The hand-built files are real GGUF: the reference reader agrees on them."""
    gguf = __import__("pytest").importorskip("gguf")
    path = tmp_path / "tiny.gguf"
    path.write_bytes(tiny_llama())
    ref = gguf.GGUFReader(str(path))
    assert ref.fields["llama.block_count"].contents() == 2
    assert [t.name for t in ref.tensors][0] == "token_embd.weight"
