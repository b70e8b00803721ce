"""The fetcher's contract as a feed's health row and the next poll see it: what is sent, what
is kept of the answer, where the limits fall, and the reason each failure is given. Written
from the surviving mutants of ingest/fetch.py (issue #14, point 2); every server is local."""
import dataclasses
import hashlib
import socket
import threading
import time
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest
from urllib3 import exceptions as http_errors

from ingest.fetch import ACCEPT, Clients, describe_error, fetch_feed, make_client, non_public_kind, parse_retry_after
from test_fetch import SETTINGS, fetch

LIMIT = SETTINGS.max_body_bytes
BLOCKED = "blocked: connected to a private address 127.0.0.1 (loopback)"


def raw_server(answer: bytes) -> str:
    """The URL of a one-request server that reads the request, writes `answer` as it is
    (headers a real server would not send) and closes the connection."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        connection, _ = listener.accept()
        with connection, listener:
            connection.recv(65536)
            connection.sendall(answer)
    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml"


# ---- what is sent --------------------------------------------------------------------------

def test_every_request_names_the_monitor_and_what_it_accepts(feed_server):
    fetch(feed_server.add_fixture("/rss.xml", "rss20.xml"))
    sent = feed_server.requests_to("/rss.xml")[0].headers
    assert sent["user-agent"] == SETTINGS.user_agent
    assert sent["accept"] == ACCEPT and sent["accept-encoding"] == "gzip, deflate"
    assert "if-none-match" not in sent and "if-modified-since" not in sent  # a first poll asks unconditionally


@pytest.mark.parametrize("validators, sent_header", [
    ({"etag": '"v1"'}, "if-none-match"),
    ({"last_modified": "Mon, 06 Oct 2025 10:00:00 GMT"}, "if-modified-since"),
])
def test_a_conditional_get_sends_only_the_validator_the_feed_has(feed_server, validators, sent_header):
    fetch(feed_server.add_fixture("/rss.xml", "rss20.xml"), **validators)
    sent = feed_server.requests_to("/rss.xml")[0].headers
    assert {h for h in ("if-none-match", "if-modified-since") if h in sent} == {sent_header}
    assert sent[sent_header] == next(iter(validators.values()))


# ---- what is kept of the answer -----------------------------------------------------------------

def test_the_answer_keeps_its_type_hints_and_a_hash_of_its_body(feed_server):
    expires = "Tue, 07 Oct 2025 10:00:00 GMT"
    url = feed_server.add_fixture("/rss.xml", "rss20.xml", content_type="application/atom+xml",
                                  headers={"Cache-Control": "max-age=600", "Expires": expires})
    result = fetch(url)
    assert (result.content_type, result.cache_control, result.expires) == ("application/atom+xml", "max-age=600", expires)
    assert result.date.endswith(" GMT") and result.last_modified == "Mon, 06 Oct 2025 10:00:00 GMT"
    assert result.body_hash == hashlib.sha256(result.body).hexdigest() and not result.not_modified


def test_an_answer_without_a_content_type_has_an_empty_one(feed_server):
    result = fetch(feed_server.add_fixture("/bare.xml", "rss20.xml", content_type=None))
    assert result.ok and result.content_type == "" and result.body


def test_a_304_keeps_its_validators_and_has_no_body_to_parse(feed_server):
    url = feed_server.add_fixture("/rss.xml", "rss20.xml")
    first = fetch(url)
    again = fetch(url, etag=first.etag)
    assert (again.ok, again.http_status, again.not_modified, again.etag) == (True, 304, True, first.etag)
    assert (again.body, again.body_hash) == (b"", "")


def test_the_duration_covers_the_whole_fetch(feed_server):
    """A fetch that ends at the deadline (connect + fetch timeouts, 3 s) cannot have lasted
    less, nor longer than the call: bounds that hold however slow the machine."""
    url = feed_server.add("/trickle", body=b"<rss>" + b"x" * 200 + b"</rss>", trickle_seconds=0.5)
    before = time.monotonic()
    result = fetch(url)
    span_ms = (time.monotonic() - before) * 1000  # the call as the test saw it: the duration fits inside
    assert 1000 * (SETTINGS.connect_timeout_seconds + SETTINGS.fetch_timeout_seconds) <= result.duration_ms <= span_ms


# ---- status codes ---------------------------------------------------------------------------

@pytest.mark.parametrize("status, error", [(400, "HTTP 400 Bad Request"), (404, "HTTP 404 Not Found"),
                                           (599, "HTTP 599")])  # a status without a reason phrase
def test_an_error_status_is_the_error_with_its_reason(feed_server, status, error):
    result = fetch(feed_server.add("/e", body=b"no", status=status))
    assert (result.ok, result.error, result.http_status, result.body) == (False, error, status, b"")


@pytest.mark.parametrize("status, retry_after", [(503, 30.0), (429, 30.0), (500, None), (404, None)])
def test_retry_after_is_kept_for_429_and_503_only(feed_server, status, retry_after):
    result = fetch(feed_server.add("/busy", body=b"later", status=status, headers={"Retry-After": "30"}))
    assert result.retry_after_seconds == retry_after


def test_a_success_with_a_location_header_is_the_answer(feed_server):
    """Only a redirect status is followed; a 302 without a Location is the answer itself."""
    feed_server.add_fixture("/elsewhere.xml", "atom.xml")
    ok = fetch(feed_server.add_fixture("/rss.xml", "rss20.xml", headers={"Location": "/elsewhere.xml"}))
    bare = fetch(feed_server.add("/moved", body=b"<rss/>", status=302))
    assert ok.ok and ok.url.endswith("/rss.xml") and b"<rss" in ok.body
    assert (bare.ok, bare.http_status, bare.body) == (True, 302, b"<rss/>")
    assert not feed_server.requests_to("/elsewhere.xml")


# ---- redirects ------------------------------------------------------------------------------

def chain(feed_server, hops: int, status: int = 302) -> str:
    """A URL that reaches the fixture feed after `hops` redirects (relative Locations)."""
    feed_server.add_fixture("/hop0", "rss20.xml")
    for hop in range(1, hops + 1):
        feed_server.add(f"/hop{hop}", redirect_to=f"/hop{hop - 1}", status=status)
    return feed_server.url(f"/hop{hops}")


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_up_to_the_limit_are_followed(feed_server, status):
    result = fetch(chain(feed_server, SETTINGS.max_redirects, status))
    assert result.ok and result.url == feed_server.url("/hop0") and b"<rss" in result.body


def test_one_redirect_more_than_the_limit_fails_before_the_feed_is_asked(feed_server):
    result = fetch(chain(feed_server, SETTINGS.max_redirects + 1))
    assert result.error == "too many redirects (more than 3)" and not feed_server.requests_to("/hop0")


def test_a_redirect_keeps_the_conditional_headers(feed_server):
    url = chain(feed_server, 1)
    fetch(url, etag='"v1"')
    assert [r.headers.get("if-none-match") for r in feed_server.requests] == ['"v1"', '"v1"']


@pytest.mark.parametrize("url, error", [
    ("ftp://example.org/feed.xml", "redirected to an unsupported URL scheme (ftp)"),
    ("example.org/feed.xml", "redirected to an unsupported URL scheme (example.org/feed.xml)"),
])
def test_a_url_that_is_not_http_is_refused_by_name(url, error):
    result = fetch(url)
    assert (result.error, result.url) == (error, url)  # the failure is recorded against the feed's URL


# ---- size caps ---------------------------------------------------------------------------------

@pytest.mark.parametrize("declare_length", [True, False])
@pytest.mark.parametrize("size, accepted", [(LIMIT, True), (LIMIT + 1, False)])
def test_the_body_cap_is_exactly_max_body_bytes(feed_server, declare_length, size, accepted):
    """With or without a Content-Length (without one, the body is counted as it arrives)."""
    result = fetch(feed_server.add("/sized", body=b"x" * size, declare_length=declare_length))
    if accepted:
        assert result.ok and len(result.body) == LIMIT
    else:
        assert (result.error, result.body) == ("body larger than 50,000 bytes (max_body_bytes)", b"")


@pytest.mark.parametrize("size, accepted", [(200_000, True), (200_001, False)])
def test_the_cap_counts_every_read_of_a_long_body(feed_server, size, accepted):
    """A body of several reads (64 KiB each) without a Content-Length: the cap is on their sum."""
    settings = dataclasses.replace(SETTINGS, max_body_bytes=200_000)
    body = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    with make_client(settings) as client:
        result = fetch_feed(client, feed_server.add("/long", body=body, declare_length=False), settings)
    assert (result.ok, result.body == body) == (accepted, accepted)


def test_a_declared_length_over_the_cap_is_refused_before_the_body_is_read():
    """The server says 60,000 bytes and sends ten: refused for its size, not read until it stops."""
    result = fetch(raw_server(b"HTTP/1.1 200 OK\r\nContent-Length: 60000\r\n\r\n<rss></rss>"))
    assert result.error == "body larger than 50,000 bytes (max_body_bytes)"


def test_the_cap_counts_decompressed_bytes(feed_server):
    exact = fetch(feed_server.add("/gz", body=b" " * LIMIT, gzip=True))
    over = fetch(feed_server.add("/gz-over", body=b" " * (LIMIT + 1), gzip=True))
    assert exact.ok and exact.body == b" " * LIMIT and over.error.startswith("body larger than")


@pytest.mark.parametrize("length", [b"12x", b"\xb2"])  # not a number; a digit that is not ASCII
def test_a_malformed_content_length_is_not_trusted(length):
    url = raw_server(b"HTTP/1.1 200 OK\r\nContent-Length: " + length + b"\r\nConnection: close\r\n\r\n<rss></rss>")
    result = fetch(url)
    assert result.ok and result.body == b"<rss></rss>"


def test_a_refused_body_does_not_spoil_the_next_fetch_on_its_connection(feed_server):
    """The connection a refused or unread body was on is closed, not handed to the next feed."""
    big, small = feed_server.add("/big", body=b"x" * (LIMIT + 1), declare_length=False), \
        feed_server.add_fixture("/rss.xml", "rss20.xml")
    error = feed_server.add("/gone", body=b"<html>" + b"gone " * 2000 + b"</html>", status=410)
    with make_client(SETTINGS) as client:
        results = [fetch_feed(client, url, SETTINGS) for url in (big, small, error, small)]
    assert [r.ok for r in results] == [False, True, False, True]
    assert results[1].body == results[3].body and b"Uzbekistan" in results[3].body


# ---- failures, worded for the health row -------------------------------------------------------

def test_the_timeouts_are_named_with_their_settings(feed_server):
    silent = fetch(feed_server.add("/hang", hang_seconds=30))
    trickle = fetch(feed_server.add("/trickle", body=b"<rss>" + b"x" * 200 + b"</rss>", trickle_seconds=0.5))
    assert silent.error == "read timeout after 2 s"
    assert trickle.error == "too slow: body not complete after 2 s"


@pytest.mark.timeout(60)  # a hang guard, 60 times the second it takes: without a connect timeout
def test_a_host_that_never_accepts_the_connection_is_a_connect_timeout():  # the kernel gives up after ~2 min
    """A listener whose backlog is full drops the next connection's SYN: the connect hangs
    until connect_timeout_seconds ends it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port, waiting = listener.getsockname()[1], []
    for _ in range(3):  # fill the backlog; these are never accepted
        waiting.append(socket.socket())
        waiting[-1].setblocking(False)
        waiting[-1].connect_ex(("127.0.0.1", port))
    try:
        result = fetch(f"http://127.0.0.1:{port}/feed.xml")
    finally:
        for sock in [listener, *waiting]:
            sock.close()
    assert result.error == "connect timeout after 1 s"


def test_a_body_that_is_not_the_compression_it_claims_is_reported(feed_server):
    result = fetch(feed_server.add("/fake-gzip", body=b"<rss>plain</rss>", headers={"Content-Encoding": "gzip"}))
    assert result.error.startswith("cannot decode the compressed body: ")


def test_a_connection_that_ends_mid_body_is_reported():
    result = fetch(raw_server(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<rss>cut short"))
    assert result.error.startswith("connection broken: ") and "IncompleteRead" in result.error


@pytest.mark.parametrize("error, reason", [
    (http_errors.NewConnectionError(None, "Failed: [Errno 101] Network is unreachable"),
     "cannot connect: network unreachable"),
    (http_errors.NewConnectionError(None, "Failed: [Errno 113] No route to host"), "cannot connect: no route to host"),
    (http_errors.NewConnectionError(None, "Failed: something else\nand more"), "cannot connect: None: Failed: something else"),
    (http_errors.NameResolutionError("feeds.example.org", None, socket.gaierror("Name or service not known")),
     "cannot connect: host name not found (DNS lookup failed)"),
    (http_errors.ConnectTimeoutError("slow"), "connect timeout after 1 s"),
    (http_errors.TimeoutError("slow"), "timeout after 2 s"),
    (http_errors.LocationValueError("No host specified."), "invalid URL: No host specified."),
    (ValueError("first line\nsecond line"), "ValueError: first line"),
    (ValueError("  "), "ValueError: ValueError"),
    (ValueError("x" * 400), "ValueError: " + "x" * 300),
])
def test_each_failure_has_its_reason(error, reason):
    assert describe_error(error, SETTINGS) == reason


def test_a_url_without_a_host_is_an_invalid_url():
    assert fetch("http:///feed.xml").error.startswith("invalid URL: ")


# ---- Retry-After ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, seconds", [
    (" 120 ", 120.0), ("0", 0.0), ("", None), (None, None), ("in a while", None),
    ("Mon, 06 Oct 2025 10:00:00 GMT", 0.0),  # a date already past: ask again now
])
def test_retry_after_in_seconds_or_a_date(value, seconds):
    assert parse_retry_after(value) == seconds


@pytest.mark.parametrize("zone", ["GMT", "-0000"])  # "-0000": a date in no zone, read as UTC
def test_retry_after_a_date_ahead_counts_the_seconds_until_it(zone):
    ahead = (datetime.now(timezone.utc) + timedelta(days=2)).replace(microsecond=0)
    seconds = parse_retry_after(format_datetime(ahead, usegmt=True).replace("GMT", zone))
    assert timedelta(days=1) < timedelta(seconds=seconds) <= timedelta(days=2)


# ---- private addresses -------------------------------------------------------------------------

@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"), ("10.1.2.3", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1%eth0", "link-local"), ("224.0.0.1", "multicast"),
    ("0.0.0.0", "private"), ("4000::1", "reserved"), ("100.64.0.1", "non-public"),
    ("93.184.216.34", None), ("::ffff:93.184.216.34", None), ("2606:4700:4700::1111", None),
])
def test_the_kind_of_each_non_public_address(address, kind):
    assert non_public_kind(address) == kind


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_dashboard_feed_is_blocked_at_connect_before_a_byte_is_sent(feed_server, scheme):
    """Over https too: the peer is checked before the TLS handshake."""
    url = feed_server.add_fixture("/rss.xml", "rss20.xml").replace("http:", f"{scheme}:")
    clients = Clients(SETTINGS)
    result = fetch_feed(clients.for_origin("dashboard"), url, SETTINGS)
    clients.clear()
    assert result.error.startswith(BLOCKED) and not feed_server.requests_to("/rss.xml")


@pytest.mark.parametrize("origin, allow_private, blocked", [
    ("config", False, False), ("dashboard", False, True), (None, False, True), ("dashboard", True, False)])
def test_only_dashboard_feeds_are_held_to_public_addresses(feed_server, origin, allow_private, blocked):
    url = feed_server.add_fixture("/rss.xml", "rss20.xml")
    clients = Clients(SETTINGS, allow_private=allow_private)
    result = fetch_feed(clients.for_origin(origin), url, SETTINGS)
    clients.clear()
    assert (result.error or "").startswith(BLOCKED) == blocked and result.ok != blocked


def test_concurrent_fetches_of_one_host_keep_their_connections(feed_server):
    """A poll fetches with several threads (#6): each connection they open to one host is kept
    for the next round, none closed for want of room in the pool."""
    url = feed_server.add("/slow", body=b"<rss>" + b"x" * 6 + b"</rss>", trickle_seconds=0.1)  # 1.2 s each
    rounds = []
    with make_client(SETTINGS) as client:
        for _ in range(2):
            threads = [threading.Thread(target=fetch_feed, args=(client, url, SETTINGS)) for _ in range(3)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            rounds.append({request.client_port for request in feed_server.requests} - set().union(*rounds))
    assert len(rounds[0]) == 3 and rounds[1] == set()


def test_a_round_over_many_hosts_keeps_a_connection_to_each():
    """More hosts than urllib3's default ten pools: the first host's connection is still kept
    when the round comes back to it."""
    from feedserver import FeedServer

    servers = [FeedServer().start() for _ in range(12)]
    try:
        urls = [server.add_fixture("/rss.xml", "rss20.xml") for server in servers]
        with make_client(SETTINGS) as client:
            for url in urls + urls[:1]:
                fetch_feed(client, url, SETTINGS)
        first = [request.client_port for request in servers[0].requests]
    finally:
        for server in servers:
            server.stop()
    assert len(first) == 2 and first[0] == first[1]


def test_each_origin_keeps_its_pool_and_clear_closes_its_connections(feed_server):
    """Polls reuse their kept-alive connections; clear() (the poller stopping) closes them."""
    url = feed_server.add_fixture("/rss.xml", "rss20.xml")
    clients = Clients(SETTINGS, allow_private=True)
    for origin in ("config", "dashboard", "config"):
        fetch_feed(clients.for_origin(origin), url, SETTINGS)
    clients.clear()
    fetch_feed(clients.for_origin("config"), url, SETTINGS)
    clients.clear()
    ports = [request.client_port for request in feed_server.requests]
    assert ports[0] == ports[1] == ports[2] != ports[3]
