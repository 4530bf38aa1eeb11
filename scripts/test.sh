#!/usr/bin/env bash
# Install everything the tests need (Python packages in .venv, Debian's chromium for the browser
# tests) and run the whole suite. SQLite by default; PostgreSQL when TEST_DATABASE_URL is set.
# Extra arguments go to pytest. Fails when no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh

ensure_venv
quietly "$VENV/bin/pip" install -e ".[test]"
export FLASK_APP=wsgi
quietly "$VENV/bin/flask" translate compile

# Debian packages the tests drive: chromium (browser tests), poppler-utils (PDF text and rendering).
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v pdftoppm > /dev/null || missing="$missing poppler-utils"
if [ -n "$missing" ]; then
  echo "Installing Debian packages for the tests:$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing > /dev/null
fi

"$VENV/bin/ruff" check --quiet app tests benchmarks scripts

set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest ran no test: that is a failure here." >&2
  exit 1
fi
exit "$status"
