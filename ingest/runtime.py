"""Start-up shared by the CLI and the dashboard: config, database, feeds, seed."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from db.session import open_database
from ingest.config import Config, load_config
from ingest.feeds import sync_feeds


@dataclass
class Runtime:
    config: Config
    engine: Engine


def prepare(config_path=None, seed: bool = True) -> Runtime:
    """Load and validate the config, open and migrate the database, register the
    configured feeds and (unless `seed` is False) seed the founding article (idempotent).

    Raises ConfigError or DatabaseError with a one-line message for the user.
    """
    config = load_config(config_path)
    engine = open_database(config.database_url)
    sync_feeds(engine, config.feeds)
    if seed:
        from ingest.seed import seed_database  # the tagger's modules are not needed otherwise

        seed_database(engine)
    return Runtime(config=config, engine=engine)
