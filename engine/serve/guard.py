"""What every request passes before a handler sees it (an ASGI middleware, so streamed
answers and client disconnects pass through untouched):

- Host: on a loopback address only loopback names (a web page that rebinds its DNS name to
  127.0.0.1 sends its own name: refused, 421).
- Origin: a browser page's request is refused (403) unless its origin is listed; the
  listed ones get CORS headers (Starlette's CORSMiddleware, added by app.py).
- The API key (Bearer), required whenever the server listens beyond loopback: 401.
- POST bodies: JSON only (a cross-site form cannot post JSON without a CORS preflight),
  with a Content-Length (411) of at most `max_body` bytes (413).
- One log line per request: method, path, status, time; never the content.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger("hearth.serve")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
OPEN_PATHS = {"/health"}  # answered without the key, as llama-server does


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(value: str) -> str:
    """The name in a Host header, without its port ("[::1]:8642" -> "::1")."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def error_body(status: int, message: str, code: str, type: str = "invalid_request_error") -> bytes:
    return json.dumps({"error": {"message": message, "type": type, "param": None,
                                 "code": code}}).encode()


class Guard:
    def __init__(self, app: ASGIApp, bound_host: str, api_key: str, origins: list[str],
                 max_body: int) -> None:
        self.app = app
        self.loopback = is_loopback(bound_host)
        self.hosts = LOOPBACK_NAMES | {bound_host.lower()}
        self.api_key = api_key
        self.origins = set(origins)
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = {"code": 0}

        async def logged_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        refusal = self._refusal(scope)
        try:
            if refusal is not None:
                code, text, err = refusal
                await _respond(logged_send, code, error_body(code, text, err,
                                                             _error_type(code)))
            else:
                await self.app(scope, receive, logged_send)
        finally:
            ms = (time.monotonic() - started) * 1000
            log.info("%s %s %s %.0f ms", scope["method"], scope["path"], status["code"] or "-", ms)

    def _refusal(self, scope: Scope) -> tuple[int, str, str] | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.loopback and host_name(headers.get("host", "")) not in self.hosts:
            return 421, "This server answers only on its loopback address.", "bad_host"
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return 403, ("Requests from web pages are refused unless their origin is listed "
                         "in the server's CORS origins."), "origin_not_allowed"
        if scope["method"] == "OPTIONS":
            return None  # a preflight of a listed origin: CORSMiddleware answers it
        if self.api_key and scope["path"] not in OPEN_PATHS:
            given = headers.get("authorization", "")
            scheme, _, key = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(key.strip().encode(),
                                                                     self.api_key.encode()):
                return 401, ("Incorrect or missing API key: send it as "
                             "`Authorization: Bearer KEY`."), "invalid_api_key"
        if scope["method"] == "POST":
            if "application/json" not in headers.get("content-type", ""):
                return 415, "The request body must be JSON (Content-Type: application/json).", \
                    "unsupported_media_type"
            length = headers.get("content-length")
            if length is None or not length.isdigit():
                return 411, "The request needs a Content-Length.", "length_required"
            if int(length) > self.max_body:
                return 413, (f"The request body is {int(length):,} bytes; at most "
                             f"{self.max_body:,}."), "request_too_large"
        return None


def _error_type(status: int) -> str:
    return {401: "authentication_error", 403: "permission_error"}.get(
        status, "invalid_request_error")


async def _respond(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
