"""Command line: users and demo data."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.models import Organisation, Role, User
from app.events.models import Workshop
from app.events.services import local_timezone
from app.certificates.models import Certificate
from app.engagement.models import Recommendation
from app.engagement.services import engagement_counters
from app.groupwork.services import list_groups, swot_counts
from app.extensions import db
from app.surveys.models import Survey
from app.surveys.services import results


def test_create_the_first_admin_from_the_command_line(app) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--username", "root", "--name", "First Admin",
                                 "--role", "admin", "--password", "a-long-password"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "root"))
        assert user.role == Role.ADMIN and user.password_hash.startswith("scrypt:")
    again = runner.invoke(args=["users", "create", "--username", "root", "--name", "X",
                                "--role", "admin", "--password", "a-long-password"])
    assert again.exit_code != 0 and "already taken" in again.output


def test_weak_password_is_refused_by_the_cli(app) -> None:
    result = app.test_cli_runner().invoke(args=["users", "create", "--username", "x", "--name", "X",
                                                "--role", "viewer", "--password", "short"])
    assert result.exit_code != 0 and "at least 10 characters" in result.output


def test_demo_load_is_idempotent_and_prints_the_logins(app) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    for role in Role:
        assert role.value in first.output
    assert "multaqa-demo-2026" in first.output
    assert "Demo workshops added: 14" in first.output
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0 and "already there" in second.output
    assert "Demo workshops added: 0" in second.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == len(Role) + 1  # two CSOs
        assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 6
        roles = set(db.session.scalars(sa.select(User.role)))
        assert roles == set(Role)
        workshops = db.session.scalars(sa.select(Workshop)).all()
        basrah = next(w for w in workshops if w.title.en.endswith("— Basrah"))
        assert [d.starts_at.astimezone(local_timezone()).date().isoformat() for d in basrah.days] == [
            "2023-06-13", "2023-06-14"]
        agenda = [item.kind.value for day in basrah.days for item in day.agenda_items]
        assert agenda[0] == "opening" and agenda[-1] == "closing" and agenda.count("presentation") == 5
        assert basrah.series.title.en == "IHEC–CSO dialogue on voter turnout 2023"
        assert {w.activity_type.code for w in workshops} >= {
            "training", "workshop", "seminar", "roundtable", "study_visit", "lessons_learned"}
        assert any(w.planned_month and not w.days for w in workshops)
        surveys = {survey.title.en: survey for survey in db.session.scalars(sa.select(Survey))}
        assert set(surveys) == {"Activity evaluation", "Pre-test", "Post-test"}
        evaluation = results(surveys["Activity evaluation"])
        assert (evaluation.satisfaction.satisfied, evaluation.satisfaction.respondents) == (26, 28)  # 93%, as in 2012 Q4
        assert sum(evaluation.respondents_by_sex.values()) == 28
        test = results(surveys["Post-test"]).test
        assert (test.passed, len(test.scores)) == (18, 20) and len(test.gains) == 20
        assert test.average_gain > 30
        certificates = db.session.scalars(sa.select(Certificate)).all()
        assert len(certificates) >= 20 and all(c.workshop_id == basrah.id for c in certificates)
        groups = list_groups(basrah)
        assert [g.name for g in groups] == ["Group A", "Group B", "Group C", "Group D"]
        counts = swot_counts(basrah)
        assert counts.groups == 4
        recommendations = db.session.scalars(sa.select(Recommendation)).all()
        assert sum(r.source.value == "workshop_group" for r in recommendations) == 23
        assert {r.status.value for r in recommendations} >= {"submitted", "implemented", "not_accepted"}
        engagement = engagement_counters()
        assert (engagement.activity_reports, engagement.participants_total, engagement.violation_reports) == (2, 119, 1)
    assert "Demo certificates issued: 0" in second.output
