#!/usr/bin/env bash
# Start the monitor as one service: migrate and seed the embedded SQLite database, start
# the feed scheduler at once (polling begins whether or not a browser connects), then
# serve the dashboard from the same process (ingest/service.py says why one process).
# Ctrl-C or SIGTERM stops both. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/python -m ingest serve --port "${PORT:-8501}" -- "$@"
