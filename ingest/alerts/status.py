"""status_change alerts, whatever changed the status: a poll's new stories, a story whose
text changed, an analyst's `status --set`, a retag, a correction.

All of them change the kept periods through db/status.py's apply_pending_status, which
tells the watcher registered here (by ingest/runtime.py, for the configured rules) what
changed, inside the transaction making the change: the alert goes into the outbox with it
(ingest/alerts/outbox.py) and is delivered like any other. A change reaches a rule with
a story filter (topics, query) only through stories matching it; an analyst's setting,
which has no story, reaches only the rules without one.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.status_changes import StatusChange, watch_status_changes
from ingest.alerts.detect import Finding, in_scope
from ingest.alerts.rules import AlertRule
from ingest.clock import utc_now


def watch(engine: Engine, rules: tuple[AlertRule, ...], taxonomy_path: Path) -> None:
    """Raise the status_change rules' alerts for every status change made on `engine`."""
    status_rules = tuple(rule for rule in rules if rule.rule == "status_change")
    if status_rules:
        watch_status_changes(engine, StatusAlerts(status_rules, taxonomy_path))


class StatusAlerts:
    """The watcher: status changes into the outbox, one alert per rule and change."""

    def __init__(self, rules: tuple[AlertRule, ...], taxonomy_path: Path):
        self.rules = rules
        self.taxonomy_path = taxonomy_path
        self._labels: dict[str, str] | None = None

    def labels(self) -> dict[str, str]:
        """Actor names, read from the taxonomy at the first change (most runs make none)."""
        if self._labels is None:
            from ingest.taxonomy import load_taxonomy

            self._labels = load_taxonomy(self.taxonomy_path).actor_labels
        return self._labels

    def __call__(self, session: Session, changes: list[StatusChange]) -> None:
        from ingest.alerts.outbox import BACKLOG, write_findings

        now, links = utc_now(), {}
        for rule in self.rules:
            findings = status_findings(session, rule, changes, self.labels())
            write_findings(session, rule, findings, session.info.get(BACKLOG, set()), now, links)


def status_findings(session: Session, rule: AlertRule, changes: list[StatusChange],
                    labels: dict[str, str]) -> list[Finding]:
    """The changes `rule` is about, as findings: its actors, its levels (the status before
    or after), and, when it has a story filter, through the stories matching it. A change's
    stories are those of this transaction that made it (so a poll's backlog decides alone
    whether it goes into the backlog digest), else the story its period names."""
    found = []
    for change in changes:
        if rule.actors and change.actor not in rule.actors:
            continue
        if rule.levels and not {change.status, change.previous} & set(rule.levels):
            continue
        stories = set(change.stories) or ({change.evidence_story_id} - {None})
        if rule.topics or rule.query:
            stories = in_scope(session, rule, stories) if stories else set()
            if not stories:
                continue  # made by stories outside the rule's filter, or by an analyst
        found.append(_finding(change, labels.get(change.actor, change.actor), tuple(sorted(stories))))
    return found


def _finding(change: StatusChange, name: str, stories: tuple[int, ...]) -> Finding:
    since = f"{change.since:%Y-%m-%d}"
    evidence = change.evidence
    if change.origin == "analyst":  # a setting (no story) or a correction of a story's level
        kind = "Analyst setting" if change.evidence_story_id is None else "Analyst correction"
        evidence = kind + ("" if evidence in ("analyst setting", "") else f": {evidence}")
    if change.withdrawn:
        return Finding(
            "status_change", f"{change.actor}:withdrawn:{since}:{change.previous}",
            f"{name}: formal status {change.direction}, {change.previous} → {change.status} "
            f"({change.previous} since {since} withdrawn)", change.actor,
            f"No longer supported: {evidence}", stories)
    return Finding(
        "status_change", f"{change.actor}:{since}:{change.status}",
        f"{name}: formal status {change.direction}, {change.previous} → {change.status} (since {since})",
        change.actor, evidence, stories)
