"""The real fetcher against a local server: validators, limits, faults."""
import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from ingest.config import SchedulerConfig
from ingest.fetch import fetch_feed, make_client, parse_retry_after

SETTINGS = SchedulerConfig(connect_timeout_seconds=1.0, fetch_timeout_seconds=2.0, max_body_bytes=50_000,
                           max_redirects=3)


def fetch(url, **kwargs):
    with make_client(SETTINGS) as client:
        return fetch_feed(client, url, SETTINGS, **kwargs)


def test_fetch_returns_body_and_validators(feed_server):
    url = feed_server.add_fixture("/rss.xml", "rss20.xml")
    result = fetch(url)
    assert result.ok and result.http_status == 200
    assert b"Uzbekistan signs rail transit deal" in result.body
    assert result.etag and result.last_modified


def test_conditional_get_gets_304_and_no_body(feed_server):
    url = feed_server.add_fixture("/rss.xml", "rss20.xml")
    first = fetch(url)
    second = fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.body == b""
    sent = feed_server.requests_to("/rss.xml")[-1].headers
    assert sent["if-none-match"] == first.etag
    assert sent["if-modified-since"] == first.last_modified


def test_a_round_of_conditional_gets_keeps_one_connection(feed_server):
    """#6: a re-poll of unchanged feeds costs its requests, not a new connection each."""
    urls = [feed_server.add_fixture(f"/f{n}.xml", "rss20.xml") for n in range(3)]
    with make_client(SETTINGS) as client:
        first = [fetch_feed(client, url, SETTINGS) for url in urls]
        again = [fetch_feed(client, url, SETTINGS, etag=got.etag) for url, got in zip(urls, first)]
    assert all(got.ok and got.body for got in first) and all(got.not_modified for got in again)
    assert len({request.client_port for request in feed_server.requests}) == 1


def test_sends_descriptive_user_agent_and_accepts_gzip(feed_server):
    url = feed_server.add_fixture("/gz.xml", "rss20.xml", gzip=True)
    result = fetch(url)
    assert b"<rss" in result.body
    headers = feed_server.requests_to("/gz.xml")[0].headers
    assert "TalibanEngagementMonitor" in headers["user-agent"]
    assert "gzip" in headers["accept-encoding"]


@pytest.mark.parametrize("status", [404, 500, 503])
def test_http_errors_are_reported_with_status(feed_server, status):
    url = feed_server.add("/e", body=b"no", status=status)
    result = fetch(url)
    assert not result.ok and result.http_status == status
    assert result.error.startswith(f"HTTP {status}")


def test_retry_after_is_read_on_429(feed_server):
    url = feed_server.add("/busy", body=b"slow down", status=429, headers={"Retry-After": "120"})
    result = fetch(url)
    assert result.http_status == 429 and result.retry_after_seconds == 120


def test_retry_after_accepts_http_dates():
    assert parse_retry_after("Wed, 21 Oct 2099 07:28:00 GMT") > 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("²") is None  # a digit to str.isdigit, not to float()


def test_redirect_is_followed(feed_server):
    target = feed_server.add_fixture("/new.xml", "atom.xml")
    url = feed_server.add("/old.xml", redirect_to=target, status=301)
    result = fetch(url)
    assert result.ok and result.url.endswith("/new.xml")


def test_redirect_loop_fails_cleanly(feed_server):
    feed_server.add("/a", redirect_to=feed_server.url("/b"))
    feed_server.add("/b", redirect_to=feed_server.url("/a"))
    result = fetch(feed_server.url("/a"))
    assert "too many redirects" in result.error


def test_redirect_to_other_scheme_is_refused(feed_server):
    url = feed_server.add("/ftp", redirect_to="ftp://example.org/feed.xml")
    result = fetch(url)
    assert not result.ok and "unsupported" in result.error


def test_oversize_body_is_refused(feed_server):
    url = feed_server.add("/big", body=b"<rss>" + b"x" * 60_000 + b"</rss>")
    result = fetch(url)
    assert "larger than 50,000 bytes" in result.error


def test_oversize_gzip_body_is_capped_after_decompression(feed_server):
    url = feed_server.add("/bomb", body=b"<rss>" + b" " * 5_000_000 + b"</rss>", gzip=True)
    result = fetch(url)
    assert "larger than" in result.error


def test_silent_server_times_out(feed_server):
    """The server stays silent far longer than the timeout: only a working timeout ends the
    fetch with a timeout (no clock in the test: issue #14, point 6)."""
    url = feed_server.add("/hang", hang_seconds=30)
    result = fetch(url)
    assert "timeout" in result.error


def test_trickling_server_is_cut_at_the_deadline(feed_server):
    url = feed_server.add("/trickle", body=b"<rss>" + b"x" * 200 + b"</rss>", trickle_seconds=0.5)
    result = fetch(url)  # the whole body would take 100 s: only the deadline ends the fetch early
    assert not result.ok and ("too slow" in result.error or "timeout" in result.error)


def test_connection_refused_is_reported():
    result = fetch("http://127.0.0.1:9/feed.xml")
    assert result.error == "cannot connect: connection refused"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_https_feed_with_an_untrusted_certificate_is_refused(tmp_path):
    key, certificate = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(b"<rss>")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = fetch(f"https://127.0.0.1:{server.server_address[1]}/feed.xml")
    finally:
        server.shutdown()
    assert not result.ok and result.error.startswith("TLS error") and "certificate verify failed" in result.error
