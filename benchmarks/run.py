"""Benchmarks: `.venv/bin/python benchmarks/run.py` prints timings (no pass/fail).

- page render per locale (home and login, signed out and in), through the test client;
- scrypt password check (the cost of every sign-in);
- LocalizedText resolution (called for every multilingual value shown);
- workshop list, search, month calendar and conflict check with 2,000 workshops.
"""

from __future__ import annotations

import statistics
from datetime import date, timedelta
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.services import authenticate  # noqa: E402
from app.db import LocalizedText  # noqa: E402
from app.events.models import Workshop  # noqa: E402
from app.events.services import find_conflicts  # noqa: E402
from app.extensions import db  # noqa: E402
from tests import factories  # noqa: E402


def timed(label: str, function, repeat: int) -> None:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{label:<48} median {statistics.median(samples):8.3f} ms   p95 {p95:8.3f} ms   (n={repeat})")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite",
                         WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
        with app.app_context():
            upgrade()
            factories.account_per_role()
            db.session.commit()
            timed("scrypt password check (sign-in)", lambda: authenticate("admin", factories.PASSWORD), 20)

        for locale in ("en", "ar", "ckb"):
            client = app.test_client()
            client.set_cookie("multaqa_lang", locale)
            timed(f"GET /auth/login signed out [{locale}]", lambda: client.get("/auth/login"), 200)
            client.post("/auth/login", data={"username": "admin", "password": factories.PASSWORD})
            timed(f"GET / signed in as admin [{locale}]", lambda: client.get("/"), 200)
            timed(f"GET /auth/users [{locale}]", lambda: client.get("/auth/users"), 200)

        text = LocalizedText(en="", ar="ورشة عمل", ckb="")
        start = time.perf_counter()
        for _ in range(100_000):
            text.resolve("ckb")
        print(f"{'LocalizedText.resolve with fallback':<48} {(time.perf_counter() - start) * 10:8.3f} µs per call")

        client = app.test_client()
        tracemalloc.start()
        for _ in range(200):
            client.get("/auth/login")
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{'memory after 200 login pages (traced)':<48} current {current / 1024:8.0f} KiB   peak {peak / 1024:8.0f} KiB")




def workshops_benchmark(count: int = 2000) -> None:
    """Lists, calendar and conflict checks with `count` two-day workshops spread over four years."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite",
                         WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
        with app.app_context():
            upgrade()
            admin = factories.account_per_role()["admin"]
            organisation = factories.make_organisation()
            start = time.perf_counter()
            for n in range(count):
                factories.make_workshop(organisation=organisation, by=admin, title=f"Training {n}", venue=f"Hall {n % 7}",
                                        days=factories.two_days(date(2023, 1, 1) + timedelta(days=n % 1400)))
            db.session.commit()
            print(f"{'create ' + str(count) + ' two-day workshops':<48} {(time.perf_counter() - start) * 1000:8.0f} ms")
            last = db.session.get(Workshop, count)
            timed("find_conflicts for one workshop", lambda: find_conflicts(last), 50)
        client = app.test_client()
        client.post("/auth/login", data={"username": "admin", "password": factories.PASSWORD})
        timed(f"GET /events/ (page 1 of {count})", lambda: client.get("/events/"), 50)
        timed("GET /events/?q=training 1 (search)", lambda: client.get("/events/?q=training+1"), 50)
        timed("GET /events/calendar (a busy month)", lambda: client.get("/events/calendar?year=2024&month=3"), 50)


if __name__ == "__main__":
    main()
    workshops_benchmark()
