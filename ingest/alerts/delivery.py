"""Delivery: each (alert, channel) row claimed by one sender, sent through Apprise,
recorded as sent, or retried with backoff keeping its error.

A claim is one conditional UPDATE (pending and due, or sending with an expired claim →
sending, claimed by this worker until now + the claim's length); on PostgreSQL the row
is first picked with FOR UPDATE SKIP LOCKED so workers do not queue on each other. Only
the winner sends, so several workers never send the same delivery.

What a crash does: before the claim, nothing (the delivery is sent after restart);
after the send is recorded, nothing. Killed between the send and its record (the
crash point "sent"), the row stays `sending` until its claim expires (`[scheduler]
lease_seconds`), then it is sent again: a plain webhook or mailbox that had taken it
gets that one message twice. No sender can send and commit at once, so delivery is at
least once; what makes it effectively once is the idempotency key: every message of one
(alert, channel) carries the same key, derived from the alert's rule and key and the
channel (never from row ids or the time), as an `Idempotency-Key` header on webhooks
(json, xml, form) and email, and as `idempotency_key` in a JSON body, so a receiver
that drops keys it has seen shows the repeat once. Email cannot be deduplicated by
the mail system: Apprise gives each message a new Message-ID of its own (a second one
cannot be set), so the key there is a header for filters.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Engine, and_, or_, select, update

from db.models import Alert, AlertDelivery
from db.session import session_scope
from ingest.clock import utc_now
from ingest.crashpoint import crash_point

FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=1)
MAX_ATTEMPTS = 12  # about six hours of retries (30 s doubling, at most an hour apart), then failed
HEADER_SCHEMES = ("json", "jsons", "xml", "xmls", "form", "forms", "mailto", "mailtos")  # Apprise's +Header=value
BODY_KEY_SCHEMES = ("json", "jsons")  # Apprise's :field=value adds a field to the JSON body
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
        error = send(channel, alert)
        if error is None:
            crash_point("sent")  # the channel has it; the outbox does not know yet
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
                    "id": alert.id, "key": alert.key, "title": alert.title, "subject": alert.subject, "evidence": alert.evidence,
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


def send(channel: str, alert: dict) -> str | None:
    """Send `alert` to one Apprise URL; None when it went, else the error in one line."""
    import apprise

    notifier = apprise.Apprise()
    if not notifier.add(with_key(channel, alert)):
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


def idempotency_key(alert: dict, channel: str) -> str:
    """The same for every attempt to send `alert` to `channel`, across crashes, restarts,
    workers and a database copied elsewhere: a hash of the alert's (rule, key), unique in
    the outbox, and of the channel without its password (the key is shown to recipients)."""
    from ingest.alerts.rules import redact

    digest = hashlib.sha256(f"{alert['rule']}\n{alert['key']}\n{redact(channel)}".encode()).hexdigest()
    return f"alert-{digest[:32]}"


def with_key(channel: str, alert: dict) -> str:
    """`channel` with the idempotency key and the alert's id, where Apprise can add them:
    headers (webhooks, email) and a field of the JSON body."""
    parts = urlsplit(channel)
    scheme = parts.scheme.lower()
    if scheme not in HEADER_SCHEMES:
        return channel
    key = idempotency_key(alert, channel)
    extra = f"+X-Monitor-Alert={alert['id']}&+Idempotency-Key={key}"
    if scheme in BODY_KEY_SCHEMES:
        extra += f"&:idempotency_key={key}"
    return urlunsplit(parts._replace(query=f"{parts.query}&{extra}" if parts.query else extra))


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
