"""Stage 3, process (ingest/process.py), as a reader sees it after a poll: the address a
story is stored under (ports, empty paths and parameters kept as the publisher wrote
them, aggregator redirects unwrapped), which copies of a headline meet as one story and
which stay apart, the count of items left out, and the date an event restated by a story
is given. Every test polls local feeds into a fresh database."""
from datetime import date, datetime, timezone

import pytest

from sqlalchemy import select, update

from db.models import EngagementEvent, Feed, Story, StorySource
from db.session import session_scope
from test_promises_ingest import fed_stories, poll_in_order, rss


def stored_urls(engine) -> dict[str, str]:
    """Title -> the URL each fed story is stored under (and linked to on the dashboard)."""
    with session_scope(engine) as session:
        return dict(session.execute(select(Story.title, Story.url).where(Story.is_seed.is_(False))).all())


LINKS = [  # (the item's link in the feed, the story's stored link)
    ("http://news.example.org:8080/world/1", "http://news.example.org:8080/world/1"),  # a port is part of the address
    ("https://news.example.org:443/world/2", "https://news.example.org/world/2"),  # the default ports are not
    ("http://news.example.org:80/world/3", "http://news.example.org/world/3"),
    ("https://news.example.org?p=4", "https://news.example.org/?p=4"),  # an empty path is "/"
    ("https://news.example.org/view?story&id=5&utm_source=rss", "https://news.example.org/view?story=&id=5"),
    # an aggregator's redirect: the real article, even after a search parameter named like a link one
    ("https://www.bing.com/news/apiclick.aspx?q=Taliban+talks&url=https%3A%2F%2Fwww.publisher.example%2Fworld%2F6",
     "https://www.publisher.example/world/6"),
    ("https://uk.news.yahoo.com/r?u=http%3A%2F%2Fwww.publisher.example%2Fworld%2F7",  # a subdomain, an http link
     "http://www.publisher.example/world/7"),
    # a publisher's own link that carries another address is not a redirect
    ("https://www.publisher.example/share?url=https%3A%2F%2Fother.example%2F8",
     "https://www.publisher.example/share?url=https%3A%2F%2Fother.example%2F8"),
]


def test_stories_are_stored_under_the_publishers_address(feed_server, make_config):
    items = [{"title": f"Taliban delegation story number {n}", "link": link, "guid": f"g-{n}"}
             for n, (link, _) in enumerate(LINKS)]
    runtime, _ = poll_in_order(feed_server, make_config, [("A", rss(*items))])
    assert stored_urls(runtime.engine) == {f"Taliban delegation story number {n}": stored
                                           for n, (_, stored) in enumerate(LINKS)}


def test_an_aggregator_link_without_the_article_in_it_gives_way_to_the_entrys_other_link(feed_server, make_config):
    """An Atom entry from a news search: its alternate link is the search engine's redirect
    (no article address in it), a related link is the publisher's: the story is stored under
    the publisher's."""
    body = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Search</title>'
            '<id>urn:search</id><updated>2025-11-03T09:00:00Z</updated><entry>'
            '<title>Taliban envoy in Tashkent for rail talks</title><id>urn:search:1</id>'
            '<updated>2025-11-03T09:00:00Z</updated>'
            '<link rel="alternate" href="https://news.google.com/rss/articles/CBMiXmh0dHBzOi8v?oc=5"/>'
            '<link rel="related" href="https://www.publisher.example/world/rail-talks"/>'
            '<summary>Officials in Kabul welcomed the envoy.</summary></entry></feed>').encode()
    runtime, _ = poll_in_order(feed_server, make_config, [("A", body)])
    assert stored_urls(runtime.engine) == {"Taliban envoy in Tashkent for rail talks":
                                           "https://www.publisher.example/world/rail-talks"}


KABUL_SUMMARY = "Taliban officials in Kabul commented on the talks."
MEET = [  # two outlets' titles for one story (different links): one story with both sources
    ("Taliban meet Russian envoy in Doha.", "Taliban meet Russian envoy in Doha"),
    ("Kaboul: la délégation talibane reçue à Moscou", "Kaboul : la delegation talibane recue a Moscou"),
    ("Afghanistan's envoy opens Tashkent talks", "Afghanistans envoy opens Tashkent talks"),
]


def test_copies_of_a_headline_meet(feed_server, make_config):
    """(Headlines in other scripts: tests/test_dedup.py.)"""
    first = [{"title": a, "link": f"https://a.example.org/{n}", "guid": f"a-{n}", "summary": KABUL_SUMMARY}
             for n, (a, _) in enumerate(MEET)]
    second = [{"title": b, "link": f"https://b.example.org/{n}", "guid": f"b-{n}", "summary": KABUL_SUMMARY}
              for n, (_, b) in enumerate(MEET)]
    runtime, _ = poll_in_order(feed_server, make_config, [("A", rss(*first)), ("B", rss(*second))])
    assert fed_stories(runtime.engine) == [(f"https://a.example.org/{n}", ["A", "B"]) for n in range(len(MEET))]


def test_a_story_stored_by_an_earlier_version_still_meets_its_copy(feed_server, make_config):
    """Title keys are stored. This story's key is set to the value an earlier version wrote
    (fixed here); a copy of the headline from another outlet, arriving now, must find it. A
    change to the key's recipe needs a migration that re-keys stored stories (0008 did)."""
    from ingest.orchestrator import Pipeline
    from ingest.runtime import prepare

    stored_earlier = "420144eb1d37424f5d4f08a6b5012490"  # title_key("Afghanistan’s envoy meets Taliban – Reuters")
    runtime = prepare(make_config({
        "A": feed_server.add("/a.xml", body=rss({"title": "Afghanistan’s envoy meets Taliban – Reuters",
                                                  "link": "https://a.example.org/k"})),
        "B": feed_server.add("/b.xml", body=rss({"title": "Afghanistan's envoy meets Taliban - AP",
                                                  "link": "https://b.example.org/k"}))}))
    with session_scope(runtime.engine) as session:
        ids = dict(session.execute(select(Feed.name, Feed.id)).all())
    pipeline = Pipeline(runtime.config, runtime.engine)
    pipeline.refresh_feed(ids["A"])
    with session_scope(runtime.engine, write=True) as session:
        session.execute(update(Story).where(Story.url == "https://a.example.org/k").values(title_key=stored_earlier))
    pipeline.refresh_feed(ids["B"])
    assert fed_stories(runtime.engine) == [("https://a.example.org/k", ["A", "B"])]


def test_items_left_out_are_counted_and_a_term_in_the_summary_is_enough(feed_server, make_config):
    items = [{"title": "Cricket: Lahore side wins final in Karachi", "link": "https://a.example.org/1",
              "summary": "The home side chased 180 with two overs to spare."},
             {"title": "Envoys meet in Doha", "link": "https://a.example.org/2",
              "summary": "The Taliban government sent its deputy foreign minister."},
             {"title": "Markets close higher in Tokyo", "link": "https://a.example.org/3",
              "summary": "The Nikkei rose one per cent."}]
    runtime, results = poll_in_order(feed_server, make_config, [("A", rss(*items))])
    assert results[0].not_relevant == 2  # the `once` table's not_relevant column
    assert list(stored_urls(runtime.engine)) == ["Envoys meet in Doha"]


def test_english_prose_about_something_else_is_left_out_but_a_bare_headline_and_other_languages_stay(
        feed_server, make_config):
    """Issue #15.7: "Afghan" and "Kabul" bring in stories about other things. One whose
    summary is English prose with no topic and no engagement event is left out; a
    headline alone says too little to judge, and the taxonomy's words are English."""
    items = [{"title": "Afghan families in Hamburg fly kites to welcome the spring", "link": "https://a.example.org/1",
              "summary": "Hundreds of people from the city's Afghan community gathered on a meadow by the Alster "
                         "on Sunday, where children raced paper kites and older men played music late into the "
                         "evening, organisers of the yearly festival said."},
             {"title": "Qatar hosts Taliban delegation for talks on trade", "link": "https://a.example.org/2",
              "summary": "DOHA (Reuters) - Qatar hosted a Taliban delegation led by the commerce minister on "
                         "Monday for talks on trade and transit, the foreign ministry said in a short statement "
                         "released after the meeting in the capital."},
             {"title": "Taliban statement expected on Monday", "link": "https://a.example.org/3"},
             {"title": "Kaboul : une soirée de poésie afghane à Paris", "link": "https://a.example.org/4",
              "summary": "Des poètes afghans en exil ont lu leurs textes devant une salle comble samedi soir, dans "
                         "une librairie du quartier latin, pour la troisième année de suite depuis leur arrivée en "
                         "France après la chute de la république."}]
    runtime, results = poll_in_order(feed_server, make_config, [("A", rss(*items))])
    assert results[0].not_relevant == 1
    assert sorted(stored_urls(runtime.engine)) == ["Kaboul : une soirée de poésie afghane à Paris",
                                                   "Qatar hosts Taliban delegation for talks on trade",
                                                   "Taliban statement expected on Monday"]


def test_an_event_restated_by_a_story_is_dated_from_the_storys_own_date(feed_server, make_config):
    """"Russia, which recognised the Taliban government in July", published in November 2025:
    the recognition is of July 2025, not of the July before the day the poll runs."""
    item = {"title": "Uzbekistan hosts regional talks on Afghan rail", "link": "https://a.example.org/rail",
            "published": datetime(2025, 11, 4, 9, 0, tzinfo=timezone.utc),
            "summary": "TASHKENT (AP) — Uzbekistan hosted Taliban ministers for rail talks on Tuesday. Russia, "
                       "which recognised the Taliban government in July, sent an observer."}
    runtime, _ = poll_in_order(feed_server, make_config, [("A", rss(item))])
    with session_scope(runtime.engine) as session:
        dates = session.scalars(select(EngagementEvent.event_date).join(Story).join(StorySource)
                                .where(StorySource.source_name == "A", EngagementEvent.actor == "RUS",
                                       EngagementEvent.level == "recognition")).all()
    assert [d.date() for d in dates] == [date(2025, 7, 1)]


def test_outlets_reporting_one_event_share_it_when_polled_one_by_one(feed_server, make_config):
    """The words each item is clustered by are computed here (in the parse stage); `once`
    with several feeds does it in worker processes, so this polls in this process."""
    from test_clustering import CEASEFIRE, NEAR_MISSES, rss as outlet_rss

    stories = CEASEFIRE + NEAR_MISSES
    outlets = sorted({outlet for outlet, *_ in stories})
    bodies = [(outlet, outlet_rss([s for s in stories if s[0] == outlet])) for outlet in outlets]
    runtime, _ = poll_in_order(feed_server, make_config, bodies)
    with session_scope(runtime.engine) as session:
        event = {url.rsplit("/", 1)[1]: cluster for url, cluster in session.execute(
            select(Story.url, Story.cluster_id).where(Story.url.like("https://news.example/%")))}
    assert event["ceasefire-1"] == event["ceasefire-2"] == event["ceasefire-3"]
    assert len({event["ceasefire-1"], event["strikes"], event["istanbul"]}) == 3


SAME_EVENT = [  # (outlet, guid, published, title, summary) twice: one event told in its summary, then in its title
    [("Wire", "summary-1", "2025-10-19T03:00:00", "Guns fall silent on the Durand Line",
      "Pakistan and the Taliban government agreed to an immediate ceasefire after talks in Doha, Qatar's foreign "
      "ministry said early on Sunday."),
     ("Daily", "summary-2", "2025-10-19T08:00:00", "Truce announced after Gulf-hosted negotiations",
      "Pakistan and the Taliban government agreed an immediate ceasefire after talks in Doha, Qatar's foreign "
      "ministry said on Sunday.")],
    [("Wire", "title-1", "2025-10-19T03:00:00", "Pakistan and Afghanistan agree immediate ceasefire after Doha talks",
      "Officials in both capitals welcomed the news."),
     ("Daily", "title-2", "2025-10-19T08:00:00",
      "Pakistan and Afghanistan agree immediate ceasefire after Doha talks, Qatar says",
      "Reporting by our correspondent; editing by the desk.")],
]


@pytest.mark.parametrize("stories", SAME_EVENT, ids=["told in the summaries", "told in the titles"])
def test_an_event_is_recognised_in_titles_and_summaries_alike(feed_server, make_config, stories):
    from test_clustering import rss as outlet_rss

    runtime, _ = poll_in_order(feed_server, make_config, [(s[0], outlet_rss([s])) for s in stories])
    with session_scope(runtime.engine) as session:
        events = session.scalars(select(Story.cluster_id).where(Story.url.like("https://news.example/%"))).all()
    assert len(events) == 2 and len(set(events)) == 1
