"""The alerts command: the rules, a test message through a rule's channels, the history."""

from __future__ import annotations

from ingest.cli.common import CliError, open_runtime, print_table, when_text


def cmd_alerts(args) -> int:
    """Alert rules ([[alerts]] in config.toml) and what they sent.

    list          each rule: kind, filter, digest, channels (passwords hidden), alerts raised
    test NAME     send a test alert through rule NAME's channels now (via the outbox);
                  exit 1 when a channel refused it, naming the channel and the error
    history       the newest alerts (--limit N, --rule NAME) with each channel's delivery
    """
    runtime = open_runtime(args, seed=False)
    if args.action == "list":
        return _list(runtime)
    if args.action == "test":
        return _test(runtime, args.name)
    return _history(runtime, args.limit, args.rule)


def _list(runtime) -> int:
    from sqlalchemy import func, select

    from db.models import Alert
    from db.session import session_scope
    from ingest.alerts.rules import describe_filter, redact

    rules = runtime.config.alerts
    if not rules:
        print(f"no alert rules: add [[alerts]] tables to {runtime.config.path}")
        return 0
    with session_scope(runtime.engine) as session:
        raised = dict(session.execute(select(Alert.rule, func.count()).where(Alert.kind != "digest")
                                      .group_by(Alert.rule)).all())
    print_table(["name", "rule", "filter", "digest", "alerts", "channels"],
                [[r.name, r.rule, describe_filter(r), r.digest or "-", raised.get(r.name, 0),
                  ", ".join(redact(url) for url in r.notify) or "(none: dashboard and Atom feed only)"] for r in rules])
    return 0


def _test(runtime, name: str | None) -> int:
    from ingest.alerts.delivery import deliver_due
    from ingest.alerts.outbox import raise_test_alert
    from ingest.clock import utc_now
    from ingest.scheduler import holder_id

    rules = {rule.name: rule for rule in runtime.config.alerts}
    if not name or name not in rules:
        known = ", ".join(rules) or "none configured"
        raise CliError(f"alerts test needs the name of a rule (known: {known})" if not name else
                       f"unknown alert rule {name!r} (known: {known})")
    rule = rules[name]
    if not rule.notify:
        raise CliError(f"alert rule {name!r} has no notify channels to test")
    raise_test_alert(runtime.engine, rule, utc_now())
    report = deliver_due(runtime.engine, holder_id(), runtime.config.scheduler.lease_seconds, retry_now=True)
    print(f"test alert for {name!r}: {report.sent} sent, {len(report.failed)} failed")
    for channel, error in report.failed:
        print(f"  {channel}: {error}")
    return 1 if report.failed else 0


def _history(runtime, limit: int, rule: str | None) -> int:
    from db.session import session_scope
    from ingest.alerts.reading import recent_alerts
    from ingest.alerts.rules import redact

    with session_scope(runtime.engine) as session:
        alerts = recent_alerts(session, limit, rule)
    if not alerts:
        print("no alerts yet")
        return 0
    rows = []
    for alert in alerts:
        deliveries = "; ".join(f"{redact(d['channel'])}: {d['status']}" + (f" ({d['last_error'][:60]})" if d["last_error"] else "")
                               for d in alert["deliveries"])
        if alert["waiting_for_digest"] is not None:
            deliveries = f"in the digest after {when_text(alert['waiting_for_digest'])}"
        title = alert["title"] + (f" [{alert['digest_of']} alerts]" if alert["digest_of"] else "")
        rows.append([alert["id"], when_text(alert["created_at"]), alert["rule"], alert["kind"], title[:80],
                     deliveries or "-"])
    print_table(["id", "created (UTC)", "rule", "kind", "title", "delivery"], rows)
    return 0
