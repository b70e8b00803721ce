"""The monitor's own output as a subscribable Atom feed, per filter, valid by RFC 4287."""
import io
import re
import socket
import urllib.request
from datetime import datetime
from xml.etree import ElementTree as ET

import feedparser
import pytest

from ingest.atom_server import start_atom_server
from ingest.config import DEFAULT_TAXONOMY_PATH

BACKENDS = ("sqlite", "postgresql")
A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def feed_url(populated):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = start_atom_server(populated.engine, "127.0.0.1", port, taxonomy_path=DEFAULT_TAXONOMY_PATH)
    yield f"http://127.0.0.1:{port}/feed.atom"
    server.shutdown()


def fetch(url: str) -> bytes:
    return urllib.request.urlopen(url).read()


# ---- RFC 4287, checked strictly ----------------------------------------------------------

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`\x7f]+$")
UUID_URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
FEED_CHILDREN = {"author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights",
                 "subtitle", "title", "updated", "entry"}
ENTRY_CHILDREN = {"author", "category", "content", "contributor", "id", "link", "published", "rights", "source",
                  "summary", "title", "updated"}


def rfc4287_problems(document: bytes, served: bool = True) -> list[str]:
    """Every breach of RFC 4287's rules (sections 3 and 4) found in `document`."""
    root = ET.parse(io.BytesIO(document)).getroot()
    if root.tag != A + "feed":
        return [f"root is {root.tag}, not atom:feed"]
    problems = _children_problems(root, "feed", FEED_CHILDREN, once=("id", "title", "updated"),
                                  at_most_once=("generator", "icon", "logo", "rights", "subtitle"))
    entries = root.findall(A + "entry")
    feed_author = root.find(A + "author") is not None
    selves = [link for link in root.findall(A + "link") if link.get("rel") == "self"]
    if served and len(selves) != 1:
        problems.append(f"feed: {len(selves)} rel=self links, the served feed needs exactly one")
    problems += _links_problems(root, "feed")
    ids = []
    for number, entry in enumerate(entries):
        where = f"entry {number}"
        problems += _children_problems(entry, where, ENTRY_CHILDREN, once=("id", "title", "updated"),
                                       at_most_once=("content", "published", "rights", "source", "summary"))
        problems += _links_problems(entry, where)
        if not feed_author and entry.find(A + "author") is None:
            problems.append(f"{where}: no atom:author in the entry or the feed (4.1.1)")
        alternates = [link for link in entry.findall(A + "link") if link.get("rel", "alternate") == "alternate"]
        if entry.find(A + "content") is None and not alternates:
            problems.append(f"{where}: neither atom:content nor a rel=alternate link (4.1.2)")
        ids.append(entry.findtext(A + "id"))
    if len(set(ids)) != len(ids):
        problems.append("two entries share an id")
    return problems


def _children_problems(element, where, allowed, once, at_most_once) -> list[str]:
    problems = []
    names = [child.tag[len(A):] for child in element if child.tag.startswith(A)]
    problems += [f"{where}: atom:{name} is not an element of atom:{where.split()[0]}" for name in names
                 if name not in allowed]
    problems += [f"{where}: needs exactly one atom:{name}, has {names.count(name)}" for name in once
                 if names.count(name) != 1]
    problems += [f"{where}: more than one atom:{name}" for name in at_most_once if names.count(name) > 1]
    for child in element:
        name = child.tag[len(A):]
        if name == "id" and not IRI.match(child.text or ""):
            problems.append(f"{where}: id {child.text!r} is not an IRI (3.5.1)")
        if name == "id" and (child.text or "").startswith("urn:uuid:") and not UUID_URN.match(child.text):
            problems.append(f"{where}: id {child.text!r} is a malformed urn:uuid")
        if name in ("updated", "published"):
            problems += _date_problems(child.text or "", f"{where}: {name}")
        if name in ("title", "subtitle", "summary", "rights", "content") and child.get("type", "text") not in (
                "text", "html", "xhtml"):
            problems.append(f"{where}: {name} has type {child.get('type')!r}")
        if name in ("title",) and not (child.text or "").strip():
            problems.append(f"{where}: empty title")
        if name in ("author", "contributor") and len(child.findall(A + "name")) != 1:
            problems.append(f"{where}: a person construct needs exactly one atom:name (3.2)")
        if name == "category" and not child.get("term"):
            problems.append(f"{where}: category without term (4.2.2)")
    return problems


def _date_problems(text: str, where: str) -> list[str]:
    if not RFC3339.match(text):
        return [f"{where} {text!r} is not an RFC 3339 date-time (3.3)"]
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return [f"{where} {text!r} is no real date"]
    return []


def _links_problems(element, where) -> list[str]:
    problems, alternates = [], []
    for link in element.findall(A + "link"):
        href = link.get("href")
        if not href or not IRI.match(href):
            problems.append(f"{where}: link href {href!r} is not an IRI (4.2.7.1)")
        if link.get("rel", "alternate") == "alternate":
            alternates.append((link.get("type"), link.get("hreflang")))
    if len(set(alternates)) != len(alternates):
        problems.append(f"{where}: two alternate links with the same type and hreflang (4.1.1)")
    return problems


def test_the_checker_finds_what_the_old_feed_got_wrong():
    """The feed the monitor served before issue #13: a title from a file name, an id with
    spaces, no author, no self link."""
    old = (b"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
           b"<title>Taliban engagement monitor: start_now_RUS</title>"
           b"<id>urn:taliban-monitor:Taliban engagement monitor: start_now_RUS</id>"
           b"<updated>2025-09-21T00:00:00Z</updated><entry><title>t</title><id>urn:seed:x</id>"
           b"<updated>2025-09-21 00:00:00</updated><summary>s</summary></entry></feed>")
    problems = " | ".join(rfc4287_problems(old))
    for expected in ("is not an IRI", "0 rel=self", "no atom:author", "RFC 3339",
                     "neither atom:content"):
        assert expected in problems, problems


# ---- the feed ----------------------------------------------------------------------------

def test_atom_feed_of_a_filtered_view(feed_url):
    parsed = feedparser.parse(fetch(feed_url + "?actor=JPN"))
    assert [e.title for e in parsed.entries] == ["Japan pledges food aid for Afghan returnees"]
    assert "JPN" in [t.term for t in parsed.entries[0].tags]
    everything = feedparser.parse(fetch(feed_url))
    assert len(everything.entries) == 8 and not everything.bozo


@pytest.mark.parametrize("query", ["", "?actor=RUS", "?actor=RUS&topic=recognition", "?q=Taliban%20AND%20talks",
                                   "?since=2025-01-01&until=2025-12-31&level=high_level_contact&part=1",
                                   "?source=Atom%20Desk&lang=en"])
def test_every_view_is_valid_atom(feed_url, query):
    """Issue #13, point 9: checked against RFC 4287's rules, the seed's urn: address included."""
    document = fetch(feed_url + query)
    assert rfc4287_problems(document) == []
    root = ET.fromstring(document)
    self_link = next(link.get("href") for link in root.findall(A + "link") if link.get("rel") == "self")
    assert feedparser.parse(fetch(self_link)).feed.title == root.findtext(A + "title")  # the self link serves it


def test_the_title_says_the_filter_in_words_and_the_id_stays(feed_url):
    root = ET.fromstring(fetch(feed_url + "?actor=RUS&topic=recognition"))
    assert root.findtext(A + "title") == "Taliban engagement monitor — Russia, recognition"
    assert root.findtext(A + "author/" + A + "name") == "Taliban engagement monitor"
    same_view = ET.fromstring(fetch(feed_url + "?topic=recognition&actor=RUS"))
    other_view = ET.fromstring(fetch(feed_url + "?actor=RUS"))
    assert same_view.findtext(A + "id") == root.findtext(A + "id") != other_view.findtext(A + "id")
    seed = next(e for e in root.findall(A + "entry") if e.findtext(A + "title").startswith("The Taliban are reaching"))
    assert seed.findtext(A + "id").startswith("urn:uuid:") and seed.find(A + "content") is not None
    assert ET.fromstring(fetch(feed_url)).findtext(A + "title") == "Taliban engagement monitor — all stories"


def test_the_exported_atom_file_is_valid_too(populated, tmp_path):
    from ingest.cli import main

    out = tmp_path / "view.xml"
    assert main(["export", "--config", str(populated.config.path), "--format", "atom", "--actor", "PAK",
                 "--out", str(out)]) == 0
    assert rfc4287_problems(out.read_bytes(), served=False) == []
    assert ET.parse(out).getroot().findtext(A + "title") == "Taliban engagement monitor — Pakistan"


def test_bad_search_and_unknown_path(feed_url):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(feed_url + "?q=%22unclosed")
    assert error.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(feed_url.replace("feed.atom", "etc/passwd"))
    assert error.value.code == 404


def test_a_second_monitor_links_to_no_feed_when_the_port_is_taken(populated):
    """Two monitors on one machine (two databases, PORT=8660 ./run.sh beside ./run.sh): the
    second cannot bind the configured Atom port, so it must not show the first one's feed
    (another database) as its own; the first shows the port it holds."""
    from ingest.atom_server import feed_base

    first = start_atom_server(populated.engine, "127.0.0.1", 0)
    try:
        port = first.server_address[1]
        with pytest.raises(OSError):
            start_atom_server(populated.engine, "127.0.0.1", port)
        assert feed_base(first, "127.0.0.1") == f"http://localhost:{port}/feed.atom"
        assert feed_base(None, "127.0.0.1") is None
        assert feed_base(None, "127.0.0.1", "https://monitor.example.org/feed.atom") == "https://monitor.example.org/feed.atom"
    finally:
        first.shutdown()
        first.server_close()
