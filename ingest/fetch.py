"""Stage 1, fetch: HTTP only. A URL and the feed's validators in, bytes or a reason out.

The only module that talks to the network. It never raises for a network problem:
every failure becomes a FetchResult with `error` set, worded for the feed's health
row ("read timeout after 20 s"), so one bad host never stops a poll of the others.
"""
from __future__ import annotations

import dataclasses
import email.utils
import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timezone

import httpx

from ingest.config import SchedulerConfig

ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
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

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def body_hash(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


class _BodyTooLarge(Exception):
    pass


class _Deadline(Exception):
    pass


def make_client(settings: SchedulerConfig) -> httpx.Client:
    """One client for a whole poll: pooled connections, the project's timeouts and limits."""
    timeout = httpx.Timeout(
        settings.fetch_timeout_seconds,
        connect=settings.connect_timeout_seconds,
    )
    return httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        max_redirects=settings.max_redirects,
        headers={"User-Agent": settings.user_agent, "Accept": ACCEPT,
                 "Accept-Encoding": "gzip, deflate"},
        trust_env=False,
    )


def fetch_feed(
    client: httpx.Client,
    url: str,
    settings: SchedulerConfig,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET `url` conditionally; the body is capped at `settings.max_body_bytes`.

    The whole request, trickling servers included, ends within `fetch_timeout_seconds`
    (plus the connect timeout).
    """
    started = time.monotonic()
    headers = {}
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
    with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        common = dict(
            url=str(response.url),
            http_status=status,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            content_type=response.headers.get("content-type", ""),
        )
        if status == 304:
            response.read()  # no body, but reading to its end lets the connection serve the next request
            return FetchResult(not_modified=True, **common)
        if status >= 400:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            return FetchResult(
                error=f"HTTP {status} {response.reason_phrase}".strip(),
                retry_after_seconds=retry_after if status in (429, 503) else None,
                **common,
            )
        body = _read_capped(response, settings.max_body_bytes, deadline)
        return FetchResult(body=body, **common)


def _read_capped(response: httpx.Response, limit: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _BodyTooLarge()
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise _BodyTooLarge()
        if time.monotonic() > deadline:
            raise _Deadline()
        chunks.append(chunk)
    return b"".join(chunks)


def describe_error(error: Exception, settings: SchedulerConfig) -> str:
    """A short, user-facing reason for a failed fetch."""
    if isinstance(error, _BodyTooLarge):
        return f"body larger than {settings.max_body_bytes:,} bytes (max_body_bytes)"
    if isinstance(error, _Deadline):
        return f"too slow: body not complete after {settings.fetch_timeout_seconds:g} s"
    if isinstance(error, httpx.ConnectTimeout):
        return f"connect timeout after {settings.connect_timeout_seconds:g} s"
    if isinstance(error, httpx.ReadTimeout):
        return f"read timeout after {settings.fetch_timeout_seconds:g} s"
    if isinstance(error, httpx.TimeoutException):
        return f"timeout after {settings.fetch_timeout_seconds:g} s"
    if isinstance(error, httpx.TooManyRedirects):
        return f"too many redirects (more than {settings.max_redirects})"
    if isinstance(error, httpx.UnsupportedProtocol):
        return f"redirected to an unsupported URL scheme ({error})"
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect: {_connect_reason(error)}"
    if isinstance(error, httpx.DecodingError):
        return f"cannot decode the compressed body: {_reason(error)}"
    if isinstance(error, httpx.HTTPError):
        return f"{type(error).__name__}: {_reason(error)}"
    return f"{type(error).__name__}: {_reason(error)}"


def _connect_reason(error: Exception) -> str:
    text = str(error)
    if "Name or service not known" in text or "Temporary failure in name resolution" in text or "nodename nor servname" in text:
        return "host name not found (DNS lookup failed)"
    if "Connection refused" in text:
        return "connection refused"
    if "Network is unreachable" in text:
        return "network unreachable"
    return _reason(error)


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
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
