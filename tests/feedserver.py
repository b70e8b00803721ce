"""A local HTTP server on 127.0.0.1 that serves fixture feeds and misbehaves on request.

Tests register routes (a body, a status, headers, or a fault such as hanging or
trickling) and read back the requests it received, e.g. to check conditional GETs.
It also takes POSTs (a webhook receiver for alerts): each is recorded with its body
before the route answers (its status, or hanging).
"""
from __future__ import annotations

import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "application/rss+xml; charset=utf-8"  # None: no Content-Type header
    headers: dict = field(default_factory=dict)
    validators: bool = True  # send ETag / Last-Modified and answer 304 when they match
    gzip: bool = False
    redirect_to: str | None = None
    hang_seconds: float = 0.0  # accept, then say nothing for this long
    trickle_seconds: float = 0.0  # send the body one byte per this many seconds
    declare_length: bool = True


@dataclass
class Request:
    path: str
    headers: dict
    client_port: int = 0  # tells connections apart: kept-alive requests share one
    body: bytes = b""  # a POST's body


def _not_modified(headers, etag: str, last_modified: str) -> bool:
    """RFC 9110: If-None-Match decides when present; else If-Modified-Since."""
    if headers.get("If-None-Match"):
        return headers["If-None-Match"] == etag
    return headers.get("If-Modified-Since") == last_modified


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients that give up (timeouts under test) are expected


class FeedServer:
    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._server = _QuietServer((host, 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, route: Route | None = None, **kwargs) -> str:
        self.routes[path] = route or Route(**kwargs)
        return self.url(path)

    def add_fixture(self, path: str, fixture: str, **kwargs) -> str:
        return self.add(path, Route(body=(FIXTURES / fixture).read_bytes(), **kwargs))

    def requests_to(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                route = server.routes.get(self.path)
                status = 404 if route is None else route.status
                if status < 400:  # what the receiver accepted (a refused POST was not received)
                    server.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()},
                                                   self.client_address[1], body))
                if route is not None and route.hang_seconds:
                    time.sleep(route.hang_seconds)
                return self._send(status, b"", "text/plain")

            def do_GET(self):
                server.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}, self.client_address[1]))
                route = server.routes.get(self.path)
                if route is None:
                    return self._send(404, b"not found", "text/plain")
                if route.hang_seconds:
                    time.sleep(route.hang_seconds)
                    return self._close()
                if route.redirect_to:
                    self.send_response(route.status if 300 <= route.status < 400 else 302)
                    self.send_header("Location", route.redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                etag = '"' + hashlib.md5(route.body).hexdigest() + '"'
                last_modified = "Mon, 06 Oct 2025 10:00:00 GMT"
                if route.validators and _not_modified(self.headers, etag, last_modified):
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                headers = dict(route.headers)
                if route.validators and route.status == 200:
                    headers.update({"ETag": etag, "Last-Modified": last_modified})
                body = route.body
                if route.gzip:
                    body = gzip.compress(body)
                    headers["Content-Encoding"] = "gzip"
                return self._send(route.status, body, route.content_type, headers, route)

            def _send(self, status, body, content_type, headers=None, route=None):
                self.send_response(status)
                if content_type is not None:
                    self.send_header("Content-Type", content_type)
                if route is None or route.declare_length:
                    self.send_header("Content-Length", str(len(body)))
                else:
                    self.send_header("Connection", "close")
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    if route is not None and route.trickle_seconds:
                        for index in range(len(body)):
                            self.wfile.write(body[index:index + 1])
                            self.wfile.flush()
                            time.sleep(route.trickle_seconds)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                if route is not None and not route.declare_length:
                    self.close_connection = True

            def _close(self):
                self.close_connection = True

        return Handler
