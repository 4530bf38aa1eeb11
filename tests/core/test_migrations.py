"""The migrations are the schema's source of truth: they must build exactly the models' schema."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.auth.models import Governorate
from app.extensions import db


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
