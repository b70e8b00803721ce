"""Alerts: the rules of config.toml, each channel's delivery status, the recent alerts with
their story links, and (for admins) a test message through a rule's channels."""
import pandas as pd
import streamlit as st

from db.session import session_scope
from views import common
from views.widgets import live


def _read(function, *args):
    """Alerts and deliveries change without a new story (a retry, a test), so they are
    read as they are: small tables, bounded reads."""
    with session_scope(common.runtime().engine) as session:
        return function(session, *args)


@live
def alerts_page() -> None:
    from ingest.alerts.reading import channel_status, recent_alerts

    st.title("Alerts")
    rules = common.runtime().config.alerts
    atom = common.atom_url(common.current_filter())
    st.caption("Raised after each poll from the new stories; delivered through Apprise, retried with backoff."
               + (f" Subscribe: {atom.split('/feed.atom')[0]}/alerts.atom" if atom else ""))
    rules_table(rules)
    st.subheader("Delivery by channel")
    channels = _read(channel_status)
    if channels:
        st.dataframe(channels_frame(channels), hide_index=True, width="stretch", column_config={
            "channel": "Channel", "sent": "Sent", "waiting": "Waiting", "failed": "Failed", "last_error": "Last error",
            "last_sent": st.column_config.DatetimeColumn("Last sent (UTC)", format="YYYY-MM-DD HH:mm"),
            "next_attempt": st.column_config.DatetimeColumn("Next attempt (UTC)", format="YYYY-MM-DD HH:mm")})
    else:
        st.caption("Nothing delivered yet.")
    st.subheader("Recent alerts")
    alerts = _read(recent_alerts, 200)
    if alerts:
        st.dataframe(alerts_frame(alerts), hide_index=True, width="stretch", column_config={
            "created_at": st.column_config.DatetimeColumn("Raised (UTC)", format="YYYY-MM-DD HH:mm"),
            "link": st.column_config.LinkColumn("First story"), "title": "Alert", "subject": "Actor or topic",
            "rule": "Rule", "kind": "Kind", "evidence": "Evidence", "stories": "Stories", "delivery": "Delivery"})
    else:
        st.caption("No alert yet: they are raised when a poll brings a change a rule looks for.")
    if common.is_admin() and rules:
        send_test(rules)


def rules_table(rules) -> None:
    from ingest.alerts.rules import describe_filter, redact

    st.subheader("Rules")
    if not rules:
        st.info("No alert rules: add [[alerts]] tables to config.toml (see the README's Alerts section).")
        return
    st.dataframe(pd.DataFrame([{
        "name": r.name, "rule": r.rule, "filter": describe_filter(r), "digest": r.digest or "-",
        "channels": ", ".join(redact(url) for url in r.notify) or "none (this page and the Atom feed)"}
        for r in rules]), hide_index=True, width="stretch")


def channels_frame(channels: list[dict]) -> pd.DataFrame:
    from ingest.alerts.rules import redact

    return pd.DataFrame([{
        "channel": redact(c["channel"]), "sent": c["sent"], "waiting": c["pending"] + c["sending"],
        "failed": c["failed"], "last_sent": c["last_sent"], "next_attempt": c["next_attempt"],
        "last_error": c["last_error"] or ""} for c in channels])


def alerts_frame(alerts: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{
        "created_at": a["created_at"], "rule": a["rule"], "kind": a["kind"],
        "title": a["title"] + (f" [{a['digest_of']} alerts]" if a["digest_of"] else ""), "subject": a["subject"],
        "evidence": a["evidence"], "link": next((common.safe_link(link["url"]) for link in a["links"]
                                                 if common.safe_link(link["url"])), None),
        "stories": len(a["links"]), "delivery": _delivery_text(a)} for a in alerts])


def _delivery_text(alert: dict) -> str:
    if alert["waiting_for_digest"] is not None:
        return f"in the digest after {alert['waiting_for_digest']:%Y-%m-%d %H:%M}"
    if not alert["deliveries"]:
        return "-"
    states = [d["status"] for d in alert["deliveries"]]
    return ", ".join(f"{states.count(s)} {s}" for s in dict.fromkeys(states))


def send_test(rules) -> None:
    from ingest.alerts.delivery import deliver_due
    from ingest.alerts.outbox import raise_test_alert
    from ingest.clock import utc_now
    from ingest.scheduler import holder_id

    st.subheader("Admin")
    with st.form("send-test"):
        name = st.selectbox("Rule", [r.name for r in rules], key="alert_test_rule")
        if st.form_submit_button("Send a test"):
            rule = next(r for r in rules if r.name == name)
            if not rule.notify:
                st.warning(f"{name} has no channels: its alerts appear here and in the Atom feed only.")
                return
            runtime = common.runtime()
            raise_test_alert(runtime.engine, rule, utc_now())
            report = deliver_due(runtime.engine, holder_id(), runtime.config.scheduler.lease_seconds, retry_now=True)
            if report.failed:
                st.error("; ".join(f"{channel}: {error}" for channel, error in report.failed))
            else:
                st.success(f"Test sent to {report.sent} channel(s).")


alerts_page()
