"""Load and validate `config.toml`.

Every key has a default here, and every key a user writes is checked against this
schema, so a typo ("intervall_minutes") or a wrong type stops the program with a
message naming the key and the file instead of being silently ignored.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = PROJECT_ROOT / "config.toml"
DEFAULT_TAXONOMY_PATH = Path(__file__).resolve().parent / "taxonomy.toml"

DEFAULT_RELEVANCE_TERMS = [
    "afghanistan", "afghan", "afghans", "taliban", "kabul", "kandahar", "herat",
    "mazar-i-sharif", "jalalabad", "bagram", "islamic emirate", "muttaqi",
    "akhundzada", "haqqani", "zabihullah mujahid", "isis-k", "iskp", "is-k",
    "islamic state khorasan", "islamic state-khorasan", "torkham", "wakhan",
    "unama",
    # the Taliban as Afghanistan's government: with the TTP in the story, bare "Taliban" is not enough
    "taliban government", "taliban administration", "taliban counterpart", "taliban delegation", "taliban-led",
    "taliban authorities", "baradar", "yaqoob", "hanafi", "akhund",
    "taliban consul", "taliban envoy", "taliban ambassador", "taliban diplomat", "taliban diplomats",
    "taliban-appointed", "taliban-named", "taliban-run", "taliban foreign ministry", "taliban foreign minister",
    # the provinces: a story from "flood-hit Baghlan" is an Afghan story without the country's name
    "badakhshan", "badghis", "baghlan", "balkh", "bamyan", "daykundi", "faryab", "ghazni", "ghor", "helmand",
    "jowzjan", "jawzjan", "kapisa", "khost", "kunar", "kunduz", "laghman", "logar", "nangarhar", "nimroz",
    "nuristan", "paktia", "paktika", "panjshir", "parwan", "samangan", "takhar", "uruzgan", "wardak", "zabul",
    # provincial capitals and districts in the news: "tents go up in Qadis" is an Afghan story too
    "lashkar gah", "spin boldak", "islam qala", "zaranj", "hairatan", "asadabad", "pul-e-khumri", "maimana",
    "sheberghan", "taloqan", "gardez", "chaghcharan", "tarinkot", "mehtar lam", "qala-i-naw", "qala-e-naw",
    "fayzabad", "sharana", "maidan shahr", "qadis", "barmal", "bermal", "urgun", "dangam", "shigal", "sarkano",
    "farah province", "farah's", "qala-e kah", "qala-i-kah", "sar-e pul", "sar-e-pul",  # (bare "Farah" is also a name)
    "dand-e-patan", "zazai maidan", "achin", "shinwar", "momand dara", "lalpur", "goshta", "sperah", "musa qala",
    "sangin", "garmsir", "kajaki", "marjah", "arghandab", "maiwand", "panjwai", "shindand", "guzara", "injil",
    "kohsan", "ghoryan", "zinda jan", "adraskan", "chahar bolak", "imam sahib", "dasht-e-archi",
    "shir khan bandar", "aqina", "andkhoy", "khamyab", "salang", "paghman", "pughman", "obeh",
    # spellings and crossings the wires use: "Hirat airport", Chaman's Bab-e-Dosti gate to Spin Boldak
    "hirat", "chaman", "bab-e-dosti", "mazar-e-sharif", "daikundi", "bamiyan", "paktiya", "panjsher", "konar",
    "oruzgan", "qunduz", "qandahar", "ningarhar", "nangrahar", "khogyani", "khugiani", "sherzad", "hisarak",
    # the UN sanctions regime on the Taliban is Afghanistan's, whatever else the story names (the TTP)
    "taliban sanctions", "sanctions on the taliban", "sanctions on taliban", "1988 committee", "1988 sanctions committee",
]
DEFAULT_RELEVANCE_IGNORE = [
    "pakistani taliban", "pakistan taliban", "tehrik-e-taliban pakistan", "tehreek-e-taliban pakistan",
    "tehrik-i-taliban pakistan", "tehrik-e-taliban", "tehreek-e-taliban", "tehrik-i-taliban",
    "taliban-style", "taliban-like", "like the taliban",  # a comparison in another country's politics
    "operation kabul", "operation kandahar", "operation herat",  # a code name ("a drug bust code-named 'Operation Kabul'")
    "worthy of the taliban", "smacks of the taliban", "reminiscent of the taliban",  # a comparison, as above
    "kabul lines",  # a place abroad named for the city (Delhi Cantonment's Kabul Lines)
]


class ConfigError(Exception):
    """A configuration problem a user must fix; the message names key and file."""


@dataclass(frozen=True)
class FeedConfig:
    name: str
    url: str
    interval_minutes: int | None = None
    enabled: bool = True
    language: str = "en"


@dataclass(frozen=True)
class SchedulerConfig:
    start_in_dashboard: bool = True
    default_interval_minutes: int = 30
    jitter_seconds: int = 60
    max_backoff_minutes: int = 720
    connect_timeout_seconds: float = 10.0
    fetch_timeout_seconds: float = 20.0
    max_body_bytes: int = 10_000_000
    max_redirects: int = 5
    max_items_per_feed: int = 500
    user_agent: str = (
        "TalibanEngagementMonitor/1.0 (+news monitoring dashboard; RSS/Atom poller)"
    )
    lease_seconds: int = 90
    parse_workers: int = 2
    fetch_log_retention_days: float = 30.0
    claim_batch: int = 100


@dataclass(frozen=True)
class DashboardConfig:
    refresh_seconds: int = 60
    allow_private_feed_urls: bool = False
    page_size: int = 500
    atom_port: int = 8502
    atom_host: str = "127.0.0.1"
    public_atom_url: str = ""


@dataclass(frozen=True)
class PollingConfig:
    """Adaptive polling (ingest/polling.py): each feed's interval follows its posting
    rate and its own hints, within these bounds."""

    adaptive: bool = True
    min_interval_minutes: int = 10
    max_interval_minutes: int = 360


@dataclass(frozen=True)
class Config:
    path: Path
    database_url: str
    scheduler: SchedulerConfig
    dashboard: DashboardConfig
    relevance_terms: tuple[str, ...]
    relevance_ignore: tuple[str, ...]
    taxonomy_path: Path
    feeds: tuple[FeedConfig, ...] = field(default_factory=tuple)
    polling: PollingConfig = field(default_factory=PollingConfig)
    alerts: tuple = field(default_factory=tuple)  # ingest.alerts.rules.AlertRule


# section -> key -> (accepted python types, human type name)
_NUMBER = ((int, float), "a number")
_INT = ((int,), "a whole number")
_BOOL = ((bool,), "true or false")
_STR = ((str,), "a string")
_STR_LIST = ((list,), "a list of strings")

SCHEMA: dict[str, dict[str, tuple]] = {
    "database": {"url": _STR},
    "scheduler": {
        "start_in_dashboard": _BOOL,
        "default_interval_minutes": _INT,
        "jitter_seconds": _INT,
        "max_backoff_minutes": _INT,
        "connect_timeout_seconds": _NUMBER,
        "fetch_timeout_seconds": _NUMBER,
        "max_body_bytes": _INT,
        "max_redirects": _INT,
        "max_items_per_feed": _INT,
        "user_agent": _STR,
        "lease_seconds": _INT,
        "parse_workers": _INT,
        "fetch_log_retention_days": _NUMBER,
        "claim_batch": _INT,
    },
    "dashboard": {
        "refresh_seconds": _INT,
        "allow_private_feed_urls": _BOOL,
        "page_size": _INT,
        "atom_port": _INT,
        "atom_host": _STR,
        "public_atom_url": _STR,
    },
    "polling": {
        "adaptive": _BOOL,
        "min_interval_minutes": _INT,
        "max_interval_minutes": _INT,
    },
    "relevance": {"terms": _STR_LIST, "ignore": _STR_LIST},
    "tagging": {"taxonomy": _STR},
}
FEED_SCHEMA = {
    "name": _STR,
    "url": _STR,
    "interval_minutes": _INT,
    "enabled": _BOOL,
    "language": _STR,
}
REQUIRED_FEED_KEYS = ("name", "url")
POSITIVE_KEYS = {
    "default_interval_minutes", "max_backoff_minutes", "connect_timeout_seconds",
    "fetch_timeout_seconds", "max_body_bytes", "max_items_per_feed", "lease_seconds",
    "parse_workers", "refresh_seconds", "page_size", "interval_minutes", "fetch_log_retention_days",
    "min_interval_minutes", "max_interval_minutes",
    "claim_batch",
}


def load_config(path: str | os.PathLike | None = None) -> Config:
    """Read, validate and resolve the configuration at `path` (default: ./config.toml).

    Relative SQLite paths and the taxonomy path are resolved against the config file's
    folder, so the same file gives the same database whatever the working directory.
    `DATABASE_URL` in the environment overrides `[database] url`.
    """
    config_path = Path(path) if path else DEFAULT_CONFIG_PATH
    raw = _read_toml(config_path)
    _check_keys(raw, config_path)
    base = config_path.resolve().parent
    database_url = os.environ.get("DATABASE_URL") or raw.get("database", {}).get(
        "url", "sqlite:///data/monitor.db"
    )
    taxonomy = raw.get("tagging", {}).get("taxonomy")
    return Config(
        path=config_path,
        database_url=resolve_database_url(database_url, base, config_path),
        scheduler=SchedulerConfig(**raw.get("scheduler", {})),
        dashboard=DashboardConfig(**raw.get("dashboard", {})),
        relevance_terms=tuple(
            t.lower() for t in raw.get("relevance", {}).get("terms", DEFAULT_RELEVANCE_TERMS)
        ),
        relevance_ignore=tuple(
            t.lower() for t in raw.get("relevance", {}).get("ignore", DEFAULT_RELEVANCE_IGNORE)
        ),
        taxonomy_path=(base / taxonomy) if taxonomy else DEFAULT_TAXONOMY_PATH,
        feeds=tuple(FeedConfig(**feed) for feed in raw.get("feeds", [])),
        polling=_polling(raw.get("polling", {}), config_path),
        alerts=_alert_rules(raw.get("alerts", []), config_path),
    )


def _polling(raw: dict, path: Path) -> PollingConfig:
    polling = PollingConfig(**raw)
    if polling.min_interval_minutes > polling.max_interval_minutes:
        raise ConfigError(f"{path}: [polling] min_interval_minutes ({polling.min_interval_minutes}) must not be "
                          f"greater than max_interval_minutes ({polling.max_interval_minutes})")
    return polling


def _alert_rules(tables, path: Path) -> tuple:
    """The [[alerts]] rules (ingest/alerts/rules.py checks them, as _check_keys does the rest)."""
    if not tables:
        return ()
    from ingest.alerts.rules import RuleProblem, parse_rules

    try:
        return parse_rules(tables, path)
    except RuleProblem as problem:
        raise ConfigError(f"{path}: {problem}") from None


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except PermissionError:
        raise ConfigError(f"{path}: config file is not readable (permission denied)") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a config file") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8 text") from None


def _check_keys(raw: dict, path: Path) -> None:
    for section, value in raw.items():
        if section == "feeds":
            _check_feeds(value, path)
            continue
        if section == "alerts":
            continue  # checked by _alert_rules
        if section not in SCHEMA:
            known = ", ".join(sorted([*SCHEMA, "feeds", "alerts"]))
            raise ConfigError(f"{path}: unknown section [{section}] (known: {known})")
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: [{section}] must be a table")
        for key, item in value.items():
            _check_value(SCHEMA[section], key, item, f"[{section}] {key}", path)


def _check_feeds(feeds, path: Path) -> None:
    if not isinstance(feeds, list):
        raise ConfigError(f"{path}: feeds must be written as [[feeds]] tables")
    names = set()
    for number, feed in enumerate(feeds, start=1):
        where = f"[[feeds]] #{number}"
        if not isinstance(feed, dict):
            raise ConfigError(f"{path}: {where} must be a table")
        for key in REQUIRED_FEED_KEYS:
            if key not in feed:
                raise ConfigError(f"{path}: {where} is missing the key '{key}'")
        for key, item in feed.items():
            _check_value(FEED_SCHEMA, key, item, f"{where} ({feed.get('name')}) {key}", path)
        problem = url_problem(feed["url"])
        if problem:
            raise ConfigError(f"{path}: {where} ({feed['name']}) url {problem}")
        if feed["name"] in names:
            raise ConfigError(f"{path}: {where} repeats the feed name '{feed['name']}'")
        names.add(feed["name"])


def _check_value(schema: dict, key: str, value, where: str, path: Path) -> None:
    if key not in schema:
        known = ", ".join(sorted(schema))
        raise ConfigError(f"{path}: unknown key {where} (known keys: {known})")
    types, type_name = schema[key]
    if isinstance(value, bool) and bool not in types:
        raise ConfigError(f"{path}: {where} must be {type_name}, got {value!r}")
    if not isinstance(value, types):
        raise ConfigError(f"{path}: {where} must be {type_name}, got {value!r}")
    if types == (list,) and not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{path}: {where} must be {type_name}")
    if key in POSITIVE_KEYS and value <= 0:
        raise ConfigError(f"{path}: {where} must be greater than 0, got {value!r}")
    if isinstance(value, str) and key in ("name", "url") and not value.strip():
        raise ConfigError(f"{path}: {where} must not be empty")


def url_problem(url: str) -> str | None:
    """Why `url` cannot be polled as a feed, or None when it can."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return f"must start with http:// or https://, got {url!r}"
    if not parts.hostname:
        return f"has no host name: {url!r}"
    return None


def resolve_database_url(url: str, base: Path, config_path: Path) -> str:
    """Make a relative SQLite path absolute against `base` and create its folder."""
    if not url.startswith("sqlite"):
        if "://" not in url:
            raise ConfigError(f"{config_path}: [database] url is not a database URL: {url!r}")
        return url
    prefix, _, file_part = url.partition(":///")
    if not file_part or file_part.startswith(":memory:"):
        return url
    file_path = Path(file_part)
    if not file_path.is_absolute():
        file_path = base / file_path
    try:
        file_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(
            f"{config_path}: [database] url: cannot create folder {file_path.parent}: "
            f"{error.strerror}"
        ) from None
    return f"{prefix}:///{file_path}"
