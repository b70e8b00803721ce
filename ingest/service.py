"""The monitor as one service: ingestion starts with the process, not with the first visitor.

`python -m ingest serve` (what `./run.sh` runs) prepares the database (migrations, feeds,
seed), starts the feed scheduler, then hands this same process to Streamlit's own command
line (`streamlit run dashboard.py ...`). The dashboard finds the scheduler here
(`current`) and reuses it instead of starting a second one.

Why one process rather than `streamlit run` beside `python -m ingest run` under a shell
supervisor:
- one PID to supervise: systemd (or a terminal's Ctrl-C) stops, restarts and accounts for
  the dashboard and its poller together, so there is never a dashboard whose poller died
  unnoticed, nor a poller left behind by a dashboard that stopped;
- no supervisor to write: restart policy stays with systemd, signals go to one process;
- Streamlit is entered through its public console entry point (`streamlit.web.cli.main`,
  the function the `streamlit` command itself calls), so every `--server.*` option works
  as with `streamlit run`, and no private server API is touched.
The lease still decides who polls: a second service on the same SQLite database starts a
scheduler that stays idle until the first one's lease expires.
"""
from __future__ import annotations

import atexit
import logging
import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from ingest.memory import limit_malloc_arenas, limit_sqlite_memory
from ingest.runtime import Runtime, prepare

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"
CONFIG_ENV = "MONITOR_CONFIG"  # the dashboard reads its config path from here (views/common.py)
# A service does not re-import code that changes under it (restart it instead): the file
# watcher would also drop this module from sys.modules, and with it the running scheduler.
SERVICE_OPTIONS = ["--server.fileWatcherType", "none", "--server.runOnSave", "false"]


@dataclass
class Service:
    """What this process runs for one config: its database, (unless turned off) the
    scheduler, and the Atom feed of filtered views, which subscribers poll without visiting."""

    config_key: str | None
    runtime: Runtime
    scheduler: object | None  # an IngestScheduler, or None with start_in_dashboard = false
    atom: object | None = None  # the Atom feed's server, or None when off or its port is taken


_services: dict[str | None, Service] = {}
_lock = threading.Lock()


def current(config_key: str | None) -> Service | None:
    """The service this process started for `config_key` (the MONITOR_CONFIG value), if any."""
    return _services.get(config_key)


def start(config_key: str | None, runtime: Runtime | None = None) -> Service:
    """Prepare the database and start the scheduler for `config_key`, once per process.

    `runtime` is an already prepared one (the dashboard's, when it started first). The
    scheduler starts only when `[scheduler] start_in_dashboard` is true; it polls while it
    holds the database lease and waits as a standby otherwise.
    """
    with _lock:
        if config_key in _services:
            return _services[config_key]
        runtime = runtime or prepare(config_key)
        limit_sqlite_memory(runtime.engine)  # the dashboard's connections too (ingest/memory.py)
        scheduler = _start_scheduler(runtime) if runtime.config.scheduler.start_in_dashboard else None
        if not _services:
            atexit.register(stop)  # a bare `streamlit run` exits through here too
        _services[config_key] = service = Service(config_key, runtime, scheduler, _start_atom(runtime))
        return service


def _start_scheduler(runtime: Runtime):
    from ingest.orchestrator import Pipeline
    from ingest.scheduler import IngestScheduler

    scheduler = IngestScheduler(Pipeline(runtime.config, runtime.engine))
    scheduler.start()
    return scheduler


def _start_atom(runtime: Runtime):
    config = runtime.config.dashboard
    if not config.atom_port:
        return None
    from ingest.atom_server import start_atom_server

    try:
        return start_atom_server(runtime.engine, config.atom_host, config.atom_port, config.public_atom_url,
                                 runtime.config.taxonomy_path)
    except OSError:  # another service serves it already, or the port is taken
        return None


def stop() -> None:
    """Stop what this process started: Atom feeds, schedulers (their leases released). Idempotent."""
    with _lock:
        services = list(_services.values())
        _services.clear()
    for service in services:
        if service.atom is not None:
            service.atom.shutdown()
            service.atom.server_close()
        if service.scheduler is not None:
            service.scheduler.shutdown()


def serve(config_path: str | None, streamlit_args: list[str]) -> int:
    """Start ingestion, then run the dashboard in this process until SIGINT or SIGTERM.

    `streamlit_args` go to `streamlit run` after the service's own options, so they win.
    """
    limit_malloc_arenas()
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("ingest").setLevel(logging.INFO)  # each poll's summary, in the service's log
    if config_path:
        os.environ[CONFIG_ENV] = str(Path(config_path).resolve())
    key = os.environ.get(CONFIG_ENV) or None
    signal.signal(signal.SIGTERM, _exit_on_signal)  # until Streamlit installs its own handler
    try:
        service = start(key)
        _announce(service)
        return _run_streamlit(streamlit_args)
    finally:
        stop()


def _exit_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def _announce(service: Service) -> None:
    where = service.runtime.engine.url.render_as_string(hide_password=True)
    state = "scheduler started" if service.scheduler else "no scheduler (start_in_dashboard = false)"
    print(f"monitor: database {where} ready; {state}", flush=True)


def _run_streamlit(streamlit_args: list[str]) -> int:
    """`streamlit run dashboard.py ARGS` in this process; its exit code."""
    import click
    from streamlit.web import cli

    try:
        cli.main(["run", str(DASHBOARD), *SERVICE_OPTIONS, *streamlit_args],
                 prog_name="streamlit", standalone_mode=False)
    except click.ClickException as error:  # a bad Streamlit option: click's own message
        error.show()
        return error.exit_code
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 1
    return 0
