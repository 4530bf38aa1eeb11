"""End to end in chromium: a rapporteur adds SWOT points from a phone through the group link (no
account, no JavaScript, Arabic interface) while the projector view, open in another browser window
signed in as the organiser, shows them arrive without being reloaded."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.db import LocalizedText
from app.extensions import db
from app.groupwork.models import AssignmentKind, SwotItem, SwotQuadrant
from app.groupwork.services import GroupData, ItemData, add_item, create_group, new_link, update_group
from app.registration.services import PersonData, create_participant, register
from tests import factories

pytestmark = pytest.mark.browser
XSS = '"><img src=x onerror=alert(1)>'


def _workshop(app) -> tuple[int, str]:
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        workshop = factories.make_workshop(organisation=organiser.organisation, days=factories.two_days(),
                                           title="Promoting voter turnout, Basrah")
        rapporteur = register(workshop, create_participant(PersonData(full_name="بشرى الطائي"), None), None)
        group = create_group(workshop)
        update_group(group, GroupData(name="Group B", assignment=AssignmentKind.QUADRANT,
                                      quadrant=SwotQuadrant.WEAKNESSES, members=[rapporteur], rapporteur=rapporteur,
                                      question=LocalizedText()))
        add_item(workshop, ItemData(SwotQuadrant.STRENGTHS, "The credibility of CSOs with the public."), organiser)
        token = new_link(group)
        db.session.commit()
        return workshop.id, token


def _sign_in(page, username: str) -> None:
    page.goto("/auth/login")
    page.fill("#username", username)
    page.fill("#password", factories.PASSWORD)
    page.click("form button[type=submit].w-100")
    page.wait_for_url("**/")


def test_rapporteur_phone_points_appear_on_the_projector(app, browser, live_server: str, accounts) -> None:
    workshop_id, token = _workshop(app)
    projector_context = browser.new_context(base_url=live_server, locale="en-GB",
                                            viewport={"width": 1280, "height": 720})
    phone_context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 640},
                                        is_mobile=True, has_touch=True, java_script_enabled=False, locale="ar-IQ")
    try:
        projector = projector_context.new_page()
        projector.set_default_timeout(10_000)
        _sign_in(projector, "organiser")
        projector.goto(f"/groupwork/workshops/{workshop_id}/projector")
        weaknesses = projector.locator("[data-quadrant=weaknesses]")
        assert weaknesses.locator("li").count() == 0
        projector.evaluate("window.notReloaded = true")

        phone = phone_context.new_page()
        phone.set_default_timeout(10_000)
        phone.goto(f"/groupwork/g/{token}")
        assert phone.locator("html").get_attribute("dir") == "rtl"
        assert phone.locator("select[name=quadrant] option").count() == 1  # the group's one quadrant
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
        send = phone.locator("#add-point button[type=submit]")
        box = send.bounding_box()
        assert box is not None and box["width"] > 300  # a full-width button
        for text in ("Poor government performance.", "ضعف أداء الحكومة", XSS):
            phone.fill("textarea[name=text]", text)
            send.click()
            assert phone.locator(".alert-success").count() == 1
            assert phone.locator("[data-quadrant=weaknesses] li").filter(has_text=text).count() == 1
            # The projector shows it by itself, within a few seconds.
            weaknesses.locator("li").filter(has_text=text).wait_for()
        assert projector.evaluate("window.notReloaded") is True
        texts = weaknesses.locator("li .text").all_inner_texts()
        assert texts == ["Poor government performance.", "ضعف أداء الحكومة", XSS]
        assert weaknesses.locator("li .text").last.get_attribute("dir") == "auto"
        assert projector.locator("img").count() == 0  # the attempt is text, not markup
        assert weaknesses.locator("[data-count]").inner_text() == "3"
        assert "Group B" in weaknesses.locator("li").first.inner_text()
        assert projector.locator("#projector-offline").is_hidden()
        # The facilitator edits on the board: the projector follows too.
        board = projector_context.new_page()
        board.goto(f"/groupwork/workshops/{workshop_id}")
        board.locator("#quadrant-threats textarea").fill("Media spreading misinformation.")
        board.locator("#quadrant-threats button[type=submit]").click()
        projector.locator("[data-quadrant=threats] li").filter(has_text="Media spreading misinformation.").wait_for()
        assert projector.evaluate("window.notReloaded") is True
    finally:
        phone_context.close()
        projector_context.close()
    with app.app_context():
        items = db.session.scalars(sa.select(SwotItem).where(SwotItem.via_group_link.is_(True))).all()
        assert [item.text for item in items] == ["Poor government performance.", "ضعف أداء الحكومة", XSS]


def test_projector_is_mirrored_in_arabic(app, browser, live_server: str, accounts) -> None:
    workshop_id, _ = _workshop(app)
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        context.add_cookies([{"name": "multaqa_lang", "value": "ar", "url": live_server}])
        _sign_in(page, "organiser")
        page.goto(f"/groupwork/workshops/{workshop_id}/projector")
        assert page.locator("html").get_attribute("dir") == "rtl"
        strengths = page.locator("[data-quadrant=strengths]").bounding_box()
        weaknesses = page.locator("[data-quadrant=weaknesses]").bounding_box()
        threats = page.locator("[data-quadrant=threats]").bounding_box()
        assert strengths["x"] > weaknesses["x"] and strengths["y"] == weaknesses["y"] < threats["y"]
        assert strengths["x"] + strengths["width"] <= 1280 and weaknesses["x"] >= 0
    finally:
        context.close()
