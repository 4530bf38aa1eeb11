#!/usr/bin/env bash
# Install Multaqa into .venv, build the SQLite database with demo data, and serve it on
# http://127.0.0.1:5000 (PORT=… to change). Safe to run again: it upgrades and keeps your data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh

ensure_venv
quietly "$VENV/bin/pip" install -e .
export FLASK_APP=wsgi
quietly "$VENV/bin/flask" translate compile
"$VENV/bin/flask" db upgrade
"$VENV/bin/flask" demo load
echo "Multaqa on http://127.0.0.1:${PORT:-5000}  (Ctrl+C to stop)"
exec "$VENV/bin/flask" run --host 127.0.0.1 --port "${PORT:-5000}"
