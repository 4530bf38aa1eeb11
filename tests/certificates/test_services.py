"""Certificates: eligibility by rule and by decision, issuing with numbers and codes, revoking, verifying."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.certificates.models import Certificate, EligibilityRule, LanguageMode
from app.certificates.services import (
    AlreadyIssued,
    AlreadyRevoked,
    NotEligible,
    ReasonRequired,
    certificate_for_code,
    decide,
    decision_history,
    eligibility,
    issue,
    issue_all,
    revoke,
    settings_for,
)
from app.extensions import db
from app.registration.services import PersonData, check_in, create_participant, register
from tests import factories


def _workshop_with_attendance(days_present: list[int]):
    """A two-day workshop; person n attended `days_present[n]` days (0, 1 or 2)."""
    workshop = factories.make_workshop(days=factories.two_days())
    people = []
    for n, count in enumerate(days_present):
        locale = ("ar", "ckb", "en")[n % 3]
        registration = register(workshop, create_participant(
            PersonData(full_name=f"Person {n}", locale=locale), None), None)
        for day in workshop.days[:count]:
            check_in(workshop, None, registration=registration, day=day)
        people.append(registration)
    return workshop, people


def test_rules_all_days_min_days_and_share(app_ctx) -> None:
    workshop, people = _workshop_with_attendance([2, 1, 0])
    settings = settings_for(workshop)
    assert settings.rule == EligibilityRule.ALL_DAYS
    rows = {row.registration.id: row for row in eligibility(workshop)}
    assert [rows[p.id].eligible for p in people] == [True, False, False]
    assert rows[people[0].id].days_attended == 2 and rows[people[0].id].hours_attended == 14.0
    settings.rule, settings.min_days = EligibilityRule.MIN_DAYS, 1
    assert [row.eligible for row in eligibility(workshop)] == [True, True, False]
    settings.rule, settings.min_percent = EligibilityRule.MIN_PERCENT, 60
    assert [row.eligible for row in eligibility(workshop)] == [True, False, False]  # 50% < 60%
    settings.min_percent = 50
    assert [row.eligible for row in eligibility(workshop)] == [True, True, False]


def test_decisions_override_the_rule_with_a_reason_and_keep_history(app, app_ctx) -> None:
    workshop, (full, half, absent) = _workshop_with_attendance([2, 1, 0])
    facilitator = factories.make_user(factories.Role.FACILITATOR)
    with pytest.raises(ReasonRequired):
        decide(workshop, half, True, "  ", facilitator)
    decide(workshop, half, True, "Attended day 2 online", facilitator)
    decide(workshop, full, False, "Left after the opening", facilitator)
    decide(workshop, full, None, "Checked again: stayed all day", facilitator)
    rows = {row.registration.id: row for row in eligibility(workshop)}
    assert (rows[full.id].eligible, rows[half.id].eligible, rows[absent.id].eligible) == (True, True, False)
    history = decision_history(workshop, full)
    assert [(d.include, d.reason) for d in history] == [
        (None, "Checked again: stayed all day"), (False, "Left after the opening")]


def test_issue_numbers_codes_languages_and_one_live_certificate(app, app_ctx) -> None:
    workshop, people = _workshop_with_attendance([2, 2, 2, 1])
    issued = issue_all(workshop, None)
    assert len(issued) == 3
    numbers = [c.number for c in issued]
    assert len(set(numbers)) == 3 and all(n.startswith("MLQ-") and n.endswith(f"{c.id:06d}")
                                          for n, c in zip(numbers, issued, strict=True))
    assert len({c.code for c in issued}) == 3 and all(len(c.code) >= 32 for c in issued)
    assert [c.languages for c in issued] == ["ar,en", "ckb,en", "en"]
    settings_for(workshop).language_mode = LanguageMode.PARTICIPANT
    assert issue_all(workshop, None) == []  # nothing new: they have theirs
    with pytest.raises(AlreadyIssued):
        issue(workshop, people[0], None)
    with pytest.raises(NotEligible):
        issue(workshop, people[3], None)


def test_revoke_then_reissue_and_verify(app_ctx) -> None:
    workshop, (person,) = _workshop_with_attendance([2])
    first = issue(workshop, person, None)
    assert certificate_for_code(first.code) is first
    with pytest.raises(ReasonRequired):
        revoke(first, "", None)
    revoke(first, "Issued to the wrong person", None)
    with pytest.raises(AlreadyRevoked):
        revoke(first, "again", None)
    assert certificate_for_code(first.code).revoked
    second = issue(workshop, person, None)
    assert second.code != first.code and not second.revoked
    assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 2


@pytest.mark.parametrize("code", ["", "x" * 65, "abc/../def", "' OR 1=1 --", "nonexistent-code-000000000000000"])
def test_forged_codes_find_nothing(app_ctx, code: str) -> None:
    workshop, (person,) = _workshop_with_attendance([2])
    issue(workshop, person, None)
    assert certificate_for_code(code) is None


def test_verification_page_says_valid_revoked_or_unknown(app, client) -> None:
    with app.app_context():
        workshop, (person,) = _workshop_with_attendance([2])
        person.participant.phone = "07701234567"
        person.participant.email = "secret@example.org"
        certificate = issue(workshop, person, None)
        db.session.commit()
        code, certificate_id = certificate.code, certificate.id
    page = client.get(f"/verify/{code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-verdict="valid"' in html and "Person 0" in html
    assert "07701234567" not in html and "secret@example.org" not in html  # nothing else about the person
    assert client.get(f"/verify/{code[:-1]}A").status_code == 404
    with app.app_context():
        revoke(db.session.get(Certificate, certificate_id), "Error", None)
        db.session.commit()
    assert 'data-verdict="revoked"' in client.get(f"/verify/{code}").get_data(as_text=True)
