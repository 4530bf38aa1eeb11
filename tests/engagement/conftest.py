"""Engagement test data: two CSOs with one item of every kind each (ids to guess), a workshop of the
organiser's organisation with breakout groups and the facilitator assigned, and helpers."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from app.auth.models import Role, User
from app.db import LocalizedText
from app.engagement.models import Addressee, Channel, MaterialKind, ViolationKind
from app.engagement.services import (
    ActivityReportData,
    LibraryItemData,
    RecommendationData,
    Upload,
    ViolationReportData,
    add_group_recommendation,
    save_library_item,
    submit_activity_report,
    submit_cso_recommendation,
    submit_violation_report,
)
from app.events.models import WorkshopStatus
from app.extensions import db
from app.groupwork.models import BreakoutGroup
from tests import factories
from tests.conftest import login
from tests.engagement import samples

TODAY = date(2024, 3, 10)


def user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def upload(data: bytes, name: str) -> Upload:
    return Upload(name, io.BytesIO(data))


@dataclass
class CsoItems:
    """One item of every kind sent by a CSO."""

    recommendation: int
    activity: int
    violation: int
    evidence: int


@dataclass
class World:
    workshop: int
    group_a: int
    group_b: int
    group_recommendation: int
    first: CsoItems  # the fixture account "cso"
    second: CsoItems  # "cso2", another CSO
    library_item: int
    library_file: int
    hidden_item: int
    hidden_file: int


def cso_items(member: User, workshop=None, label: str = "") -> CsoItems:
    recommendation = submit_cso_recommendation(
        member, RecommendationData(f"{label} recommendation", Addressee.COMMISSION), workshop)
    activity = submit_activity_report(member, ActivityReportData(
        f"{label} awareness session", date(2024, 3, 1), factories.governorate("basra"), "Al-Zubair", 12, 9), TODAY)
    violation = submit_violation_report(member, ViolationReportData(
        ViolationKind.MISINFORMATION, date(2024, 3, 2), Channel.SOCIAL_MEDIA, f"{label} fake polling-day post"),
        [upload(samples.png(), "screenshot.png")], TODAY)
    return CsoItems(recommendation.id, activity.id, violation.id, violation.evidence[0].id)


def build_world() -> World:
    organiser, facilitator = user("organiser"), user("facilitator")
    workshop = factories.make_workshop(organisation=organiser.organisation, days=factories.two_days(),
                                       facilitators=[facilitator], published_to_csos=True)
    workshop.status = WorkshopStatus.PLANNED
    group_a = BreakoutGroup(workshop_id=workshop.id, name="Group A", position=1)
    group_b = BreakoutGroup(workshop_id=workshop.id, name="Group B", position=2)
    db.session.add_all([group_a, group_b])
    db.session.flush()
    recommendation = add_group_recommendation(workshop, group_b, RecommendationData(
        "A memorandum of understanding between IHEC and the CSOs", Addressee.JOINT), facilitator)
    second_member = factories.make_user(Role.CSO, username="cso2")
    first = cso_items(user("cso"), workshop, "First")
    second = cso_items(second_member, None, "Second")
    item = save_library_item(LibraryItemData(LocalizedText(en="Voter education manual", ar="دليل تثقيف الناخبين"),
                                             MaterialKind.MANUAL), {"ar": upload(samples.PDF, "دليل.pdf")}, organiser)
    hidden = save_library_item(LibraryItemData(LocalizedText(en="Draft leaflet"), MaterialKind.LEAFLET,
                                               published=False), {"en": upload(samples.PDF, "draft.pdf")}, organiser)
    return World(workshop.id, group_a.id, group_b.id, recommendation.id, first, second, item.id, item.files[0].id,
                 hidden.id, hidden.files[0].id)


@pytest.fixture
def world(app: Flask, accounts: dict[str, str]) -> World:
    with app.app_context():
        built = build_world()
        db.session.commit()
        return built


@pytest.fixture
def client_of(app: Flask, accounts: dict[str, str]):
    """A signed-in test client per username (several users side by side)."""
    clients: dict[str, FlaskClient] = {}

    def _client(username: str) -> FlaskClient:
        if username not in clients:
            clients[username] = app.test_client()
            assert login(clients[username], username).status_code == 302
        return clients[username]

    return _client
