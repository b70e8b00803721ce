"""The formal-status command: status as of a day, and analysts' settings."""

from __future__ import annotations

import sys
from datetime import date

from ingest.cli.common import CliError, check_known_ids, deliver_alerts, next_alert_id, open_runtime, print_table


STATUS_FIELDS = ["actor", "status", "since", "evidence_url", "evidence", "stories", "outlets", "contested"]


def cmd_status(args) -> int:
    """Each actor's formal status with the Taliban government as of a day (default today):
    status, since, the evidence, how many stories and outlets support it, and whether
    stories in force disagree. With --set, record an analyst's status from a date on (a
    change of status raises the status_change alerts and sends them).

    Statuses: none, accreditation, ambassadors, recognition. Output as a table, CSV or
    JSON (a list of objects with the fields above)."""
    from db.session import session_scope

    from db.status import set_status, status_as_of

    runtime = open_runtime(args)
    if args.set:
        return _set_status(runtime, args, set_status)
    day = args.as_of or date.today()
    with session_scope(runtime.engine) as session:
        rows = status_as_of(session, day)
    _print_status(rows, args.format, day)
    return 0


def _set_status(runtime, args, set_status) -> int:
    from db.session import session_scope

    actor, status = args.set
    if args.effective is None:
        raise CliError("--set needs --from YYYY-MM-DD: the day the status takes effect")
    check_known_ids(runtime, actors=[actor], topics=[])
    first_alert = next_alert_id(runtime)
    with session_scope(runtime.engine, write=True) as session:
        try:
            set_status(session, actor, status, args.effective, note=args.note, author=args.author)
        except ValueError as error:
            raise CliError(str(error)) from None
    print(f"{actor}: status {status} from {args.effective} recorded (analyst)")
    deliver_alerts(runtime, first_alert)  # a change of status raised its alert with the setting
    return 0


def _print_status(rows: list[dict], fmt: str, day: date) -> None:
    import csv
    import json

    records = [{key: row[key] for key in STATUS_FIELDS} for row in rows]
    if fmt == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=STATUS_FIELDS)
        writer.writeheader()
        writer.writerows(records)
    else:
        print(f"formal status as of {day}")
        print_table(["actor", "status", "since", "stories", "outlets", "contested", "evidence"],
                     [[r["actor"], r["status"], r["since"], r["stories"], r["outlets"], "yes" if r["contested"] else "",
                       r["evidence"][:70]] for r in records])


