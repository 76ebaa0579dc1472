"""Read a GGUF file's header (metadata + tensor table) without touching the weights.

Hand-written rather than using the `gguf` package's GGUFReader because:
- the hub parses a *partial* header fetched with an HTTP Range request (the first few MB of
  a remote file); GGUFReader memory-maps a whole local file and cannot say "I need more";
- a local check must never read the weights (GGUFReader maps them and builds numpy views),
  and must refuse hostile files cleanly: every length and count is capped before use, so a
  header claiming a 2^60-byte string fails at once instead of allocating.

Format (GGUF v2/v3, little-endian): magic "GGUF", u32 version, u64 tensor count, u64
metadata count, metadata key/value pairs, tensor infos (name, dims, type, offset), padding
to `general.alignment`, then tensor data. v1 (u32 counts) predates llama.cpp's current
loader and is refused.
"""

from __future__ import annotations

import os
import struct
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import InvalidModelFile
from engine.i18n import N_, _, number

MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
DEFAULT_ALIGNMENT = 32

# Caps against hostile or corrupt headers. Real models stay far below them: the largest
# vocabularies are ~260k tokens, merges ~500k, chat templates a few tens of KB.
MAX_STRING = 16 << 20
MAX_ARRAY = 8 << 20
MAX_KV = 1 << 16
MAX_TENSORS = 1 << 20
MAX_DIMS = 4  # GGML_MAX_DIMS
MAX_NESTING = 2
# No real header comes near this (the largest vocabularies take ~10 MB); a file whose
# header claims more is refused rather than read on and on.
MAX_HEADER_BYTES = 128 << 20
# Arrays longer than this (token lists, merges) are walked but not kept in `.metadata`.
KEEP_ARRAY_ITEMS = 1024

# GGUF metadata value types: (struct format, size) for fixed-size ones.
_SCALARS: dict[int, tuple[str, int]] = {
    0: ("<B", 1),  # uint8
    1: ("<b", 1),  # int8
    2: ("<H", 2),  # uint16
    3: ("<h", 2),  # int16
    4: ("<I", 4),  # uint32
    5: ("<i", 4),  # int32
    6: ("<f", 4),  # float32
    7: ("<?", 1),  # bool
    10: ("<Q", 8),  # uint64
    11: ("<q", 8),  # int64
    12: ("<d", 8),  # float64
}
_STRING, _ARRAY = 8, 9

# ggml tensor types: id -> (name, elements per block, bytes per block).
GGML_TYPES: dict[int, tuple[str, int, int]] = {
    0: ("F32", 1, 4),
    1: ("F16", 1, 2),
    2: ("Q4_0", 32, 18),
    3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22),
    7: ("Q5_1", 32, 24),
    8: ("Q8_0", 32, 34),
    9: ("Q8_1", 32, 40),
    10: ("Q2_K", 256, 84),
    11: ("Q3_K", 256, 110),
    12: ("Q4_K", 256, 144),
    13: ("Q5_K", 256, 176),
    14: ("Q6_K", 256, 210),
    15: ("Q8_K", 256, 292),
    16: ("IQ2_XXS", 256, 66),
    17: ("IQ2_XS", 256, 74),
    18: ("IQ3_XXS", 256, 98),
    19: ("IQ1_S", 256, 50),
    20: ("IQ4_NL", 32, 18),
    21: ("IQ3_S", 256, 110),
    22: ("IQ2_S", 256, 82),
    23: ("IQ4_XS", 256, 136),
    24: ("I8", 1, 1),
    25: ("I16", 1, 2),
    26: ("I32", 1, 4),
    27: ("I64", 1, 8),
    28: ("F64", 1, 8),
    29: ("IQ1_M", 256, 56),
    30: ("BF16", 1, 2),
    34: ("TQ1_0", 256, 54),
    35: ("TQ2_0", 256, 66),
    39: ("MXFP4", 32, 17),
}

# general.file_type (llama_ftype) -> the quantization name users know ("Q4_K_M").
FILE_TYPES: dict[int, str] = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
    10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M",
    16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S",
    22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M",
    28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0",
    37: "TQ2_0", 38: "MXFP4_MOE",
}  # fmt: skip
_FTYPE_GUESSED = 1024
NO_SIGNATURE = N_("it does not start with the GGUF signature")
NO_SUCH_FILE = N_("No such file: {path}")


class HeaderTruncated(InvalidModelFile):
    """The bytes end before the header does. `needed` is a lower bound on the bytes needed."""

    def __init__(self, message: str, hint: str = "", *, needed: int | None = None) -> None:
        super().__init__(message, hint)
        self.needed = needed


@dataclass(frozen=True)
class ArraySummary:
    """Stands in `.metadata` for a long array (token list, merges) that was skipped."""

    item_type: int
    length: int


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    type_id: int
    offset: int  # relative to the start of the tensor data

    @property
    def n_elements(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n

    @property
    def type_name(self) -> str:
        t = GGML_TYPES.get(self.type_id)
        return t[0] if t else f"type{self.type_id}"

    @property
    def n_bytes(self) -> int | None:
        """Size of the data, or None for a tensor type this parser does not know."""
        t = GGML_TYPES.get(self.type_id)
        if t is None:
            return None
        _name, block, size = t
        return self.n_elements // block * size


@dataclass
class GGUFHeader:
    version: int
    metadata: dict[str, Any]
    tensors: list[TensorInfo]
    alignment: int
    data_offset: int  # where tensor data starts in the file (= bytes the header occupies)
    data_end: int  # where the last tensor's data ends: the smallest valid file size
    architecture: str = ""
    n_layers: int | None = None
    n_heads: int | None = None
    n_kv_heads: int | None = None
    head_dim: int | None = None
    embedding_length: int | None = None
    context_length: int | None = None
    parameter_count: int = 0
    quantization: str = ""
    chat_template: str | None = None
    name: str = ""
    split_count: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_chat_template(self) -> bool:
        return bool(self.chat_template)


class _Short(Exception):
    """Internal: the buffer ended; `needed` bytes would be required to go on."""

    def __init__(self, needed: int) -> None:
        self.needed = needed


class _Cursor:
    def __init__(self, data: bytes | bytearray | memoryview) -> None:
        self.buf = memoryview(data)
        self.pos = 0

    def take(self, n: int) -> memoryview:
        end = self.pos + n
        if end > len(self.buf):
            raise _Short(end)
        view = self.buf[self.pos : end]
        self.pos = end
        return view

    def skip(self, n: int) -> None:
        end = self.pos + n
        if end > len(self.buf):
            raise _Short(end)
        self.pos = end

    def scalar(self, fmt: str, size: int) -> Any:
        end = self.pos + size
        if end > len(self.buf):
            raise _Short(end)
        (value,) = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos = end
        return value

    def u32(self) -> int:
        return int(self.scalar("<I", 4))

    def u64(self) -> int:
        return int(self.scalar("<Q", 8))

    def string(self, what: str, key: str = "") -> str:
        """`what`: an N_ message naming the string, with `key` for its {key}."""
        n = self.u64()
        if n > MAX_STRING:
            raise _long_string(what, key, n)
        return str(self.take(n), "utf-8", errors="replace")

    def skip_string(self, what: str, key: str = "") -> None:
        n = self.u64()
        if n > MAX_STRING:
            raise _long_string(what, key, n)
        self.skip(n)


# What a string in the header is, for errors (worded only when one is raised).
_METADATA = N_("metadata {key}")
_KEY = N_("a metadata key")
_TENSOR_NAME = N_("a tensor name")


def _long_string(what: str, key: str, n: int) -> InvalidModelFile:
    return InvalidModelFile(
        _("Not a usable GGUF file: {what} claims a {n}-byte string.").format(
            what=_(what).format(key=repr(key)), n=number(n)),
        _("The file is corrupt; download it again."),
    )


def _bad(problem: str) -> InvalidModelFile:
    """`problem`: translated, e.g. _("{file} is empty")."""
    return InvalidModelFile(
        _("Not a usable GGUF file: {problem}.").format(problem=problem),
        _("The file is damaged or not a GGUF model; download it again or pick another file."),
    )


def _value(cur: _Cursor, vtype: int, key: str, depth: int = 0) -> Any:
    if vtype in _SCALARS:
        return cur.scalar(*_SCALARS[vtype])
    if vtype == _STRING:
        return cur.string(_METADATA, key)
    if vtype == _ARRAY:
        if depth >= MAX_NESTING:
            raise _bad(_("metadata {key} nests arrays too deeply").format(key=repr(key)))
        item_type = cur.u32()
        length = cur.u64()
        if length > MAX_ARRAY:
            raise _bad(_("metadata {key} claims an array of {n} items").format(
                key=repr(key), n=number(length)))
        if item_type in _SCALARS and length > KEEP_ARRAY_ITEMS:
            cur.skip(length * _SCALARS[item_type][1])
            return ArraySummary(item_type, length)
        if item_type == _STRING and length > KEEP_ARRAY_ITEMS:
            for _i in range(length):
                cur.skip_string(_METADATA, key)
            return ArraySummary(item_type, length)
        if item_type not in _SCALARS and item_type not in (_STRING, _ARRAY):
            raise _bad(_("metadata {key} has unknown item type {type}").format(
                key=repr(key), type=item_type))
        return [_value(cur, item_type, key, depth + 1) for _i in range(length)]
    raise _bad(_("metadata {key} has unknown value type {type}").format(key=repr(key), type=vtype))


def parse_header(data: bytes | bytearray | memoryview) -> GGUFHeader:
    """Parse the header at the start of `data` (which may be just the file's first MBs).

    Raises HeaderTruncated (with `.needed`) when `data` ends inside the header and
    InvalidModelFile when it is not GGUF or is corrupt. Does not check the tensor data.
    """
    cur = _Cursor(data)
    try:
        return _parse(cur)
    except _Short as short:
        # _parse checked the magic if there were 4 bytes; shorter data must be its prefix.
        if not MAGIC.startswith(bytes(cur.buf[:4])):
            raise _bad(_(NO_SIGNATURE)) from None
        raise HeaderTruncated(
            _("The GGUF header is cut short after {n} bytes.").format(n=number(len(cur.buf))),
            _("The file is incomplete; download it again."),
            needed=short.needed,
        ) from None


def _parse(cur: _Cursor) -> GGUFHeader:
    if bytes(cur.take(4)) != MAGIC:
        raise _bad(_(NO_SIGNATURE))
    version = cur.u32()
    if (
        version not in SUPPORTED_VERSIONS
        and int.from_bytes(version.to_bytes(4, "little"), "big") in SUPPORTED_VERSIONS
    ):
        raise InvalidModelFile(
            _("This GGUF file is big-endian (made for IBM mainframes); this computer needs the "
              "usual little-endian kind."),
            _("Download the regular GGUF of this model."),
        )
    if version not in SUPPORTED_VERSIONS:
        raise InvalidModelFile(
            _("Unsupported GGUF version {version} (Hearth reads versions 2 and 3).").format(
                version=version),
            _("Convert the model with a current llama.cpp or download a newer GGUF."),
        )
    n_tensors = cur.u64()
    n_kv = cur.u64()
    if n_tensors > MAX_TENSORS:
        raise _bad(_("the header claims {n} tensors").format(n=number(n_tensors)))
    if n_kv > MAX_KV:
        raise _bad(_("the header claims {n} metadata entries").format(n=number(n_kv)))

    metadata: dict[str, Any] = {}
    for _i in range(n_kv):
        key = cur.string(_KEY)
        if key in metadata:  # llama.cpp refuses such a file; say so before it is imported
            raise _bad(_("the metadata key {key} appears twice").format(key=repr(key)))
        vtype = cur.u32()
        metadata[key] = _value(cur, vtype, key)

    alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise _bad(_("general.alignment is {value}, not a power of two").format(
            value=repr(alignment)))

    tensors: list[TensorInfo] = []
    for _i in range(n_tensors):
        name = cur.string(_TENSOR_NAME)
        n_dims = cur.u32()
        if not 1 <= n_dims <= MAX_DIMS:
            raise _bad(_("tensor {name} has {n} dimensions").format(name=repr(name), n=n_dims))
        shape = tuple(cur.u64() for _i in range(n_dims))
        type_id = cur.u32()
        offset = cur.u64()
        info = TensorInfo(name, shape, type_id, offset)
        if any(d > 1 << 40 for d in shape) or info.n_elements > 1 << 50:
            raise _bad(_("tensor {name} has an impossible shape {shape}").format(
                name=repr(name), shape=shape))
        if type_id in GGML_TYPES and shape[0] % GGML_TYPES[type_id][1]:
            raise _bad(_("tensor {name} rows do not fit its {type} blocks").format(
                name=repr(name), type=info.type_name))
        if offset % alignment:
            raise _bad(_("tensor {name} data is misaligned").format(name=repr(name)))
        tensors.append(info)

    data_offset = -(-cur.pos // alignment) * alignment
    data_end = data_offset
    for t in tensors:
        data_end = max(data_end, data_offset + t.offset + (t.n_bytes or 0))
    header = GGUFHeader(version, metadata, tensors, alignment, data_offset, data_end)
    _describe(header)
    return header


def _int(value: Any) -> int | None:
    """An integer field; per-layer arrays (some models vary heads by layer) give the max."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, list) and value and all(isinstance(v, int) for v in value):
        return max(value)
    return None


def _describe(h: GGUFHeader) -> None:
    """Fill the friendly fields from the metadata and tensor table."""
    md = h.metadata
    arch = md.get("general.architecture")
    h.architecture = arch if isinstance(arch, str) else ""
    a = h.architecture
    h.n_layers = _int(md.get(f"{a}.block_count"))
    h.n_heads = _int(md.get(f"{a}.attention.head_count"))
    h.n_kv_heads = _int(md.get(f"{a}.attention.head_count_kv")) or h.n_heads
    h.embedding_length = _int(md.get(f"{a}.embedding_length"))
    h.context_length = _int(md.get(f"{a}.context_length"))
    h.head_dim = _int(md.get(f"{a}.attention.key_length"))
    if h.head_dim is None and h.embedding_length and h.n_heads:
        h.head_dim = h.embedding_length // h.n_heads
    template = md.get("tokenizer.chat_template")
    h.chat_template = template if isinstance(template, str) and template.strip() else None
    name = md.get("general.name")
    h.name = name if isinstance(name, str) else ""
    h.split_count = _int(md.get("split.count")) or 1
    h.parameter_count = sum(t.n_elements for t in h.tensors)
    h.quantization = _quantization(h)


def _quantization(h: GGUFHeader) -> str:
    ftype = h.metadata.get("general.file_type")
    if isinstance(ftype, int) and not isinstance(ftype, bool):
        ftype &= ~_FTYPE_GUESSED
        if ftype in FILE_TYPES:
            return FILE_TYPES[ftype]
    # No (known) file type: name the type that holds most of the weights' elements.
    counts: Counter[str] = Counter()
    for t in h.tensors:
        if len(t.shape) >= 2:
            counts[t.type_name] += t.n_elements
    if counts:
        return counts.most_common(1)[0][0]
    return f"type{ftype}" if isinstance(ftype, int) else ""


def read_header(path: str | os.PathLike[str], check_size: bool = True) -> GGUFHeader:
    """Read and validate a local GGUF's header; only the header bytes are read.

    With `check_size`, a file shorter than its tensor table says (an interrupted copy or
    download) is refused.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if size == 0 and p.is_file():
            raise _bad(_("{file} is empty").format(file=p.name))
        with open(p, "rb") as f:
            chunk = 1 << 20
            buf = f.read(min(size, chunk))
            while True:
                try:
                    header = parse_header(buf)
                    break
                except HeaderTruncated as e:
                    if len(buf) >= size:
                        raise _truncated(p, size, e.needed, in_header=True) from None
                    if len(buf) >= MAX_HEADER_BYTES:
                        raise _bad(_("its header is larger than {mb} MB").format(
                            mb=MAX_HEADER_BYTES >> 20)) from None
                    want = min(max(e.needed or 0, len(buf) * 2), MAX_HEADER_BYTES)
                    buf += f.read(min(size, want) - len(buf))
                except InvalidModelFile as e:  # name the file: one may import several
                    raise InvalidModelFile(f"{p.name}: {e.message}", e.hint) from None
    except FileNotFoundError:
        from engine.errors import NotFound

        raise NotFound(_(NO_SUCH_FILE).format(path=p), _("Check the path.")) from None
    except IsADirectoryError:
        raise _bad(_("{path} is a folder").format(path=p)) from None
    except OSError as e:
        raise InvalidModelFile(_("Could not read {file}: {error}.").format(
            file=p.name, error=e.strerror or e)) from e
    if check_size and header.data_end > size:
        raise _truncated(p, size, header.data_end)
    return header


def _truncated(p: Path, size: int, needed: int | None, in_header: bool = False) -> InvalidModelFile:
    # Cut inside the header, `needed` is only how far the parser had to read next.
    if not needed:
        message = _("{file} is truncated: the file has {size} bytes.")
    elif in_header:
        message = _("{file} is truncated: the file has {size} bytes but its header alone needs "
                    "at least {needed}.")
    else:
        message = _("{file} is truncated: the file has {size} bytes but its header describes "
                    "{needed}.")
    return InvalidModelFile(
        message.format(file=p.name, size=number(size), needed=number(needed or 0)),
        _("The copy or download was interrupted; download the model again."),
    )
