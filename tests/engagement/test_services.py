"""Engagement services without HTTP: who sees what (two CSOs side by side), the follow-up status
machine and its history, CSO reports and their review, the library, and the counters."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import current_app

from app.auth.models import Role
from app.db import LocalizedText
from app.engagement.models import (
    ActivityReport,
    Addressee,
    Channel,
    EvidenceFile,
    LibraryFile,
    LibraryItem,
    MaterialKind,
    Priority,
    Recommendation,
    RecommendationChange,
    RecommendationSource,
    ReportStatus,
    ViolationKind,
    ViolationReport,
)
from app.engagement.models import RecommendationStatus as RS
from app.engagement.services import (
    RECOMMENDATION_TRANSITIONS,
    REPORT_TRANSITIONS,
    ActivityReportData,
    DateInFuture,
    FollowUpData,
    GroupNotInWorkshop,
    InvalidLink,
    InvalidParticipants,
    InvalidTransition,
    LibraryFilters,
    LibraryItemData,
    LibraryItemEmpty,
    NoOrganisation,
    ReasonRequired,
    RecommendationData,
    RecommendationFilters,
    ReportFilters,
    ResponseRequired,
    ReviewData,
    TextRequired,
    ViolationReportData,
    WorkshopNotAvailable,
    add_evidence,
    add_group_recommendation,
    allowed_statuses,
    cso_overview,
    engagement_counters,
    follow_up,
    is_overdue,
    list_recommendations,
    recommendation_history,
    review_report,
    save_library_item,
    search_activity_reports,
    search_library,
    search_recommendations,
    search_violation_reports,
    submit_activity_report,
    submit_cso_recommendation,
    submit_violation_report,
    visible_activity_report,
    visible_evidence,
    visible_library_file,
    visible_library_item,
    visible_recommendation,
    visible_violation_report,
)
from app.engagement.uploads import FileTooLarge, FileTypeRefused, LibraryFileTypeRefused, TooManyFiles
from app.events.models import Theme, Workshop
from app.extensions import db
from app.groupwork.models import BreakoutGroup
from tests import factories
from tests.engagement import samples
from tests.engagement.conftest import TODAY, World, build_world, upload, user


@pytest.fixture
def built(app_ctx, accounts) -> World:
    return build_world()


def _data(recommendation: Recommendation, status: RS, **changes) -> FollowUpData:
    values = dict(status=status, addressee=recommendation.addressee, priority=recommendation.priority,
                  theme=recommendation.theme, reason=recommendation.status_reason,
                  responsible_unit=recommendation.responsible_unit, due_date=recommendation.due_date,
                  response=recommendation.response, published=recommendation.published)
    return FollowUpData(**(values | changes))


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# ---------------------------------------------------------------- isolation


def test_each_cso_sees_its_own_items_and_never_anothers_unpublished(built: World) -> None:
    first, second = user("cso"), user("cso2")
    for member, own, other in ((first, built.first, built.second), (second, built.second, built.first)):
        assert visible_recommendation(member, own.recommendation) is not None
        assert visible_activity_report(member, own.activity) is not None
        assert visible_violation_report(member, own.violation) is not None
        assert visible_evidence(member, own.evidence).data == samples.png()
        assert visible_recommendation(member, other.recommendation) is None
        assert visible_activity_report(member, other.activity) is None
        assert visible_violation_report(member, other.violation) is None
        assert visible_evidence(member, other.evidence) is None
        assert visible_recommendation(member, built.group_recommendation) is None  # not published
    # guessed ids: every id in a range, only its own come back
    ids = range(1, 40)
    assert {i for i in ids if visible_recommendation(first, i)} == {built.first.recommendation}
    assert {i for i in ids if visible_activity_report(first, i)} == {built.first.activity}
    assert {i for i in ids if visible_violation_report(first, i)} == {built.first.violation}
    assert {i for i in ids if visible_evidence(first, i)} == {built.first.evidence}


def test_lists_hold_only_what_the_cso_may_see(built: World) -> None:
    first = user("cso")
    everything = RecommendationFilters()
    assert [r.id for r in list_recommendations(first, everything, TODAY)] == [built.first.recommendation]
    assert [r.id for r in search_activity_reports(first, ReportFilters()).items] == [built.first.activity]
    assert [r.id for r in search_violation_reports(first, ReportFilters()).items] == [built.first.violation]
    # asking for the other organisation's rows by filter gives nothing
    other = user("cso2").organisation_id
    assert list_recommendations(first, RecommendationFilters(organisation_id=other), TODAY) == []
    assert search_activity_reports(first, ReportFilters(organisation_id=other)).items == []


def test_published_items_reach_every_cso_but_evidence_stays_with_its_organisation(built: World) -> None:
    organiser, first = user("organiser"), user("cso")
    second_violation = db.session.get(ViolationReport, built.second.violation)
    review_report(second_violation, ReviewData(ReportStatus.ADDRESSED, "Passed to the media unit.", published=True))
    review_report(db.session.get(ActivityReport, built.second.activity), ReviewData(ReportStatus.SUBMITTED, "",
                                                                                    published=True))
    group = db.session.get(Recommendation, built.group_recommendation)
    follow_up(group, _data(group, RS.UNDER_REVIEW, published=True), organiser)
    assert visible_violation_report(first, built.second.violation) is not None
    assert visible_activity_report(first, built.second.activity) is not None
    assert visible_recommendation(first, built.group_recommendation) is not None
    assert visible_evidence(first, built.second.evidence) is None
    assert visible_evidence(organiser, built.second.evidence) is not None
    overview = cso_overview(first, TODAY)
    assert {(entry.kind, entry.item.id) for entry in overview.published} == {
        ("violation", built.second.violation), ("activity", built.second.activity),
        ("recommendation", built.group_recommendation)}
    assert [r.id for r in overview.recommendations.items] == [built.first.recommendation]


def test_a_cso_account_without_organisation_sees_no_group_recommendation(built: World) -> None:
    orphan = factories.make_user(Role.CSO)
    orphan.organisation_id = None  # the NULL organisation must not match the groups' NULL
    db.session.flush()
    assert visible_recommendation(orphan, built.group_recommendation) is None
    assert visible_evidence(orphan, built.first.evidence) is None
    with pytest.raises(NoOrganisation):
        submit_cso_recommendation(orphan, RecommendationData("x", Addressee.CSOS))


def test_staff_visibility(built: World) -> None:
    organiser, facilitator, viewer = user("organiser"), user("facilitator"), user("viewer")
    assert visible_recommendation(organiser, built.second.recommendation) is not None
    assert visible_evidence(organiser, built.first.evidence) is not None
    # a facilitator sees the recommendations of their workshop (also a CSO's about it), nothing else
    assert visible_recommendation(facilitator, built.group_recommendation) is not None
    assert visible_recommendation(facilitator, built.first.recommendation) is not None
    assert visible_recommendation(facilitator, built.second.recommendation) is None
    assert visible_activity_report(facilitator, built.first.activity) is None
    assert visible_evidence(facilitator, built.first.evidence) is None
    other = factories.make_user(Role.FACILITATOR)
    assert visible_recommendation(other, built.group_recommendation) is None
    for guessed in (built.group_recommendation, built.first.recommendation):
        assert visible_recommendation(viewer, guessed) is None
    assert visible_violation_report(viewer, built.first.violation) is None


def test_unpublished_library_items_are_for_library_managers(built: World) -> None:
    for name in ("cso", "viewer", "facilitator"):
        member = user(name)
        assert visible_library_item(member, built.library_item) is not None
        assert visible_library_file(member, built.library_file).data == samples.PDF
        assert visible_library_item(member, built.hidden_item) is None
        assert visible_library_file(member, built.hidden_file) is None
    assert visible_library_file(user("organiser"), built.hidden_file) is not None


# ---------------------------------------------------------------- recommendations


def test_group_and_cso_recommendations(built: World) -> None:
    workshop = db.session.get(Workshop, built.workshop)
    group = db.session.get(Recommendation, built.group_recommendation)
    assert group.source == RecommendationSource.WORKSHOP_GROUP and group.group.name == "Group B"
    assert group.organisation_id is None and group.status == RS.SUBMITTED
    whole = add_group_recommendation(workshop, None, RecommendationData(
        "  IHEC to publish CSOs reports ", Addressee.COMMISSION, Priority.HIGH), user("facilitator"))
    assert whole.text == "IHEC to publish CSOs reports" and whole.group is None
    elsewhere = BreakoutGroup(workshop_id=factories.make_workshop().id, name="A")
    db.session.add(elsewhere)
    db.session.flush()
    with pytest.raises(GroupNotInWorkshop):
        add_group_recommendation(workshop, elsewhere, RecommendationData("x", Addressee.CSOS), user("facilitator"))
    with pytest.raises(TextRequired):
        add_group_recommendation(workshop, None, RecommendationData("   ", Addressee.CSOS), user("facilitator"))
    cso = db.session.get(Recommendation, built.first.recommendation)
    assert cso.source == RecommendationSource.CSO and cso.organisation_id == user("cso").organisation_id
    assert cso.workshop_id == built.workshop
    draft = factories.make_workshop()  # a draft: not visible to CSOs
    with pytest.raises(WorkshopNotAvailable):
        submit_cso_recommendation(user("cso"), RecommendationData("x", Addressee.CSOS), draft)
    assert [c.field for c in cso.changes] == ["status"] and cso.changes[0].new_value == "submitted"


def test_the_follow_up_walks_the_whole_way_and_keeps_the_history(built: World) -> None:
    organiser = user("organiser")
    item = db.session.get(Recommendation, built.first.recommendation)
    theme = db.session.scalars(sa.select(Theme)).first()
    assert allowed_statuses(item) == [RS.SUBMITTED, RS.UNDER_REVIEW]
    follow_up(item, _data(item, RS.UNDER_REVIEW, theme=theme, priority=Priority.HIGH), organiser)
    with pytest.raises(ReasonRequired):
        follow_up(item, _data(item, RS.PARTIALLY_ACCEPTED, reason="   "), organiser)
    changes = follow_up(item, _data(item, RS.PARTIALLY_ACCEPTED, reason="The hotline only, not the office.",
                                    responsible_unit="Public Outreach", due_date=date(2024, 6, 30),
                                    response="We will open a hotline for CSOs."), organiser)
    assert {c.field for c in changes} == {"status", "status_reason", "responsible_unit", "due_date", "response"}
    follow_up(item, _data(item, RS.IN_PROGRESS), organiser)
    assert item.status_reason == "The hotline only, not the office."  # still explains what is carried out
    follow_up(item, _data(item, RS.IMPLEMENTED, published=True), organiser)
    assert allowed_statuses(item) == [RS.IMPLEMENTED]
    assert follow_up(item, _data(item, RS.IMPLEMENTED), organiser) == []  # nothing changed, nothing recorded
    statuses = [(c.old_value, c.new_value) for c in item.changes if c.field == "status"]
    assert statuses == [("", "submitted"), ("submitted", "under_review"), ("under_review", "partially_accepted"),
                        ("partially_accepted", "in_progress"), ("in_progress", "implemented")]
    assert all(c.user_id == organiser.id for c in item.changes[1:])
    history = recommendation_history(item)
    by_field = {entry.field: entry for entry in history}
    assert by_field["due_date"].kind == "date" and by_field["due_date"].new == date(2024, 6, 30)
    assert by_field["published"].new == "Yes" and by_field["priority"].old == "Medium"
    assert by_field["theme"].new == str(theme.name) and by_field["theme"].old is None
    assert history[-1].label == "Published to all CSOs"
    assert [e.new for e in history if e.field == "status"][-1] == "Implemented"


def test_only_the_transitions_of_the_table_are_allowed(built: World) -> None:
    """Every pair of statuses: allowed exactly when the table says so; a refusal changes nothing."""
    organiser = user("organiser")
    item = db.session.get(Recommendation, built.first.recommendation)
    for old, new in itertools.product(RS, RS):
        if old == new:
            continue
        item.status, item.status_reason = old, ""
        db.session.flush()
        before = _count(RecommendationChange)
        data = _data(item, new, reason="Because.")
        if new in RECOMMENDATION_TRANSITIONS[old]:
            follow_up(item, data, organiser)
            assert item.status == new, (old, new)
        else:
            with pytest.raises(InvalidTransition) as refused:
                follow_up(item, data, organiser)
            assert old.label in str(refused.value.message) and new.label in str(refused.value.message)
            assert _count(RecommendationChange) == before and item.status == old, (old, new)


def test_the_table_is_the_issues_follow_up() -> None:
    assert RECOMMENDATION_TRANSITIONS[RS.SUBMITTED] == {RS.UNDER_REVIEW}
    assert RECOMMENDATION_TRANSITIONS[RS.UNDER_REVIEW] == {RS.ACCEPTED, RS.PARTIALLY_ACCEPTED, RS.NOT_ACCEPTED}
    assert RECOMMENDATION_TRANSITIONS[RS.IN_PROGRESS] == {RS.IMPLEMENTED}
    assert RECOMMENDATION_TRANSITIONS[RS.IMPLEMENTED] == set()


def test_not_accepted_needs_a_reason_and_accepting_clears_it(built: World) -> None:
    organiser = user("organiser")
    item = db.session.get(Recommendation, built.second.recommendation)
    follow_up(item, _data(item, RS.UNDER_REVIEW), organiser)
    with pytest.raises(ReasonRequired):
        follow_up(item, _data(item, RS.NOT_ACCEPTED, reason=""), organiser)
    follow_up(item, _data(item, RS.NOT_ACCEPTED, reason="Outside the commission's mandate."), organiser)
    follow_up(item, _data(item, RS.UNDER_REVIEW), organiser)  # reconsidered
    assert item.status_reason == ""
    follow_up(item, _data(item, RS.ACCEPTED, reason="left over"), organiser)
    assert item.status_reason == ""


def test_overdue(built: World) -> None:
    organiser = user("organiser")
    item = db.session.get(Recommendation, built.first.recommendation)
    follow_up(item, _data(item, RS.UNDER_REVIEW, due_date=TODAY - timedelta(days=1)), organiser)
    other = db.session.get(Recommendation, built.group_recommendation)
    follow_up(other, _data(other, RS.UNDER_REVIEW, due_date=TODAY), organiser)
    assert is_overdue(item, TODAY) and not is_overdue(other, TODAY)  # due today is not late yet
    overdue = RecommendationFilters(overdue=True)
    assert [r.id for r in list_recommendations(organiser, overdue, TODAY)] == [item.id]
    follow_up(item, _data(item, RS.NOT_ACCEPTED, reason="No budget."), organiser)
    assert not is_overdue(item, TODAY) and list_recommendations(organiser, overdue, TODAY) == []


def test_filters_and_pages(built: World) -> None:
    organiser = user("organiser")
    workshop = db.session.get(Workshop, built.workshop)
    theme = db.session.scalars(sa.select(Theme)).first()
    for n in range(30):
        add_group_recommendation(workshop, None, RecommendationData(
            f"Recommendation {n}", Addressee.GOVERNMENT if n % 3 else Addressee.INTERNATIONAL,
            theme=theme if n < 5 else None), organiser)

    def ids(**filters) -> int:
        return len(list_recommendations(organiser, RecommendationFilters(**filters), TODAY))

    assert ids() == 33
    assert ids(addressee=Addressee.INTERNATIONAL) == 10
    assert ids(theme_id=theme.id) == 5
    assert ids(workshop_id=built.workshop) == 32  # 30 + group B's + the first CSO's
    assert ids(organisation_id=user("cso2").organisation_id) == 1
    assert ids(source=RecommendationSource.CSO) == 2
    assert ids(status=RS.UNDER_REVIEW) == 0
    assert ids(search="MEMORANDUM") == 1
    first, last = (search_recommendations(organiser, RecommendationFilters(), TODAY, page=p, per_page=25)
                   for p in (1, 2))
    assert (len(first.items), len(last.items), first.total, first.pages) == (25, 8, 33, 2)
    assert not {r.id for r in first.items} & {r.id for r in last.items}


# ---------------------------------------------------------------- CSO reports


def test_activity_reports_are_checked(built: World) -> None:
    member = user("cso")
    with pytest.raises(DateInFuture):
        submit_activity_report(member, ActivityReportData("x", TODAY + timedelta(days=1), None), TODAY)
    with pytest.raises(InvalidParticipants):
        submit_activity_report(member, ActivityReportData("x", TODAY, None, participants_male=-1), TODAY)
    with pytest.raises(NoOrganisation):
        submit_activity_report(user("viewer"), ActivityReportData("x", TODAY, None), TODAY)


def test_violation_reports_store_checked_evidence_or_nothing(built: World) -> None:
    member = user("cso")
    files, reports = _count(EvidenceFile), _count(ViolationReport)
    data = ViolationReportData(ViolationKind.VIOLATION, TODAY, Channel.POLLING_STATION, "Ballots photographed.")
    with pytest.raises(FileTypeRefused):
        submit_violation_report(member, data, [upload(samples.png(), "ok.png"), upload(samples.SVG, "x.png")], TODAY)
    with pytest.raises(TooManyFiles):
        submit_violation_report(member, data, [upload(samples.png(), f"{n}.png") for n in range(6)], TODAY)
    assert (_count(EvidenceFile), _count(ViolationReport)) == (files, reports)
    report = submit_violation_report(member, data, [upload(samples.PDF, "محضر.pdf"), upload(samples.OGG, "voice")],
                                     TODAY)
    assert [(e.filename, e.content_type) for e in report.evidence] == [("محضر.pdf", "application/pdf"),
                                                                       ("voice.ogg", "audio/ogg")]
    add_evidence(report, [upload(samples.JPEG, "photo.jpeg")])
    assert len(report.evidence) == 3
    with pytest.raises(TooManyFiles):
        add_evidence(report, [upload(samples.JPEG, f"{n}.jpg") for n in range(3)])


def test_evidence_size_comes_from_the_configuration(built: World, monkeypatch) -> None:
    monkeypatch.setitem(current_app.config, "EVIDENCE_MAX_BYTES", 50)
    with pytest.raises(FileTooLarge):
        submit_violation_report(user("cso"), ViolationReportData(
            ViolationKind.VIOLATION, TODAY, Channel.OTHER, "x"), [upload(samples.png(), "p.png")], TODAY)


def test_reviewing_a_report(built: World) -> None:
    report = db.session.get(ActivityReport, built.first.activity)
    with pytest.raises(ResponseRequired):
        review_report(report, ReviewData(ReportStatus.ADDRESSED, "  "))
    review_report(report, ReviewData(ReportStatus.UNDER_REVIEW))
    with pytest.raises(InvalidTransition):
        review_report(report, ReviewData(ReportStatus.SUBMITTED))
    review_report(report, ReviewData(ReportStatus.ADDRESSED, "Thank you; shared with the Basrah office.", True))
    assert report.published and report.status == ReportStatus.ADDRESSED
    assert REPORT_TRANSITIONS[ReportStatus.ADDRESSED] == {ReportStatus.UNDER_REVIEW}


# ---------------------------------------------------------------- library


def test_library_items_links_and_files(built: World) -> None:
    organiser = user("organiser")
    title = LocalizedText(en="Election day video")
    for bad in ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.org/v.mp4",
                "https://", "//evil.example/x", "https://exa mple.org"):
        with pytest.raises(InvalidLink):
            save_library_item(LibraryItemData(title, MaterialKind.VIDEO, url=bad), {}, organiser)
    with pytest.raises(LibraryItemEmpty):
        save_library_item(LibraryItemData(title, MaterialKind.VIDEO), {}, organiser)
    with pytest.raises(LibraryFileTypeRefused):
        save_library_item(LibraryItemData(title, MaterialKind.LEAFLET), {"en": upload(samples.SVG, "l.pdf")}, organiser)
    video = save_library_item(LibraryItemData(title, MaterialKind.VIDEO, url="https://youtu.be/abc"), {}, organiser)
    assert video.url == "https://youtu.be/abc" and video.files == []
    item = db.session.get(LibraryItem, built.library_item)
    # a new Arabic file replaces the old one (one file per language), an English one is added
    save_library_item(LibraryItemData(item.title, item.kind), {"ar": upload(samples.DOCX, "دليل.docx"),
                                                               "en": upload(samples.PDF, "manual.pdf")},
                      organiser, item=item)
    assert [(f.language, f.filename) for f in item.files] == [("ar", "دليل.docx"), ("en", "manual.pdf")]
    save_library_item(LibraryItemData(item.title, item.kind), {}, organiser, item=item, remove=["ar"])
    assert [f.language for f in item.files] == ["en"] and _count(LibraryFile) == 2
    with pytest.raises(LibraryItemEmpty):
        save_library_item(LibraryItemData(item.title, item.kind), {}, organiser, item=item, remove=["en"])


def test_library_filters(built: World) -> None:
    member = user("cso")
    save_library_item(LibraryItemData(LocalizedText(en="Video"), MaterialKind.VIDEO, url="https://v.example/1"), {},
                      user("organiser"))
    assert {i.title.en for i in search_library(member, LibraryFilters()).items} == {"Voter education manual",
                                                                                    "Video"}
    assert [i.title.en for i in search_library(member, LibraryFilters(kind=MaterialKind.MANUAL)).items] == [
        "Voter education manual"]
    assert {i.title.en for i in search_library(member, LibraryFilters(language="ar")).items} == {
        "Voter education manual", "Video"}  # links whatever their language
    assert [i.title.en for i in search_library(member, LibraryFilters(language="ckb")).items] == ["Video"]
    assert {i.title.en for i in search_library(user("organiser"), LibraryFilters(language="en")).items} == {
        "Draft leaflet", "Video"}


# ---------------------------------------------------------------- counters


def test_counters_of_an_empty_database(app_ctx) -> None:
    counters = engagement_counters()
    assert counters.recommendations == 0 and set(counters.by_status.values()) == {0}
    assert counters.by_source == dict.fromkeys(RecommendationSource, 0)
    assert counters.with_response.ratio is None and counters.implemented.denominator == 0
    assert counters.implemented_of_accepted.ratio is None
    assert (counters.activity_reports, counters.participants_total, counters.violation_reports) == (0, 0, 0)
    assert counters.violations_by_governorate == [] and counters.violations_by_kind == dict.fromkeys(ViolationKind, 0)


def test_counters_arithmetic(built: World) -> None:
    organiser, member = user("organiser"), user("cso")
    workshop = db.session.get(Workshop, built.workshop)
    done = add_group_recommendation(workshop, None, RecommendationData("Hotline", Addressee.COMMISSION), organiser)
    for status, reason in ((RS.UNDER_REVIEW, ""), (RS.ACCEPTED, ""), (RS.IN_PROGRESS, ""), (RS.IMPLEMENTED, "")):
        follow_up(done, _data(done, status, reason=reason, response="Opened in May."), organiser)
    refused = db.session.get(Recommendation, built.second.recommendation)
    follow_up(refused, _data(refused, RS.UNDER_REVIEW), organiser)
    follow_up(refused, _data(refused, RS.NOT_ACCEPTED, reason="Mandate.", response="Not our mandate."), organiser)
    submit_activity_report(member, ActivityReportData("Youth", date(2024, 2, 1), None, "", 0, 7), TODAY)
    submit_violation_report(member, ViolationReportData(ViolationKind.VIOLATION, date(2024, 3, 5), Channel.IN_PERSON,
                                                        "Vote buying", factories.governorate("basra")), [], TODAY)
    submit_violation_report(member, ViolationReportData(ViolationKind.MISINFORMATION, date(2024, 3, 5),
                                                        Channel.SOCIAL_MEDIA, "Fake results"), [], TODAY)
    counters = engagement_counters()
    assert counters.recommendations == 4
    assert counters.by_source == {RecommendationSource.WORKSHOP_GROUP: 2, RecommendationSource.CSO: 2}
    assert counters.by_addressee[Addressee.COMMISSION] == 3 and counters.by_addressee[Addressee.JOINT] == 1
    assert counters.by_status[RS.SUBMITTED] == 2 and counters.by_status[RS.IMPLEMENTED] == 1
    assert counters.by_status[RS.NOT_ACCEPTED] == 1 and sum(counters.by_status.values()) == 4
    assert (counters.with_response.numerator, counters.with_response.denominator) == (2, 4)
    assert counters.with_response.ratio == 0.5 and counters.implemented.ratio == 0.25
    assert (counters.implemented_of_accepted.numerator, counters.implemented_of_accepted.denominator) == (1, 1)
    assert counters.activity_reports == 3
    assert (counters.participants_female, counters.participants_male, counters.participants_total) == (24, 25, 49)
    assert counters.violation_reports == 4
    assert counters.violations_by_kind == {ViolationKind.VIOLATION: 1, ViolationKind.MISINFORMATION: 3}
    rows = [(row.governorate.code if row.governorate else None, row.by_kind[ViolationKind.MISINFORMATION],
             row.total) for row in counters.violations_by_governorate]
    assert rows == [("basra", 0, 1), (None, 3, 3)]  # governorates in their order, "not tied" last
    assert sum(row.total for row in counters.violations_by_governorate) == counters.violation_reports


def test_counters_of_a_period(built: World) -> None:
    member = user("cso")
    submit_activity_report(member, ActivityReportData("Old", date(2023, 12, 31), None, "", 5, 5), TODAY)
    for recommendation in db.session.scalars(sa.select(Recommendation)):
        recommendation.created_at = datetime(2024, 3, 5, 9, tzinfo=UTC)
    old = db.session.get(Recommendation, built.second.recommendation)
    # 20:59 UTC on 29 February is 23:59 in Baghdad: still February there
    old.created_at = datetime(2024, 2, 29, 20, 59, tzinfo=UTC)
    db.session.flush()
    march = engagement_counters(date(2024, 3, 1), date(2024, 3, 31))
    assert march.recommendations == 2 and march.activity_reports == 2 and march.participants_total == 42
    assert march.violation_reports == 2
    assert engagement_counters(date(2024, 2, 29), date(2024, 2, 29)).recommendations == 1
    assert engagement_counters(period_end=date(2023, 12, 31)).activity_reports == 1
    assert engagement_counters(period_start=date(2025, 1, 1)).recommendations == 0
