"""Alerts: tell people when something changes.

- rules.py     the `[[alerts]]` tables of config.toml, checked like every other key
- detect.py    what each rule kind finds among a poll's new stories (new_actor, spike,
               match); spike.py the spike test
- status.py    status_change alerts, from any transaction that changes a status (a poll,
               an updated story, `status --set`, a retag, a correction)
- outbox.py    alerts written in the transaction that stores the stories raising them,
               a flood (a first poll's backlog) folded into one digest, hourly and daily digests
- delivery.py  each (alert, channel) claimed by one sender, sent through Apprise, retried
               with backoff; its last error kept
- reading.py   alerts and deliveries for the CLI, the dashboard and the Atom feed

Nothing here imports Apprise until something is sent or a notify URL is checked.
"""
