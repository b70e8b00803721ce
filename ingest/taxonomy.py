"""Load the taxonomy file (ingest/taxonomy.toml) and the ISO country list into one object.

The file holds what analysts edit (aliases, officials, topic phrases, triggers); the
country names come from pycountry so that every state is an actor without a hand-typed
list. The version combines the file's declared version with a hash of its bytes, so any
edit yields a new version that retagged rows record.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

LEVEL_SCORES = {
    "recognition": 10.0,
    "ambassadors": 8.0,
    "accreditation": 6.0,
    "high_level_contact": 5.0,
    "technical": 3.0,
    "humanitarian": 1.0,
    "pressure": -4.0,
    "hostile": -8.0,
}
LEVEL_LABELS = {
    "recognition": "Formal recognition",
    "ambassadors": "Ambassadors",
    "accreditation": "Accreditation",
    "high_level_contact": "High-level contact",
    "technical": "Technical",
    "humanitarian": "Humanitarian",
    "pressure": "Pressure",
    "hostile": "Hostile",
}
TOPIC_IDS = (
    "recognition", "diplomatic_missions", "migration_deportation", "counterterrorism",
    "military_bases", "trade_transit", "humanitarian_aid", "sanctions_assets", "women_rights",
    "detainees", "mediation", "border_conflict", "data_security",
)
ORGANISATION_IDS = ("UN", "EU", "ICC", "ICRC", "OIC", "SCO", "NATO", "WB", "IMF", "ISKP", "TTP",
                    "AFG_REPUBLIC")
COUNTERPART = "TALIBAN"
# Actors that appear in the coverage but do not "engage" the Taliban as states do.
NON_ENGAGING = {COUNTERPART, "ISKP", "TTP", "AFG_REPUBLIC"}
# Organisations through which donors' aid reaches Afghans: "through UN agencies" names a
# channel, not a venue (tagging/actors.py), and the channel delivers the aid too (events.py).
AID_CHANNELS = frozenset({"UN", "ICRC", "WB"})
TRIGGER_MODES = ("subject", "mutual")
# The statuses of the ladder (recognition down to accreditation): only the rules may claim them.
FORMAL_LEVELS = ("recognition", "ambassadors", "accreditation")
# How the rule of a tag a learned model guessed begins ("model:humanitarian:p=0.71"), so
# evaluation and the dashboard can tell a guess from a rule's reading.
GUESS_RULE_PREFIX = "model:"


class TaxonomyError(Exception):
    """The taxonomy file is unusable; the message names the entry."""


@dataclass(frozen=True)
class Pattern:
    text: str  # as written, without the * or = markers
    target: str  # actor id, topic id, or "" for a blocker
    layer: str  # entity | topic
    rule: str  # e.g. "alias:Kremlin", "capital:Moscow", "person:Lavrov", "phrase:deport*"
    exact_case: bool = False
    prefix: bool = False
    weight: float = 1.0


@dataclass(frozen=True)
class Trigger:
    level: str
    mode: str
    hedged: bool  # hedges, intentions and conditions cancel it ("may recognise")
    regex: re.Pattern
    pledge: bool = False  # future wording is the act itself ("will provide $30 million in aid")
    status_to: str | None = None  # a downgrade: the formal status it leaves the actor at ("none")
    with_counterpart: bool = False  # counts only with the Taliban side a party in its clause ("the two sides agreed")


@dataclass
class Taxonomy:
    version: str
    path: Path
    actor_labels: dict[str, str]
    patterns: list[Pattern]
    triggers: list[Trigger]
    settings: dict
    negation: dict = field(default_factory=dict)  # before, after, hedges, conditions: word lists
    relevance: dict = field(default_factory=dict)  # decoy contexts for the relevance filter

    @property
    def actor_ids(self) -> list[str]:
        return sorted(self.actor_labels)


def load_taxonomy(path: Path) -> Taxonomy:
    """Read `path` and build the taxonomy; raises TaxonomyError naming what is wrong."""
    try:
        raw_bytes = path.read_bytes()
        data = tomllib.loads(raw_bytes.decode("utf-8"))
    except FileNotFoundError:
        raise TaxonomyError(f"{path}: taxonomy file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise TaxonomyError(f"{path}: not valid TOML: {error}") from None
    version = f"{data.get('version', '0')}+{hashlib.sha256(raw_bytes).hexdigest()[:8]}"
    actors = data.get("actors", {})
    labels, patterns = _country_patterns(actors)
    for actor_id, entry in actors.items():
        labels.setdefault(actor_id, entry.get("label", actor_id))
        if "label" in entry:
            labels[actor_id] = entry["label"]
        patterns += _actor_patterns(actor_id, entry)
    patterns += [_pattern(text, "", "entity", "blocker") for text in data.get("blockers", [])]
    patterns += _topic_patterns(data.get("topics", {}), path)
    negation = data.get("negation", {})
    return Taxonomy(
        version=version,
        path=path,
        actor_labels=labels,
        patterns=patterns,
        triggers=_triggers(data.get("triggers", []), path),
        settings=_checked_settings(data.get("settings", {}), path),
        negation=negation,
        relevance=data.get("relevance", {}),
    )


def _country_patterns(actors: dict) -> tuple[dict[str, str], list[Pattern]]:
    labels, patterns = {}, []
    for country in pycountry.countries:
        code = country.alpha_3
        labels[code] = getattr(country, "common_name", None) or country.name
        if actors.get(code, {}).get("skip_generated_names"):
            continue
        for name in _iso_names(country):
            patterns.append(_pattern(name, code, "entity", f"name:{name}"))
    return labels, patterns


def _iso_names(country) -> set[str]:
    """The country's ISO names as people write them: "Congo, The Democratic Republic of
    the" is written "Democratic Republic of the Congo" (and, being longer, wins over the
    "Republic of the Congo" inside it)."""
    names = {country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)}
    found = set()
    for name in filter(None, names):
        if "(" in name:
            continue
        if ", " in name:
            head, _, tail = name.partition(", ")
            tail = tail[4:] if tail.startswith("The ") else tail
            name = f"{tail} {head}" if tail.endswith(" of") or tail.endswith(" of the") else ""
        if name:
            found.add(name)
    return found


def _actor_patterns(actor_id: str, entry: dict) -> list[Pattern]:
    found = []
    for key, kind in (("aliases", "alias"), ("capitals", "capital"), ("people", "person")):
        for text in entry.get(key, []):
            found.append(_pattern(text, actor_id, "entity", f"{kind}:{text.lstrip('=')}"))
    for text in entry.get("after_named", []):  # "the Commission" once the story has named the EU
        found.append(_pattern(text, actor_id, "entity", f"after:{text.lstrip('=')}"))
    return found + _surnames(actor_id, entry.get("people", []))


def _surnames(actor_id: str, people: list[str]) -> list[Pattern]:
    """Each listed person's surname, capitalised as written, where it is not listed itself:
    "Wong also announced ..." after "Foreign Minister Penny Wong said". The tagger keeps
    such a match only after the full name in the same story (tagging/actors.py), so a
    common surname alone names nobody."""
    listed = {name.lstrip("=") for name in people}
    surnames = {name.lstrip("=").split()[-1] for name in people if len(name.split()) > 1}
    return [_pattern(f"={surname}", actor_id, "entity", f"surname:{surname}")
            for surname in sorted(surnames - listed) if len(surname) > 3 and surname[0].isupper()]


def _checked_settings(settings: dict, path: Path) -> dict:
    """The [settings] table, with `level_topics` checked against the spec's ids: a
    misspelt level or topic would otherwise silently tag nothing."""
    for level, topic in settings.get("level_topics", {}).items():
        if level not in LEVEL_SCORES:
            raise TaxonomyError(f"{path}: [settings] level_topics: {level!r} is not an engagement level of the spec")
        if topic not in TOPIC_IDS:
            raise TaxonomyError(f"{path}: [settings] level_topics.{level}: {topic!r} is not a topic id of the spec")
    return settings


def _topic_patterns(topics: dict, path: Path) -> list[Pattern]:
    found = []
    for topic_id, entry in topics.items():
        if topic_id not in TOPIC_IDS:
            raise TaxonomyError(f"{path}: [topics.{topic_id}] is not a topic id of the spec")
        for text, weight in entry.get("phrases", {}).items():
            found.append(_pattern(text, topic_id, "topic", f"phrase:{text}", float(weight)))
    return found


def _pattern(text: str, target: str, layer: str, rule: str, weight: float = 1.0) -> Pattern:
    exact = text.startswith("=")
    text = text.lstrip("=")
    prefix = text.endswith("*")
    return Pattern(text=text.rstrip("*"), target=target, layer=layer, rule=rule,
                   exact_case=exact, prefix=prefix, weight=weight)


def _triggers(entries: list[dict], path: Path) -> list[Trigger]:
    triggers = []
    for number, entry in enumerate(entries, start=1):
        level, mode = entry.get("level"), entry.get("mode", "subject")
        if level not in LEVEL_SCORES:
            raise TaxonomyError(f"{path}: [[triggers]] #{number}: unknown level {level!r}")
        if mode not in TRIGGER_MODES:
            raise TaxonomyError(f"{path}: [[triggers]] #{number}: mode must be one of {TRIGGER_MODES}")
        try:
            regex = re.compile(entry["pattern"], re.IGNORECASE)
        except (KeyError, re.error) as error:
            raise TaxonomyError(f"{path}: [[triggers]] #{number}: bad pattern: {error}") from None
        status_to = entry.get("status")
        if status_to not in (None, "none", "accreditation", "ambassadors"):
            raise TaxonomyError(f"{path}: [[triggers]] #{number}: status must be none, accreditation or ambassadors")
        triggers.append(Trigger(level=level, mode=mode, hedged=bool(entry.get("hedged")), regex=regex,
                                pledge=bool(entry.get("pledge")), status_to=status_to,
                                with_counterpart=bool(entry.get("with_counterpart"))))
    return triggers
