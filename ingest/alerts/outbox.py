"""The outbox: alerts written in the transaction that stores the stories raising them.

`raise_alerts` runs inside a poll's write transaction (ingest/orchestrator.py): the
stories, their alerts and one pending delivery per alert and channel commit together or
not at all. A crash before the commit loses both, and the next poll stores the stories
again and raises their alerts then; after the commit, delivery (delivery.py) finds the
pending rows whatever happened to the process. An alert's (rule, key) is unique, so a
retried transaction or a second worker never raises the same alert twice. Status changes
are written the same way from any transaction that makes one (ingest/alerts/status.py).

No flood: alerts raised by a feed's first successful poll (a fresh database, a newly
added feed's backlog), or more than `max_per_poll` from one rule at once, are kept (the
dashboard and the Atom feed list them) but delivered as one digest per rule. Rules with
`digest = "hourly"` or `"daily"` are delivered as one digest per hour or day.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import Alert, AlertDelivery, Story
from db.session import insert_plain_rows, session_scope
from ingest.alerts.detect import Finding, PollStories, detect
from ingest.alerts.rules import AlertRule

MAX_LINKS = 10


BACKLOG = "alerts_backlog"  # session.info: the new stories of a feed's first poll


def raise_alerts(session: Session, rules: tuple[AlertRule, ...], new_ids: set[int], backlog_ids: set[int],
                 labels: dict[str, str], now: datetime) -> int:
    """Detect every rule's alerts among the new stories of this transaction and write them,
    with their deliveries, to the outbox; returns how many alerts were written besides
    status changes, which are raised where every status change is applied (db/status.py's
    apply_pending_status, watched by ingest/alerts/status.py), called here first.

    `backlog_ids`: the new stories that came with a feed's first successful poll."""
    if not rules or not new_ids:
        return 0
    session.info[BACKLOG] = backlog_ids
    from db.status import apply_pending_status

    apply_pending_status(session)
    session.flush()  # detection reads plain rows (ingest/alerts/detect.py): everything written is in them
    poll = PollStories(new_ids, labels, backlog_ids)
    return sum(write_findings(session, rule, detect(session, rule, poll), backlog_ids, now, poll.links)
               for rule in rules if rule.rule != "status_change")


def write_findings(session: Session, rule: AlertRule, findings: list[Finding], backlog_ids: set[int], now: datetime,
                   links: dict[int, dict]) -> int:
    """Write those of `findings` not yet in the outbox, with their deliveries; returns how
    many alerts were written. Findings whose stories are all a first poll's backlog, or
    more than the rule's `max_per_poll`, go into one digest. `links`: story id -> title
    and URL, read once and shared by the rules of one transaction."""
    findings = _unseen(session, rule, findings)
    _load_links(session, findings, links)
    backlog = [f for f in findings if _in_backlog(f, backlog_ids)]
    live = [f for f in findings if not _in_backlog(f, backlog_ids)]
    reason = "a first poll's backlog"
    if len(live) > rule.max_per_poll:
        backlog, live, reason = backlog + live, [], f"more than {rule.max_per_poll} at once"
    written = _write_flood(session, rule, backlog, now, reason, links) if backlog else 0
    for finding in live:
        _write_alert(session, rule, finding, now, not rule.digest, links)
    return written + len(live)


def _in_backlog(finding: Finding, backlog_ids: set[int]) -> bool:
    """Raised by a first poll's stories alone (an analyst's setting has no story: never)."""
    return bool(finding.story_ids) and set(finding.story_ids) <= backlog_ids


def _unseen(session: Session, rule: AlertRule, findings: list[Finding]) -> list[Finding]:
    """The findings whose alert is not in the outbox yet (a key is raised once)."""
    keys = [f.key for f in findings]
    seen = set()
    for start in range(0, len(keys), 500):
        seen |= set(session.scalars(select(Alert.key).where(Alert.rule == rule.name, Alert.key.in_(keys[start:start + 500]))))
    unique = {}
    for finding in findings:
        if finding.key not in seen:
            unique.setdefault(finding.key, finding)
    return list(unique.values())


def _write_alert(session: Session, rule: AlertRule, finding: Finding, now: datetime, deliver: bool,
                 links: dict[int, dict], digest_id: int | None = None) -> Alert:
    alert = Alert(rule=rule.name, kind=finding.kind, key=finding.key, title=finding.title[:1000],
                  subject=finding.subject[:100], evidence=finding.evidence, links=json.dumps(_links(links, finding.story_ids)),
                  created_at=now, digest_id=digest_id,
                  deliver_after=digest_end(rule.digest, now) if rule.digest and not deliver and digest_id is None else None)
    session.add(alert)
    session.flush()
    if deliver:
        add_deliveries(session, alert, rule.notify, now)
    return alert


def _write_flood(session: Session, rule: AlertRule, findings: list[Finding], now: datetime, reason: str,
                 links: dict[int, dict]) -> int:
    """One digest alert for many findings (a first poll's backlog, or a burst), delivered
    in their place; the findings are kept as its members."""
    stories = sorted({story for f in findings for story in f.story_ids}, reverse=True)
    subjects = sorted({f.subject for f in findings if f.subject})
    digest = Finding("digest", f"flood:{now.isoformat()}:{findings[0].key}",
                     f"{rule.name}: {_alerts(len(findings))} in one digest ({reason})",
                     ", ".join(subjects[:20]), "; ".join(f.title for f in findings[:8])
                     + (f"; and {len(findings) - 8} more" if len(findings) > 8 else ""), tuple(stories))
    parent = _write_alert(session, rule, digest, now, True, links)
    members = [_member(rule, finding, now, links, parent.id) for finding in findings]
    insert_plain_rows(session, Alert.__table__, members)
    return len(findings) + 1


def _load_links(session: Session, findings: list[Finding], links: dict[int, dict]) -> None:
    """Read the title and URL of every story the findings will link to, at once."""
    wanted = sorted({story for f in findings for story in sorted(f.story_ids, reverse=True)[:MAX_LINKS]}
                    - links.keys())
    for start in range(0, len(wanted), 500):
        for row in session.execute(select(Story.id, Story.title, Story.url).where(Story.id.in_(wanted[start:start + 500]))):
            links[row.id] = {"title": row.title, "url": row.url}


def _member(rule: AlertRule, finding: Finding, now: datetime, links: dict[int, dict], digest_id: int) -> dict:
    """A digest's member as a plain row (a backlog can bring thousands: one executemany)."""
    return {"rule": rule.name, "kind": finding.kind, "key": finding.key, "title": finding.title[:1000],
            "subject": finding.subject[:100], "evidence": finding.evidence,
            "links": json.dumps(_links(links, finding.story_ids)), "created_at": now, "digest_id": digest_id}


def _links(links: dict[int, dict], story_ids) -> list[dict]:
    ids = sorted(story_ids, reverse=True)[:MAX_LINKS]
    return [links[story_id] for story_id in ids if story_id in links]


def add_deliveries(session: Session, alert: Alert, channels, now: datetime) -> None:
    """One pending delivery of `alert` per channel, due now."""
    for channel in dict.fromkeys(channels):
        session.add(AlertDelivery(alert_id=alert.id, channel=channel, status="pending", attempts=0,
                                  next_attempt_at=now))
    session.flush()


# ---- hourly and daily digests -------------------------------------------------------------

def digest_end(period: str, moment: datetime) -> datetime:
    """The end of the hour or day (UTC) `moment` falls in."""
    if period == "hourly":
        return moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return datetime.combine(moment.date() + timedelta(days=1), datetime.min.time())


def compose_digests(engine: Engine, rules: tuple[AlertRule, ...], now: datetime) -> int:
    """For each digest rule, one digest alert per finished hour or day that raised alerts,
    with its deliveries; returns how many were written. A second worker doing the same
    meets the (rule, key) constraint and leaves it to the first."""
    written = 0
    for rule in (r for r in rules if r.digest):
        try:
            with session_scope(engine, write=True) as session:
                written += _compose(session, rule, now)
        except IntegrityError:
            continue
    return written


def _compose(session: Session, rule: AlertRule, now: datetime) -> int:
    members = session.scalars(select(Alert).where(Alert.rule == rule.name, Alert.digest_id.is_(None),
                                                  Alert.deliver_after.is_not(None), Alert.deliver_after <= now)
                              .order_by(Alert.id)).all()
    by_period: dict[datetime, list[Alert]] = {}
    for alert in members:
        by_period.setdefault(alert.deliver_after, []).append(alert)
    for end, alerts in by_period.items():
        links = [link for alert in alerts for link in json.loads(alert.links)][:MAX_LINKS]
        digest = Alert(rule=rule.name, kind="digest", key=f"{rule.digest}:{end.isoformat()}",
                       title=f"{rule.name}: {_alerts(len(alerts))}, {rule.digest} digest to {end:%Y-%m-%d %H:%M} UTC",
                       subject=", ".join(sorted({a.subject for a in alerts if a.subject}))[:100],
                       evidence="; ".join(a.title for a in alerts[:20]), links=json.dumps(links), created_at=now)
        session.add(digest)
        session.flush()
        session.execute(update(Alert).where(Alert.id.in_([a.id for a in alerts])).values(digest_id=digest.id))
        add_deliveries(session, digest, rule.notify, now)
    return len(by_period)


def _alerts(count: int) -> str:
    return f"{count} alert" + ("" if count == 1 else "s")


def raise_test_alert(engine: Engine, rule: AlertRule, now: datetime) -> int:
    """A test alert for `rule`'s channels, through the outbox like any other; its id."""
    with session_scope(engine, write=True) as session:
        alert = Alert(rule=rule.name, kind="test", key=f"test:{now.isoformat()}", created_at=now,
                      title=f"Test alert for '{rule.name}' ({rule.rule})", subject="",
                      evidence="This is a test: the channels of this rule can be reached.", links="[]")
        session.add(alert)
        session.flush()
        add_deliveries(session, alert, rule.notify, now)
        return alert.id
