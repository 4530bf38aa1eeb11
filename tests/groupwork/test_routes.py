"""Group work through the app: the board, groups and their links, the rapporteur's page without an
account, the projector's JSON, exports, roles, stored-XSS attempts and over-long text."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.auth.models import Role, User
from app.db import LocalizedText
from app.events.models import Theme, Workshop, WorkshopStatus
from app.events.services import change_status
from app.extensions import db
from app.groupwork.models import AssignmentKind, BreakoutGroup, SwotItem, SwotQuadrant
from app.groupwork.services import (
    GroupData,
    ItemData,
    add_group_item,
    add_item,
    create_group,
    merge_item,
    new_link,
    update_group,
)
from app.registration.models import Registration
from app.registration.services import PersonData, cancel_registration, create_participant, register
from tests import factories
from tests.conftest import csrf_token, login
from tests.conftest import submit as submit_form

XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
XSS_ESCAPED = ["&lt;script&gt;alert(1)&lt;/script&gt;", "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"]


def _user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def _items() -> list[SwotItem]:
    return list(db.session.scalars(sa.select(SwotItem).order_by(SwotItem.id)))


@pytest.fixture
def ids(app, accounts) -> dict:
    """A planned workshop of the organiser's organisation, run by the facilitator: four participants,
    Group A (all quadrants, two members, a rapporteur) and Group B (weaknesses only, with a link), one item."""
    with app.app_context():
        organiser = _user("organiser")
        workshop = factories.make_workshop(organisation=organiser.organisation, facilitators=[_user("facilitator")],
                                           days=factories.two_days())
        change_status(workshop, WorkshopStatus.PLANNED, organiser)
        people = [register(workshop, create_participant(PersonData(full_name=name), None), None)
                  for name in ("Zainab Ali", "Ahmed Hassan", "بشرى الطائي", "هێمن عەلی")]
        a, b = create_group(workshop), create_group(workshop)
        update_group(a, GroupData(name="Group A", members=people[:2], rapporteur=people[0]))
        update_group(b, GroupData(name="Group B", assignment=AssignmentKind.QUADRANT, quadrant=SwotQuadrant.WEAKNESSES,
                                  members=people[2:], rapporteur=people[2]))
        item = add_item(workshop, ItemData(SwotQuadrant.STRENGTHS, "The credibility of CSOs with the public.", a),
                        organiser)
        token = new_link(b)
        db.session.commit()
        return {"workshop": workshop.id, "a": a.id, "b": b.id, "token": token, "item": item.id,
                "people": [p.id for p in people]}


# ---------------------------------------------------------------- the board


def test_board_adds_edits_orders_and_merges(app, client, login_as, ids) -> None:
    login_as("organiser")
    board = f"/groupwork/workshops/{ids['workshop']}"
    page = client.get(board).get_data(as_text=True)
    assert "The credibility of CSOs with the public." in page and 'id="quadrant-threats"' in page
    for text in ("Geographical distribution of CSOs", "Credibility of civil society with citizens"):
        added = submit_form(client, board, {"quadrant": "strengths", "text": text, "group": str(ids["a"])})
        assert added.status_code == 302 and added.location.endswith("#quadrant-strengths")
    with app.app_context():
        first, second, third = (item.id for item in _items())
        theme = db.session.scalars(sa.select(Theme).where(Theme.active.is_(True))).first().id
    submit_form(client, board, {}, action=f"/groupwork/items/{third}/up")
    edited = submit_form(client, f"/groupwork/items/{second}/edit", {
        "quadrant": "strengths", "text": "Geographical distribution of CSOs and IHEC through VRCs", "group": "0",
        "themes": str(theme)})
    assert edited.status_code == 302
    merged = submit_form(client, f"/groupwork/items/{third}/merge", {
        "target": str(first), "text": "The credibility of CSOs with the public and citizens."})
    assert merged.status_code == 302
    page = client.get(board).get_data(as_text=True)
    assert "The credibility of CSOs with the public and citizens." in page
    assert "Merged duplicates: 1" in page and "Credibility of civil society with citizens" in page  # in the details
    with app.app_context():
        items = {item.id: item for item in _items()}
        assert items[third].merged_into_id == first and items[third].text == "Credibility of civil society with citizens"
        assert [t.id for t in items[second].themes] == [theme] and items[second].group_id is None
        listed = client.get(f"/groupwork/workshops/{ids['workshop']}/board.json").get_json()
        assert [i["text"] for i in listed["quadrants"][0]["items"]] == [
            "The credibility of CSOs with the public and citizens.",
            "Geographical distribution of CSOs and IHEC through VRCs"]
        assert listed["quadrants"][0]["items"][0]["groups"] == ["Group A"]
    submit_form(client, board, {}, action=f"/groupwork/items/{third}/unmerge")
    submit_form(client, board, {}, action=f"/groupwork/items/{second}/delete")
    with app.app_context():
        assert [item.id for item in _items()] == [first, third] and _items()[1].merged_into_id is None


def test_an_assigned_facilitator_runs_the_group_work(client, login_as, ids) -> None:
    login_as("facilitator")
    for url in (f"/groupwork/workshops/{ids['workshop']}", f"/groupwork/workshops/{ids['workshop']}/groups",
                f"/groupwork/workshops/{ids['workshop']}/projector", f"/groupwork/groups/{ids['a']}/link"):
        assert client.get(url).status_code == 200, url


def _urls(ids: dict) -> tuple[list[str], list[tuple[str, dict]]]:
    w, a, item = ids["workshop"], ids["a"], ids["item"]
    pages = [f"/groupwork/workshops/{w}", f"/groupwork/workshops/{w}/groups", f"/groupwork/groups/{a}/edit",
             f"/groupwork/groups/{a}/link", f"/groupwork/items/{item}/edit", f"/groupwork/items/{item}/merge",
             f"/groupwork/workshops/{w}/projector", f"/groupwork/workshops/{w}/board.json",
             f"/groupwork/workshops/{w}/swot.pdf", f"/groupwork/workshops/{w}/swot.xlsx?lang=ar"]
    posts = [(f"/groupwork/workshops/{w}", {"quadrant": "threats", "text": "intruder", "group": "0"}),
             (f"/groupwork/workshops/{w}/groups", {"action": "add", "name": "Intruders"}),
             (f"/groupwork/workshops/{w}/groups", {"action": "split", "count": "2"}),
             (f"/groupwork/groups/{a}/edit", {"name": "Hijacked", "assignment": "all", "quadrant": "",
                                              "rapporteur": "0"}),
             (f"/groupwork/items/{item}/edit", {"quadrant": "threats", "text": "intruder", "group": "0"}),
             (f"/groupwork/items/{item}/merge", {"target": str(item)})]
    posts += [(f"/groupwork/groups/{a}/{action}", {}) for action in ("up", "down", "link", "revoke", "delete")]
    posts += [(f"/groupwork/items/{item}/{action}", {}) for action in ("up", "down", "unmerge", "delete")]
    return pages, posts


def _state(app) -> tuple:
    with app.app_context():
        groups = db.session.scalars(sa.select(BreakoutGroup).order_by(BreakoutGroup.id)).all()
        return ([(i.id, i.text, i.quadrant) for i in _items()],
                [(g.id, g.name, g.position, g.link_token, len(g.members)) for g in groups])


@pytest.mark.parametrize("who", ["viewer", "cso", "other organiser", "other facilitator"])
def test_other_roles_get_403_or_404_on_every_view(app, client, accounts, ids, who) -> None:
    with app.app_context():
        if who == "other organiser":
            factories.make_user(Role.ORGANISER, username="other-organiser")
        elif who == "other facilitator":
            factories.make_user(Role.FACILITATOR, username="other-facilitator")
        db.session.commit()
    assert login(client, who.replace(" ", "-") if " " in who else who).status_code == 302
    before = _state(app)
    pages, posts = _urls(ids)
    for url in pages:
        response = client.get(url)
        assert response.status_code in (403, 404), (url, response.status_code)
        assert b"credibility" not in response.data
    token = csrf_token(client.get("/").get_data(as_text=True))
    for url, data in posts:
        response = client.post(url, data={"csrf_token": token, **data})
        assert response.status_code in (403, 404), (url, response.status_code)
    assert _state(app) == before


def test_a_draft_workshop_is_not_found_by_a_viewer(app, client, login_as, accounts) -> None:
    with app.app_context():
        workshop_id = factories.make_workshop(organisation=_user("organiser").organisation).id
        db.session.commit()
    login_as("viewer")
    assert client.get(f"/groupwork/workshops/{workshop_id}/board.json").status_code == 404
    assert client.get(f"/groupwork/workshops/{workshop_id}").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, ids) -> None:
    pages, _ = _urls(ids)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.location, url


# ---------------------------------------------------------------- groups


def test_groups_are_added_split_and_edited_with_clear_errors(app, client, login_as, ids) -> None:
    login_as("organiser")
    groups = f"/groupwork/workshops/{ids['workshop']}/groups"
    assert submit_form(client, groups, {"action": "add", "name": ""}).status_code == 302
    taken = submit_form(client, groups, {"action": "add", "name": "group a"})
    assert taken.status_code == 422 and "Another group of this workshop already has this name." in taken.get_data(
        as_text=True)
    with app.app_context():
        assert [g.name for g in db.session.scalars(sa.select(BreakoutGroup).order_by(BreakoutGroup.position))] == [
            "Group A", "Group B", "Group C"]
    edit = f"/groupwork/groups/{ids['a']}/edit"
    page = client.get(edit).get_data(as_text=True)
    assert 'value="{}" id="member-{}"'.format(ids["people"][0], ids["people"][0]) in page
    refused = submit_form(client, edit, {"name": "Group A", "assignment": "all", "quadrant": "",
                                         "members": [str(ids["people"][0]), str(ids["people"][2])],
                                         "rapporteur": str(ids["people"][0])})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "بشرى الطائي is already a member of Group B, and a person belongs to one group only." in text
    not_member = submit_form(client, edit, {"name": "Group A", "assignment": "all", "quadrant": "",
                                            "members": [str(ids["people"][0])], "rapporteur": str(ids["people"][1])})
    assert not_member.status_code == 422 and "The rapporteur must be a member of the group." in not_member.get_data(
        as_text=True)
    no_quadrant = submit_form(client, edit, {"name": "Group A", "assignment": "quadrant", "quadrant": "",
                                             "rapporteur": "0"})
    assert "Choose the quadrant this group works on." in no_quadrant.get_data(as_text=True)
    saved = submit_form(client, edit, {"name": "Group A", "assignment": "question", "quadrant": "",
                                       "question-en": "How can IHEC and CSOs work together?",
                                       "members": [str(ids["people"][1])], "rapporteur": str(ids["people"][1])})
    assert saved.status_code == 302
    split = submit_form(client, groups, {"action": "split", "count": "٢"})  # Arabic-Indic digits are read
    assert split.status_code == 302
    with app.app_context():
        a, b, c = db.session.scalars(sa.select(BreakoutGroup).order_by(BreakoutGroup.position)).all()
        assert a.question.en == "How can IHEC and CSOs work together?"
        assert (len(a.members), len(b.members), len(c.members)) == (2, 2, 0)
        assert a.rapporteur in (None, *a.members) and b.rapporteur in (None, *b.members)
        c_id = c.id
    refused_delete = submit_form(client, groups, {}, action=f"/groupwork/groups/{ids['a']}/delete")
    assert "it cannot be deleted" in client.get(refused_delete.location).get_data(as_text=True)  # it has an item
    assert submit_form(client, groups, {}, action=f"/groupwork/groups/{c_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(BreakoutGroup, ids["a"]) is not None and db.session.get(BreakoutGroup, c_id) is None


# ---------------------------------------------------------------- the group link


def test_group_link_adds_items_without_an_account(app, client, login_as, ids) -> None:
    link = f"/groupwork/g/{ids['token']}"
    page = client.get(link).get_data(as_text=True)
    assert "Group B" in page and "Weaknesses" in page and 'dir="auto"' in page
    assert 'maxlength' not in page  # nothing typed is cut silently: the server says what is too long
    added = submit_form(client, link, {"quadrant": "weaknesses", "text": "Poor government performance."})
    assert added.status_code == 302 and added.location.endswith("?q=weaknesses")
    assert "Poor government performance." in client.get(added.location).get_data(as_text=True)
    with app.app_context():
        item = _items()[-1]
        assert (item.group_id, item.workshop_id, item.via_group_link, item.created_by_id) == (
            ids["b"], ids["workshop"], True, None)
        item_id = item.id
    corrected = submit_form(client, f"{link}/items/{item_id}", {"action": "save", "text": "Poor governance."})
    assert corrected.status_code == 302
    assert client.get(f"{link}/items/{ids['item']}").status_code == 404  # not the group's item
    with app.app_context():
        assert db.session.get(SwotItem, item_id).text == "Poor governance."


def test_a_revoked_renewed_or_forged_link_is_not_found(app, client, login_as, ids) -> None:
    old = f"/groupwork/g/{ids['token']}"
    anonymous = app.test_client()  # the rapporteur's phone
    form_page = anonymous.get(old).get_data(as_text=True)
    login_as("organiser")
    renewed = submit_form(client, f"/groupwork/groups/{ids['b']}/link", {},
                          action=f"/groupwork/groups/{ids['b']}/link")
    assert renewed.status_code == 302
    with app.app_context():
        token = db.session.get(BreakoutGroup, ids["b"]).link_token
    assert token != ids["token"]
    assert token in client.get(f"/groupwork/groups/{ids['b']}/link").get_data(as_text=True)
    assert anonymous.get(old).status_code == 404
    assert anonymous.post(old, data={"csrf_token": csrf_token(form_page), "quadrant": "weaknesses",
                                     "text": "late"}).status_code == 404
    assert anonymous.get(f"/groupwork/g/{token}").status_code == 200
    submit_form(client, f"/groupwork/groups/{ids['b']}/link", {}, action=f"/groupwork/groups/{ids['b']}/revoke")
    assert anonymous.get(f"/groupwork/g/{token}").status_code == 404
    for forged in ("x" * 43, token[:-2], "", "../../workshops/1"):
        assert anonymous.get(f"/groupwork/g/{forged}").status_code == 404, forged
    with app.app_context():
        assert len(_items()) == 1


def test_a_group_link_adds_only_to_its_quadrant_and_workshop(app, client, ids) -> None:
    link = f"/groupwork/g/{ids['token']}"
    page = client.get(link).get_data(as_text=True)
    assert '<option selected value="weaknesses">' in page and 'value="strengths"' not in page
    refused = submit_form(client, link, {"quadrant": "strengths", "text": "Out of my quadrant",
                                         "workshop_id": "999"})
    assert refused.status_code == 422
    with app.app_context():
        other = factories.make_workshop()
        other_group = create_group(other)
        other_token = new_link(other_group)
        db.session.commit()
        other_id = other.id
    submit_form(client, f"/groupwork/g/{other_token}", {"quadrant": "threats", "text": "Elsewhere"})
    submit_form(client, link, {"quadrant": "weaknesses", "text": "Mine", "workshop_id": str(other_id)})
    with app.app_context():
        placed = {item.text: (item.workshop_id, item.quadrant) for item in _items()}
        assert "Out of my quadrant" not in placed
        assert placed["Mine"] == (ids["workshop"], SwotQuadrant.WEAKNESSES)
        assert placed["Elsewhere"] == (other_id, SwotQuadrant.THREATS)


def test_a_question_group_sees_its_question_and_adds_to_any_quadrant(app, client, ids) -> None:
    with app.app_context():
        group = db.session.get(BreakoutGroup, ids["b"])
        group.assignment, group.quadrant = AssignmentKind.QUESTION, None
        group.question = LocalizedText(en="How can IHEC and CSOs enhance their partnership?",
                                       ar="كيف يمكن للمفوضية ومنظمات المجتمع المدني تعزيز شراكتهما؟")
        db.session.commit()
    link = f"/groupwork/g/{ids['token']}"
    page = client.get(link, headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "كيف يمكن للمفوضية ومنظمات المجتمع المدني تعزيز شراكتهما؟" in page and 'dir="rtl"' in page
    assert page.count("<option") == 4
    assert submit_form(client, link, {"quadrant": "opportunities", "text": "A joint working group"}).status_code == 302


def test_group_link_posts_are_rate_limited(app, client, ids) -> None:
    link = f"/groupwork/g/{ids['token']}"
    token = csrf_token(client.get(link).get_data(as_text=True))
    app.config["GROUP_LINK_RATE_LIMIT"] = "3 per minute"
    try:
        codes = [client.post(link, data={"csrf_token": token, "quadrant": "weaknesses", "text": f"Point {n}"}
                             ).status_code for n in range(5)]
    finally:
        del app.config["GROUP_LINK_RATE_LIMIT"]
    assert codes == [302, 302, 302, 429, 429]
    assert client.get(link).status_code == 200  # reading is not limited


# ---------------------------------------------------------------- text: escaping and limits


def test_stored_xss_attempts_are_escaped_everywhere(app, client, login_as, ids) -> None:
    link = f"/groupwork/g/{ids['token']}"
    for payload in XSS:
        assert submit_form(client, link, {"quadrant": "weaknesses", "text": payload}).status_code == 302
    with app.app_context():
        group = db.session.get(BreakoutGroup, ids["a"])
        group.assignment = AssignmentKind.QUESTION
        group.question = LocalizedText(en=XSS[0], ar=XSS[1])
        group.name = '<b onmouseover=alert(1)>A</b>'
        add_item(db.session.get(Workshop, ids["workshop"]), ItemData(SwotQuadrant.THREATS, XSS[1], group), None)
        token_a = new_link(group)
        db.session.commit()
    login_as("organiser")
    pages = [f"/groupwork/workshops/{ids['workshop']}", f"/groupwork/workshops/{ids['workshop']}/projector",
             f"/groupwork/workshops/{ids['workshop']}/groups", f"/groupwork/groups/{ids['a']}/link", link,
             f"/groupwork/g/{token_a}"]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        for payload in (*XSS, "<b onmouseover"):
            assert payload not in html, (url, payload)
    board = client.get(pages[0]).get_data(as_text=True)
    assert all(escaped in board for escaped in XSS_ESCAPED)
    assert all(escaped in client.get(pages[1]).get_data(as_text=True) for escaped in XSS_ESCAPED)
    assert XSS_ESCAPED[0] in client.get(f"/groupwork/g/{token_a}").get_data(as_text=True)  # the question
    response = client.get(f"/groupwork/workshops/{ids['workshop']}/board.json")
    assert response.is_json and response.headers["Cache-Control"] == "no-store"
    texts = [item["text"] for quadrant in response.get_json()["quadrants"] for item in quadrant["items"]]
    assert texts.count(XSS[0]) == 1 and texts.count(XSS[1]) == 2  # the text as typed, for textContent
    groups = [g for quadrant in response.get_json()["quadrants"] for item in quadrant["items"] for g in item["groups"]]
    assert '<b onmouseover=alert(1)>A</b>' in groups


def test_over_long_text_is_refused_kept_on_the_form_and_not_stored(app, client, login_as, ids) -> None:
    too_long = "ب" * 1001
    link = f"/groupwork/g/{ids['token']}"
    refused = submit_form(client, link, {"quadrant": "weaknesses", "text": too_long})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "this text has 1,001" in page and too_long in page
    empty = submit_form(client, link, {"quadrant": "weaknesses", "text": "   "})
    assert empty.status_code == 422 and "Write the item&#39;s text." in empty.get_data(as_text=True)
    login_as("organiser")
    board = f"/groupwork/workshops/{ids['workshop']}"
    refused = submit_form(client, board, {"quadrant": "threats", "text": too_long, "group": "0"})
    assert refused.status_code == 422 and too_long in refused.get_data(as_text=True)
    edit = submit_form(client, f"/groupwork/items/{ids['item']}/edit", {
        "quadrant": "strengths", "text": too_long, "group": "0"})
    assert edit.status_code == 422 and too_long in edit.get_data(as_text=True)
    with app.app_context():
        assert [item.text for item in _items()] == ["The credibility of CSOs with the public."]
    exactly = submit_form(client, board, {"quadrant": "threats", "text": "ت" * 1000, "group": "0"})
    assert exactly.status_code == 302


# ---------------------------------------------------------------- projector and exports


def test_projector_refreshes_with_a_script_or_without(client, login_as, ids) -> None:
    login_as("organiser")
    html = client.get(f"/groupwork/workshops/{ids['workshop']}/projector").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in html
    assert 'src="/static/js/swot-projector.js"' in html and "<script>" not in html
    assert f'data-url="/groupwork/workshops/{ids["workshop"]}/board.json"' in html
    assert html.index('data-quadrant="strengths"') < html.index('data-quadrant="threats"')
    client.set_cookie("multaqa_lang", "ar")
    assert '<html lang="ar" dir="rtl">' in client.get(f"/groupwork/workshops/{ids['workshop']}/projector").get_data(
        as_text=True)


def test_exports_hold_the_consolidated_swot(app, client, login_as, ids) -> None:
    with app.app_context():
        workshop = db.session.get(Workshop, ids["workshop"])
        b = db.session.get(BreakoutGroup, ids["b"])
        target = add_group_item(b, SwotQuadrant.WEAKNESSES, "Poor government performance.")
        merge_item(add_group_item(b, SwotQuadrant.WEAKNESSES, "Weak government"), target)
        theme = db.session.scalars(sa.select(Theme).where(Theme.active.is_(True))).first()
        add_item(workshop, ItemData(SwotQuadrant.THREATS, "=HYPERLINK(\"http://x\")", themes=[theme]), None)
        db.session.commit()
        theme_name = theme.name.en
    login_as("organiser")
    response = client.get(f"/groupwork/workshops/{ids['workshop']}/swot.xlsx?lang=en")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [["Quadrant", "Item", "Group", "Themes"],
                    ["Strengths", "The credibility of CSOs with the public.", "Group A", None],
                    ["Weaknesses", "Poor government performance.", "Group B", None],
                    ["Threats", "=HYPERLINK(\"http://x\")", None, theme_name]]
    assert sheet["B4"].data_type == "s" and not sheet.sheet_view.rightToLeft  # a formula stays text
    assert sheet.title == "SWOT analysis"
    arabic = load_workbook(io.BytesIO(client.get(
        f"/groupwork/workshops/{ids['workshop']}/swot.xlsx?lang=ar").data)).active
    assert arabic.sheet_view.rightToLeft
    pdf = client.get(f"/groupwork/workshops/{ids['workshop']}/swot.pdf?lang=ckb")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert client.get(f"/groupwork/workshops/{ids['workshop']}/swot.pdf?lang=xx").status_code == 200


def test_a_cancelled_member_stays_visible_with_their_status(app, client, login_as, ids) -> None:
    with app.app_context():
        cancel_registration(db.session.get(Registration, ids["people"][1]), None)
        db.session.commit()
    login_as("organiser")
    page = client.get(f"/groupwork/groups/{ids['a']}/edit").get_data(as_text=True)
    assert "Ahmed Hassan" in page and "Cancelled" in page
