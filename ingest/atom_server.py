"""A small HTTP endpoint that serves the monitor's own output as Atom, per filter.

`GET /feed.atom?actor=RUS&topic=recognition` returns the newest stories matching the
same filter the dashboard uses (same URL parameters), so a view can be subscribed to
in any feed reader; `GET /alerts.atom` returns the newest alerts (ingest/alerts/). Started
once per dashboard process when `[dashboard] atom_port` is set; read-only, bounded, and
every request opens its own short read transaction.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import Engine

from db.queries import QueryError, filter_from_params
from db.records import story_records
from db.session import session_scope
from ingest.export import export_bytes

FEED_PATH = "/feed.atom"
ALERTS_PATH = "/alerts.atom"
FEED_SIZE = 200


def start_atom_server(engine: Engine, host: str, port: int) -> ThreadingHTTPServer:
    """Serve the Atom feeds on host:port from a daemon thread; returns the server."""
    server = ThreadingHTTPServer((host, port), _handler(engine))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="atom-feed", daemon=True).start()
    return server


def _handler(engine: Engine):
    class AtomHandler(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urlsplit(self.path)
            if parts.path == ALERTS_PATH:
                return self._alerts()
            if parts.path != FEED_PATH:
                return self._reply(404, b"not found: the feed is at " + FEED_PATH.encode(), "text/plain")
            params = parse_qs(parts.query)
            flt = filter_from_params(lambda key: params.get(key, []))
            try:
                with session_scope(engine) as session:
                    records = story_records(session, flt, limit=FEED_SIZE)
            except QueryError as error:
                return self._reply(400, f"bad search: {error}".encode(), "text/plain")
            body = export_bytes(records, "atom", title=f"Taliban engagement monitor: {flt.describe()}")
            return self._reply(200, body, "application/atom+xml; charset=utf-8")

        def _alerts(self):
            from ingest.alerts.reading import alerts_atom

            with session_scope(engine) as session:
                body = alerts_atom(session)
            return self._reply(200, body, "application/atom+xml; charset=utf-8")

        def _reply(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return AtomHandler
