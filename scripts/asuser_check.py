"""A labelled set run as a user runs the monitor: its stories served as RSS feeds on
127.0.0.1, `python -m ingest once` on a fresh database, `export --format jsonl`, and the
export scored against the labels.

`python -m ingest evaluate` calls the tagger and the clustering stage directly; this goes
through everything between (fetch, parse, relevance, dedup, store, export), so the two
agreeing says the figures are what a user gets. Story sets (tests/data/*_stories.toml) are
split over three feeds; event sets (tests/data/cluster_events*.toml) get a feed per outlet.

    .venv/bin/python scripts/asuser_check.py tests/data/blind26_stories.toml
    .venv/bin/python scripts/asuser_check.py tests/data/cluster_events_heldout11.toml
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
from datetime import date, datetime, time, timezone
from email.utils import format_datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from itertools import combinations
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.evaluate import SetScore, labelled_items  # noqa: E402
from ingest.taxonomy import FORMAL_LEVELS  # noqa: E402

FEEDS_PER_STORY_SET = 3


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="a labelled set: *_stories.toml or cluster_events*.toml")
    args = parser.parse_args(argv)
    items = labelled_items(args.file)
    events = all("event" in item and "outlet" in item for item in items)
    with tempfile.TemporaryDirectory() as folder:
        exported = run_as_a_user(Path(folder), items, events)
    by_url = {record["url"]: record for record in exported}
    print(f"{args.file.name}: {len(items)} labelled, {sum(_url(i) in by_url for i in items)} stored and exported")
    print(cluster_report(items, by_url) if events else story_report(items, by_url))


def run_as_a_user(folder: Path, items: list[dict], events: bool) -> list[dict]:
    """Serve the items as feeds, run `once` and `export` as commands, return the export's rows."""
    feeds = _feeds(items, events)
    for name, feed_items in feeds.items():
        (folder / f"{name}.xml").write_text(_rss(name, feed_items), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        config = folder / "config.toml"
        config.write_text(_config(folder, feeds, server.server_address[1]), encoding="utf-8")
        _command("once", "--config", str(config))
        out = folder / "stories.jsonl"
        _command("export", "--config", str(config), "--format", "jsonl", "--out", str(out))
    finally:
        server.shutdown()
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _command(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"python -m ingest {args[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def _feeds(items: list[dict], events: bool) -> dict[str, list[dict]]:
    feeds: dict[str, list[dict]] = {}
    for number, item in enumerate(items):
        name = item["outlet"] if events else f"feed{number % FEEDS_PER_STORY_SET + 1}"
        feeds.setdefault(name, []).append(item)
    return feeds


def _url(item: dict) -> str:
    key = item.get("id") or f"{item['event']}-{item['outlet']}"
    return f"https://{item.get('outlet', 'wire')}.example.org/{key}"


def _pub_date(item: dict) -> str:
    """The item's <pubDate>; none for a decoy written without a date (stored as fetched)."""
    return f"<pubDate>{format_datetime(_published(item))}</pubDate>" if "published" in item else ""


def _published(item: dict) -> datetime:
    value = item["published"]
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.combine(value if isinstance(value, date) else date.fromisoformat(value), time(12), timezone.utc)


def _rss(name: str, items: list[dict]) -> str:
    entries = "".join(
        f"<item><title>{escape(i['title'])}</title><link>{escape(_url(i))}</link><guid>{escape(_url(i))}</guid>"
        f"{_pub_date(i)}<description>{escape(i.get('summary', ''))}</description></item>"
        for i in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(name)}</title>'
            f"<link>https://{escape(name)}.example.org/</link><description>labelled set</description>{entries}</channel></rss>")


def _config(folder: Path, feeds: dict, port: int) -> str:
    listed = "".join(f'[[feeds]]\nname = "{name}"\nurl = "http://127.0.0.1:{port}/{name}.xml"\n\n' for name in feeds)
    return f'[database]\nurl = "sqlite:///{folder / "monitor.db"}"\n\n{listed}'


def story_report(items: list[dict], by_url: dict[str, dict]) -> str:
    """Relevance, participants, topics and engagement pairs, as `evaluate` scores them."""
    participants, topics, pairs = SetScore(), SetScore(), SetScore()
    decoys = [i for i in items if not i.get("relevant", True)]
    relevant = [i for i in items if i.get("relevant", True)]
    overstated = 0
    for item in relevant:
        record = by_url.get(_url(item), {"participants": [], "topics": [], "engagement": []})
        _score(participants, set(record["participants"]) - {"TALIBAN"}, set(item.get("participants", [])))
        _score(topics, set(record["topics"]), set(item.get("topics", [])))
        emitted = {(e["actor"], e["level"]) for e in record["engagement"] if not e.get("background")}
        wanted = {(actor, level) for actor, levels in item.get("engagement", {}).items() for level in levels}
        _score(pairs, emitted, wanted)
        overstated += len({(a, l) for a, l in emitted - wanted if l in FORMAL_LEVELS})
    kept_decoys = sum(_url(i) in by_url for i in decoys)
    dropped = sum(_url(i) not in by_url for i in relevant)
    return "\n".join([
        f"relevance         decoys kept {kept_decoys}/{len(decoys)}, relevant dropped {dropped}/{len(relevant)}",
        f"participants      precision {participants.precision:.3f}  recall {participants.recall:.3f}  F1 {participants.f1:.3f}",
        f"topics            precision {topics.precision:.3f}  recall {topics.recall:.3f}  F1 {topics.f1:.3f}",
        f"engagement pairs  found {pairs.recall:.3f} of labelled, right {pairs.precision:.3f} of emitted "
        f"({pairs.true_positive} right, {pairs.false_negative} missed, {pairs.false_positive} wrong)",
        f"formal levels emitted that the labels do not give: {overstated}",
    ])


def _score(score: SetScore, got: set, want: set) -> None:
    score.true_positive += len(got & want)
    score.false_positive += len(got - want)
    score.false_negative += len(want - got)


def cluster_report(items: list[dict], by_url: dict[str, dict]) -> str:
    """Pairwise precision and recall of the export's `cluster` (a story not stored stands alone)."""
    cluster = {n: (by_url.get(_url(i)) or {}).get("cluster") or f"alone-{n}" for n, i in enumerate(items)}
    score = SetScore()
    for (m, a), (n, b) in combinations(enumerate(items), 2):
        same_event, same_cluster = a["event"] == b["event"], cluster[m] == cluster[n]
        score.true_positive += same_event and same_cluster
        score.false_positive += same_cluster and not same_event
        score.false_negative += same_event and not same_cluster
    return (f"pairwise precision {score.precision:.3f}  recall {score.recall:.3f}  "
            f"(together right {score.true_positive}, wrong {score.false_positive}; apart wrong {score.false_negative}); "
            f"{len(set(cluster.values()))} clusters for {len({i['event'] for i in items})} events")


if __name__ == "__main__":
    main()
