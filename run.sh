#!/usr/bin/env bash
# Start the dashboard with background ingestion on the embedded SQLite database
# (created, migrated and seeded on first start). Extra arguments go to streamlit.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/streamlit run dashboard.py --server.port "${PORT:-8501}" "$@"
