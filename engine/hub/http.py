"""Plain HTTP(S) requests for file transfers: redirects, TLS, tokens, proxies.

Hand-written on http.client instead of going through httpx (which huggingface_hub uses for
its API calls) because transfers need what httpx's streaming API makes costly: reading
straight into a reused buffer (`readinto`, no per-chunk allocation — the benchmark target
is curl's speed), and full control of Range / If-Range across redirects.

TLS verification is always on (certifi's CA bundle when installed, like httpx); there is no
switch to turn it off. The Authorization header goes only to the Hub's own host, never to
the CDN a download is redirected to, and never over plain http to another machine.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import urllib.parse
import urllib.request
from dataclasses import dataclass

from engine.errors import NetworkError
from engine.i18n import _

TIMEOUT_S = 30.0
MAX_REDIRECTS = 10
USER_AGENT = "hearth (+https://github.com/hearth)"


@dataclass
class Opened:
    """A response whose body is not read yet; `close()` it when done."""

    response: http.client.HTTPResponse
    conn: http.client.HTTPConnection
    url: str

    @property
    def status(self) -> int:
        return self.response.status

    def header(self, name: str) -> str | None:
        return self.response.getheader(name)

    def close(self) -> None:
        try:
            self.response.close()
        finally:
            self.conn.close()


_ssl_context: ssl.SSLContext | None = None


def ssl_context() -> ssl.SSLContext:
    global _ssl_context  # one per process: building it reads the CA bundle (slow)
    if _ssl_context is None:
        try:
            import certifi

            ctx = ssl.create_default_context(cafile=certifi.where())
        except ImportError:
            ctx = ssl.create_default_context()
        # create_default_context already sets these; stated so no one "fixes" them.
        ctx.check_hostname = True
        ctx.verify_mode = ssl.CERT_REQUIRED
        _ssl_context = ctx
    return _ssl_context


def _connect(url: urllib.parse.SplitResult, timeout: float) -> http.client.HTTPConnection:
    if url.scheme not in ("http", "https"):
        raise NetworkError(_("Unsupported URL scheme in {url}.").format(url=repr(url.geturl())))
    host = url.hostname or ""
    port = url.port
    proxy = _proxy_for(url)
    conn: http.client.HTTPConnection
    if url.scheme == "https":
        if proxy:
            conn = http.client.HTTPSConnection(
                proxy.hostname or "", proxy.port or 8080, timeout=timeout, context=ssl_context()
            )
            conn.set_tunnel(host, port or 443)
        else:
            conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl_context())
    else:
        if proxy:
            conn = http.client.HTTPConnection(proxy.hostname or "", proxy.port or 8080, timeout=timeout)
        else:
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
    return conn


def token_allowed(url: str) -> bool:
    """A token travels only encrypted (https), or to this machine (a local mirror): over
    plain http anyone on the network path could read it."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        return True
    host = parts.hostname or ""
    return host == "localhost" or host == "::1" or host.startswith("127.")


def _proxy_for(url: urllib.parse.SplitResult) -> urllib.parse.SplitResult | None:
    """The proxy from HTTPS_PROXY / HTTP_PROXY (and NO_PROXY), as httpx honours them."""
    if urllib.request.proxy_bypass(url.hostname or ""):
        return None
    proxy = urllib.request.getproxies().get(url.scheme)
    return urllib.parse.urlsplit(proxy) if proxy else None


def open_url(
    url: str,
    headers: dict[str, str] | None = None,
    *,
    method: str = "GET",
    auth_host: str | None = None,
    token: str | None = None,
    timeout: float = TIMEOUT_S,
) -> Opened:
    """Send one request, following redirects; the caller reads and closes the response.

    `token` is sent as a bearer token only while the request goes to `auth_host`.
    Raises OSError / http.client.HTTPException on network trouble (callers retry).
    """
    for _attempt in range(MAX_REDIRECTS + 1):
        parts = urllib.parse.urlsplit(url)
        conn = _connect(parts, timeout)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        if _proxy_for(parts) and parts.scheme == "http":
            target = url  # plain-HTTP proxies take the absolute URL
        hdrs = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **(headers or {})}
        if token and parts.hostname == auth_host and token_allowed(url):
            hdrs["Authorization"] = f"Bearer {token}"
        try:
            conn.request(method, target, headers=hdrs)
            resp = conn.getresponse()
        except BaseException:
            conn.close()
            raise
        if resp.status in (301, 302, 303, 307, 308) and resp.getheader("Location"):
            location = urllib.parse.urljoin(url, resp.getheader("Location") or "")
            resp.read(64 << 10)  # small body of a redirect; then drop this connection
            resp.close()
            conn.close()
            url = location
            continue
        return Opened(resp, conn, url)
    raise NetworkError(_("Too many redirects for {url}.").format(url=url),
                       _("The server or a proxy is misconfigured."))


def is_network_error(e: BaseException) -> bool:
    """Errors worth a retry: resets, timeouts, truncated responses, TLS hiccups."""
    return isinstance(e, (OSError, http.client.HTTPException, socket.timeout)) and not isinstance(
        e, (ssl.SSLCertVerificationError, PermissionError, FileNotFoundError)
    )
