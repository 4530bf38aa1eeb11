"""Check-in load: the app under gunicorn on PostgreSQL, 20 concurrent scanners from another process.

    .venv/bin/pip install -e ".[bench]"
    .venv/bin/python benchmarks/checkin_load.py [--registrations 5000] [--scanners 20] [--workers 2]
    .venv/bin/python benchmarks/checkin_load.py --rate 200     # latency at a sustained 200 check-ins/s

Creates (and drops) its own PostgreSQL database, registers N participants to a workshop that has a
session today, starts gunicorn on a free port, signs in once, and has each scanner thread (in a separate
process) check in its share of the participants through the JSON API, plus one repeat scan in ten
(answered "already_checked_in"). Prints throughput and latency percentiles; no pass/fail.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import time as clock
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import Role  # noqa: E402
from app.events.services import DaySlot  # noqa: E402
from app.extensions import db  # noqa: E402
from app.registration.models import Participant, Registration, RegistrationStatus, Sex  # noqa: E402
from app.registration.services import code_for, today_in_baghdad  # noqa: E402
from app.registration.tokens import new_reference, new_token_id  # noqa: E402
from tests import factories  # noqa: E402

ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(database_url: str, registrations: int) -> tuple[int, list[str]]:
    """Schema, one facilitator, one workshop with a session today, N registrations; their codes."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        facilitator = factories.make_user(Role.FACILITATOR, username="door")
        workshop = factories.make_workshop(days=[DaySlot(today_in_baghdad(), clock(0, 0), clock(23, 59))],
                                           facilitators=[facilitator])
        references: set[str] = set()
        for n in range(registrations):
            person = Participant(full_name=f"Participant {n}", name_key=f"participant {n}",
                                 sex=Sex.FEMALE if n % 3 else Sex.MALE)
            reference = new_reference()
            while reference in references:
                reference = new_reference()
            references.add(reference)
            db.session.add(Registration(workshop=workshop, participant=person, status=RegistrationStatus.CONFIRMED,
                                        source="import", reference=reference, token_id=new_token_id()))
        db.session.commit()
        registrations = db.session.scalars(
            sa.select(Registration).where(Registration.workshop_id == workshop.id).order_by(Registration.id))
        return workshop.id, [code_for(r) for r in registrations]


def _sign_in(port: int) -> tuple[str, str]:
    """Session cookie and CSRF token of the facilitator account, as a browser would get them."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/auth/login")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = urlencode({"csrf_token": token, "username": "door", "password": "correct-horse-battery"})
    connection.request("POST", "/auth/login", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                     "Cookie": cookie})
    response = connection.getresponse()
    response.read()
    assert response.status == 302, response.status
    return response.getheader("Set-Cookie").split(";")[0], token


def scanners(port: int, workshop_id: int, codes: list[str], count: int, cookie: str, token: str,
             results: multiprocessing.Queue, rate: float = 0.0) -> None:
    """Runs in its own process: `count` threads, each with a keep-alive connection. With `rate`,
    the scanners together send that many requests per second (open loop); without, as fast as the
    server answers (closed loop: the sustained maximum)."""
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    lock = threading.Lock()
    path = f"/registration/api/workshops/{workshop_id}/check-ins"
    headers = {"Content-Type": "application/json", "Cookie": cookie, "X-CSRFToken": token}

    def scanner(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        mine = codes[index::count]
        plan = mine + mine[::10]  # one badge in ten is scanned twice
        interval = count / rate if rate else 0.0
        begin = time.perf_counter() + index * interval / count
        for number, code in enumerate(plan):
            if interval:
                delay = begin + number * interval - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            body = json.dumps({"code": code, "nonce": uuid.uuid4().hex, "device": f"scanner-{index}"})
            start = time.perf_counter()
            connection.request("POST", path, body, headers)
            response = connection.getresponse()
            answer = json.loads(response.read())
            elapsed = (time.perf_counter() - start) * 1000
            result = answer.get("result", f"http {response.status}")
            with lock:
                latencies.append(elapsed)
                outcomes[result] = outcomes.get(result, 0) + 1

    threads = [threading.Thread(target=scanner, args=(i,)) for i in range(count)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((time.perf_counter() - start, latencies, outcomes))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=5000)
    parser.add_argument("--scanners", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0.0, help="requests per second in all (0: as fast as possible)")
    args = parser.parse_args()

    name = f"multaqa_bench_{os.getpid()}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    database_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    server = None
    try:
        started = time.perf_counter()
        workshop_id, codes = prepare(database_url, args.registrations)
        print(f"prepared {len(codes)} registrations in {time.perf_counter() - started:.1f} s")
        port = _free_port()
        env = {**os.environ, "MULTAQA_CONFIG": "production", "DATABASE_URL": database_url,
               "SECRET_KEY": "benchmark-secret", "SESSION_COOKIE_SECURE": "0",
               "QR_SIGNING_KEY": "dGVzdC1vbmx5LXFyLXNpZ25pbmcta2V5LTMyLWJ5dGU", "LOGIN_RATE_LIMIT": "100 per minute"}
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-w", str(args.workers), "-k", "gthread", "--threads",
             str(args.threads), "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
            cwd=ROOT, env=env)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        cookie, token = _sign_in(port)
        queue: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()
        load = multiprocessing.get_context("spawn").Process(
            target=scanners, args=(port, workshop_id, codes, args.scanners, cookie, token, queue, args.rate))
        load.start()
        seconds, latencies, outcomes = queue.get(timeout=600)
        load.join()
        latencies.sort()

        def percentile(p: float) -> float:
            return latencies[min(len(latencies) - 1, int(len(latencies) * p))]

        pace = f"paced at {args.rate:.0f}/s" if args.rate else "as fast as answered"
        print(f"gunicorn: {args.workers} workers × {args.threads} threads; {args.scanners} concurrent scanners "
              f"({pace}); PostgreSQL")
        print(f"requests {len(latencies)} in {seconds:.2f} s → {len(latencies) / seconds:.0f} check-ins/s")
        print(f"latency ms: p50 {percentile(0.50):.1f}  p95 {percentile(0.95):.1f}  p99 {percentile(0.99):.1f}  "
              f"max {latencies[-1]:.1f}  mean {statistics.mean(latencies):.1f}")
        print(f"results: {outcomes}")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
