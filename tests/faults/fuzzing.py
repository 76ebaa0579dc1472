"""The machinery of the fuzz tests: a sandbox process per target with a hard time limit per
input (a hang in native code cannot be interrupted in-process), and Hypothesis strategies
that mutate real files."""

from __future__ import annotations

import io
import multiprocessing as mp
import os
import struct
import traceback
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from multiprocessing.connection import Connection
from typing import Any

from tests.faults.harness import FULL, Row

MEMORY_MB = 2048  # as the parser processes of the library (engine/library/parsepool.py)


def _serve(conn: Connection, name: str) -> None:
    """Child: run TARGETS[name] on each input received; report how it ended."""
    try:
        import resource

        limit = MEMORY_MB << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
    from tests.faults import fuzz_targets

    target = fuzz_targets.TARGETS[name]
    strict = name.startswith("read_and_parse")  # may not raise at all
    while True:
        try:
            data = conn.recv()
        except EOFError:
            break
        if data is None:
            break
        try:
            conn.send(("ok", target(data), ""))
        except BaseException as e:  # noqa: BLE001 - classifying it is the point
            kind = "allowed" if not strict and fuzz_targets.allowed(e) else "bad"
            what = f"{type(e).__module__}.{type(e).__qualname__}: {e}"[:300]
            conn.send((kind, what, "" if kind == "allowed" else traceback.format_exc()))
    fuzz_targets.cleanup()


@dataclass
class Verdict:
    kind: str  # ok | allowed | bad | hang | crash
    what: str
    traceback: str = ""


class Sandbox:
    """One target in a child process; `run(data)` returns its Verdict within `timeout` s,
    else kills the child (a hang) and starts another for the next input."""

    def __init__(self, name: str, timeout: float) -> None:
        self.name = name
        self.timeout = timeout
        self._ctx = mp.get_context("spawn")
        self._start()

    def _start(self) -> None:
        self.conn, child = self._ctx.Pipe()
        self.proc = self._ctx.Process(target=_serve, args=(child, self.name), daemon=True)
        self.proc.start()
        child.close()

    def run(self, data: bytes) -> Verdict:
        try:
            self.conn.send(data)
            if self.conn.poll(self.timeout):
                kind, what, tb = self.conn.recv()
                return Verdict(kind, what, tb)
        except (EOFError, OSError, BrokenPipeError):
            self.proc.join(5)
            code = self.proc.exitcode
            self._restart()
            return Verdict("crash", f"the process died (exit code {code})")
        self._restart()
        return Verdict("hang", f"no result after {self.timeout:.0f} s")

    def _restart(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()
        self._start()

    def close(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()


def fuzz_settings(examples: int, deadline_s: float) -> Any:
    """Hypothesis settings: bounded examples (HEARTH_FAULTS_FULL=1: 10x), a deadline, no
    example database in the checkout, and a fixed seed by default so CI runs repeat."""
    from hypothesis import HealthCheck, settings

    n = int(os.environ.get("HEARTH_FAULTS_EXAMPLES") or (examples * 10 if FULL else examples))
    return settings(
        max_examples=n,
        deadline=timedelta(seconds=deadline_s),
        database=None,
        derandomize=not FULL,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.large_base_example],
        print_blob=True,
    )


# mutation strategies -------------------------------------------------------------------
INTERESTING = [0, 1, 2, 3, 4, 7, 8, 9, 12, 13, 31, 32, 33, 64, 127, 128, 255, 256, 1024,
               0x7FFF, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 1 << 32,
               (16 << 20) + 1, (8 << 20) + 1, (1 << 40) + 1, (1 << 63) - 1, 1 << 63,
               (1 << 64) - 1]


def mutations():  # type: ignore[no-untyped-def]
    from hypothesis import strategies as st

    pos = st.integers(0, 1 << 24)
    return st.one_of(
        st.tuples(st.just("flip"), pos, st.integers(0, 7)),
        st.tuples(st.just("byte"), pos, st.integers(0, 255)),
        st.tuples(st.just("int"), pos, st.sampled_from([1, 2, 4, 8]), st.sampled_from(INTERESTING)),
        st.tuples(st.just("insert"), pos, st.binary(min_size=1, max_size=64)),
        st.tuples(st.just("delete"), pos, st.integers(1, 4096)),
        st.tuples(st.just("truncate"), pos),
        st.tuples(st.just("repeat"), pos, st.integers(1, 512), st.integers(1, 64)),
    )


def mutate(data: bytes, ops: list[tuple[Any, ...]]) -> bytes:
    buf = bytearray(data)
    for op in ops:
        kind, at = op[0], op[1] % (len(buf) + 1)
        if kind == "flip" and at < len(buf):
            buf[at] ^= 1 << op[2]
        elif kind == "byte" and at < len(buf):
            buf[at] = op[2]
        elif kind == "int":
            width, value = op[2], op[3] % (1 << (8 * op[2]))
            buf[at:at + width] = value.to_bytes(width, "little")
        elif kind == "insert":
            buf[at:at] = op[2]
        elif kind == "delete":
            del buf[at:at + op[2]]
        elif kind == "truncate":
            del buf[at:]
        elif kind == "repeat":  # a slice repeated: long runs, nested structures
            piece = bytes(buf[at:at + op[2]])
            buf[at:at] = piece * op[3]
    return bytes(buf)


def mutated(seeds: dict[str, bytes], max_ops: int = 6):  # type: ignore[no-untyped-def]
    """A seed file with up to `max_ops` mutations: (seed name, bytes)."""
    from hypothesis import strategies as st

    names = sorted(seeds)
    return st.tuples(st.sampled_from(names), st.lists(mutations(), max_size=max_ops)).map(
        lambda t: (t[0], mutate(seeds[t[0]], t[1])))


def mutated_zip(seeds: dict[str, bytes], max_ops: int = 6):  # type: ignore[no-untyped-def]
    """A zip-based seed (DOCX, EPUB) with one member's bytes mutated and the archive
    rebuilt with valid CRCs, so the parser gets past the zip and into the XML."""
    from hypothesis import strategies as st

    def rebuild(args: tuple[str, int, list[tuple[Any, ...]]]) -> tuple[str, bytes]:
        name, which, ops = args
        src = zipfile.ZipFile(io.BytesIO(seeds[name]))
        infos = src.infolist()
        target = infos[which % len(infos)]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in infos:
                data = src.read(info)
                if info.filename == target.filename:
                    data = mutate(data, ops)
                dst.writestr(info, data)
        return f"{name}:{target.filename}", out.getvalue()

    return st.tuples(st.sampled_from(sorted(seeds)), st.integers(0, 64),
                     st.lists(mutations(), min_size=1, max_size=max_ops)).map(rebuild)


# GGUF, generated -----------------------------------------------------------------------
def _gguf_value(draw, vtype: int, depth: int = 0) -> bytes:  # type: ignore[no-untyped-def]
    from hypothesis import strategies as st

    fmts = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
            10: "<Q", 11: "<q", 12: "<d"}
    if vtype in fmts:
        size = struct.calcsize(fmts[vtype])
        return draw(st.binary(min_size=size, max_size=size))
    if vtype == 8:
        text = draw(st.binary(max_size=40))
        return struct.pack("<Q", len(text)) + text
    if vtype == 9:
        item = draw(st.sampled_from([0, 4, 6, 7, 8, 9, 10, 13]))
        n = draw(st.integers(0, 3 if depth else 2000))
        if item == 9 and depth >= 2:
            item = 4
        body = b"".join(_gguf_value(draw, item, depth + 1) for _ in range(min(n, 6)))
        if n > 6 and item in fmts:  # long arrays: same item repeated, cheap to draw
            body += _gguf_value(draw, item, depth + 1) * (n - 6)
        elif n > 6:
            n = 6
        return struct.pack("<IQ", item, n) + body
    return b""  # an unknown type: the parser must refuse it


def gguf_headers():  # type: ignore[no-untyped-def]
    """Whole GGUF headers from scratch: any version, metadata of every value type (nested
    arrays, unknown types, odd alignments), tensor tables with odd shapes and types."""
    from hypothesis import strategies as st

    keys = st.sampled_from(["general.architecture", "general.alignment", "general.file_type",
                            "general.name", "llama.block_count", "llama.context_length",
                            "llama.embedding_length", "llama.attention.head_count",
                            "llama.attention.head_count_kv", "llama.attention.key_length",
                            "tokenizer.chat_template", "tokenizer.ggml.tokens", "split.count",
                            "x"])

    @st.composite
    def header(draw):  # type: ignore[no-untyped-def]
        version = draw(st.sampled_from([2, 3, 3, 3, 1, 4, 0x03000000]))
        kvs = []
        for _ in range(draw(st.integers(0, 8))):
            key = draw(keys).encode()
            if key == b"general.architecture" and draw(st.booleans()):
                kvs.append(struct.pack("<Q", len(key)) + key + struct.pack("<I", 8)
                           + struct.pack("<Q", 5) + b"llama")
                continue
            vtype = draw(st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]))
            kvs.append(struct.pack("<Q", len(key)) + key + struct.pack("<I", vtype)
                       + _gguf_value(draw, vtype))
        tensors = []
        types = st.sampled_from([0, 1, 2, 3, 12, 14, 30, 41, 99])  # 41, 99: unknown
        offsets = st.sampled_from([0, 32, 64, 7, 1 << 40])
        for i in range(draw(st.integers(0, 4))):
            name = f"blk.{i}.weight".encode()
            dims = draw(st.lists(st.sampled_from([0, 1, 31, 32, 64, 256, 1 << 20, 1 << 41]),
                                 min_size=0, max_size=5))
            tensors.append(struct.pack("<Q", len(name)) + name + struct.pack("<I", len(dims))
                           + b"".join(struct.pack("<Q", d) for d in dims)
                           + struct.pack("<IQ", draw(types), draw(offsets)))
        n_tensors = draw(st.sampled_from([len(tensors), len(tensors) + 1, 1 << 30]))
        n_kv = draw(st.sampled_from([len(kvs), len(kvs) + 1, 1 << 17]))
        head = b"GGUF" + struct.pack("<IQQ", version, n_tensors, n_kv)
        return head + b"".join(kvs) + b"".join(tensors) + b"\0" * draw(st.integers(0, 64))

    return header()


class _Runner:
    """run_fuzz(prop, target, inputs, stats, table): run a Hypothesis property, then add its
    row to the summary table (the failing input's verdict if it failed)."""

    def __init__(self) -> None:
        self.last_bad: Verdict | None = None

    def check(self, box: Sandbox, data: bytes, stats: Counter[str]) -> None:
        v = box.run(data)
        stats[v.kind] += 1
        if v.kind not in ("ok", "allowed"):
            self.last_bad = v
        assert v.kind in ("ok", "allowed"), f"{v.kind}: {v.what}\n{v.traceback}"

    def __call__(
        self, prop: Any, target: str, inputs: str, stats: Counter[str], table: Any
    ) -> None:
        self.last_bad = None
        try:
            prop()
        except BaseException:
            v = self.last_bad
            outcome = {"hang": "hang"}.get(v.kind, "traceback") if v else "traceback"
            what = v.what if v else "see the test output"
            table.add([Row(f"fuzz {target}", inputs, outcome,
                           f"{sum(stats.values())} inputs; {what}")])
            raise
        done = ", ".join(f"{n} {k}" for k, n in sorted(stats.items()))
        table.add([Row(f"fuzz {target}", inputs, "ok", f"{sum(stats.values())} inputs: {done}")])


run_fuzz = _Runner()
