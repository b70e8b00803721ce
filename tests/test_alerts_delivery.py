"""Alert delivery (issue #12): email to a real SMTP server (aiosmtpd) on 127.0.0.1, several
workers sending one outbox (each delivery sent once), and SIGKILL between a send and its
record: after a restart every alert has arrived, the one in flight twice with the same
Idempotency-Key, so a receiver deduplicating by key shows each once (the README's policy:
at-least-once delivery with an idempotency key)."""
import email
import json
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from db.models import AlertDelivery
from db.session import make_engine, session_scope
from ingest.alerts.delivery import deliver_due
from ingest.alerts.outbox import raise_test_alert
from ingest.clock import utc_now
from ingest.cli import main
from ingest.runtime import prepare
from test_alerts import BACKLOG, BURST, STATUS_CHANGE, new_version, received, rss, rules, settings

BACKENDS = ("sqlite", "postgresql")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def smtp_server():
    """An SMTP server on 127.0.0.1 that keeps every message it receives."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=email.policy.default)))
            return "250 OK"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, handler.messages
    controller.stop()


def test_alerts_arrive_by_email(feed_server, make_config, smtp_server):
    port, messages = smtp_server
    mailto = f"mailto://127.0.0.1:{port}?mode=insecure&from=monitor@example.org&to=desk@example.org"
    feed = feed_server.add("/wire.xml", body=rss(BACKLOG))
    config = make_config({"Wire": feed}, extra=settings() + rules(mailto))
    assert main(["once", "--config", str(config)]) == 0
    new_version(feed_server, BACKLOG + [STATUS_CHANGE])
    assert main(["once", "--config", str(config)]) == 0
    subjects = [message["Subject"] for _, message in messages]
    assert any(s.startswith("Kazakhstan: formal status up") for s in subjects), subjects
    recipients, status = next((to, m) for to, m in messages if m["Subject"].startswith("Kazakhstan"))
    body = status.get_body(("plain",)).get_content()
    assert recipients == ["desk@example.org"] and "https://wire.example.org/" in body
    assert status["X-Monitor-Alert"] and status["Idempotency-Key"].startswith("alert-")
    keys = [message["Idempotency-Key"] for _, message in messages]
    assert len(set(keys)) == len(keys), "one key per alert"


def test_several_workers_send_each_delivery_once(feed_server, make_config):
    hook = feed_server.add("/hook", status=200).replace("http://", "json://")
    config = make_config(extra=settings() + rules(hook))
    runtime = prepare(config)
    rule = runtime.config.alerts[0]
    now = utc_now()
    for number in range(12):
        raise_test_alert(runtime.engine, rule, now + timedelta(microseconds=number))

    def worker(name: str) -> None:
        engine = make_engine(runtime.config.database_url)  # each worker its own connections, as processes have
        deliver_due(engine, name, 60)
        engine.dispose()

    threads = [threading.Thread(target=worker, args=(f"worker-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    keys = [message["key"] for message in received(feed_server)]
    assert len(keys) == 12 and len(set(keys)) == 12
    with session_scope(runtime.engine) as session:
        assert {d.status for d in session.query(AlertDelivery)} == {"sent"}


def deduplicated(messages: list[dict]) -> list[dict]:
    """What a receiver that honours Idempotency-Key shows: the first message of each key
    (a repeat must be the same message, or the key would be hiding a different alert)."""
    first: dict[str, dict] = {}
    for message in messages:
        assert message["key"], "every message carries its key"
        if message["key"] in first:
            assert message == first[message["key"]], "a repeated key is the same alert"
            continue
        first[message["key"]] = message
    return list(first.values())


def test_sigkill_after_a_send_repeats_it_with_the_same_key(feed_server, make_config):
    """`once` is killed when the webhook has taken the first message (200) and before the
    outbox records it (crash point "sent"). After a restart, once the killed sender's claim
    expired, every alert arrives, and the one in flight arrives again with the same
    Idempotency-Key: a receiver that drops keys it has seen shows each alert exactly once."""
    hook = feed_server.add("/hook", status=200).replace("http://", "json://")
    feed = feed_server.add("/wire.xml", body=rss(BACKLOG + [STATUS_CHANGE] + BURST))
    config = make_config({"Wire": feed}, extra=settings(lease_seconds=2) + rules(hook))
    runtime = prepare(config)
    with session_scope(runtime.engine, write=True) as session:  # not a new feed: no backlog digest
        from db.models import Feed

        session.query(Feed).update({Feed.last_success_at: utc_now() - timedelta(days=1)})
    env = dict(os.environ, MONITOR_CRASH_PAUSE="60", MONITOR_CRASH_AT="sent")
    poller = subprocess.Popen([sys.executable, "-m", "ingest", "once", "--config", str(config)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stage = next((line.split()[1] for line in poller.stderr if line.startswith("crash-point ")), None)
    finally:
        os.kill(poller.pid, signal.SIGKILL)
        poller.wait()
        poller.stderr.close()
    assert stage == "sent", "once ended without sending"
    assert len(received(feed_server)) == 1, "the channel took the first message"
    with session_scope(runtime.engine) as session:
        statuses = sorted(d.status for d in session.query(AlertDelivery))
    assert statuses.count("sending") == 1 and statuses.count("pending") >= 2, statuses

    time.sleep(2.5)  # the killed sender's claim (lease_seconds = 2) expires
    assert main(["once", "--config", str(config)]) == 0
    messages = received(feed_server)
    with session_scope(runtime.engine) as session:
        deliveries = session.query(AlertDelivery).all()
        assert {d.status for d in deliveries} == {"sent"}
    assert len(messages) == len(deliveries) + 1, "at least once: the message in flight went twice"
    assert messages.count(messages[0]) == 2, "the repeat is the first message, same key"
    shown = deduplicated(messages)
    assert len(shown) == len(deliveries), "effectively once: one message per delivery"
    assert sorted(int(m["alert"]) for m in shown) == sorted(d.alert_id for d in deliveries)
    assert all(m["idempotency_key"] == m["key"] for m in messages), "the key is in the JSON body too"


def test_json_xml_and_form_webhooks_carry_a_key_that_a_resend_repeats(feed_server, make_config):
    """The key rides on each webhook kind Apprise can add headers to; sending the same
    deliveries again (as after a crash) repeats each key, and two channels differ."""
    channels = [feed_server.add(f"/{kind}", status=200).replace("http://", f"{kind}://") for kind in ("json", "xml", "form")]
    runtime = prepare(make_config(extra=settings() + rules(*channels)))
    raise_test_alert(runtime.engine, runtime.config.alerts[0], utc_now())
    assert deliver_due(runtime.engine, "first", 60).sent == 3
    with session_scope(runtime.engine, write=True) as session:
        session.query(AlertDelivery).update({AlertDelivery.status: "pending"})  # as if never recorded
    assert deliver_due(runtime.engine, "second", 60).sent == 3
    keys = {}
    for kind in ("json", "xml", "form"):
        first, again = feed_server.requests_to(f"/{kind}")
        assert first.headers["idempotency-key"].startswith("alert-"), kind
        assert again.headers["idempotency-key"] == first.headers["idempotency-key"], kind
        keys[kind] = first.headers["idempotency-key"]
    assert len(set(keys.values())) == 3, "one key per (alert, channel)"
    assert json.loads(feed_server.requests_to("/json")[0].body)["idempotency_key"] == keys["json"]
