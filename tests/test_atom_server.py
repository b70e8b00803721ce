"""The monitor's own output as a subscribable Atom feed, per filter."""
import socket
import urllib.request

import feedparser
import pytest

from ingest.atom_server import start_atom_server

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture
def feed_url(populated):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = start_atom_server(populated.engine, "127.0.0.1", port)
    yield f"http://127.0.0.1:{port}/feed.atom"
    server.shutdown()


def test_atom_feed_of_a_filtered_view(feed_url):
    parsed = feedparser.parse(urllib.request.urlopen(feed_url + "?actor=JPN").read())
    assert [e.title for e in parsed.entries] == ["Japan pledges food aid for Afghan returnees"]
    assert "JPN" in [t.term for t in parsed.entries[0].tags]
    everything = feedparser.parse(urllib.request.urlopen(feed_url).read())
    assert len(everything.entries) == 8 and not everything.bozo


def test_bad_search_and_unknown_path(feed_url):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(feed_url + "?q=%22unclosed")
    assert error.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(feed_url.replace("feed.atom", "etc/passwd"))
    assert error.value.code == 404
