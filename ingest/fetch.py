"""Stage 1, fetch: HTTP only. A URL and the feed's validators in, bytes or a reason out.

The only module that talks to the network. It never raises for a network problem:
every failure becomes a FetchResult with `error` set, worded for the feed's health
row ("read timeout after 20 s"), so one bad host never stops a poll of the others.

Built on urllib3 (pooled keep-alive connections, streamed and capped decompression)
rather than a heavier client: most polls of a feed are a conditional GET answered
304, and at a few hundred feeds the client's own cost per request is most of a poll.
Redirects are followed here, so the final URL and the redirect limit are explicit.

Feeds added from the dashboard or an OPML file are fetched through their own pool whose
connections check the address they actually connected to, on every fetch and every
redirect hop: a loopback, private, link-local (169.254.169.254) or reserved peer ends the
fetch before a byte is sent, whatever DNS said when the feed was added (issue #13,
point 10). Feeds in config.toml are the operator's own and use the other pool.
"""
from __future__ import annotations

import dataclasses
import email.utils
import hashlib
import ipaddress
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from urllib3 import connection as http_connection
from urllib3 import connectionpool
from urllib3 import exceptions as http_errors

from ingest.config import SchedulerConfig

ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 64 * 1024
# Kept-alive connections per host: one per fetch thread a poll runs (4) with room to spare.
CONNECTIONS_PER_HOST = 8
HOSTS_KEPT = 1000


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str
    http_status: int | None = None
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    retry_after_seconds: float | None = None
    error: str | None = None
    duration_ms: int = 0
    body_hash: str = ""  # SHA-256 of the body, computed once: it decides whether to parse
    cache_control: str | None = None  # Cache-Control, Expires and Date: hints for the next poll
    expires: str | None = None
    date: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class _BodyTooLarge(Exception):
    pass


class _Deadline(Exception):
    pass


class _TooManyRedirects(Exception):
    pass


class _UnsupportedScheme(Exception):
    pass


class PrivateAddressError(Exception):
    """A guarded connection reached an address that is not public. Not an OSError, so
    urllib3 passes it on as it is instead of retrying or rewording it."""

    def __init__(self, address: str, kind: str):
        super().__init__(f"{address} ({kind})")
        self.address, self.kind = address, kind
        self.redirected = False


def non_public_kind(address: str) -> str | None:
    """What kind of non-public address `address` is ("loopback", "private", ...), or None
    when it is a public one."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for kind in ("loopback", "link_local", "private", "multicast", "unspecified", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "non-public"


def _checked_peer(sock):
    """`sock` when its peer is public; closed and PrivateAddressError otherwise."""
    address = sock.getpeername()[0]
    kind = non_public_kind(address)
    if kind is not None:
        sock.close()
        raise PrivateAddressError(address, kind)
    return sock


class _PublicHTTPConnection(http_connection.HTTPConnection):
    def _new_conn(self):
        return _checked_peer(super()._new_conn())


class _PublicHTTPSConnection(http_connection.HTTPSConnection):
    def _new_conn(self):  # checked after TCP connect, before the TLS handshake
        return _checked_peer(super()._new_conn())


class _PublicHTTPPool(connectionpool.HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(connectionpool.HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class Clients:
    """The two connection pools of a poller: `trusted` for the operator's config feeds,
    `guarded` (public peers only) for feeds added from the dashboard, unless
    `allow_private` (`[dashboard] allow_private_feed_urls`). Two pools, never one: a
    kept-alive connection a config feed opened to a local host must not serve a
    dashboard feed's request, which would then skip the check."""

    def __init__(self, settings: SchedulerConfig, allow_private: bool = False):
        self._settings, self._allow_private = settings, allow_private
        self._trusted: urllib3.PoolManager | None = None
        self._guarded: urllib3.PoolManager | None = None

    def for_origin(self, origin: str | None) -> urllib3.PoolManager:
        """The pool for a feed of `origin` ("config" or "dashboard")."""
        if origin == "config" or self._allow_private:
            if self._trusted is None:
                self._trusted = make_client(self._settings)
            return self._trusted
        if self._guarded is None:
            self._guarded = make_client(self._settings, public_only=True)
        return self._guarded

    def clear(self) -> None:
        for pool in (self._trusted, self._guarded):
            if pool is not None:
                pool.clear()


def make_client(settings: SchedulerConfig, public_only: bool = False) -> urllib3.PoolManager:
    """One connection pool for all polls: kept-alive connections, the project's
    timeouts and headers; no retries (a failed feed is tried again at its next poll).
    With `public_only`, every connection checks its peer (see Clients)."""
    client = urllib3.PoolManager(
        num_pools=HOSTS_KEPT,
        maxsize=CONNECTIONS_PER_HOST,
        headers={"User-Agent": settings.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"},
        timeout=urllib3.Timeout(connect=settings.connect_timeout_seconds, read=settings.fetch_timeout_seconds),
        retries=False,
        ca_certs=certifi.where(),  # the same trusted roots on every machine, whatever its own store holds
    )
    if public_only:
        client.pool_classes_by_scheme = {"http": _PublicHTTPPool, "https": _PublicHTTPSPool}
    return client


def fetch_feed(
    client: urllib3.PoolManager,
    url: str,
    settings: SchedulerConfig,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET `url` conditionally, following up to `settings.max_redirects` redirects; the
    body is capped at `settings.max_body_bytes` after decompression.

    The whole request, trickling servers included, ends within `fetch_timeout_seconds`
    (plus the connect timeout).
    """
    started = time.monotonic()
    headers = dict(client.headers)
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        result = _request(client, url, headers, settings, started)
    except Exception as error:  # every failure is a recorded reason, never a crash
        result = FetchResult(url=url, error=describe_error(error, settings))
    return _with_duration(result, started)


def _request(client, url, headers, settings, started) -> FetchResult:
    deadline = started + settings.connect_timeout_seconds + settings.fetch_timeout_seconds
    response = _follow_redirects(client, url, headers, settings.max_redirects)
    try:
        return _result(response, settings, deadline)
    finally:
        _let_go(response)


def _follow_redirects(client, url: str, headers: dict, limit: int):
    """The response at the end of at most `limit` redirects (http and https only)."""
    for hop in range(limit + 1):
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https"):
            raise _UnsupportedScheme(scheme or url)
        try:
            response = client.request("GET", url, headers=headers, redirect=False, preload_content=False)
        except PrivateAddressError as error:
            error.redirected = hop > 0
            raise
        location = response.headers.get("location")
        if response.status not in REDIRECTS or not location:
            response.url = url
            return response
        _let_go(response)
        url = urljoin(url, location)
    raise _TooManyRedirects()


def _result(response, settings: SchedulerConfig, deadline: float) -> FetchResult:
    status, headers = response.status, response.headers
    common = dict(url=response.url, http_status=status, etag=headers.get("etag"),
                  last_modified=headers.get("last-modified"), content_type=headers.get("content-type", ""),
                  cache_control=headers.get("cache-control"), expires=headers.get("expires"), date=headers.get("date"))
    if status == 304:
        response.read()  # no body by definition; reading its end keeps the connection for the next feed
        return FetchResult(not_modified=True, **common)
    if status >= 400:
        retry_after = parse_retry_after(headers.get("retry-after"))
        return FetchResult(
            error=f"HTTP {status} {response.reason or ''}".strip(),
            retry_after_seconds=retry_after if status in (429, 503) else None,
            **common,
        )
    body = _read_capped(response, settings.max_body_bytes, deadline)
    return FetchResult(body=body, body_hash=hashlib.sha256(body).hexdigest(), **common)


def _read_capped(response, limit: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise _BodyTooLarge()
    chunks, size = [], 0
    # read1 returns what one socket read brings (decompressed, at most CHUNK_BYTES), so a
    # server trickling a byte at a time meets the deadline check between reads
    while chunk := response.read1(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise _BodyTooLarge()
        if time.monotonic() > deadline:
            raise _Deadline()
        chunks.append(chunk)
    return b"".join(chunks)


def _let_go(response) -> None:
    """Return the connection to the pool: as it is when the body was read to its end
    (a 304 has none), closed when it was not (the rest could be anything, or endless)."""
    if not response.isclosed():
        response.close()
    response.release_conn()


# The reason a failed fetch gets: the first entry whose exception type matches. Order
# matters: urllib3's NewConnectionError (and NameResolutionError) is a ConnectTimeoutError.
_REASONS = (
    (_BodyTooLarge, "body larger than {settings.max_body_bytes:,} bytes (max_body_bytes)"),
    (_Deadline, "too slow: body not complete after {settings.fetch_timeout_seconds:g} s"),
    (_TooManyRedirects, "too many redirects (more than {settings.max_redirects})"),
    (_UnsupportedScheme, "redirected to an unsupported URL scheme ({error})"),
    (PrivateAddressError, "blocked: {blocked_step} a private address {error.address} ({error.kind}); feeds added "
                          "from the dashboard may reach public addresses only (allow_private_feed_urls)"),
    (http_errors.NameResolutionError, "cannot connect: host name not found (DNS lookup failed)"),
    (http_errors.NewConnectionError, "cannot connect: {connect_reason}"),
    (http_errors.ConnectTimeoutError, "connect timeout after {settings.connect_timeout_seconds:g} s"),
    (http_errors.ReadTimeoutError, "read timeout after {settings.fetch_timeout_seconds:g} s"),
    (http_errors.TimeoutError, "timeout after {settings.fetch_timeout_seconds:g} s"),
    (http_errors.SSLError, "TLS error: {reason}"),
    (http_errors.DecodeError, "cannot decode the compressed body: {reason}"),
    (http_errors.ProtocolError, "connection broken: {reason}"),
    (http_errors.LocationValueError, "invalid URL: {reason}"),
    (Exception, "{error_type}: {reason}"),
)


def describe_error(error: Exception, settings: SchedulerConfig) -> str:
    """A short, user-facing reason for a failed fetch."""
    template = next(template for kind, template in _REASONS if isinstance(error, kind))
    blocked_step = "redirect to" if getattr(error, "redirected", False) else "connected to"
    return template.format(settings=settings, error=error, reason=_reason(error), blocked_step=blocked_step,
                           connect_reason=_connect_reason(error), error_type=type(error).__name__)


def _connect_reason(error: Exception) -> str:
    text = str(error)
    if "Connection refused" in text:
        return "connection refused"
    if "Network is unreachable" in text:
        return "network unreachable"
    if "No route to host" in text:
        return "no route to host"
    return _reason(error)


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²" is a digit float() refuses
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _with_duration(result: FetchResult, started: float) -> FetchResult:
    return dataclasses.replace(result, duration_ms=int((time.monotonic() - started) * 1000))
