"""Alerts and their deliveries as plain rows: for `alerts history`, the Alerts page and
the Atom feed of alerts."""
from __future__ import annotations

import json
from datetime import datetime
from xml.etree import ElementTree as ET

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Alert, AlertDelivery

ATOM_NS = "http://www.w3.org/2005/Atom"


def recent_alerts(session: Session, limit: int = 100, rule: str | None = None, members: bool = False) -> list[dict]:
    """The newest alerts, each with its links and its deliveries (channel, status,
    attempts, last error, next attempt). Without `members`, alerts delivered inside a
    digest are left out (the digest stands for them)."""
    query = select(Alert).order_by(Alert.id.desc()).limit(limit)
    if not members:
        query = query.where(Alert.digest_id.is_(None))
    if rule:
        query = query.where(Alert.rule == rule)
    alerts = session.scalars(query).all()
    deliveries: dict[int, list[dict]] = {}
    ids = [alert.id for alert in alerts]
    if ids:
        for row in session.scalars(select(AlertDelivery).where(AlertDelivery.alert_id.in_(ids)).order_by(AlertDelivery.id)):
            deliveries.setdefault(row.alert_id, []).append({
                "channel": row.channel, "status": row.status, "attempts": row.attempts, "last_error": row.last_error,
                "next_attempt_at": row.next_attempt_at, "sent_at": row.sent_at})
    members_count = dict(session.execute(select(Alert.digest_id, func.count()).where(Alert.digest_id.in_(ids))
                                         .group_by(Alert.digest_id)).all()) if ids else {}
    return [{"id": a.id, "rule": a.rule, "kind": a.kind, "title": a.title, "subject": a.subject, "evidence": a.evidence,
             "links": json.loads(a.links), "created_at": a.created_at, "digest_of": members_count.get(a.id, 0),
             "waiting_for_digest": a.deliver_after if a.digest_id is None and a.deliver_after else None,
             "deliveries": deliveries.get(a.id, [])} for a in alerts]


def channel_status(session: Session) -> list[dict]:
    """Per channel: deliveries sent, waiting, failed; the last error and the next attempt."""
    rows = session.execute(select(AlertDelivery.channel, AlertDelivery.status, func.count(),
                                  func.max(AlertDelivery.sent_at), func.min(AlertDelivery.next_attempt_at))
                           .group_by(AlertDelivery.channel, AlertDelivery.status)).all()
    found: dict[str, dict] = {}
    for channel, status, count, last_sent, next_attempt in rows:
        entry = found.setdefault(channel, {"channel": channel, "sent": 0, "pending": 0, "sending": 0, "failed": 0,
                                           "last_sent": None, "next_attempt": None, "last_error": None})
        entry[status] = count
        if status == "sent":
            entry["last_sent"] = last_sent
        if status == "pending":
            entry["next_attempt"] = next_attempt
    for channel, entry in found.items():
        entry["last_error"] = session.scalar(
            select(AlertDelivery.last_error).where(AlertDelivery.channel == channel, AlertDelivery.last_error.is_not(None),
                                                   AlertDelivery.status != "sent")
            .order_by(AlertDelivery.id.desc()).limit(1))
    return sorted(found.values(), key=lambda entry: entry["channel"])


def alerts_atom(session: Session, limit: int = 100) -> bytes:
    """The newest alerts (digests standing for their members) as an Atom feed."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _text(feed, "title", "Taliban engagement monitor: alerts")
    _text(feed, "id", "urn:taliban-monitor:alerts")
    updated = _text(feed, "updated", "1970-01-01T00:00:00Z")
    for number, alert in enumerate(recent_alerts(session, limit)):
        stamp = _stamp(alert["created_at"])
        if number == 0:
            updated.text = stamp
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        _text(entry, "title", alert["title"])
        _text(entry, "id", f"urn:taliban-monitor:alert:{alert['id']}")
        _text(entry, "updated", stamp)
        summary = " ".join(part for part in (alert["subject"] and f"About: {alert['subject']}.", alert["evidence"]) if part)
        _text(entry, "summary", summary)
        for link in alert["links"]:
            if link["url"].startswith(("http://", "https://")):
                ET.SubElement(entry, f"{{{ATOM_NS}}}link", href=link["url"], title=_safe(link["title"]))
        ET.SubElement(entry, f"{{{ATOM_NS}}}category", term=alert["kind"])
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent, tag: str, value: str):
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}")
    element.text = _safe(value)
    return element


def _safe(value: str) -> str:
    return "".join(ch for ch in value or "" if ch in "\t\n\r" or ord(ch) >= 32)


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M:%SZ}"


def last_alert_id(engine) -> int:
    from db.session import session_scope

    with session_scope(engine) as session:
        return session.scalar(select(func.max(Alert.id))) or 0


def alerts_since(engine, first_id: int) -> int:
    """How many alerts (digest members included) have an id from `first_id` on."""
    from db.session import session_scope

    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(Alert).where(Alert.id >= first_id)) or 0
