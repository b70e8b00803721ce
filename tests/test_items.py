"""A changed feed is parsed for its changed items only (ingest/items.py), and whatever
cannot be cut cleanly is parsed whole: the stories stored are the same either way."""
import pytest
from sqlalchemy import select

from db.models import Feed, FetchLog, Story
from db.session import session_scope
from ingest import digest as digest_module
from ingest.items import changed_items, split_items
from ingest.orchestrator import Pipeline, enabled_feed_ids
from ingest.runtime import prepare

BACKENDS = ("sqlite",)

HEAD = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Desk</title>"
        "<link>https://desk.example.org/</link><description>d</description><ttl>90</ttl>")


def rss(*items: str, head: str = HEAD) -> bytes:
    return (head + "".join(items) + "</channel></rss>").encode()


def item(number: int, title: str | None = None, summary: str = "") -> str:
    title = title or f"Uzbek and Taliban officials hold rail talks in Termez, round {number}"
    summary = summary or f"Officials of Uzbekistan and the Taliban discussed freight tariffs, round {number}."
    return (f"<item><title>{title}</title><link>https://desk.example.org/{number}</link>"
            f"<guid>https://desk.example.org/{number}</guid><description>{summary}</description>"
            f"<pubDate>Mon, 0{1 + number % 8} Jun 2026 08:00:00 GMT</pubDate></item>")


def test_a_body_is_cut_at_its_items_and_put_together_again():
    body = rss(item(1), item(2), item(3))
    split = split_items(body)
    assert len(split.items) == 3 and split.head.endswith(b"<ttl>90</ttl>") and split.tail == b"</channel></rss>"
    assert split.with_items(split.items) == rss(item(1) + "\n", item(2) + "\n", item(3))


@pytest.mark.parametrize("body", [
    rss(item(1), "<item><title>open</title>", item(2)),  # an item that never closes
    rss(item(1), f"<item><title>x</title><description><![CDATA[a stray <item> in text]]></description></item>"),
    rss(item(1)).decode().encode("utf-16"),
    rss(),  # no items at all
])
def test_a_body_that_cannot_be_cut_with_certainty_is_parsed_whole(body):
    assert split_items(body) is None
    assert changed_items(body, "anything", "anything", 50).document == body


def test_items_recorded_under_another_fingerprint_are_all_read_again():
    body = rss(item(1), item(2))
    first = changed_items(body, None, "tagger-a", 50)
    assert first.document == body and first.unchanged == 0
    assert changed_items(body, first.digests, "tagger-a", 50).unchanged == 1  # the first is read: a feed needs one
    assert changed_items(body, first.digests, "tagger-b", 50).document == body


@pytest.fixture
def parsed_titles(monkeypatch):
    """The titles feedparser was given to read, poll by poll."""
    seen = []
    original = digest_module.parse_feed

    def recording(body, *args, **kwargs):
        parsed = original(body, *args, **kwargs)
        seen.append(sorted(entry.title for entry in parsed.entries))
        return parsed

    monkeypatch.setattr(digest_module, "parse_feed", recording)
    return seen


def poll(runtime):
    with Pipeline(runtime.config, runtime.engine) as pipeline:
        return pipeline.poll_feeds(enabled_feed_ids(runtime.engine), workers=1)


def test_a_poll_parses_only_the_items_that_changed_and_stores_as_a_whole_parse_would(
        feed_server, make_config, parsed_titles):
    route = feed_server.add("/desk.xml", body=rss(item(1), item(2), item(3)))
    runtime = prepare(make_config({"Desk": route}))
    poll(runtime)
    assert len(parsed_titles[-1]) == 3
    changed = item(2, summary="Officials of Uzbekistan and the Taliban agreed freight tariffs, revised figures.")
    feed_server.add("/desk.xml", body=rss(item(4), item(1), changed, item(3)))
    result, = poll(runtime)
    assert parsed_titles[-1] == sorted([
        "Uzbek and Taliban officials hold rail talks in Termez, round 4",
        "Uzbek and Taliban officials hold rail talks in Termez, round 2"])
    assert (result.seen, result.counts.new, result.counts.updated) == (4, 1, 1)
    with session_scope(runtime.engine) as session:
        summaries = {story.title[-7:]: story.summary for story in session.scalars(select(Story).where(~Story.is_seed))}
        feed = session.scalar(select(Feed))
        seen_logged = session.scalars(select(FetchLog.items_seen).order_by(FetchLog.id)).all()
    assert set(summaries) == {"round 1", "round 2", "round 3", "round 4"}
    assert "revised figures" in summaries["round 2"]
    assert feed.hint_minutes == 90  # the channel's ttl is read from the kept head
    assert seen_logged == [3, 4]


def test_a_wider_relevance_term_reads_items_an_earlier_poll_dropped(feed_server, make_config, parsed_titles):
    emirate = ("<item><title>Uzbekistan and the Islamic Emirate sign rail transit agreement in Tashkent</title>"
               "<link>https://desk.example.org/e</link><guid>https://desk.example.org/e</guid><description>Ministers "
               "of Uzbekistan and the Islamic Emirate signed a rail transit agreement in Tashkent on Monday."
               "</description></item>")
    route = feed_server.add("/desk.xml", body=rss(item(1), emirate))
    config = make_config({"Desk": route})
    narrow = config.read_text().replace("[database]", '[relevance]\nterms = ["taliban"]\n[database]', 1)
    config.write_text(narrow)
    runtime = prepare(config)
    poll(runtime)
    poll(runtime)  # nothing changed in the body: nothing parsed again
    assert len(parsed_titles) == 1
    feed_server.add("/desk.xml", body=rss(item(1), emirate, item(5)))
    config.write_text(narrow.replace('terms = ["taliban"]', 'terms = ["taliban", "islamic emirate"]'))
    runtime = prepare(config)
    poll(runtime)
    assert len(parsed_titles[-1]) == 3  # the new terms read every item again
    with session_scope(runtime.engine) as session:
        titles = set(session.scalars(select(Story.title)))
    assert "Uzbekistan and the Islamic Emirate sign rail transit agreement in Tashkent" in titles
