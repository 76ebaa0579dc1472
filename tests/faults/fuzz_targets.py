"""What the fuzz tests feed their bytes to, run inside a Sandbox child process.

Each target takes the bytes and returns a short summary of the result; what it raises is
classified by the sandbox. Hearth's contract: the GGUF reader returns a header or raises a
HearthError (InvalidModelFile); a document parser returns a ParsedDoc or raises one of the
documents package's outcomes (Unsupported, NoText, ParseFailed: the file states the user
sees) or a HearthError; read_and_parse never raises and returns a well-formed result.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

_TMP: Path | None = None


def _tmp_file(data: bytes, suffix: str) -> str:
    global _TMP
    if _TMP is None:
        _TMP = Path(tempfile.mkdtemp(prefix="hearth-fuzz-"))
    path = _TMP / f"input{suffix}"
    path.write_bytes(data)
    return str(path)


def gguf_parse_header(data: bytes) -> str:
    from engine.models.gguf import parse_header

    h = parse_header(data)
    return f"v{h.version} {len(h.metadata)} keys {len(h.tensors)} tensors {h.quantization}"


def gguf_read_header(data: bytes) -> str:
    from engine.models.gguf import read_header

    h = read_header(_tmp_file(data, ".gguf"))
    return f"v{h.version} {len(h.tensors)} tensors, data_end {h.data_end}"


_HARDWARE = None


def gguf_inspect_and_plan(data: bytes) -> str:
    """What `hearth models import FILE` does with a file: read it into a ModelInfo, then
    plan how it would load here (the header's numbers feed the memory arithmetic)."""
    global _HARDWARE
    from engine.config import Settings
    from engine.models.registry import inspect
    from engine.selection import plan_load

    if _HARDWARE is None:
        from engine.hardware import detect

        _HARDWARE = detect()
    info = inspect(Path(_tmp_file(data, ".gguf")))
    plan = plan_load(_HARDWARE, info, Settings())
    return f"{info.architecture} {info.n_layers} layers: {plan.backend} ctx {plan.n_ctx}"


def selftest(data: bytes) -> str:
    """For test_harness.py: shows that the sandbox tells each ending apart."""
    import time

    from engine.errors import InvalidModelFile

    if data == b"hang":
        time.sleep(3600)
    if data == b"raise":
        raise KeyError("not a Hearth error")
    if data == b"refuse":
        raise InvalidModelFile("refused")
    if data == b"die":
        os._exit(3)
    return "fine"


def _parse_kind(kind: str, suffix: str) -> Callable[[bytes], str]:
    def parse(data: bytes) -> str:
        from engine.library.documents import parse_bytes

        doc = parse_bytes(kind, data, f"fuzz{suffix}")
        return f"{len(doc.sections)} sections, {doc.pages} pages"

    return parse


def _read_and_parse(suffix: str) -> Callable[[bytes], str]:
    def run(data: bytes) -> str:
        from engine.library.documents import read_and_parse

        r = read_and_parse(_tmp_file(data, suffix))
        states = {"indexed", "unsupported", "no_text", "failed", "gone"}
        if not isinstance(r, dict) or r.get("state") not in states:
            raise AssertionError(f"malformed result {r!r:.200}")
        if r["state"] == "indexed" and not all(
            isinstance(t, str) and t.strip() for _, _, t in r["sections"]
        ):
            raise AssertionError("an indexed result with an empty section")
        return f"{r['state']}: {r.get('reason', '')[:120]}"

    return run


TARGETS: dict[str, Callable[[bytes], str]] = {
    "gguf.parse_header": gguf_parse_header,
    "gguf.read_header": gguf_read_header,
    "gguf.inspect_and_plan": gguf_inspect_and_plan,
    "selftest": selftest,
    "pdf": _parse_kind("pdf", ".pdf"),
    "docx": _parse_kind("docx", ".docx"),
    "epub": _parse_kind("epub", ".epub"),
    "html": _parse_kind("html", ".html"),
    "text": _parse_kind("text", ".txt"),
    "markdown": _parse_kind("markdown", ".md"),
    **{f"read_and_parse{s}": _read_and_parse(s)
       for s in (".pdf", ".docx", ".epub", ".html", ".txt", ".md")},
}


def allowed(e: BaseException) -> bool:
    from engine.errors import HearthError
    from engine.library.documents import Outcome

    return isinstance(e, (HearthError, Outcome))


def cleanup() -> None:
    if _TMP is not None:
        for p in _TMP.iterdir():
            os.unlink(p)
        _TMP.rmdir()
