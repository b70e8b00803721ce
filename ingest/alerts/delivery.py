"""Delivery: each (alert, channel) row claimed by one sender, sent through Apprise,
recorded as sent, or retried with backoff keeping its error.

A claim is one conditional UPDATE (pending and due, or sending with an expired claim →
sending, claimed by this worker until now + the claim's length); on PostgreSQL the row
is first picked with FOR UPDATE SKIP LOCKED so workers do not queue on each other. Only
the winner sends, so several workers never send the same delivery.

What a crash does: before the claim, nothing (the delivery is sent after restart);
after the send is recorded, nothing. Killed between claim and record, the row stays
`sending` until its claim expires (`[scheduler] lease_seconds`), then it is sent again:
if the receiver had already taken it, that one message arrives twice. That window (one
message per channel, the one in flight) is the honest limit of any sender that cannot
send and commit at once; every message carries an Idempotency-Key header (webhooks) or
X-Monitor-Alert header (email) naming the delivery, so a receiver can drop the repeat.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Engine, and_, or_, select, update

from db.models import Alert, AlertDelivery
from db.session import session_scope
from ingest.clock import utc_now

FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=1)
MAX_ATTEMPTS = 12  # about six hours of retries (30 s doubling, at most an hour apart), then failed
HEADER_SCHEMES = ("json", "jsons", "xml", "xmls", "form", "forms", "mailto", "mailtos")
log = logging.getLogger("ingest.alerts")


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (channel, error)


def retry_delay(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failed attempt: 30 s, doubling, at most an hour."""
    return min(FIRST_RETRY * (2 ** min(max(attempts - 1, 0), 16)), MAX_RETRY)


def deliver_due(engine: Engine, worker: str, claim_seconds: int, now: datetime | None = None,
                retry_now: bool = False, limit: int = 500) -> DeliveryReport:
    """Send every due delivery once (up to `limit`); `retry_now` also sends those waiting
    for their backoff (a person asked: `once`, "send a test")."""
    report, tried = DeliveryReport(), set()
    while len(tried) < limit:
        claimed = claim_next(engine, worker, claim_seconds, now or utc_now(), retry_now, tried)
        if claimed is None:
            break
        delivery_id, channel, alert = claimed
        tried.add(delivery_id)
        error = send(channel, alert, delivery_id)
        record(engine, delivery_id, worker, error, now or utc_now())
        if error is None:
            report.sent += 1
        else:
            from ingest.alerts.rules import redact

            report.failed.append((redact(channel), error))
            log.warning("alert %s to %s failed: %s", alert["id"], redact(channel), error)
    return report


def _due(now: datetime, retry_now: bool):
    pending = AlertDelivery.status == "pending"
    if not retry_now:
        pending = and_(pending, AlertDelivery.next_attempt_at <= now)
    return or_(pending, and_(AlertDelivery.status == "sending", AlertDelivery.claimed_until < now))


def claim_next(engine: Engine, worker: str, claim_seconds: int, now: datetime, retry_now: bool = False,
               skip: set[int] = frozenset()) -> tuple[int, str, dict] | None:
    """Claim one due delivery for `worker`: (its id, channel, alert), or None when there is
    none left. The conditional UPDATE is the claim; a row another worker took meanwhile
    matches no more and the next one is tried."""
    for _ in range(20):
        with session_scope(engine, write=True) as session:
            query = select(AlertDelivery.id).where(_due(now, retry_now)).order_by(AlertDelivery.id).limit(1)
            if skip:
                query = query.where(AlertDelivery.id.not_in(skip))
            if engine.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            delivery_id = session.scalar(query)
            if delivery_id is None:
                return None
            taken = session.execute(
                update(AlertDelivery).where(AlertDelivery.id == delivery_id, _due(now, retry_now))
                .values(status="sending", claimed_by=worker, claimed_until=now + timedelta(seconds=claim_seconds),
                        attempts=AlertDelivery.attempts + 1)).rowcount
            if taken:
                delivery = session.get(AlertDelivery, delivery_id)
                alert = session.get(Alert, delivery.alert_id)
                return delivery_id, delivery.channel, {
                    "id": alert.id, "title": alert.title, "subject": alert.subject, "evidence": alert.evidence,
                    "links": json.loads(alert.links), "kind": alert.kind, "rule": alert.rule}
    return None


def record(engine: Engine, delivery_id: int, worker: str, error: str | None, now: datetime) -> None:
    """Sent, or pending again after a backoff with the error (failed after MAX_ATTEMPTS).
    Only while this worker still holds the claim."""
    with session_scope(engine, write=True) as session:
        delivery = session.get(AlertDelivery, delivery_id)
        if delivery is None or delivery.claimed_by != worker:
            return
        delivery.claimed_by = delivery.claimed_until = None
        if error is None:
            delivery.status, delivery.sent_at, delivery.last_error = "sent", now, None
            return
        delivery.last_error = error[:500]
        delivery.status = "failed" if delivery.attempts >= MAX_ATTEMPTS else "pending"
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)


def send(channel: str, alert: dict, delivery_id: int) -> str | None:
    """Send `alert` to one Apprise URL; None when it went, else the error in one line."""
    import apprise

    notifier = apprise.Apprise()
    if not notifier.add(with_headers(channel, alert["id"], delivery_id)):
        return "not a URL Apprise can send to"
    with apprise.LogCapture(level=logging.WARNING) as captured:
        try:
            sent = notifier.notify(title=alert["title"], body=message_body(alert), body_format=apprise.NotifyFormat.TEXT)
        except Exception as error:  # a plugin's own fault: recorded like a refused send
            return f"{type(error).__name__}: {error}"[:500]
    if sent:
        return None
    lines = [line.split(" - ", 2)[-1] for line in captured.getvalue().splitlines() if line.strip()]
    return " / ".join(dict.fromkeys(lines))[:500] or "the channel refused the message"


def with_headers(channel: str, alert_id: int, delivery_id: int) -> str:
    """`channel` with headers naming the alert and the delivery, where Apprise can add
    headers (webhooks, email): a receiver can drop a repeat after a crash mid-send."""
    parts = urlsplit(channel)
    if parts.scheme.lower() not in HEADER_SCHEMES:
        return channel
    headers = f"+X-Monitor-Alert={alert_id}&+Idempotency-Key=alert-delivery-{delivery_id}"
    return urlunsplit(parts._replace(query=f"{parts.query}&{headers}" if parts.query else headers))


def message_body(alert: dict) -> str:
    """The text of an alert: who or what, the evidence sentence, the story links."""
    lines = []
    if alert["subject"]:
        lines.append(f"About: {alert['subject']}")
    if alert["evidence"]:
        lines.append(f"Evidence: {alert['evidence']}")
    if alert["links"]:
        lines.append("")
        lines += [f"- {link['title']}\n  {link['url']}" for link in alert["links"]]
    lines.append(f"\n(rule: {alert['rule']}, alert {alert['id']})")
    return "\n".join(lines)


def run_outbox(engine: Engine, rules, worker: str, claim_seconds: int, retry_now: bool = False) -> DeliveryReport:
    """What follows every poll and every scheduler tick: the hourly and daily digests that
    are due, then every due delivery."""
    from ingest.alerts.outbox import compose_digests

    compose_digests(engine, rules, utc_now())
    return deliver_due(engine, worker, claim_seconds, retry_now=retry_now)
