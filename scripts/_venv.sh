# Shared by start.sh and test.sh: find Python 3.11+ and make .venv with it.
VENV="${VENV:-.venv}"

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    local python=""
    for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
      if command -v "$candidate" > /dev/null 2>&1 \
         && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2> /dev/null; then
        python="$candidate"
        break
      fi
    done
    if [ -z "$python" ]; then
      echo "Multaqa needs Python 3.11 or newer." >&2
      exit 1
    fi
    "$python" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --upgrade pip > /dev/null 2>&1 || true
}

# Run a command with its output kept in a log, shown only when it fails.
quietly() {
  local log
  log="$(mktemp)"
  if ! "$@" > "$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "failed: $*" >&2
    exit 1
  fi
  rm -f "$log"
}
