"""Engagement pages through the client: each role's access, isolation between two CSOs (lists,
pages and downloads, also by guessing ids), the follow-up and review forms, CSO submissions with
evidence, the library, stored-XSS attempts in every text field, exports and counters."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from markupsafe import escape
from openpyxl import load_workbook
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from app.db import LocalizedText
from app.engagement.models import (
    ActivityReport,
    EvidenceFile,
    LibraryFile,
    LibraryItem,
    Recommendation,
    RecommendationStatus,
    ReportStatus,
    ViolationReport,
)
from app.engagement.services import FollowUpData, ReviewData, follow_up, review_report
from app.extensions import db
from app.groupwork.models import BreakoutGroup
from tests import factories
from tests.conftest import csrf_token
from tests.conftest import submit as submit_form
from tests.engagement import samples
from tests.engagement.conftest import World, user

E = "/engagement"


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _post(client, page_url: str, data: dict, action: str | None = None, **kwargs):
    return submit_form(client, page_url, data, action=action, **kwargs)


# ---------------------------------------------------------------- roles


FOLLOW_UP_PAGES = [f"{E}/recommendations", f"{E}/recommendations.xlsx", f"{E}/recommendations.csv",
                   f"{E}/activities", f"{E}/violations", f"{E}/counters"]


@pytest.mark.parametrize("role,expected", [("admin", 200), ("organiser", 200), ("facilitator", 403),
                                           ("viewer", 403), ("cso", 403)])
def test_only_follow_up_staff_open_the_follow_up_lists(client_of, world, role: str, expected: int) -> None:
    client = client_of(role)
    assert [client.get(url).status_code for url in FOLLOW_UP_PAGES] == [expected] * len(FOLLOW_UP_PAGES)


@pytest.mark.parametrize("role,expected", [("cso", 200), ("admin", 403), ("organiser", 403),
                                           ("facilitator", 403), ("viewer", 403)])
def test_the_cso_portal_is_for_cso_members(client_of, world, role: str, expected: int) -> None:
    client = client_of(role)
    pages = [f"{E}/cso", f"{E}/cso/recommendations", f"{E}/cso/activities?scope=published",
             f"{E}/cso/recommendations/new", f"{E}/cso/activities/new", f"{E}/cso/violations/new"]
    assert [client.get(url).status_code for url in pages] == [expected] * len(pages)


@pytest.mark.parametrize("role,manage", [("admin", True), ("organiser", True), ("facilitator", False),
                                         ("viewer", False), ("cso", False)])
def test_everyone_browses_the_library_managers_edit_it(client_of, world, role: str, manage: bool) -> None:
    client = client_of(role)
    page = client.get(f"{E}/library")
    assert page.status_code == 200 and "Voter education manual" in page.get_data(as_text=True)
    assert ("Draft leaflet" in page.get_data(as_text=True)) is manage
    expected = 200 if manage else 403
    assert client.get(f"{E}/library/new").status_code == expected
    assert client.get(f"{E}/library/{world.library_item}/edit").status_code == expected


def test_anonymous_visitors_are_sent_to_sign_in(client, world) -> None:
    for url in (f"{E}/library", f"{E}/cso", f"{E}/recommendations", f"{E}/evidence/{world.first.evidence}",
                f"{E}/library/files/{world.library_file}", f"{E}/recommendations/{world.first.recommendation}"):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_nobody_but_follow_up_staff_follows_up(client_of, world, app) -> None:
    # the facilitator sees their workshop's recommendation, the CSO its own: neither may change them
    for role, item in (("facilitator", world.group_recommendation), ("cso", world.first.recommendation)):
        client = client_of(role)
        url = f"{E}/recommendations/{item}"
        page = client.get(url)
        assert page.status_code == 200 and 'id="follow-up-form"' not in page.get_data(as_text=True)
        response = client.post(url, data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                          "status": "under_review", "addressee": "csos", "priority": "high",
                                          "theme_id": "0"})
        assert response.status_code == 403
    client = client_of("cso")
    page = client.get(f"{E}/activities/{world.first.activity}").get_data(as_text=True)
    assert client.post(f"{E}/activities/{world.first.activity}", data={
        "csrf_token": csrf_token(page), "status": "addressed", "response": "Done by ourselves"}).status_code == 403
    with app.app_context():
        assert db.session.get(Recommendation, world.first.recommendation).status == RecommendationStatus.SUBMITTED
        assert db.session.get(ActivityReport, world.first.activity).status == ReportStatus.SUBMITTED
    assert client_of("viewer").get(f"{E}/recommendations/{world.group_recommendation}").status_code == 404


# ---------------------------------------------------------------- isolation between CSOs


def _urls(items) -> list[str]:
    return [f"{E}/recommendations/{items.recommendation}", f"{E}/activities/{items.activity}",
            f"{E}/violations/{items.violation}", f"{E}/evidence/{items.evidence}"]


def test_a_cso_gets_404_for_another_csos_items(client_of, world) -> None:
    for username, own, other in (("cso", world.first, world.second), ("cso2", world.second, world.first)):
        client = client_of(username)
        assert [client.get(url).status_code for url in _urls(own)] == [200] * 4
        assert [client.get(url).status_code for url in _urls(other)] == [404] * 4
        page = client.get(f"{E}/violations/{other.violation}")
        assert page.status_code == 404
        added = _post(client, f"{E}/cso", {"evidence": [(io.BytesIO(samples.JPEG), "planted.jpg")]},
                      action=f"{E}/violations/{other.violation}/evidence")
        assert added.status_code == 404
        assert client.get(f"{E}/recommendations/{world.group_recommendation}").status_code == 404


def test_guessing_ids_finds_nothing_but_ones_own(client_of, world) -> None:
    client = client_of("cso")
    found = {kind: {n for n in range(1, 12) if client.get(f"{E}/{kind}/{n}").status_code == 200}
             for kind in ("recommendations", "activities", "violations", "evidence", "library/files")}
    assert found == {"recommendations": {world.first.recommendation}, "activities": {world.first.activity},
                     "violations": {world.first.violation}, "evidence": {world.first.evidence},
                     "library/files": {world.library_file}}
    assert client.get(f"{E}/recommendations/999999").status_code == 404


def test_a_csos_pages_list_only_its_own_items(client_of, world) -> None:
    client = client_of("cso")
    pages = "".join(client.get(url).get_data(as_text=True) for url in (
        f"{E}/cso", f"{E}/cso/recommendations", f"{E}/cso/activities", f"{E}/cso/violations",
        f"{E}/cso/recommendations?scope=published", f"{E}/cso/activities?scope=published",
        f"{E}/cso/violations?scope=published"))
    assert "First recommendation" in pages and "First awareness session" in pages and "First fake" in pages
    assert "Second" not in pages and "memorandum" not in pages


def test_publishing_shares_the_report_and_response_but_not_the_evidence(client_of, world, app) -> None:
    organiser = client_of("organiser")
    url = f"{E}/violations/{world.second.violation}"
    assert 'id="review-form"' in organiser.get(url).get_data(as_text=True)
    saved = _post(organiser, url, {"status": "addressed", "response": "Referred to the media monitoring unit.",
                                   "published": "y"})
    assert saved.status_code == 302
    first = client_of("cso")
    page = first.get(url)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Referred to the media monitoring unit." in text
    assert "Second fake polling-day post" in text and f"/evidence/{world.second.evidence}" not in text
    assert 'id="review-form"' not in text and 'id="evidence"' not in text
    assert first.get(f"{E}/evidence/{world.second.evidence}").status_code == 404
    assert "Second fake polling-day post" in first.get(f"{E}/cso").get_data(as_text=True)
    # its own organisation sees the evidence and the response
    second = client_of("cso2").get(url).get_data(as_text=True)
    assert f"/evidence/{world.second.evidence}" in second and "Referred to the media" in second
    # unpublishing takes it back
    _post(organiser, url, {"status": "addressed", "response": "Referred to the media monitoring unit."})
    assert first.get(url).status_code == 404


# ---------------------------------------------------------------- a workshop's recommendations


def test_the_workshop_tab(client_of, world, app) -> None:
    url = f"{E}/workshops/{world.workshop}/recommendations"
    facilitator = client_of("facilitator")
    page = facilitator.get(url).get_data(as_text=True)
    assert "A memorandum of understanding" in page and "Group B" in page and "Whole workshop (no group)" in page
    added = _post(facilitator, url, {"group_id": str(world.group_a), "text": "Training workshops by IHEC for CSOs",
                                     "addressee": "commission", "theme_id": "0", "priority": "high"})
    assert added.status_code == 302 and f"group={world.group_a}" in added.headers["Location"]
    refused = _post(facilitator, url, {"group_id": "0", "text": "", "addressee": "commission", "theme_id": "0",
                                       "priority": "high"})
    assert "This field is required." in refused.get_data(as_text=True)
    with app.app_context():
        item = db.session.scalars(sa.select(Recommendation).order_by(Recommendation.id.desc())).first()
        assert (item.group_id, item.priority.value, item.submitted_by.username) == (world.group_a, "high",
                                                                                   "facilitator")
        new_id = item.id
    # another workshop's group id is not among the choices
    assert "Choose one of the options" in _post(facilitator, url, {
        "group_id": "999", "text": "x", "addressee": "csos", "theme_id": "0", "priority": "low"}).get_data(as_text=True)
    deleted = _post(facilitator, url, {}, action=f"{E}/recommendations/{new_id}/delete")
    assert deleted.status_code == 302 and _count(app, Recommendation) == 3
    assert client_of("cso").get(url).status_code == 403  # the CSO sees the workshop, not this tab
    assert client_of("viewer").get(url).status_code == 403
    assert client_of("organiser").get(url).status_code == 200


def test_a_reviewed_group_recommendation_cannot_be_deleted(client_of, world, app) -> None:
    with app.app_context():
        item = db.session.get(Recommendation, world.group_recommendation)
        follow_up(item, FollowUpData(RecommendationStatus.UNDER_REVIEW, item.addressee, item.priority),
                  user("organiser"))
        db.session.commit()
    facilitator = client_of("facilitator")
    url = f"{E}/workshops/{world.workshop}/recommendations"
    response = _post(facilitator, url, {}, action=f"{E}/recommendations/{world.group_recommendation}/delete")
    assert response.status_code == 302
    assert "nobody has reviewed yet" in facilitator.get(url).get_data(as_text=True)
    assert _count(app, Recommendation) == 3
    # a CSO's recommendation about the workshop is not the workshop team's to delete
    _post(facilitator, url, {}, action=f"{E}/recommendations/{world.first.recommendation}/delete")
    assert _count(app, Recommendation) == 3


# ---------------------------------------------------------------- follow-up through the page


def test_following_up_through_the_page(client_of, world, app) -> None:
    organiser = client_of("organiser")
    url = f"{E}/recommendations/{world.first.recommendation}"
    base = {"addressee": "commission", "theme_id": "0", "priority": "medium"}
    page = organiser.get(url).get_data(as_text=True)
    assert 'value="implemented"' not in page  # only the current status and the next ones are offered
    wrong = _post(organiser, url, base | {"status": "implemented"})
    assert "Choose one of the options in the list." in wrong.get_data(as_text=True)
    assert _post(organiser, url, base | {"status": "under_review"}).status_code == 302
    missing = _post(organiser, url, base | {"status": "not_accepted", "reason": " "})
    assert "Write why the recommendation is only partially accepted or not accepted." in missing.get_data(as_text=True)
    done = _post(organiser, url, base | {"status": "partially_accepted", "reason": "The hotline only.",
                                         "responsible_unit": "Public Outreach", "due_date": "2024-01-31",
                                         "response": "A hotline for CSOs opens in spring."})
    assert done.status_code == 302
    page = organiser.get(url).get_data(as_text=True)
    assert 'id="history"' in page and "Partially accepted" in page and "Public Outreach" in page
    assert 'data-overdue="1"' in page  # 31 January has passed and it is not implemented
    with app.app_context():
        item = db.session.get(Recommendation, world.first.recommendation)
        assert [c.field for c in item.changes].count("status") == 3
    # the source organisation sees status, reason and response, not the staff's history
    mine = client_of("cso").get(url).get_data(as_text=True)
    assert "A hotline for CSOs opens in spring." in mine and "The hotline only." in mine
    assert 'id="history"' not in mine and 'id="follow-up-form"' not in mine
    listing = organiser.get(f"{E}/recommendations?overdue=y").get_data(as_text=True)
    assert "First recommendation" in listing and "memorandum" not in listing
    listing = organiser.get(f"{E}/recommendations?status=partially_accepted&addressee=commission").get_data(
        as_text=True)
    assert "First recommendation" in listing and "Second recommendation" not in listing


def test_exports_of_the_follow_up_list(client_of, world) -> None:
    organiser = client_of("organiser")
    workbook = load_workbook(io.BytesIO(organiser.get(f"{E}/recommendations.xlsx").data))
    rows = list(workbook.active.values)
    assert rows[0][5] == "Recommendation" and len(rows) == 4
    text = organiser.get(f"{E}/recommendations.csv?source=cso").get_data(as_text=True).lstrip("\ufeff")
    assert len(list(csv.reader(io.StringIO(text)))) == 3


# ---------------------------------------------------------------- CSO submissions


def test_a_cso_sends_a_recommendation_and_reports(client_of, world, app) -> None:
    client = client_of("cso")
    form = client.get(f"{E}/cso/recommendations/new").get_data(as_text=True)
    assert f'value="{world.workshop}"' in form
    sent = _post(client, f"{E}/cso/recommendations/new", {
        "text": "نطالب بغرفة عمليات مشتركة بين المفوضية والمنظمات", "addressee": "joint", "theme_id": "0",
        "priority": "high", "workshop_id": str(world.workshop)})
    assert sent.status_code == 302
    activity = _post(client, f"{E}/cso/activities/new", {
        "title": "جلسة توعية للناخبين الشباب", "held_on": "2024-02-20", "place": "Al-Zubair",
        "governorate_id": "1", "participants_female": "١٢", "participants_male": "9", "description": ""})
    assert activity.status_code == 302
    future = _post(client, f"{E}/cso/activities/new", {
        "title": "Later", "held_on": "2999-01-01", "governorate_id": "1", "participants_female": "0",
        "participants_male": "0"})
    assert "This date is in the future." in future.get_data(as_text=True)
    violation = _post(client, f"{E}/cso/violations/new", {
        "kind": "violation", "observed_on": "2024-03-01", "governorate_id": "0", "channel": "polling_station",
        "description": "Party agents inside the polling station.",
        "evidence": [(io.BytesIO(samples.png()), "صورة.png"), (io.BytesIO(samples.PDF), "محضر.pdf")]})
    assert violation.status_code == 302
    with app.app_context():
        recommendation = db.session.scalars(sa.select(Recommendation).order_by(Recommendation.id.desc())).first()
        assert recommendation.organisation_id == user("cso").organisation_id
        report = db.session.scalars(sa.select(ActivityReport).order_by(ActivityReport.id.desc())).first()
        assert (report.participants_female, report.participants_male) == (12, 9)
        evidence = db.session.scalars(sa.select(EvidenceFile).order_by(EvidenceFile.id.desc()).limit(2)).all()
        assert sorted(e.filename for e in evidence) == ["صورة.png", "محضر.pdf"]
    home = client.get(f"{E}/cso").get_data(as_text=True)
    assert "جلسة توعية للناخبين الشباب" in home and "Party agents inside" in home


def test_a_cso_member_cannot_attach_a_recommendation_to_a_hidden_workshop(client_of, world, app) -> None:
    with app.app_context():
        hidden = factories.make_workshop().id  # a draft
        db.session.commit()
    response = _post(client_of("cso"), f"{E}/cso/recommendations/new", {
        "text": "x", "addressee": "joint", "theme_id": "0", "priority": "high", "workshop_id": str(hidden)})
    assert "Choose one of the options in the list." in response.get_data(as_text=True)


# ---------------------------------------------------------------- uploads through the pages


def _violation(client, files, **extra):
    return _post(client, f"{E}/cso/violations/new", {
        "kind": "misinformation", "observed_on": "2024-03-01", "governorate_id": "0", "channel": "social_media",
        "description": "A fake results page.", "evidence": files} | extra)


@pytest.mark.parametrize("data,name", [(samples.SVG, "screenshot.png"), (samples.HTML, "report.pdf"),
                                       (samples.HTML_THEN_PDF, "report.pdf"), (samples.EXE, "video.mp4")])
def test_disguised_files_are_refused_and_nothing_is_stored(client_of, world, app, data: bytes, name: str) -> None:
    before = (_count(app, ViolationReport), _count(app, EvidenceFile))
    response = _violation(client_of("cso"), [(io.BytesIO(samples.png()), "ok.png"), (io.BytesIO(data), name)])
    assert response.status_code == 200
    assert "This type of file is not accepted" in response.get_data(as_text=True)
    assert (_count(app, ViolationReport), _count(app, EvidenceFile)) == before


def test_empty_and_oversize_files_are_refused(client_of, world, app, monkeypatch) -> None:
    client = client_of("cso")
    before = _count(app, EvidenceFile)
    empty = _violation(client, [(io.BytesIO(b""), "empty.png")])
    assert "The file is empty." in empty.get_data(as_text=True)
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_BYTES", 100)
    big = _violation(client, [(io.BytesIO(samples.png(40, 40)), "big.png")])
    assert "The file is larger than" in big.get_data(as_text=True)
    assert _count(app, EvidenceFile) == before


def test_a_request_larger_than_its_files_allow_is_cut_off(client_of, world, app, monkeypatch) -> None:
    client = client_of("cso")
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_BYTES", 1000)
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_FILES", 1)
    page = client.get(f"{E}/cso/violations/new").get_data(as_text=True)
    # encoded in memory: the test client would spool a large body to a temporary file left open
    boundary, body = encode_multipart(MultiDict({
        "csrf_token": csrf_token(page), "kind": "violation", "observed_on": "2024-03-01", "governorate_id": "0",
        "channel": "other", "description": "x",
        "evidence": FileStorage(io.BytesIO(b"\x00" * (2 * 1024 * 1024)), "big.png")}))
    response = client.post(f"{E}/cso/violations/new", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413 and "File too large" in response.get_data(as_text=True)
    # pages without files take a small body only
    response = client.post(f"{E}/cso/recommendations/new", data={"text": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


@pytest.mark.parametrize("data,name,content_type,download", [
    (samples.png(), "لقطة شاشة.png", "image/png", "لقطة_شاشة.png"),
    (samples.PDF, "report.html", "application/pdf", "report.pdf"),
    (samples.TEXT, "شهادة.txt", "text/plain; charset=utf-8", "شهادة.txt"),
])
def test_accepted_files_are_served_as_attachments_only(client_of, world, app, data, name, content_type,
                                                       download) -> None:
    client = client_of("cso")
    assert _violation(client, [(io.BytesIO(data), name)]).status_code == 302
    with app.app_context():
        evidence = db.session.scalars(sa.select(EvidenceFile).order_by(EvidenceFile.id.desc())).first()
        file_id, stored = evidence.id, evidence.filename
    assert stored == download
    response = client.get(f"{E}/evidence/{file_id}")
    assert response.status_code == 200 and response.data == data
    assert response.headers["Content-Type"] == content_type
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "inline" not in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response.headers["Cache-Control"]
    # the organiser reviewing it downloads it the same way
    staff = client_of("organiser").get(f"{E}/evidence/{file_id}")
    assert staff.status_code == 200 and staff.headers["Content-Security-Policy"] == "sandbox"


def test_more_evidence_for_a_report_already_sent(client_of, world, app) -> None:
    client = client_of("cso")
    url = f"{E}/violations/{world.first.violation}"
    added = _post(client, url, {"evidence": [(io.BytesIO(samples.JPEG), "second.jpg")]},
                  action=f"{url}/evidence")
    assert added.status_code == 302
    refused = _post(client, url, {"evidence": [(io.BytesIO(samples.SVG), "third.jpg")]}, action=f"{url}/evidence")
    assert refused.status_code == 302
    assert "This type of file is not accepted" in client.get(url).get_data(as_text=True)
    with app.app_context():
        assert [e.filename for e in db.session.get(ViolationReport, world.first.violation).evidence] == [
            "screenshot.png", "second.jpg"]
    # the follow-up team downloads evidence but does not add to a CSO's report
    organiser = client_of("organiser")
    page = organiser.get(url).get_data(as_text=True)
    assert organiser.post(f"{url}/evidence", data={"csrf_token": csrf_token(page)}).status_code == 403


# ---------------------------------------------------------------- library


def test_managing_the_library(client_of, world, app) -> None:
    organiser = client_of("organiser")
    bad_link = _post(organiser, f"{E}/library/new", {"title-en": "Video", "kind": "video", "theme_id": "0",
                                                     "url": "javascript:alert(1)", "published": "y"})
    assert "Give a web address that starts with http:// or https://." in bad_link.get_data(as_text=True)
    svg = _post(organiser, f"{E}/library/new", {"title-en": "Logo", "kind": "other", "theme_id": "0",
                                                "file_en": (io.BytesIO(samples.SVG), "logo.png"), "published": "y"})
    assert "not accepted in the library" in svg.get_data(as_text=True)
    assert _count(app, LibraryItem) == 2
    created = _post(organiser, f"{E}/library/new", {
        "title-en": "Leaflet on voter registration", "title-ckb": "بڵاوکراوەی تۆمارکردنی دەنگدەران",
        "kind": "leaflet", "theme_id": "0", "url": "", "published": "y",
        "file_ckb": (io.BytesIO(samples.PDF), "بڵاوکراوە.pdf"), "file_en": (io.BytesIO(samples.png()), "leaflet.png")})
    assert created.status_code == 302
    with app.app_context():
        item = db.session.scalars(sa.select(LibraryItem).order_by(LibraryItem.id.desc())).first()
        item_id = item.id
        files = {f.language: f.id for f in item.files}
    assert set(files) == {"ckb", "en"}
    cso = client_of("cso")
    listing = cso.get(f"{E}/library?language=ckb").get_data(as_text=True)
    assert "Leaflet on voter registration" in listing and "Download (Kurdish)" in listing
    assert "Voter education manual" not in listing  # Arabic only
    download = cso.get(f"{E}/library/files/{files['ckb']}")
    assert download.status_code == 200 and download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"] == "sandbox"
    edited = _post(organiser, f"{E}/library/{item_id}/edit", {
        "title-en": "Leaflet on voter registration", "kind": "leaflet", "theme_id": "0", "published": "y",
        "remove_en": "y", "url": "https://www.ihec.iq/leaflet"})
    assert edited.status_code == 302
    assert cso.get(f"{E}/library/files/{files['en']}").status_code == 404
    unpublished = _post(organiser, f"{E}/library", {"published": "0"}, action=f"{E}/library/{item_id}/published")
    assert unpublished.status_code == 302
    assert cso.get(f"{E}/library/files/{files['ckb']}").status_code == 404
    assert "Leaflet on voter registration" not in cso.get(f"{E}/library").get_data(as_text=True)
    assert cso.get(f"{E}/library/files/{world.hidden_file}").status_code == 404
    assert organiser.get(f"{E}/library/files/{world.hidden_file}").status_code == 200
    with app.app_context():
        assert _count(app, LibraryFile) == 3


def test_library_filters_in_the_page(client_of, world) -> None:
    client = client_of("cso")
    assert "Voter education manual" in client.get(f"{E}/library?kind=manual&language=ar").get_data(as_text=True)
    assert "Voter education manual" not in client.get(f"{E}/library?kind=video").get_data(as_text=True)
    assert "Voter education manual" not in client.get(f"{E}/library?language=en").get_data(as_text=True)
    assert client.get(f"{E}/library?kind=nonsense").status_code == 200  # a bad filter shows everything


# ---------------------------------------------------------------- stored XSS


PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def _store_payload(payload: str, world: World) -> None:
    """The payload in every text field that people type and these pages show."""
    organiser = user("organiser")
    db.session.get(BreakoutGroup, world.group_b).name = payload[:60]
    group = db.session.get(Recommendation, world.group_recommendation)
    group.text = payload
    group.published = True
    first = db.session.get(Recommendation, world.first.recommendation)
    first.text = payload
    follow_up(first, FollowUpData(RecommendationStatus.UNDER_REVIEW, first.addressee, first.priority), organiser)
    follow_up(first, FollowUpData(RecommendationStatus.NOT_ACCEPTED, first.addressee, first.priority,
                                  reason=payload, responsible_unit=payload[:200], response=payload), organiser)
    activity = db.session.get(ActivityReport, world.first.activity)
    activity.title, activity.place, activity.description = payload, payload, payload
    review_report(activity, ReviewData(ReportStatus.ADDRESSED, payload))
    violation = db.session.get(ViolationReport, world.first.violation)
    violation.description = payload
    review_report(violation, ReviewData(ReportStatus.UNDER_REVIEW, payload))
    user("cso").full_name = payload
    item = db.session.get(LibraryItem, world.library_item)
    item.title = LocalizedText(en=payload, ar=payload, ckb=payload)
    item.description = LocalizedText(en=payload)
    db.session.commit()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_typed_text_is_shown_escaped_everywhere(client_of, world, app, payload: str) -> None:
    with app.app_context():
        _store_payload(payload, world)
    pages = {
        "organiser": [f"{E}/workshops/{world.workshop}/recommendations", f"{E}/recommendations",
                      f"{E}/recommendations?q=alert", f"{E}/recommendations/{world.first.recommendation}",
                      f"{E}/recommendations/{world.group_recommendation}", f"{E}/activities", f"{E}/violations",
                      f"{E}/activities/{world.first.activity}", f"{E}/violations/{world.first.violation}",
                      f"{E}/library", f"{E}/library/{world.library_item}/edit", f"{E}/counters"],
        "cso": [f"{E}/cso", f"{E}/cso/recommendations", f"{E}/cso/activities", f"{E}/cso/violations",
                f"{E}/cso/recommendations?scope=published", f"{E}/recommendations/{world.first.recommendation}",
                f"{E}/recommendations/{world.group_recommendation}", f"{E}/activities/{world.first.activity}",
                f"{E}/violations/{world.first.violation}", f"{E}/library"],
        "cso2": [f"{E}/cso", f"{E}/recommendations/{world.group_recommendation}"],
    }
    dangerous = ("<script>alert(1)", "<img src=x")
    shown = 0
    for username, urls in pages.items():
        client = client_of(username)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.get_data(as_text=True)
            assert not any(bad in html for bad in dangerous), url
            shown += str(escape(payload)) in html or str(escape(payload[:60])) in html
    assert shown >= 20  # the payload is really on the pages, escaped


def test_a_typed_payload_goes_through_the_forms_unchanged_and_escaped(client_of, world, app) -> None:
    client = client_of("cso")
    payload = PAYLOADS[1]
    _post(client, f"{E}/cso/recommendations/new", {"text": payload, "addressee": "csos", "theme_id": "0",
                                                   "priority": "low", "workshop_id": "0"})
    with app.app_context():
        item = db.session.scalars(sa.select(Recommendation).order_by(Recommendation.id.desc())).first()
        assert item.text == payload
        item_id = item.id
    html = client.get(f"{E}/recommendations/{item_id}").get_data(as_text=True)
    assert "<img src=x" not in html and str(escape(payload)) in html


# ---------------------------------------------------------------- counters


def test_the_counters_page(client_of, world, app) -> None:
    organiser = client_of("organiser")
    page = organiser.get(f"{E}/counters").get_data(as_text=True)
    assert 'id="recommendations-total">3<' in page and 'id="activities-total">2<' in page
    assert "Participants reported: 42 (24 women, 18 men)" in page and "Basra" not in page.split('id="by-governorate"')[0]
    empty = organiser.get(f"{E}/counters?start=2030-01-01").get_data(as_text=True)
    assert 'id="recommendations-total">0<' in empty and "–" in empty and "No report in this period." in empty
    assert organiser.get(f"{E}/counters?start=nonsense").status_code == 200
