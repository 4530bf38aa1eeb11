"""The migrations are the schema's source of truth: they must build exactly the models' schema."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from app import create_app
from app.auth.models import Governorate, Organisation
from app.db import LocalizedText
from app.events.models import Workshop
from app.extensions import db
from app.surveys.models import Answer, Question, Survey, SurveyResponse


def test_migrations_produce_the_models_schema(app_ctx) -> None:
    # The session's database was built by `flask db upgrade` (see conftest), never by create_all.
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_the_database_is_at_the_latest_revision(app_ctx) -> None:
    script = ScriptDirectory(app_ctx.extensions["migrate"].directory)
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    assert set(current) == set(script.get_heads())


def test_nineteen_governorates_in_three_languages(app_ctx) -> None:
    governorates = db.session.scalars(sa.select(Governorate).order_by(Governorate.sort_order)).all()
    assert len(governorates) == 19
    assert all(g.name.en and g.name.ar and g.name.ckb for g in governorates)
    by_code = {g.code: g.name for g in governorates}
    assert by_code["erbil"].ckb == "هەولێر"
    assert by_code["basra"].ar == "البصرة"
    assert "halabja" in by_code


def test_0012_gives_existing_responses_their_satisfaction(tmp_path) -> None:
    """Responses typed before 0012 get the lowest relevance/usefulness answer, or none when one is missing."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.sqlite'}")
    with app.app_context():
        upgrade(revision="0011")
        title = LocalizedText(en="Evaluation")
        with db.engine.begin() as connection:
            def insert(table, **values):
                return connection.execute(table.insert().values(**values)).inserted_primary_key[0]

            organisation = insert(Organisation.__table__, name=title, type="cso")
            activity_type = connection.execute(sa.text("SELECT id FROM activity_types LIMIT 1")).scalar()
            workshop = insert(Workshop.__table__, title=title, activity_type_id=activity_type,
                              organisation_id=organisation)
            survey = insert(Survey.__table__, workshop_id=workshop, title=title)
            relevance, usefulness, other = (insert(Question.__table__, survey_id=survey, position=n, kind="scale",
                                                   text=title, measures=measure)
                                            for n, measure in enumerate(("relevance", "usefulness", None)))
            responses = []
            for given in ({relevance: 5, usefulness: 4, other: 1}, {relevance: 2, usefulness: 5}, {relevance: 5}):
                response = insert(SurveyResponse.__table__, survey_id=survey, language="en", source="link")
                responses.append(response)
                for question, value in given.items():
                    insert(Answer.__table__, response_id=response, question_id=question, value=value)
        upgrade(revision="0012")
        with db.engine.connect() as connection:
            found = dict(connection.execute(sa.text("SELECT id, satisfaction_lowest FROM survey_responses")).all())
        assert [found[r] for r in responses] == [4, 2, None]
        db.engine.dispose()
