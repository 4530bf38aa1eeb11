"""Indicators benchmark: the whole dashboard and the quarterly XLSX of one large programme, on PostgreSQL.

    .venv/bin/python benchmarks/indicators.py                   # full size: generate, time, check, drop
    .venv/bin/python benchmarks/indicators.py --scale 0.1       # a tenth of the rows
    .venv/bin/python benchmarks/indicators.py --keep            # keep the database (its URL is printed) …
    .venv/bin/python benchmarks/indicators.py --database-url URL --no-check --profile   # … and time it again

Creates its own PostgreSQL database (scripts/pg_database.py; PG_ADMIN_URL as there), migrates it and fills it
with benchmarks/indicators_data.py: one programme with 60 indicators of every kind and, at scale 1, 2,000
workshops, 100,000 registrations, their check-ins and 60,000 evaluation responses. Then, in a fresh process
(its peak RSS is then the dashboard's, not the generator's): `dashboard(load_programme(id), period)` once to
warm up and N times timed (a new session each time, as a request has), with the garbage collector's share;
the same for the busiest governorate; `exports.quarterly_xlsx(board, "en")` alone and with its dashboard.
With --profile: the slowest SQL statements of one call and a cProfile. Last, the check: every figure computed
again the straightforward way, workshop by workshop through the feature services
(registration.services.attendance, surveys.services.results), compared with the dashboard's; "figures
identical: yes/no" and the differences. Targets (no pass/fail): the dashboard under 300 ms, the XLSX export
under 2 s, figures identical.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import math
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import Governorate  # noqa: E402
from app.engagement.models import ActivityReport, Recommendation, RecommendationStatus, ViolationReport  # noqa: E402
from app.engagement.services import ACCEPTED_STATUSES  # noqa: E402
from app.events.models import Workshop, WorkshopStatus  # noqa: E402
from app.events.services import local  # noqa: E402
from app.extensions import db  # noqa: E402
from app.indicators.models import (  # noqa: E402
    Disaggregation,
    EngagementMeasure,
    IndicatorKind,
    ManualCumulation,
    PeopleCount,
    Programme,
)
from app.indicators.services import Dashboard, Figure, Period, dashboard, find_period, load_programme, periods  # noqa: E402
from app.registration.services import attendance  # noqa: E402
from app.surveys.models import Survey, SurveyKind  # noqa: E402
from app.surveys.services import list_surveys, results  # noqa: E402
from benchmarks.indicators_data import generate  # noqa: E402

HELD = (WorkshopStatus.ONGOING, WorkshopStatus.COMPLETED)
TABLES = ["participants", "workshops", "workshop_days", "workshop_outputs", "registrations", "scans", "check_ins",
          "surveys", "survey_questions", "survey_responses", "survey_answers", "recommendations",
          "cso_activity_reports", "violation_reports", "indicators", "indicator_targets", "indicator_entries"]


def make_app(url: str) -> Flask:
    return create_app("testing", SQLALCHEMY_DATABASE_URI=url)


def _status(field: str) -> float | None:
    """A memory figure of /proc/self/status in MiB (Linux), None elsewhere."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return None


def rss_mib() -> float:
    return _status("VmRSS") or 0.0


def peak_rss_mib() -> float:
    """This process's peak RSS. Not getrusage's ru_maxrss where /proc has VmHWM: Linux carries the parent's
    high-water mark over fork and exec into the child's ru_maxrss, and the parent has just generated the data."""
    peak = _status("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def line(label: str, text: str) -> None:
    print(f"{label:<52} {text}", flush=True)


def timed(label: str, function: Callable[[], Any], repeat: int, before: Callable[[], Any] | None = None) -> float:
    """Median of `repeat` calls in ms (`before` runs untimed before each)."""
    samples = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    median = statistics.median(samples)
    line(label, f"median {median:8.1f} ms   max {max(samples):8.1f} ms   min {min(samples):8.1f} ms   (n={repeat})")
    return median


def the_programme() -> Programme:
    programme_id = db.session.scalar(sa.select(Programme.id).order_by(Programme.id).limit(1))  # the only one
    if programme_id is None:
        raise SystemExit("no benchmark programme in this database")
    return load_programme(programme_id)


def the_period(programme: Programme, key: str | None) -> Period:
    return find_period(programme, key) if key else periods(programme)[-1]


# ---------------------------------------------------------------- timing (in a fresh process)


@contextmanager
def gc_timer() -> Iterator[list[float]]:
    """The pauses of Python's garbage collector inside, in ms: allocating many objects triggers collections."""
    pauses: list[float] = []
    started: list[float] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            pauses.append((time.perf_counter() - started.pop()) * 1000)

    gc.callbacks.append(callback)
    try:
        yield pauses
    finally:
        gc.callbacks.remove(callback)


@contextmanager
def statement_timer() -> Iterator[list[tuple[float, str]]]:
    """Every SQL statement run inside, with its time in ms."""
    found: list[tuple[float, str]] = []
    engine = db.engine

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        conn.info.setdefault("started", []).append(time.perf_counter())

    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        found.append(((time.perf_counter() - conn.info["started"].pop()) * 1000, statement))

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        yield found
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)


def profile(programme_id: int, period: Period) -> None:
    db.session.close()
    with statement_timer() as statements:
        start = time.perf_counter()
        dashboard(load_programme(programme_id), period)
        total = (time.perf_counter() - start) * 1000
    in_sql = sum(ms for ms, _ in statements)
    print(f"\none dashboard: {total:.0f} ms, of which {in_sql:.0f} ms in {len(statements)} SQL statements "
          f"(the rest: Python, fetching and building rows)")
    for ms, statement in sorted(statements, reverse=True)[:8]:
        print(f"  {ms:8.1f} ms  {' '.join(statement.split())[:150]}")
    db.session.close()
    profiler = cProfile.Profile()
    profiler.enable()
    dashboard(load_programme(programme_id), period)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    print(out.getvalue())


def measure(url: str, repeat: int, period_key: str | None, show_profile: bool, freeze: bool) -> None:
    app = make_app(url)
    with app.app_context():
        programme = the_programme()
        programme_id, period = programme.id, the_period(programme, period_key)
        counts = {name: db.session.scalar(sa.text(f"SELECT count(*) FROM {name}")) for name in TABLES}
        print("rows: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
        line("period", f"{period.label()} (cumulative from {periods(programme)[0].label()})")
        line("RSS before the first dashboard", f"{rss_mib():8.1f} MiB")
        start = time.perf_counter()
        board = dashboard(load_programme(programme_id), period)
        line("dashboard, first call (warm-up)", f"{(time.perf_counter() - start) * 1000:8.1f} ms")
        if freeze:  # what a server could do once started: the collector then skips the app's own objects
            gc.collect()
            gc.freeze()
            line("gc.freeze() after the warm-up", f"{gc.get_freeze_count():8,} objects frozen")
        with gc_timer() as pauses:
            median = timed("dashboard(load_programme(id), period)",
                           lambda: dashboard(load_programme(programme_id), period), repeat, before=db.session.close)
        line("  of which garbage collection, per call", f"{sum(pauses) / repeat:8.1f} ms   "
             f"({len(pauses) / repeat:.0f} collections; {100 * sum(pauses) / repeat / median:.0f}% of the median)")
        line("  peak RSS so far (VmHWM)", f"{peak_rss_mib():8.1f} MiB")
        busiest = db.session.scalar(sa.select(Workshop.governorate_id).where(Workshop.governorate_id.is_not(None))
                                    .group_by(Workshop.governorate_id).order_by(sa.func.count().desc()).limit(1))
        governorate = db.session.get(Governorate, busiest)
        timed(f"dashboard for one governorate ({governorate.code})",
              lambda: dashboard(load_programme(programme_id), period, db.session.get(Governorate, busiest)),
              max(3, repeat // 2), before=db.session.close)
        db.session.close()
        board = dashboard(load_programme(programme_id), period)
        try:
            from app.indicators.exports import quarterly_xlsx  # written beside this benchmark; may be absent
        except ImportError as error:
            line("quarterly_xlsx(board, 'en')", f"not timed: {error}")
        else:
            with app.test_request_context():
                data = quarterly_xlsx(board, "en")
                timed("quarterly_xlsx(board, 'en')", lambda: quarterly_xlsx(board, "en"), 3)
                line("  its size", f"{len(data) / 1024:8.1f} KiB")
                timed("  the export as a whole: dashboard + quarterly_xlsx",
                      lambda: quarterly_xlsx(dashboard(load_programme(programme_id), period), "en"), 3,
                      before=db.session.close)
        line("peak RSS of this process (VmHWM)", f"{peak_rss_mib():8.1f} MiB")
        if show_profile:
            profile(programme_id, period)


# ---------------------------------------------------------------- the straightforward recomputation


@dataclass
class Seen:
    """One workshop as the feature services show it."""

    status: WorkshopStatus
    activity_type_id: int
    theme_ids: set[int]
    day: date | None
    attendees: list[tuple[int, str, str, str]] = field(default_factory=list)  # person, sex, org. type, governorate
    satisfied: int = 0
    respondents: int = 0
    passed: int = 0
    tested: int = 0


def see(workshop: Workshop, min_share: int, pre_tests: set[int]) -> Seen:
    day = local(workshop.days[0].starts_at).date() if workshop.days else None
    seen = Seen(workshop.status, workshop.activity_type_id, {theme.id for theme in workshop.themes}, day)
    if workshop.status not in HELD:
        return seen
    present = attendance(workshop)
    needed = max(1, math.ceil(len(workshop.days) * min_share / 100)) if min_share else 1
    for registration in present.registrations:  # not cancelled
        if len(present.present.get(registration.id, {})) >= needed:
            person = registration.participant
            seen.attendees.append((person.id, person.sex.value,
                                   person.organisation_type.value if person.organisation_type else "",
                                   str(person.governorate_id or "")))
    for survey in list_surveys(workshop):
        if survey.kind == SurveyKind.EVALUATION:
            found = results(survey)
            seen.satisfied += found.satisfaction.satisfied
            seen.respondents += found.satisfaction.respondents
        elif survey.id not in pre_tests:
            test = results(survey).test
            seen.passed += test.passed
            seen.tested += len(test.scores)
    return seen


@dataclass
class Sum:
    count: float = 0
    sexes: Counter = field(default_factory=Counter)
    groups: dict[str, Counter] = field(default_factory=dict)
    numerator: int = 0
    denominator: int = 0

    def person(self, sex: str, group: str | None) -> None:
        self.count += 1
        self.sexes[sex] += 1
        if group is not None:
            self.groups.setdefault(group, Counter())[sex] += 1

    def compare(self, figure: Figure, percent: bool) -> list[str]:
        if percent:
            value = 100 * self.numerator / self.denominator if self.denominator else None
            wanted = {"value": value, "numerator": self.numerator, "denominator": self.denominator}
        else:
            wanted = {"value": self.count, "male": self.sexes["male"], "female": self.sexes["female"],
                      "not_recorded": self.sexes["not_recorded"],
                      "by_group": {group: {sex: sexes.get(sex, 0) for sex in ("male", "female", "not_recorded")}
                                   for group, sexes in sorted(self.groups.items())}}
        found = figure.as_dict()
        wrong = []
        for key, value in wanted.items():
            other = found[key]
            same = (value is None) == (other is None) and (
                value is None or (abs(value - other) < 1e-9 if isinstance(value, int | float) else value == other))
            if not same:
                wrong.append(f"{key}: dashboard {other!r}, recomputed {value!r}")
        return wrong


def _group(disaggregation: Disaggregation, org_type: str, governorate: str) -> str | None:
    if disaggregation == Disaggregation.SEX_ORGANISATION_TYPE:
        return org_type
    if disaggregation == Disaggregation.SEX_GOVERNORATE:
        return governorate
    return None


def recompute(spec: dict[str, Any], workshops: list[int], seen: dict[int, Seen], first: date,
              period: Period) -> tuple[Sum, Sum]:
    """(cumulative, in the period) for one workshop-based indicator, by its rules."""
    kind, settings = spec["kind"], spec["settings"]
    types, themes = settings.get("activity_type_ids") or [], set(settings.get("theme_ids") or [])
    org_types = set(settings.get("organisation_types") or [])
    unique = kind == IndicatorKind.PEOPLE and settings.get("count") == PeopleCount.INDIVIDUALS.value
    totals, in_period = Sum(), Sum()
    people: dict[int, tuple[str, str | None]] = {}
    people_in_period: dict[int, tuple[str, str | None]] = {}
    for workshop_id in workshops:
        item = seen[workshop_id]
        if item.day is None or not first <= item.day <= period.end:
            continue
        if kind == IndicatorKind.ACTIVITIES and item.status != WorkshopStatus.COMPLETED:
            continue
        if kind != IndicatorKind.ACTIVITIES and item.status not in HELD:
            continue
        if types and item.activity_type_id not in types or themes and not themes & item.theme_ids:
            continue
        now = item.day in period
        for tally in (totals, in_period) if now else (totals,):
            if kind == IndicatorKind.ACTIVITIES:
                tally.count += 1
            elif kind == IndicatorKind.SATISFACTION:
                tally.numerator += item.satisfied
                tally.denominator += item.respondents
            elif kind == IndicatorKind.PASS_RATE:
                tally.numerator += item.passed
                tally.denominator += item.tested
        if kind != IndicatorKind.PEOPLE:
            continue
        for person, sex, org_type, governorate in item.attendees:
            if org_types and org_type not in org_types:
                continue
            group = _group(spec["disaggregation"], org_type, governorate)
            if unique:
                people.setdefault(person, (sex, group))
                if now:
                    people_in_period.setdefault(person, (sex, group))
            else:
                totals.person(sex, group)
                if now:
                    in_period.person(sex, group)
    if unique:
        for sex, group in people.values():
            totals.person(sex, group)
        for sex, group in people_in_period.values():
            in_period.person(sex, group)
    return totals, in_period


def recompute_engagement(measure: EngagementMeasure, first: date, period: Period) -> Sum:
    tally = Sum()
    if measure in (EngagementMeasure.RECOMMENDATIONS, EngagementMeasure.WITH_RESPONSE, EngagementMeasure.IMPLEMENTED,
                   EngagementMeasure.IMPLEMENTED_OF_ACCEPTED):
        for item in db.session.scalars(sa.select(Recommendation)):
            if not first <= local(item.created_at).date() <= period.end:
                continue
            tally.count += 1
            if measure == EngagementMeasure.WITH_RESPONSE:
                tally.denominator += 1
                tally.numerator += bool(item.response)
            elif measure == EngagementMeasure.IMPLEMENTED:
                tally.denominator += 1
                tally.numerator += item.status == RecommendationStatus.IMPLEMENTED
            elif measure == EngagementMeasure.IMPLEMENTED_OF_ACCEPTED and item.status in ACCEPTED_STATUSES:
                tally.denominator += 1
                tally.numerator += item.status == RecommendationStatus.IMPLEMENTED
    elif measure in (EngagementMeasure.ACTIVITY_REPORTS, EngagementMeasure.ACTIVITY_REPORT_PEOPLE):
        for report in db.session.scalars(sa.select(ActivityReport)):
            if first <= report.held_on <= period.end:
                if measure == EngagementMeasure.ACTIVITY_REPORTS:
                    tally.count += 1
                else:
                    tally.count += report.participants_male + report.participants_female
                    tally.sexes["male"] += report.participants_male
                    tally.sexes["female"] += report.participants_female
    else:
        tally.count = sum(first <= report.observed_on <= period.end
                          for report in db.session.scalars(sa.select(ViolationReport)))
    return tally


def check(url: str, period_key: str | None) -> bool:
    """Every figure of the dashboard against the straightforward recomputation; prints the differences."""
    started = time.perf_counter()
    app = make_app(url)
    with app.app_context():
        programme = the_programme()
        period = the_period(programme, period_key)
        board: Dashboard = dashboard(programme, period)
        first = periods(programme)[0].start
        min_share = programme.attendance_min_share
        specs, linked = [], {}
        for output in programme.outputs:
            linked[output.id] = [workshop.id for workshop in output.workshops]
            for indicator in output.indicators:
                specs.append({"code": indicator.code, "kind": indicator.kind, "settings": indicator.settings or {},
                              "disaggregation": indicator.disaggregation, "output_id": output.id,
                              "entries": [(e.period_start, e.value, e.percent) for e in indicator.entries]})
        figures = {row.indicator.code: (row.cumulative, row.period) for row in board.rows}
        beneficiaries = board.beneficiaries
        pre_tests = set(db.session.scalars(sa.select(Survey.pre_test_id).where(Survey.pre_test_id.is_not(None))))
        every_workshop = sorted({workshop_id for ids in linked.values() for workshop_id in ids})
        db.session.expunge_all()  # the workshops are read one by one; the session is cleared as it goes
        seen: dict[int, Seen] = {}
        for number, workshop_id in enumerate(every_workshop, start=1):
            seen[workshop_id] = see(db.session.get(Workshop, workshop_id), min_share, pre_tests)
            if number % 100 == 0:
                db.session.expunge_all()
        line("workshops recomputed through the services", f"{len(seen):,} in {time.perf_counter() - started:.0f} s")

        differences = []
        checked = Counter()
        for spec in specs:
            kind = spec["kind"]
            cumulative, in_period = figures[spec["code"]]
            percent = kind in (IndicatorKind.SATISFACTION, IndicatorKind.PASS_RATE)
            if kind in (IndicatorKind.ACTIVITIES, IndicatorKind.PEOPLE, IndicatorKind.SATISFACTION,
                        IndicatorKind.PASS_RATE):
                totals, now = recompute(spec, linked[spec["output_id"]], seen, first, period)
                wrong = [f"cumulative {text}" for text in totals.compare(cumulative, percent)]
                wrong += [f"in the period {text}" for text in now.compare(in_period, percent)]
            elif kind == IndicatorKind.ENGAGEMENT:
                measure = EngagementMeasure(spec["settings"].get("measure", EngagementMeasure.RECOMMENDATIONS.value))
                percent = measure in (EngagementMeasure.WITH_RESPONSE, EngagementMeasure.IMPLEMENTED,
                                      EngagementMeasure.IMPLEMENTED_OF_ACCEPTED)
                wrong = [f"cumulative {text}" for text in
                         recompute_engagement(measure, first, period).compare(cumulative, percent)]
            else:
                entries = [(start, value, share) for start, value, share in sorted(spec["entries"])
                           if first <= start <= period.start]
                latest = kind == IndicatorKind.MILESTONE or spec["settings"].get("cumulation") == ManualCumulation.LATEST
                if kind == IndicatorKind.MILESTONE:
                    value = float(entries[-1][2]) if entries and entries[-1][2] is not None else None
                elif latest:
                    value = entries[-1][1] if entries else None
                else:
                    values = [value for _, value, _ in entries if value is not None]
                    value = sum(values) if values else None
                other = cumulative.value
                wrong = [] if (value is None and other is None) or (
                    value is not None and other is not None and abs(value - other) < 1e-9) else [
                    f"cumulative value: dashboard {other!r}, recomputed {value!r}"]
            checked[kind.value] += 1
            differences += [f"{spec['code']} ({kind.value}) {text}" for text in wrong]

        people: dict[int, str] = {}
        for ids in linked.values():
            for workshop_id in ids:
                item = seen[workshop_id]
                if item.status in HELD and item.day and first <= item.day <= period.end:
                    for person, sex, _, _ in item.attendees:
                        people.setdefault(person, sex)
        sexes = Counter(people.values())
        for sex in ("male", "female", "not_recorded"):
            if getattr(beneficiaries, sex) != sexes[sex]:
                differences.append(f"beneficiaries {sex}: dashboard {getattr(beneficiaries, sex)}, "
                                   f"recomputed {sexes[sex]}")

    line("indicators checked", ", ".join(f"{kind} {n}" for kind, n in sorted(checked.items())))
    line("figures identical", "yes" if not differences else f"NO ({len(differences)} differences)")
    for text in differences[:40]:
        print("  " + text)
    line("recomputation took", f"{time.perf_counter() - started:.0f} s")
    return not differences


# ---------------------------------------------------------------- the whole run


def database(action: str, name: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts/pg_database.py"), action, name], check=True,
                   stdout=subprocess.DEVNULL)


def prepare(url: str, scale: float, seed: int, min_share: int) -> None:
    app = make_app(url)
    with app.app_context():
        start = time.perf_counter()
        upgrade()
        migrated = time.perf_counter() - start
        generated = generate(scale, seed, min_share)
    line("migrations", f"{migrated:8.1f} s")
    line(f"data generated (scale {scale:g}, seed {seed})", f"{generated.seconds:8.1f} s   "
         f"peak RSS of the generator {peak_rss_mib():.0f} MiB")
    print("inserted: " + ", ".join(f"{name} {count:,}" for name, count in generated.rows.items()), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full data set (default 1)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--min-share", type=int, default=0, help="the programme's attendance_min_share (0–100)")
    parser.add_argument("--repeat", type=int, default=20, help="timed dashboard calls")
    parser.add_argument("--period", help="the period's first day (default: the programme's last period)")
    parser.add_argument("--no-check", dest="check", action="store_false", help="skip the recomputation")
    parser.add_argument("--profile", action="store_true", help="SQL statement times and cProfile of one call")
    parser.add_argument("--gc-freeze", action="store_true", help="gc.freeze() after the warm-up call")
    parser.add_argument("--keep", action="store_true", help="keep the database and print its URL")
    parser.add_argument("--database-url", help="use this database, already generated (kept)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the timing child process
    args = parser.parse_args()
    if args.measure:
        measure(args.database_url, args.repeat, args.period, args.profile, args.gc_freeze)
        return

    name = None
    url = args.database_url
    if url is None:
        name = f"multaqa_bench_indicators_{os.getpid()}"
        database("create", name)
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        if name:
            prepare(url, args.scale, args.seed, args.min_share)
        # A process of its own for the timings: its peak RSS is then the dashboard's, not the generator's.
        command = [sys.executable, __file__, "--measure", "--database-url", url, "--repeat", str(args.repeat)]
        command += (["--period", args.period] if args.period else []) + (["--profile"] if args.profile else [])
        command += ["--gc-freeze"] if args.gc_freeze else []
        subprocess.run(command, check=True)
        if args.check:
            check(url, args.period)
    finally:
        if name and args.keep:
            print(f"kept: --database-url {url}")
        elif name:
            database("drop", name)


if __name__ == "__main__":
    main()
