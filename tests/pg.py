"""A throwaway PostgreSQL server for the tests, started from the machine's own binaries.

TEST_DATABASE_URL, when set, names a server to use instead. Without either, the
PostgreSQL tests are skipped with the reason.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


def find_bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(candidate, "initdb")):
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class TemporaryPostgres:
    """initdb + pg_ctl in a temporary folder, listening on 127.0.0.1 at a free port.

    PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
    """

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="monitor-pg-"))
        self.data = self.folder / "data"
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.as_postgres = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "monitor", "--auth=trust", "-E", "UTF8")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-o",
                  f"-p {self.port} -h 127.0.0.1 -k {self.folder} -c fsync=off -c synchronous_commit=off "
                  f"-c full_page_writes=off -c max_connections=200", "start")
        return f"postgresql+psycopg://monitor@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def new_database(server_url: str) -> str:
    """A fresh, empty database on the server; returns its URL."""
    from sqlalchemy import create_engine

    name = "test_" + uuid.uuid4().hex[:12]
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    for attempt in range(20):
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql(f"CREATE DATABASE {name}")
            break
        except Exception:
            if attempt == 19:
                raise
            time.sleep(0.25)
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name
