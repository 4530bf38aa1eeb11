"""Create or drop a PostgreSQL database for a test run: `python scripts/pg_database.py create NAME`.

Connects as PG_ADMIN_URL (default: postgres on 127.0.0.1:5432, trust auth)."""

from __future__ import annotations

import os
import re
import sys

import psycopg

ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def main(action: str, name: str) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise SystemExit(f"not a safe database name: {name!r}")
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        if action == "create":
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
        elif action == "drop":
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            raise SystemExit("usage: pg_database.py create|drop NAME")
    print(f"{action}: database {name}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: pg_database.py create|drop NAME")
    main(sys.argv[1], sys.argv[2])
