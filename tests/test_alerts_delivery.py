"""Alert delivery (issue #12): email to a real SMTP server (aiosmtpd) on 127.0.0.1, several
workers sending one outbox (each delivery sent once), and SIGKILL during delivery: after a
restart every alert has arrived, and only the one in flight at the kill may arrive twice,
with the same Idempotency-Key (the at-least-once window stated in the README)."""
import email
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
    assert status["X-Monitor-Alert"]


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


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


def test_sigkill_during_delivery_delivers_everything_after_restart(feed_server, make_config):
    """The receiver takes the first message and holds its answer; `once` is killed then.
    The restarted `once` (after the claim's lease) sends the rest once each, and the one
    in flight again: it arrives twice, with one Idempotency-Key."""
    hook = feed_server.add("/hook", status=200, hang_seconds=30).replace("http://", "json://") + "?rto=60"
    feed = feed_server.add("/wire.xml", body=rss(BACKLOG + [STATUS_CHANGE] + BURST))
    config = make_config({"Wire": feed}, extra=settings(lease_seconds=2) + rules(hook))
    runtime = prepare(config)
    with session_scope(runtime.engine, write=True) as session:  # not a new feed: no backlog digest
        from db.models import Feed

        session.query(Feed).update({Feed.last_success_at: utc_now() - timedelta(days=1)})
    poller = subprocess.Popen([sys.executable, "-m", "ingest", "once", "--config", str(config)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(lambda: len(received(feed_server)) == 1)
    finally:
        os.kill(poller.pid, signal.SIGKILL)
        poller.wait()
    with session_scope(runtime.engine) as session:
        statuses = sorted(d.status for d in session.query(AlertDelivery))
    assert statuses.count("sending") == 1 and statuses.count("pending") >= 2, statuses

    feed_server.routes["/hook"].hang_seconds = 0
    time.sleep(2.5)  # the killed sender's claim (lease_seconds = 2) expires
    assert main(["once", "--config", str(config)]) == 0
    messages = received(feed_server)
    keys = [message["key"] for message in messages]
    with session_scope(runtime.engine) as session:
        deliveries = session.query(AlertDelivery).all()
        assert {d.status for d in deliveries} == {"sent"}
    assert set(keys) == {f"alert-delivery-{d.id}" for d in deliveries}, "every alert arrived"
    repeated = {key for key in keys if keys.count(key) > 1}
    assert repeated == {keys[0]} and keys.count(keys[0]) == 2, "only the one in flight at the kill, twice"
