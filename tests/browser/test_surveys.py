"""A participant fills the activity evaluation in Kurdish on a phone-sized screen, without JavaScript."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.registration.services import PersonData, code_for, create_participant, register
from app.surveys.models import Survey, SurveyResponse, SurveyStatus
from app.surveys.services import create_evaluation, results, set_status
from tests import factories


def test_kurdish_form_on_a_phone(app, browser, live_server: str) -> None:
    with app.app_context():
        workshop = factories.make_workshop(days=factories.two_days())
        registration = register(workshop, create_participant(PersonData(full_name="هێمن عەلی"), None), None)
        survey = create_evaluation(workshop, anonymous=True)
        set_status(survey, SurveyStatus.OPEN)
        db.session.commit()
        url, survey_id = f"/surveys/p/{code_for(registration)}/{survey.id}", survey.id
    # A cheap phone: small screen, touch, no JavaScript at all.
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 640}, is_mobile=True,
                                  has_touch=True, java_script_enabled=False, locale="ckb-IQ")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(url)
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("html").get_attribute("lang") == "ckb"
        assert "بابەتەکان پەیوەندییان بە کارەکەمەوە هەبوو" in page.content()
        send = page.locator("button[type=submit]").last
        box = send.bounding_box()
        assert box is not None and box["width"] > 300  # a full-width button, no sideways scrolling
        # First try: only the first answer, the rest is missing; the page says so in Kurdish and keeps it.
        page.locator("label[for$='-5']").first.click()
        send.click()
        assert page.locator(".alert-danger").inner_text() == "هەندێک وەڵام پێویستیان بە سەرنجی تۆ هەیە."
        assert page.locator("fieldset.border-danger").count() == 5  # the required ones left empty
        assert page.locator("input[type=radio][value='5']").first.is_checked()
        for fieldset in page.locator("fieldset").all()[:5]:
            fieldset.locator("label.btn").nth(3).click()  # 4: agree
        page.locator("fieldset").nth(5).locator("textarea").fill("کاری گرووپی")
        page.locator("fieldset").nth(7).locator("input[value='1']").check()
        page.locator("fieldset").nth(8).locator("input[value='0']").check()
        page.locator("button[type=submit]").last.click()
        assert page.url.endswith("/registration/p/" + url.split("/")[3])
        assert page.locator(".alert-success").count() == 1
        page.goto(url)
        assert page.locator("input[type=radio]").count() == 0  # answered: the form is gone
    finally:
        context.close()
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        response = db.session.scalars(sa.select(SurveyResponse)).one()
        assert response.language == "ckb" and response.registration_id is None
        outcome = results(survey)
        assert outcome.questions[0].counts == {4: 1}
        assert outcome.questions[5].texts == [("ckb", "کاری گرووپی")]
        assert outcome.respondents_by_sex == {"female": 1}
