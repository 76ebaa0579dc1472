"""One file from a URL into `<name>.part`, resumable across dropped connections, crashes
and restarts, hashed while it is written.

Next to the .part file a small JSON state file records the URL, the server's ETag, the
expected size and hash. A restart re-hashes what the .part already holds and asks for the
rest with `Range` + `If-Range`: if the file changed on the server, it answers 200 with the
whole file and we start over cleanly. Retries use exponential back-off with jitter on
network errors, 429 (Retry-After) and 5xx; the attempt count resets whenever bytes arrive.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import re
import ssl
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from engine.errors import (
    AuthError,
    ChecksumError,
    HearthError,
    NetworkError,
    NotFound,
    StorageError,
)
from engine.fsutil import storage_error
from engine.hub import retry
from engine.hub.http import Opened, is_network_error, open_url
from engine.i18n import N_, _
from engine.jobs import CancelToken

log = logging.getLogger(__name__)

# The socket is read into a small ring of reused buffers (no allocation per chunk): 4 x 1 MB,
# about one core's L2 cache, so the data is still cached when the other thread writes and
# hashes it. Measured here on 1 GB (CPU per GB, loaded machine): 4 x 1 MB 1.6 s, 8 x 256 KB
# 1.7 s (4x the thread hand-offs), 16 x 1 MB or 2 x 4 MB 1.9-2.5 s (the hash reads the
# data back from memory).
BUFFERS = 4
BUFFER_BYTES = 1 << 20
MIN_READ = 64 << 10
# Start writing each 32 MB to disk as soon as it is in the .part (see _writeback).
WRITEBACK_BYTES = 32 << 20
STATE_EVERY_S = 5.0
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


@dataclass
class Target:
    """What to fetch and how to check it."""

    url: str
    size: int | None
    sha256: str | None = None  # LFS content hash
    git_oid: str | None = None  # git blob sha1, for small non-LFS files
    label: str = ""  # for messages: "repo/path"


@dataclass
class PartState:
    url: str
    size: int | None
    sha256: str | None
    git_oid: str | None
    etag: str | None = None
    bytes_done: int = 0
    updated: float = 0.0


class Hasher:
    """sha256 of the content, or the git blob sha1 (`blob <size>\\0` + content)."""

    def __init__(self, target: Target) -> None:
        if target.sha256:
            self.algo, self.expected = "sha256", target.sha256.lower()
            self._h = hashlib.sha256()
        elif target.git_oid and target.size is not None:
            self.algo, self.expected = "sha1", target.git_oid.lower()
            self._h = hashlib.sha1(f"blob {target.size}\0".encode())
        else:
            self.algo, self.expected = "", ""
            self._h = hashlib.sha256()
        self._start = self._h.copy()

    def update(self, data: Any) -> None:
        self._h.update(data)

    def reset(self) -> None:
        self._h = self._start.copy()

    def check(self) -> str | None:
        """None if it matches (or nothing to check against), else the actual digest."""
        digest = self._h.hexdigest()
        return None if not self.expected or digest == self.expected else digest


class _Writer:
    """Writes received buffers to the .part and hashes them on a helper thread, while the
    calling thread already reads the next buffer from the socket.

    Why a thread: sha256 costs about as much CPU as receiving and writing together (~0.6 s
    per GB with SHA-NI); done inline it would halve the speed. os.write and hashlib release
    the GIL on large buffers, so both threads really run at once.
    Why the write and the hash together, in order: `written` bytes are then always both in
    the file and in the hash, so a cut connection (the next request asks for
    `bytes=written-`) or a state save never needs to wait for anything to catch up.
    The bounded `free` queue is the back-pressure: at most BUFFERS buffers are in flight.
    """

    def __init__(self, fd: int, path: Path, hasher: Hasher, start: int) -> None:
        self.fd, self.path, self.hasher = fd, path, hasher
        self.written = start  # only this thread changes it; readers see a whole int
        self.error: HearthError | None = None
        self.free: queue.Queue[bytearray] = queue.Queue()
        for _i in range(BUFFERS):
            self.free.put(bytearray(BUFFER_BYTES))
        self.todo: queue.Queue[tuple[bytearray, int] | None] = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="hearth-write", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        flushed = self.written
        while (item := self.todo.get()) is not None:
            buf, n = item
            if self.error is None:  # after a failed write, only hand buffers back
                view = memoryview(buf)[:n]
                try:
                    _write_all(self.fd, view, self.path)
                except HearthError as e:
                    self.error = e
                else:
                    self.hasher.update(view)
                    self.written += n
                    if self.written - flushed >= WRITEBACK_BYTES:
                        _writeback(self.fd, flushed, self.written - flushed)
                        flushed = self.written
            self.free.put(buf)

    def buffer(self) -> bytearray:
        """A free buffer (waits while all are queued); raises a failed write's error."""
        buf = self.free.get()
        if self.error is not None:
            self.free.put(buf)
            raise self.error
        return buf

    def submit(self, buf: bytearray, n: int) -> None:
        self.todo.put((buf, n))

    def close(self) -> None:
        """Write and hash everything queued, then stop the thread."""
        self.todo.put(None)
        self.thread.join()


ProgressCb = Callable[[int], None]  # bytes received so far in this file (with the .part's)
# on_status(text): what the transfer waits for ("checking the partial file", "retrying in
# 4 s (...)"); "" when the body streams again, so the caller can clear it.


class Transfer:
    def __init__(
        self,
        target: Target,
        part: Path,
        *,
        token: str | None = None,
        auth_host: str | None = None,
        cancel: CancelToken | None = None,
        on_bytes: ProgressCb | None = None,
        on_status: Callable[[str], None] | None = None,
    ) -> None:
        self.t = target
        self.part = part
        self.state_file = part.with_name(part.name + ".json")
        self.token = token
        self.auth_host = auth_host
        self.cancel = cancel or CancelToken()
        self.on_bytes = on_bytes or (lambda _n: None)
        self.on_status = on_status or (lambda _s: None)
        self.hasher = Hasher(target)
        self.done = 0
        self.etag: str | None = None
        self._last_state = 0.0

    # state file -----------------------------------------------------------------------
    def _load_state(self) -> PartState | None:
        try:
            d = json.loads(self.state_file.read_text("utf-8"))
            return PartState(**d)
        except (OSError, ValueError, TypeError):
            return None

    def _save_state(self) -> None:
        st = PartState(self.t.url, self.t.size, self.t.sha256, self.t.git_oid, self.etag,
                       self.done, time.time())
        # Replaced atomically but not fsynced: on ext4 an fsync commits the journal and so
        # flushes the .part's dirty data too, stalling the transfer on the disk every time.
        # Losing this file to a power cut only costs a fresh start (the .part is checked by
        # its hash anyway).
        tmp = self.state_file.with_name(self.state_file.name + ".tmp")
        try:
            tmp.write_text(json.dumps(asdict(st)), "utf-8")
            os.replace(tmp, self.state_file)
        except OSError as e:
            raise storage_error(e, self.state_file) from e
        self._last_state = time.monotonic()

    def discard(self) -> None:
        for p in (self.part, self.state_file):
            try:
                p.unlink()
            except FileNotFoundError:
                pass

    # the transfer ---------------------------------------------------------------------
    def run(self) -> None:
        """Fetch until the .part holds the whole, verified file; raises HearthError."""
        self.part.parent.mkdir(parents=True, exist_ok=True)
        self._prepare()
        failures = 0
        while True:
            self.cancel.raise_if_cancelled()
            if self.t.size is not None and self.done == self.t.size:
                break
            before = self.done
            finished, err = self._try_attempt()
            if finished:
                break
            if err is None:
                continue  # the server made us start over; not a failure
            failures = 0 if self.done > before else failures + 1
            if failures >= retry.ATTEMPTS:
                raise NetworkError(
                    _("The download of {file} keeps failing: {error}.").format(
                        file=self.t.label, error=_describe(err)),
                    _("Check your connection and try again; the download resumes where it "
                      "stopped."),
                ) from err
            wait = retry.delay(max(failures, 1), getattr(err, "retry_after", None))
            log.info("retrying %s in %.1fs after %s", self.t.label, wait, _describe(err))
            self.on_status(f"retrying in {wait:.0f} s ({_describe(err)})")
            if self.cancel.wait(wait):
                self.cancel.raise_if_cancelled()
        self._save_state()
        self._verify()

    def _try_attempt(self) -> tuple[bool, Exception | None]:
        """One attempt; a retryable failure is returned, anything else raised."""
        try:
            return self._attempt(), None
        except HearthError as e:
            if not getattr(e, "retryable", False):
                raise
            return False, e
        except ssl.SSLCertVerificationError as e:
            raise NetworkError(
                _("The TLS certificate of {host} could not be verified: {error}.").format(
                    host=urllib.parse.urlsplit(self.t.url).hostname, error=e.verify_message),
                _("Hearth never downloads without verifying the server. If a company proxy "
                  "intercepts HTTPS, install its certificate in the system, or use a mirror."),
            ) from e
        except Exception as e:
            if not is_network_error(e):
                raise
            return False, e

    def _prepare(self) -> None:
        """Decide where to resume: keep the .part only if the state file matches."""
        st = self._load_state()
        same = (
            st is not None and st.size == self.t.size and st.sha256 == self.t.sha256
            and st.git_oid == self.t.git_oid
        )
        if not same:
            self.discard()
        else:
            self.etag = st.etag if st else None
        try:
            have = self.part.stat().st_size
        except FileNotFoundError:
            have = 0
        if self.t.size is not None and have > self.t.size:
            self.discard()
            have = 0
        self.done = 0
        if have:
            self.on_status("checking the partial file")
            self._rehash(have)
        self._save_state()

    def _rehash(self, have: int) -> None:
        """Hash what the .part holds. Not reported through on_bytes: these bytes come from
        the disk, many times faster than the network, and would pass for download speed."""
        with open(self.part, "rb", buffering=0) as f:
            buf = bytearray(BUFFER_BYTES)
            view = memoryview(buf)
            while self.done < have:
                self.cancel.raise_if_cancelled()
                n = f.readinto(view[: min(len(buf), have - self.done)])
                if not n:
                    break
                self.hasher.update(view[:n])
                self.done += n

    def _request(self) -> Opened:
        headers = {}
        if self.done:
            headers["Range"] = f"bytes={self.done}-"
            if self.etag and not self.etag.startswith("W/"):
                headers["If-Range"] = self.etag
        return open_url(self.t.url, headers, auth_host=self.auth_host, token=self.token)

    def _attempt(self) -> bool:
        """One request; True when the whole file is in the .part."""
        resp = self._request()
        try:
            status = resp.status
            if status == 416 and self.t.size is not None and self.done == self.t.size:
                return True
            if status == 416:
                self._restart("the server refused the resume range")
                return False
            if status not in (200, 206):
                raise http_error(resp, self.t.label)
            if status == 206:
                m = _CONTENT_RANGE.match(resp.header("Content-Range") or "")
                if not m or int(m.group(1)) != self.done:
                    self._restart("the server sent an unexpected range")
                    return False
            elif self.done:
                # 200 to a Range request: the file changed (If-Range) or no range support.
                self._restart("the file changed on the server", keep_going=True)
            etag = resp.header("ETag")
            if etag != self.etag:
                self.etag = etag
                self._save_state()
            length = resp.header("Content-Length")
            if self.t.size is None and length and status == 200:
                self.t.size = int(length)
            if length and self.t.size is not None and int(length) != self.t.size - self.done:
                raise ChecksumError(
                    _("The server sends {file} with another size than the Hub lists ({got} "
                      "bytes instead of {size}).").format(
                        file=self.t.label, got=int(length) + self.done, size=self.t.size),
                    _("The mirror (HF_ENDPOINT) or a proxy serves a different file; try again "
                      "later or use another mirror."),
                )
            self.on_status("")  # the body is coming: a check or a retry's wait is over
            self._stream(resp)
            return self.t.size is not None and self.done >= self.t.size
        finally:
            resp.close()

    def _restart(self, why: str, keep_going: bool = False) -> None:
        log.info("%s: %s; starting over", self.t.label, why)
        self.on_status(f"{why}; starting over")
        with open(self.part, "wb"):
            pass
        self.done = 0
        self.hasher.reset()
        self.etag = None
        self.on_bytes(0)
        if not keep_going:
            self._save_state()

    def _stream(self, resp: Opened) -> None:
        """Read the body on this thread; a _Writer thread writes and hashes behind it."""
        try:
            fd = os.open(self.part, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        except OSError as e:
            raise storage_error(e, self.part) from e
        writer: _Writer | None = None
        try:
            try:
                os.lseek(fd, self.done, os.SEEK_SET)
                os.ftruncate(fd, self.done)
            except OSError as e:  # the disk, not the network: no retry will help
                raise storage_error(e, self.part) from e
            writer = _Writer(fd, self.part, self.hasher, self.done)
            self._read_body(resp, writer)
        finally:
            if writer is not None:
                writer.close()
                self.done = writer.written
            os.close(fd)
        if writer.error is not None:
            raise writer.error
        self.on_bytes(self.done)  # the last buffers were written after the last report

    def _read_body(self, resp: Opened, writer: _Writer) -> None:
        rate = 0.0
        received = self.done  # ahead of writer.written by what is still queued
        remaining = None if self.t.size is None else self.t.size - received
        while remaining is None or remaining > 0:
            self.cancel.raise_if_cancelled()
            buf = writer.buffer()
            # Read about a quarter second's worth, so pause/cancel answer quickly even on a
            # slow link (readinto waits until the buffer is full).
            want = int(min(len(buf), max(MIN_READ, rate / 4)))
            if remaining is not None:
                want = min(want, remaining)
            t0 = time.monotonic()
            try:
                n = resp.response.readinto(memoryview(buf)[:want])
            except BaseException:
                writer.free.put(buf)
                raise
            if not n:
                writer.free.put(buf)
                if remaining is None:
                    return
                raise ConnectionResetError(f"connection closed after {received} bytes")
            writer.submit(buf, n)
            received += n
            if remaining is not None:
                remaining -= n
            dt = time.monotonic() - t0
            if dt > 0:
                rate = 0.7 * rate + 0.3 * (n / dt) if rate else n / dt
            self.done = writer.written  # what is on disk (and hashed) so far
            self.on_bytes(self.done)
            if time.monotonic() - self._last_state > STATE_EVERY_S:
                self._save_state()

    def _verify(self) -> None:
        if self.t.size is not None and self.part.stat().st_size != self.t.size:
            raise ChecksumError(
                _("{file} has the wrong size after download.").format(file=self.t.label),
                _("Try the download again."),
            )
        actual = self.hasher.check()
        if actual is not None:
            raise ChecksumError(
                _("{file} does not match the Hub's {algo} checksum (expected {expected}…, got "
                  "{actual}…).").format(file=self.t.label, algo=self.hasher.algo,
                                        expected=self.hasher.expected[:16], actual=actual[:16]),
                _("The download was corrupted on the way or the mirror serves a different "
                  "file. The file was set aside; try the download again."),
            )
        try:
            with open(self.part, "rb") as f:
                os.fsync(f.fileno())  # the model must survive a power cut once registered
        except OSError as e:
            raise storage_error(e, self.part) from e


def _load_sync_file_range() -> Callable[[int, int, int, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        fn = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn  # type: ignore[no-any-return]


_sync_file_range = _load_sync_file_range()


def _writeback(fd: int, offset: int, length: int) -> None:
    """Ask the kernel to start writing this region to disk now, without waiting for it.

    The finished file is fsynced before it is registered; without this, all of it would
    still be in the page cache then (Linux starts write-back only after 30 s or when 10 % of
    RAM is dirty) and that fsync would wait for the whole file: seconds after the last byte
    arrived. Started early, the disk writes overlap the transfer. Linux's sync_file_range
    (SYNC_FILE_RANGE_WRITE), through ctypes because the os module lacks it; elsewhere the
    fsync simply takes longer. Best effort: a failure changes nothing but the timing.
    """
    if _sync_file_range is not None:
        _sync_file_range(fd, offset, length, 2)  # 2 = SYNC_FILE_RANGE_WRITE


def _write_all(fd: int, view: memoryview, path: Path) -> None:
    try:
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as e:
        raise storage_error(e, path) from e


class RetryableHTTP(NetworkError):
    retryable = True

    def __init__(self, message: str, hint: str = "", retry_after: str | None = None) -> None:
        super().__init__(message, hint)
        self.retry_after = retry_after


def http_error(resp: Opened, label: str) -> Exception:
    """A HearthError for a non-success response (retryable ones marked so)."""
    status = resp.status
    code = resp.header("X-Error-Code") or ""
    reason = resp.header("X-Error-Message") or resp.response.reason
    if status in retry.RETRY_STATUS:
        return RetryableHTTP(
            _(ANSWERED).format(status=status, reason=reason, file=label),
            _("The Hub is busy or rate-limiting; try again in a while."),
            retry_after=resp.header("Retry-After"),
        )
    if status in (401, 403):
        return auth_error(label, status, gated=code == "GatedRepo")
    if status == 404:
        return NotFound(
            _("{file} was not found on the Hub (404).").format(file=label),
            _("Check the repository and file name with `hearth hub files REPO`."),
        )
    return NetworkError(_(ANSWERED).format(status=status, reason=reason, file=label))


ANSWERED = N_("The Hub answered {status} ({reason}) for {file}.")


def auth_error(label: str, status: int, gated: bool) -> AuthError:
    repo = "/".join(label.split("/")[:2])
    if gated:
        return AuthError(
            _("{repo} is a gated model: its authors require you to accept their license first "
              "({status}).").format(repo=repo, status=status),
            _("Open the model's page on Hugging Face ({url}), accept the license, then give "
              "Hearth your access token with `hearth hub token set` (or in Settings).").format(
                # No repo id to link (a label such as "this repository"): the Hub itself.
                url="https://huggingface.co/" + (repo if "/" in repo and " " not in repo else "")),
        )
    return AuthError(
        _("The Hub refused access to {repo} ({status}): it is private or your token is not "
          "valid for it.").format(repo=label, status=status),
        _("Set a Hugging Face access token that can read this repository with "
          "`hearth hub token set` (or in Settings)."),
    )


def _describe(e: BaseException) -> str:
    if isinstance(e, NetworkError):
        return e.message
    text = str(e) or type(e).__name__
    return text if len(text) < 120 else text[:117] + "…"


__all__ = ["Target", "Transfer", "StorageError", "http_error", "auth_error"]
