"""Alert rules: the `[[alerts]]` tables of config.toml, checked like every other key.

A typo in a key, an unknown rule kind, a level or topic the taxonomy does not know, a
search that cannot run or a notify URL Apprise cannot read stops the program with one
line naming the rule and the key (exit 2), instead of a rule that silently never fires.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

RULE_KINDS = ("status_change", "new_actor", "spike", "match")
DIGESTS = ("hourly", "daily")
SPIKE_DEFAULTS = {"baseline_days": 56, "min_stories": 5, "p_value": 0.001}
MAX_PER_POLL = 10  # more alerts than this from one rule in one poll become one digest


@dataclass(frozen=True)
class AlertRule:
    name: str
    rule: str
    notify: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    query: str = ""
    digest: str = ""  # "", hourly or daily
    days: int = 0  # new_actor: first engagement in this many days (0: ever)
    baseline_days: int = SPIKE_DEFAULTS["baseline_days"]
    min_stories: int = SPIKE_DEFAULTS["min_stories"]
    p_value: float = SPIKE_DEFAULTS["p_value"]
    max_per_poll: int = MAX_PER_POLL


_STR = ((str,), "a string")
_STR_LIST = ((list,), "a list of strings")
_INT = ((int,), "a whole number")
_NUMBER = ((int, float), "a number")
COMMON_KEYS = {"name": _STR, "rule": _STR, "notify": _STR_LIST, "actors": _STR_LIST, "topics": _STR_LIST,
               "levels": _STR_LIST, "query": _STR, "digest": _STR, "max_per_poll": _INT}
RULE_KEYS = {"new_actor": {"days": _INT},
             "spike": {"baseline_days": _INT, "min_stories": _INT, "p_value": _NUMBER}}


class RuleProblem(ValueError):
    """What is wrong with one key of one rule (config.py adds the file's name)."""


def parse_rules(tables, path: Path) -> tuple[AlertRule, ...]:
    """The `[[alerts]]` tables as rules; RuleProblem naming the first bad rule and key."""
    if not isinstance(tables, list):
        raise RuleProblem("alerts must be written as [[alerts]] tables")
    rules, names = [], set()
    for number, table in enumerate(tables, start=1):
        where = f"[[alerts]] #{number}"
        if not isinstance(table, dict):
            raise RuleProblem(f"{where} must be a table")
        rule = _parse_rule(table, f"{where} ({table.get('name', 'unnamed')})")
        if rule.name in names:
            raise RuleProblem(f"{where} repeats the alert name '{rule.name}'")
        names.add(rule.name)
        rules.append(rule)
    return tuple(rules)


def _parse_rule(table: dict, where: str) -> AlertRule:
    for key in ("name", "rule"):
        if key not in table:
            raise RuleProblem(f"{where} is missing the key '{key}'")
    kind = table["rule"]
    if kind not in RULE_KINDS:
        raise RuleProblem(f"{where} rule must be one of {', '.join(RULE_KINDS)}, got {kind!r}")
    allowed = {**COMMON_KEYS, **RULE_KEYS.get(kind, {})}
    for key, value in table.items():
        _check_key(allowed, key, value, kind, where)
    if not table["name"].strip():
        raise RuleProblem(f"{where} name must not be empty")
    _check_values(table, where)
    if kind == "match" and not any(table.get(key) for key in ("actors", "topics", "levels", "query")):
        raise RuleProblem(f"{where} rule 'match' needs a filter: actors, topics, levels or query")
    return AlertRule(**{key: tuple(value) if isinstance(value, list) else value for key, value in table.items()})


def _check_key(allowed: dict, key: str, value, kind: str, where: str) -> None:
    if key not in allowed:
        owner = next((rule for rule, keys in RULE_KEYS.items() if key in keys), None)
        if owner:
            raise RuleProblem(f"{where} key '{key}' only applies to rule '{owner}', not '{kind}'")
        raise RuleProblem(f"unknown key {where} {key} (known keys: {', '.join(sorted(allowed))})")
    types, type_name = allowed[key]
    if isinstance(value, bool) or not isinstance(value, types):
        raise RuleProblem(f"{where} {key} must be {type_name}, got {value!r}")
    if types == (list,) and not all(isinstance(item, str) for item in value):
        raise RuleProblem(f"{where} {key} must be {type_name}")


def _check_values(table: dict, where: str) -> None:
    from ingest.taxonomy import LEVEL_SCORES, TOPIC_IDS

    if table.get("digest", "") not in ("", *DIGESTS):
        raise RuleProblem(f"{where} digest must be \"hourly\" or \"daily\", got {table['digest']!r}")
    for key in ("days", "baseline_days", "min_stories", "max_per_poll"):
        if key in table and table[key] <= 0:
            raise RuleProblem(f"{where} {key} must be greater than 0, got {table[key]!r}")
    if "p_value" in table and not 0 < table["p_value"] < 1:
        raise RuleProblem(f"{where} p_value must be between 0 and 1, got {table['p_value']!r}")
    for key, known in (("levels", LEVEL_SCORES), ("topics", TOPIC_IDS)):
        unknown = [value for value in table.get(key, []) if value not in known]
        if unknown:
            raise RuleProblem(f"{where} {key}: unknown id {unknown[0]!r} (known: {', '.join(known)})")
    if table.get("query", "").strip():
        _check_query(table["query"], where)
    for url in table.get("notify", []):
        problem = channel_problem(url)
        if problem:
            raise RuleProblem(f"{where} notify {problem}")


def _check_query(query: str, where: str) -> None:
    from db.queries import QueryError, to_fts5

    try:
        to_fts5(query)
    except QueryError as error:
        raise RuleProblem(f"{where} query {query!r}: {error}") from None


def describe_filter(rule: AlertRule) -> str:
    """What a rule looks at, in a few words: its ids, its search, its parameters."""
    parts = [*rule.actors, *rule.topics, *rule.levels] + ([f'"{rule.query}"'] if rule.query else [])
    if rule.rule == "new_actor" and rule.days:
        parts.append(f"days={rule.days}")
    if rule.rule == "spike":
        parts.append(f"min {rule.min_stories}, p<{rule.p_value:g}, {rule.baseline_days} d baseline")
    return " ".join(parts) or "-"


def channel_problem(url: str) -> str | None:
    """Why Apprise cannot send to `url`, or None when it can."""
    if _plugin(url) is None:
        return f"is not a URL Apprise can send to: {redact(url)!r} (see https://appriseit.com/services/)"
    return None


def redact(url: str) -> str:
    """`url` without its password or token, for tables, logs and error messages."""
    plugin = _plugin(url)
    if plugin is not None:
        return _without_defaults(plugin.url(privacy=True))
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{'...' if rest else ''}"


_APPRISE_DEFAULTS = {"overflow", "retry", "wait", "optional", "cto", "rto", "method", "format", "emojis", "tz",
                     "store", "mode", "pgp", "wkd", "inline"}


def _without_defaults(url: str) -> str:
    """Apprise's URL without the settings it spells out every time (a shorter, clearer name)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    kept = [(key, value) for key, value in parse_qsl(parts.query) if key not in _APPRISE_DEFAULTS]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def _plugin(url: str):
    """Apprise's reading of `url` (None when it has none), without the warnings it logs:
    a config error is one line, and the reason is said by us."""
    import logging

    import apprise

    logger = logging.getLogger("apprise")
    was_disabled, logger.disabled = logger.disabled, True
    try:
        return apprise.Apprise.instantiate(url, suppress_exceptions=True)
    finally:
        logger.disabled = was_disabled
