"""End to end: `python -m ingest once` on a temporary database against local feeds."""
import json

from sqlalchemy import delete, func, select, update

from db.models import EngagementEvent, Feed, FetchLog, Story, StorySource, Tag
from db.session import session_scope
from ingest.cli import main

BACKENDS = ("sqlite", "postgresql")  # every database test here runs on both


def run_cli(*args):
    return main(list(args))


def stories_by_title(engine):
    with session_scope(engine) as session:
        return {s.title: s for s in session.scalars(select(Story))}


def setup_feeds(feed_server, make_config):
    feeds = {
        "Wire": feed_server.add_fixture("/rss.xml", "rss20.xml"),
        "Atom Desk": feed_server.add_fixture("/atom.xml", "atom.xml", content_type="application/atom+xml"),
        "RDF": feed_server.add_fixture("/rdf.xml", "rss10.rdf"),
        "Latin": feed_server.add_fixture("/latin.xml", "latin1.xml", content_type="application/rss+xml"),
        "Broken": feed_server.add_fixture("/bozo.xml", "bozo.xml"),
    }
    return make_config(feeds)


def open_engine(config_path):
    from ingest.runtime import prepare
    return prepare(config_path).engine


def test_once_stores_relevant_items_exactly_once(feed_server, make_config, capsys):
    config = setup_feeds(feed_server, make_config)
    assert run_cli("once", "--config", str(config)) == 0
    out = capsys.readouterr().out
    assert "5 feeds polled, 0 failed" in out
    stories = stories_by_title(open_engine(config))
    titles = set(stories)
    assert "Pakistan expels thousands more Afghans as deadline passes" in titles
    assert "Germany deports 81 Afghan offenders on charter flight" in titles
    assert "UN Security Council extends UNAMA mandate" in titles
    assert "Qatar hosts Taliban delegation for talks on detained Americans" in titles
    assert any("Kaboul" in t and "dénonce" in t for t in titles)
    # decoys are counted, never stored
    assert not any("Cricket" in t or "inflation" in t or "Chile" in t for t in titles)
    # the rail story came from two feeds: one story, two sources
    rail = [s for t, s in stories.items() if t.startswith("Uzbekistan signs rail transit deal")]
    assert len(rail) == 1
    engine = open_engine(config)
    with session_scope(engine) as session:
        names = set(session.scalars(select(StorySource.source_name).where(StorySource.story_id == rail[0].id)))
        assert names == {"Wire", "Atom Desk"}
        assert rail[0].url == "https://wire.example.org/asia/2025/10/uzbek-rail-deal"
        log = session.scalar(select(FetchLog).join(Feed).where(Feed.name == "Wire"))
        # the rail story may have arrived first through the other feed (feeds poll in parallel)
        assert (log.items_seen, log.items_new + log.items_duplicate, log.items_not_relevant) == (4, 3, 1)


def test_second_once_adds_nothing_and_sends_conditional_headers(feed_server, make_config, capsys):
    config = setup_feeds(feed_server, make_config)
    run_cli("once", "--config", str(config))
    engine = open_engine(config)
    with session_scope(engine) as session:
        before = session.scalar(select(func.count(Story.id)))
    assert run_cli("once", "--config", str(config)) == 0
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(Story.id))) == before
        outcomes = set(session.scalars(select(FetchLog.outcome).order_by(FetchLog.id.desc()).limit(5)))
    assert outcomes == {"not_modified"}
    second = feed_server.requests_to("/rss.xml")[-1].headers
    assert "if-none-match" in second and "if-modified-since" in second


def test_unchanged_body_without_validators_is_skipped_by_hash(feed_server, make_config):
    url = feed_server.add_fixture("/plain.xml", "rss20.xml", validators=False)
    config = make_config({"Plain": url})
    run_cli("once", "--config", str(config))
    run_cli("once", "--config", str(config))
    with session_scope(open_engine(config)) as session:
        outcomes = list(session.scalars(select(FetchLog.outcome).order_by(FetchLog.id)))
    assert outcomes == ["ok", "unchanged"]


def test_unreachable_feed_shows_its_error_while_others_succeed(feed_server, make_config, capsys):
    config = make_config({
        "Good": feed_server.add_fixture("/rss.xml", "rss20.xml"),
        "Dead host": "http://127.0.0.1:9/feed.xml",
        "Missing": feed_server.url("/nothing-here.xml"),
        "Web page": feed_server.add_fixture("/page.html", "not_a_feed.html", content_type="text/html"),
    })
    assert run_cli("once", "--config", str(config)) == 0
    capsys.readouterr()
    assert run_cli("feeds", "--config", str(config)) == 0
    table = capsys.readouterr().out
    lines = {line.split("  ")[0]: line for line in table.splitlines()[2:]}
    assert "fetch: cannot connect: connection refused" in lines["Dead host"]
    assert " 200 " in lines["Good"] and "200.0" not in lines["Good"]  # the status as sent, not a float
    assert "fetch: HTTP 404" in lines["Missing"]
    assert "parse: not a feed (HTML page)" in lines["Web page"]
    assert " ok " in lines["Good"]
    with session_scope(open_engine(config)) as session:
        feed = session.scalar(select(Feed).where(Feed.name == "Dead host"))
        assert feed.error_count == 1 and feed.next_check_at > feed.last_checked_at


def test_failing_feed_backs_off_and_recovers(feed_server, make_config):
    from ingest.orchestrator import Pipeline
    from ingest.runtime import prepare

    url = feed_server.add("/flaky.xml", body=b"down", status=500)
    runtime = prepare(make_config({"Flaky": url}))
    pipeline = Pipeline(runtime.config, runtime.engine)
    with session_scope(runtime.engine) as session:
        feed_id = session.scalar(select(Feed.id))
    waits = []
    for _ in range(3):
        result = pipeline.refresh_feed(feed_id)
        with session_scope(runtime.engine) as session:
            feed = session.get(Feed, feed_id)
            waits.append(feed.next_check_at - feed.last_checked_at)
    assert result.error == "fetch: HTTP 500 Internal Server Error"
    assert waits[0] < waits[1] < waits[2]
    feed_server.add_fixture("/flaky.xml", "rss20.xml")
    assert pipeline.refresh_feed(feed_id).outcome == "ok"
    with session_scope(runtime.engine) as session:
        feed = session.get(Feed, feed_id)
        assert feed.error_count == 0 and feed.last_error is None and feed.last_success_at


def test_retry_after_on_429_sets_next_check(feed_server, make_config):
    from ingest.orchestrator import Pipeline
    from ingest.runtime import prepare

    url = feed_server.add("/busy.xml", body=b"", status=429, headers={"Retry-After": "7200"})
    runtime = prepare(make_config({"Busy": url}))
    with session_scope(runtime.engine) as session:
        feed_id = session.scalar(select(Feed.id))
    Pipeline(runtime.config, runtime.engine).refresh_feed(feed_id)
    with session_scope(runtime.engine) as session:
        feed = session.get(Feed, feed_id)
        assert (feed.next_check_at - feed.last_checked_at).total_seconds() >= 7200


def test_updated_item_updates_story_and_tags(feed_server, make_config):
    config = make_config({"Wire": feed_server.add_fixture("/rss.xml", "rss20.xml")})
    run_cli("once", "--config", str(config))
    feed_server.add_fixture("/rss.xml", "updated_rss20.xml")
    run_cli("once", "--config", str(config))
    engine = open_engine(config)
    with session_scope(engine) as session:
        story = session.scalar(select(Story).where(Story.title.like("Uzbekistan signs%")))
        assert story.summary.startswith("Updated:")
        actors = set(session.scalars(select(Tag.value).where(Tag.story_id == story.id, Tag.kind == "actor")))
        assert "KAZ" in actors
        log = session.scalars(select(FetchLog).order_by(FetchLog.id.desc())).first()
        assert log.items_updated == 1 and log.items_new == 0


def test_bozo_feed_is_stored_with_reason(feed_server, make_config):
    config = make_config({"Broken": feed_server.add_fixture("/bozo.xml", "bozo.xml")})
    run_cli("once", "--config", str(config))
    with session_scope(open_engine(config)) as session:
        feed = session.scalar(select(Feed))
        assert feed.last_bozo and feed.error_count == 0
        story = session.scalar(select(Story).where(Story.is_seed.is_(False)))
        assert story.title.startswith("Qatar hosts Taliban delegation")
        levels = {e.actor: e.level for e in session.scalars(select(EngagementEvent).where(EngagementEvent.story_id == story.id))}
        assert levels.get("QAT") == "high_level_contact"


def test_links_are_resolved_and_dates_in_utc(feed_server, make_config):
    config = make_config({"Wire": feed_server.add_fixture("/rss.xml", "rss20.xml"),
                          "Atom": feed_server.add_fixture("/atom.xml", "atom.xml")})
    run_cli("once", "--config", str(config))
    stories = stories_by_title(open_engine(config))
    expel = stories["Pakistan expels thousands more Afghans as deadline passes"]
    assert expel.url == "https://wire.example.org/asia/2025/10/pakistan-expulsions"
    germany = stories["Germany deports 81 Afghan offenders on charter flight"]
    assert germany.url == "https://atom.example.net/news/germany-deportation-flight"
    assert germany.published_at.isoformat() == "2025-10-20T06:00:00"
    assert "<b>" not in germany.summary and germany.summary.startswith("Berlin said")
    japan = [s for t, s in stories.items() if t.startswith("Japan pledges")][0]
    assert japan.url == "https://wire.example.org/asia/2025/10/japan-aid"


def test_export_after_once_reads_what_was_stored(feed_server, make_config, tmp_path):
    config = setup_feeds(feed_server, make_config)
    run_cli("once", "--config", str(config))
    out = tmp_path / "all.jsonl"
    assert run_cli("export", "--config", str(config), "--format", "jsonl", "--out", str(out)) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    titles = {r["title"] for r in records}
    assert "Germany deports 81 Afghan offenders on charter flight" in titles
    germany = next(r for r in records if r["title"].startswith("Germany deports"))
    assert germany["sources"] == ["Atom Desk"]
    assert "DEU" in germany["actors"] and "migration_deportation" in germany["topics"]
    assert germany["published_at"] == "2025-10-20T06:00:00Z"
    assert {e["actor"] for e in germany["engagement"]} >= {"DEU"}


def test_parsing_in_worker_processes_stores_the_same_stories(feed_server, make_config, tmp_path):
    from ingest.orchestrator import Pipeline, enabled_feed_ids
    from ingest.runtime import prepare

    feeds = {name: feed_server.add_fixture(f"/{fixture}", fixture)
             for name, fixture in [("Wire", "rss20.xml"), ("Atom", "atom.xml"), ("RDF", "rss10.rdf"), ("Latin", "latin1.xml")]}
    outcomes = []
    for processes in (0, 2):
        folder = tmp_path / f"p{processes}"
        folder.mkdir()
        from conftest import write_config
        runtime = prepare(write_config(folder, {**feeds, "Dead": "http://127.0.0.1:9/x.xml"}))
        results = Pipeline(runtime.config, runtime.engine).poll_feeds(
            enabled_feed_ids(runtime.engine), parse_processes=processes)
        with session_scope(runtime.engine) as session:
            outcomes.append((sorted(session.scalars(select(Story.url))), sorted((r.feed, r.outcome) for r in results)))
    assert outcomes[0] == outcomes[1]
    assert ("Dead", "error") in outcomes[1][1]


def test_a_silent_host_does_not_hold_up_the_other_feeds(feed_server, make_config):
    from ingest.orchestrator import Pipeline, enabled_feed_ids
    from ingest.runtime import prepare

    feeds = {f"Hang {n}": feed_server.add(f"/hang{n}", hang_seconds=30) for n in range(3)}
    feeds["Wire"] = feed_server.add_fixture("/rss.xml", "rss20.xml")
    runtime = prepare(make_config(feeds))
    results = {r.feed: r for r in Pipeline(runtime.config, runtime.engine).poll_feeds(enabled_feed_ids(runtime.engine), workers=4)}
    assert results["Wire"].outcome == "ok" and results["Wire"].counts.new == 3
    assert all("timeout" in results[f"Hang {n}"].error for n in range(3))  # silent for 30 s: the timeout ended them
    # the good feed, polled after them (by name), was stored while the silent hosts were still waiting:
    # its fetch-log row (what the Feeds page lists) comes before theirs (no clock: issue #14, point 6)
    with session_scope(runtime.engine) as session:
        order = [name for name, in session.execute(select(Feed.name).join(FetchLog, FetchLog.feed_id == Feed.id)
                                                    .order_by(FetchLog.id))]
    assert order[0] == "Wire" and sorted(order[1:]) == ["Hang 0", "Hang 1", "Hang 2"]


def test_a_pipeline_keeps_its_workers_between_polls_and_a_killed_worker_is_replaced(feed_server, make_config):
    """Parse workers and HTTP connections outlive a poll, so a round of unchanged feeds
    forks nothing; when workers are killed, their feeds are parsed in the poller and the
    next poll starts new workers."""
    import os
    import signal

    from ingest.orchestrator import Pipeline, enabled_feed_ids
    from ingest.runtime import prepare

    feeds = {name: feed_server.add_fixture(f"/{fixture}", fixture) for name, fixture in [("Wire", "rss20.xml"), ("Atom", "atom.xml")]}
    runtime = prepare(make_config(feeds))
    ids = enabled_feed_ids(runtime.engine)
    with Pipeline(runtime.config, runtime.engine) as pipeline:
        assert {r.outcome for r in pipeline.poll_feeds(ids, parse_processes=2)} == {"ok"}
        workers = set(pipeline._parsers._processes)
        assert {r.outcome for r in pipeline.poll_feeds(ids, parse_processes=2)} == {"not_modified"}
        assert set(pipeline._parsers._processes) == workers
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        with session_scope(runtime.engine, write=True) as session:  # make both feeds send their bodies again
            session.execute(update(Feed).values(etag=None, last_modified=None, content_hash=None))
        assert {r.outcome for r in pipeline.poll_feeds(ids, parse_processes=2)} == {"ok"}  # parsed all the same
        with session_scope(runtime.engine, write=True) as session:
            session.execute(update(Feed).values(etag=None, last_modified=None, content_hash=None))
        assert {r.outcome for r in pipeline.poll_feeds(ids, parse_processes=2)} == {"ok"}
        assert set(pipeline._parsers._processes).isdisjoint(workers)  # new workers
    assert pipeline._parsers is None and pipeline._client is None
    with session_scope(runtime.engine) as session:
        assert session.scalar(select(func.count(FetchLog.id))) == 8


def test_a_killed_once_leaves_no_parse_worker_behind(feed_server, make_config):
    """Issue #14, point 4: SIGKILL of `python -m ingest once` mid-poll; its parse workers end
    too (they watch their parent) instead of living on as orphans."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from feedserver import Route

    feeds = {"Wire": feed_server.add_fixture("/rss.xml", "rss20.xml"),
             "Slow": feed_server.add("/slow.xml", Route(body=b"<rss>" + b" " * 400 + b"</rss>", trickle_seconds=0.02))}
    config = make_config(feeds)
    process = subprocess.Popen([sys.executable, "-m", "ingest", "once", "--config", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               cwd=Path(__file__).resolve().parent.parent)

    from conftest import is_alive, live_processes

    for _ in range(200):  # the workers are forked at the first poll that needs them
        workers = live_processes(ppid=process.pid)
        if workers:
            break
        time.sleep(0.05)
    assert workers, "the poll started parse workers"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    for _ in range(100):
        alive = [pid for pid in workers if is_alive(pid)]
        if not alive:
            break
        time.sleep(0.1)
    assert alive == [], f"parse workers {alive} outlived their killed parent"


def _rss(*items: tuple[str, str, str]) -> bytes:
    """A feed of (guid, title, description) items, all dated in October 2025."""
    body = "".join(f"<item><title>{title}</title><link>https://desk.example.org/{guid}</link><guid>{guid}</guid>"
                   f"<pubDate>Tue, 14 Oct 2025 08:30:00 GMT</pubDate><description>{text}</description></item>"
                   for guid, title, text in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
            f"<link>https://desk.example.org/</link>{body}</channel></rss>").encode()


RAIL = ("d-1", "Uzbekistan signs rail transit deal with Taliban government",
        "Uzbek and Taliban officials signed a railway agreement in Tashkent.")
AID = ("d-2", "Japan pledges food aid for Afghan returnees",
       "Japan will fund emergency food aid for families returning to Afghanistan.")
AID_CHANGED = ("d-2", AID[1], "Japan and Qatar will fund emergency food aid for families returning to Afghanistan.")
VISIT = ("d-3", "Indian minister meets Taliban foreign minister in Kabul",
         "India's minister met Amir Khan Muttaqi in Kabul to discuss trade and visas.")


def _counting_pipeline(config):
    """A pipeline parsing in this process, whose tagger counts the titles it tags."""
    from ingest.orchestrator import Pipeline
    from ingest.runtime import prepare

    runtime = prepare(config)
    pipeline = Pipeline(runtime.config, runtime.engine)
    tagged, tag = [], pipeline.tagger.tag
    pipeline.tagger.tag = lambda title, *rest: tagged.append(title) or tag(title, *rest)
    return pipeline, runtime.engine, tagged


def test_a_feed_that_gained_an_item_tags_only_what_is_new_or_changed(feed_server, make_config):
    """Stories the feed stored unchanged are not tagged again (most of a steady poll's work
    was re-tagging them); a changed one is re-tagged and updated, a new one tagged."""
    from ingest.orchestrator import enabled_feed_ids

    url = feed_server.add("/desk.xml", body=_rss(RAIL, AID), validators=False)
    pipeline, engine, tagged = _counting_pipeline(make_config({"Desk": url}))
    pipeline.poll_feeds(enabled_feed_ids(engine), parse_processes=0)
    assert sorted(tagged) == sorted([RAIL[1], AID[1]])
    tagged.clear()
    feed_server.add("/desk.xml", body=_rss(RAIL, AID_CHANGED, VISIT), validators=False)
    [result] = pipeline.poll_feeds(enabled_feed_ids(engine), parse_processes=0)
    assert sorted(tagged) == sorted([AID[1], VISIT[1]])
    assert (result.counts.new, result.counts.updated, result.counts.duplicate) == (1, 1, 1)
    with session_scope(engine) as session:
        actors = {title: set(session.scalars(select(Tag.value).where(Tag.story_id == story_id, Tag.kind == "actor")))
                  for story_id, title in session.execute(select(Story.id, Story.title).where(Story.is_seed.is_(False)))}
    assert {"UZB"} <= actors[RAIL[1]] and {"JPN", "QAT"} <= actors[AID[1]] and {"IND"} <= actors[VISIT[1]]
    pipeline.close()


def test_an_item_the_workers_took_for_stored_is_tagged_at_write_time_if_it_is_not(feed_server, make_config, monkeypatch):
    """The workers skip items the feed had stored when it was fetched; if the database
    moved on meanwhile (the story was deleted), the item is tagged and stored, not lost."""
    from ingest.orchestrator import Pipeline, enabled_feed_ids

    url = feed_server.add("/desk.xml", body=_rss(RAIL, AID), validators=False)
    pipeline, engine, tagged = _counting_pipeline(make_config({"Desk": url}))
    pipeline.poll_feeds(enabled_feed_ids(engine), parse_processes=0)
    seen_at_fetch = pipeline._stored_items("Desk")
    with session_scope(engine) as session:
        session.execute(delete(Story).where(Story.title == AID[1]))
        # every item is read again (as after a retrained model: ingest/items.py), not only the new one
        session.execute(update(Feed).values(item_digests=None))
    monkeypatch.setattr(Pipeline, "_stored_items", lambda self, name: seen_at_fetch)
    tagged.clear()
    feed_server.add("/desk.xml", body=_rss(RAIL, AID, VISIT), validators=False)
    [result] = pipeline.poll_feeds(enabled_feed_ids(engine), parse_processes=0)
    assert result.counts.new == 2 and sorted(tagged) == sorted([AID[1], VISIT[1]])
    with session_scope(engine) as session:
        aid = session.scalar(select(Story).where(Story.title == AID[1]))
        assert "JPN" in set(session.scalars(select(Tag.value).where(Tag.story_id == aid.id, Tag.kind == "actor")))
    pipeline.close()


def test_an_item_the_workers_took_for_stored_updates_its_story_if_its_stored_text_changed_meanwhile(
        feed_server, make_config, monkeypatch):
    """The workers send an item the feed had stored unchanged as its guid and hash alone
    (issue #13, point 7); if another writer changed its stored text meanwhile, the item
    is rebuilt from the feed's body, tagged and written as an update, as if sent whole."""
    from ingest.orchestrator import Pipeline, enabled_feed_ids

    url = feed_server.add("/desk.xml", body=_rss(RAIL, AID), validators=False)
    pipeline, engine, tagged = _counting_pipeline(make_config({"Desk": url}))
    pipeline.poll_feeds(enabled_feed_ids(engine), parse_processes=0)
    seen_at_fetch = pipeline._stored_items("Desk")
    with session_scope(engine, write=True) as session:
        session.execute(update(StorySource).where(StorySource.guid == AID[0]).values(item_hash="0" * 64))
        session.execute(update(Story).where(Story.title == AID[1]).values(summary="an older edition"))
        session.execute(update(Feed).values(item_digests=None))  # every item read again, as after a retrained model
    monkeypatch.setattr(Pipeline, "_stored_items", lambda self, name: seen_at_fetch)
    tagged.clear()
    feed_server.add("/desk.xml", body=_rss(RAIL, AID, VISIT), validators=False)
    [result] = pipeline.poll_feeds(enabled_feed_ids(engine), parse_processes=0)
    assert (result.counts.new, result.counts.updated, result.counts.duplicate) == (1, 1, 1)
    assert sorted(tagged) == sorted([AID[1], VISIT[1]])
    with session_scope(engine) as session:
        assert session.scalar(select(Story.summary).where(Story.title == AID[1])) == AID[2]
    pipeline.close()


def test_a_first_poll_reads_no_stored_items_and_a_changed_url_still_skips_them(feed_server, make_config, monkeypatch):
    """A feed never polled with success has stored nothing: its first poll does not ask
    (issue #13, point 7: 200 reads competing with the writer). A feed whose URL changed
    (its body hash cleared) has: its unchanged items are still not tagged again."""
    from ingest.orchestrator import Pipeline, enabled_feed_ids

    url = feed_server.add("/desk.xml", body=_rss(RAIL, AID), validators=False)
    pipeline, engine, tagged = _counting_pipeline(make_config({"Desk": url}))
    reads, read = [], Pipeline._stored_items
    monkeypatch.setattr(Pipeline, "_stored_items", lambda self, name: reads.append(name) or read(self, name))
    pipeline.poll_feeds(enabled_feed_ids(engine), parse_processes=0)
    assert reads == [] and sorted(tagged) == sorted([RAIL[1], AID[1]])
    with session_scope(engine, write=True) as session:
        session.execute(update(Feed).values(content_hash=None))  # what a changed URL does (ingest/feeds.py)
    tagged.clear()
    feed_server.add("/desk.xml", body=_rss(RAIL, AID, VISIT), validators=False)
    [result] = pipeline.poll_feeds(enabled_feed_ids(engine), parse_processes=0)
    assert reads == ["Desk"] and tagged == [VISIT[1]]
    assert (result.counts.new, result.counts.duplicate) == (1, 2)
    pipeline.close()
