"""The multilingual text type and UTC timestamps, in Python and through the database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from app.auth.models import Organisation, OrganisationType, Role
from app.db import LocalizedText
from app.extensions import db
from app.registration.models import RegistrationStatus, ScanResult


@pytest.mark.parametrize(
    ("values", "locale", "expected"),
    [
        ({"en": "Workshop", "ar": "ورشة عمل", "ckb": "وۆرکشۆپ"}, "ckb", ("ckb", "وۆرکشۆپ")),
        ({"en": "Workshop", "ar": "ورشة عمل"}, "ckb", ("ar", "ورشة عمل")),
        ({"en": "Workshop"}, "ckb", ("en", "Workshop")),
        ({"en": "Workshop", "ckb": "وۆرکشۆپ"}, "ar", ("en", "Workshop")),
        ({"ckb": "وۆرکشۆپ"}, "ar", ("ckb", "وۆرکشۆپ")),
        ({"ar": "ورشة عمل", "ckb": "وۆرکشۆپ"}, "en", ("ar", "ورشة عمل")),
        ({"ckb": "وۆرکشۆپ"}, "en", ("ckb", "وۆرکشۆپ")),
        ({"en": "Workshop", "ar": "ورشة عمل"}, "ar_IQ", ("ar", "ورشة عمل")),
    ],
)
def test_fallback_never_shows_an_empty_string(values: dict[str, str], locale: str, expected: tuple[str, str]) -> None:
    assert LocalizedText.from_mapping(values).resolve(locale) == expected


def test_blank_values_count_as_missing() -> None:
    text = LocalizedText(en="   ", ar=" ورشة ")
    assert text.as_dict() == {"ar": "ورشة"}
    assert text.get("en") == "ورشة"
    assert not LocalizedText(en=" ", ar="", ckb="")


def test_stored_as_one_json_value_and_read_back(app_ctx) -> None:
    name = LocalizedText(en="Basra Civic Voice", ar="صوت البصرة المدني", ckb="دەنگی مەدەنی بەسرە")
    db.session.add(Organisation(name=name, type=OrganisationType.CSO, acronym="BCV"))
    db.session.commit()
    db.session.expunge_all()

    raw = db.session.execute(sa.text("SELECT name FROM organisations")).scalar_one()
    stored = raw if isinstance(raw, dict) else json.loads(raw)
    assert stored == {"en": "Basra Civic Voice", "ar": "صوت البصرة المدني", "ckb": "دەنگی مەدەنی بەسرە"}
    organisation = db.session.scalars(sa.select(Organisation)).one()
    assert organisation.name == name


def test_changing_a_language_is_saved(app_ctx) -> None:
    organisation = Organisation(name=LocalizedText(en="Old"), type=OrganisationType.CSO)
    db.session.add(organisation)
    db.session.commit()
    organisation.name = LocalizedText(en="Old", ar="جديد")
    db.session.commit()
    db.session.expunge_all()
    assert db.session.scalars(sa.select(Organisation)).one().name.ar == "جديد"


def test_datetimes_come_back_aware_in_utc(app_ctx) -> None:
    baghdad = timezone(timedelta(hours=3))
    organisation = Organisation(name=LocalizedText(en="X"), type=OrganisationType.CSO,
                                created_at=datetime(2023, 6, 13, 9, 0, tzinfo=baghdad))
    db.session.add(organisation)
    db.session.commit()
    db.session.expunge_all()
    loaded = db.session.scalars(sa.select(Organisation)).one()
    assert loaded.created_at == datetime(2023, 6, 13, 6, 0, tzinfo=UTC)
    assert loaded.created_at.tzinfo is not None


def test_naive_datetimes_are_refused(app_ctx) -> None:
    db.session.add(Organisation(name=LocalizedText(en="X"), type=OrganisationType.CSO,
                                created_at=datetime(2023, 6, 13, 9, 0)))
    with pytest.raises(sa.exc.StatementError):
        db.session.flush()


def test_enum_labels_are_per_enum_even_for_shared_values(app) -> None:
    # "cancelled" is a registration status and a scan result; "cso" a role and an organisation type.
    with app.test_request_context():
        assert RegistrationStatus.CANCELLED.label == "Cancelled"
        assert ScanResult.CANCELLED.label == "Registration cancelled"
        assert Role.CSO.label != OrganisationType.CSO.label
