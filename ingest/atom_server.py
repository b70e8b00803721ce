"""A small HTTP endpoint that serves the monitor's own output as Atom, per filter.

`GET /feed.atom?actor=RUS&topic=recognition` returns the newest stories matching the
same filter the dashboard uses (same URL parameters), so a view can be subscribed to
in any feed reader; `GET /alerts.atom` returns the newest alerts (ingest/alerts/). Started
once per dashboard process when `[dashboard] atom_port` is set; read-only, bounded, and
every request opens its own short read transaction.
"""
from __future__ import annotations

import functools
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from sqlalchemy import Engine

from db.queries import QueryError, StoryFilter, filter_from_params, filter_to_params
from db.records import story_records
from db.session import session_scope
from ingest.atom import AtomFeed
from ingest.export import export_bytes

FEED_PATH = "/feed.atom"
ALERTS_PATH = "/alerts.atom"
FEED_SIZE = 200
_HOST_HEADER = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


def start_atom_server(engine: Engine, host: str, port: int, public_url: str = "",
                      taxonomy_path: Path | None = None) -> ThreadingHTTPServer:
    """Serve the Atom feeds on host:port from a daemon thread; returns the server.
    `public_url` is the feed's address as subscribers see it (behind a proxy), else the
    address they asked for; `taxonomy_path` names the actors in feed titles."""
    server = ThreadingHTTPServer((host, port), _handler(engine, public_url, taxonomy_path))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="atom-feed", daemon=True).start()
    return server


def feed_base(server: ThreadingHTTPServer | None, host: str, public_url: str = "") -> str | None:
    """The address of the feed this process serves, as the dashboard shows it: the proxy's
    (`public_url`) when set, else the port the server holds. None when this process serves
    none (off, or the configured port taken by another process): its link would show the
    other process's database."""
    if public_url:
        return public_url
    if server is None:
        return None
    shown_host = "localhost" if host in ("127.0.0.1", "0.0.0.0", "") else host
    return f"http://{shown_host}:{server.server_address[1]}/feed.atom"


def self_url(base: str, flt: StoryFilter) -> str:
    """The feed's own address (its rel="self" link), with the filter spelt canonically."""
    query = urlencode(filter_to_params(flt), doseq=True)
    return f"{base}?{query}" if query else base


def _handler(engine: Engine, public_url: str, taxonomy_path: Path | None):
    @functools.cache
    def actor_labels() -> dict[str, str]:
        if taxonomy_path is None:
            return {}
        from ingest.taxonomy import load_taxonomy

        return load_taxonomy(taxonomy_path).actor_labels

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
            feed = AtomFeed.for_filter(flt, actor_labels(), self_url(public_url or self._base(), flt))
            return self._reply(200, export_bytes(records, "atom", atom=feed), "application/atom+xml; charset=utf-8")

        def _base(self) -> str:
            """http://<the Host the client asked for>/feed.atom; the listening address
            when the header is missing or is not a plain host[:port]."""
            host = self.headers.get("Host", "")
            if not _HOST_HEADER.match(host):
                address, port = self.server.server_address[:2]
                host = f"{address}:{port}"
            return f"http://{host}{FEED_PATH}"

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
