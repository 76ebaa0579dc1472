"""HTTP to a remote OpenAI-compatible server (httpx), its failures said for people."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from engine.errors import AuthError, NetworkError, NotFound
from engine.hub.http import token_allowed
from engine.i18n import _
from engine.remote.store import RemoteEngine

CONNECT_S = 5.0
READ_S = 300.0  # a big model on a busy server can think a while before its first token


def client(engine: RemoteEngine, key: str | None) -> Any:
    import httpx

    headers = dict(engine.headers)
    if key:
        if not token_allowed(engine.base_url):
            raise AuthError(
                _("The API key for {engine} would travel unencrypted to {host}.").format(
                    engine=engine.name, host=engine.host),
                _("Use an https:// address, or reach the server through an SSH tunnel on "
                  "127.0.0.1."))
        headers["Authorization"] = f"Bearer {key}"
    # trust_env: a proxy the user set (HTTPS_PROXY) applies, as for the Hub.
    return httpx.Client(base_url=engine.base_url, headers=headers,
                        timeout=httpx.Timeout(READ_S, connect=CONNECT_S))


def _message(body: bytes) -> str:
    try:
        err = json.loads(body).get("error")
        return str(err.get("message") if isinstance(err, dict) else err or "")[:300]
    except (ValueError, AttributeError):
        return body[:200].decode("utf-8", "replace")


def check(engine: RemoteEngine, response: Any, model: str = "") -> None:
    """Raise a HearthError for an error status (the body read first when streamed)."""
    if response.status_code < 400:
        return
    body = response.read()
    said = _message(body)
    if response.status_code in (401, 403):
        raise AuthError(
            _("{engine} refused the request ({status}): {said}").format(
                engine=engine.name, status=response.status_code, said=said),
            _("Set its API key: {command}.").format(
                command=f"`hearth remote add {engine.name} {engine.base_url} --api-key KEY`"))
    if response.status_code == 404:
        raise NotFound(
            _("{engine} has no model {model} ({said}).").format(
                engine=engine.name, model=repr(model), said=said),
            _("See what it serves with {command}.").format(
                command=f"`hearth remote models {engine.name}`"))
    raise NetworkError(
        _("{engine} answered {status}: {said}").format(
            engine=engine.name, status=response.status_code, said=said),
        _("Check the server's log; try again."))


@contextmanager
def translated(engine: RemoteEngine) -> Iterator[None]:
    """httpx's transport errors as NetworkErrors that say what to do."""
    import httpx

    try:
        yield
    except httpx.ConnectError as e:
        raise NetworkError(
            _("Cannot reach {engine} at {host}: {error}.").format(
                engine=engine.name, host=engine.host, error=e),
            _("Check that the server runs and the address is right.")) from e
    except httpx.TimeoutException as e:
        raise NetworkError(
            _("{engine} did not answer in time ({error}).").format(
                engine=engine.name, error=type(e).__name__),
            _("The server may be overloaded or the network down; try again.")) from e
    except httpx.HTTPError as e:
        raise NetworkError(
            _("The connection to {engine} failed: {error}.").format(engine=engine.name, error=e),
            _("Try again; check the network.")) from e


def list_models(engine: RemoteEngine, key: str | None) -> list[dict[str, Any]]:
    with translated(engine), client(engine, key) as c:
        r = c.get("/models")
        check(engine, r)
        data = r.json().get("data") or []
    return [m for m in data if isinstance(m, dict) and m.get("id")]


def discover(engine: RemoteEngine, key: str | None, offline: bool) -> list[str]:
    """The model ids the server lists; offline mode refuses before any connection."""
    from engine.errors import OfflineError

    if offline:
        raise OfflineError(_("Offline mode is on: Hearth does not contact the server."),
                           _("Turn offline mode off, or give its models by hand "
                             "(`hearth remote add ... --model ID`)."))
    return [str(m["id"]) for m in list_models(engine, key)]


def sse_events(response: Any) -> Iterator[dict[str, Any]]:
    """The JSON events of a server-sent-event stream, up to `data: [DONE]`."""
    for line in response.iter_lines():
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        try:
            event = json.loads(data)
        except ValueError:
            continue
        if isinstance(event, dict):
            yield event
