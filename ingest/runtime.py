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
    configured feeds and (unless `seed` is False) seed the founding article (idempotent);
    then have status changes raise the configured alerts, whatever makes them.

    Raises ConfigError or DatabaseError with a one-line message for the user.
    """
    config = load_config(config_path)
    _check_alert_actors(config)
    engine = open_database(config.database_url)
    sync_feeds(engine, config.feeds)
    if seed:
        from ingest.seed import seed_database  # the tagger's modules are not needed otherwise

        seed_database(engine)
    if config.alerts:  # from here on, every status change on this database raises its alerts
        from ingest.alerts.status import watch

        watch(engine, config.alerts, config.taxonomy_path)
    return Runtime(config=config, engine=engine)


def _check_alert_actors(config: Config) -> None:
    """An alert rule's actor ids must be the taxonomy's (a typo would never fire): checked
    here, where the taxonomy file is known, as ConfigError naming the rule."""
    listed = [(rule.name, actor) for rule in config.alerts for actor in rule.actors]
    if not listed:
        return
    from ingest.config import ConfigError
    from ingest.taxonomy import load_taxonomy

    known = load_taxonomy(config.taxonomy_path).actor_labels
    for name, actor in listed:
        if actor not in known:
            raise ConfigError(f"{config.path}: [[alerts]] ({name}) actors: unknown actor id {actor!r}")
