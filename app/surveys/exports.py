"""A survey's raw responses as a table (CSV/XLSX) and its one-page PDF summary, in a chosen language.
The figures come from `services.results`; this module only labels and formats them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from flask_babel import force_locale
from flask_babel import gettext as _

from app.events.services import workshop_line
from app.extensions import db
from app.i18n.formatting import format_date, format_datetime, format_number, format_percent
from app.i18n.services import text_direction
from app.pdf.survey_summary import SummaryBar, SummaryQuestion, SurveySummary, survey_summary_pdf
from app.registration import tokens
from app.registration.models import Participant, Registration, Sex
from app.surveys.models import Question, QuestionKind, Survey, SurveyKind
from app.surveys.services import CHOICE_KINDS, TEXT_KINDS, SurveyResults, responses_of, results, score_of


def source_label(source: str) -> str:
    return {"link": _("Personal link"), "room": _("Room QR"), "paper": _("Paper form")}.get(source, source)


def answer_label(question: Question, value: Any, lang: str) -> Any:
    """An answer as a person reads it: the option's words in `lang`, Yes/No, or the number or text."""
    if value is None:
        return ""
    if question.kind == QuestionKind.YES_NO:
        return _("Yes") if value else _("No")
    if question.kind in CHOICE_KINDS:
        indexes = value if isinstance(value, list) else [value]
        choices = question.choices
        return "; ".join(choices[i].get(lang) if 0 <= i < len(choices) else str(i + 1) for i in indexes)
    if question.kind == QuestionKind.NUMBER:
        return int(value) if float(value).is_integer() else value
    return value


def response_table(survey: Survey, lang: str) -> tuple[list[str], list[list[Any]]]:
    """One row per response, one column per question (labelled in `lang`); names only for named surveys."""
    with force_locale(lang):
        named = not survey.anonymous
        test = survey.kind == SurveyKind.TEST
        header = [_("Response no."), _("Sent at"), _("Language"), _("Source"), _("Paper form number")]
        if named:
            header += [_("Name"), _("Reference")]
        header += [f"{position}. {question.text.get(lang)}" for position, question in
                   enumerate(survey.questions, start=1)]
        if test:
            header += [_("Points"), _("Score"), _("Passed")]
        responses = responses_of(survey)
        people: dict[int, tuple[str, str]] = {}
        if named:
            ids = {r.registration_id for r in responses if r.registration_id}
            people = {rid: (name, tokens.format_reference(reference)) for rid, name, reference in db.session.execute(
                sa.select(Registration.id, Participant.full_name, Registration.reference).join(Participant)
                .where(Registration.id.in_(ids))).all()}
        rows = []
        for number, response in enumerate(responses, start=1):
            values = {answer.question_id: answer.value for answer in response.answers}
            row: list[Any] = [number, format_datetime(response.submitted_at, "yyyy-MM-dd HH:mm"), response.language,
                              source_label(response.source), response.paper_number or ""]
            if named:
                row += list(people.get(response.registration_id, ("", "")))
            row += [answer_label(question, values.get(question.id), lang) for question in survey.questions]
            if test:
                earned, possible = score_of(survey, values)
                percent = 100 * earned / possible if possible else 0
                row += [earned, round(percent, 1), _("Yes") if possible and percent >= survey.pass_mark else _("No")]
            rows.append(row)
    return header, rows


def _count_share(part: int, whole: int) -> str:
    share = format_percent(part / whole) if whole else "—"
    return _("%(share)s (%(part)s of %(whole)s)", share=share, part=format_number(part), whole=format_number(whole))


def _figures(outcome: SurveyResults) -> list[tuple[str, str]]:
    figures = [(_("Responses"), format_number(outcome.responses))]
    if outcome.attendees:
        figures.append((_("Response rate against attendees"), _count_share(outcome.responses, outcome.attendees)))
    if outcome.measures_satisfaction:
        satisfaction = outcome.satisfaction
        figures.append((_("Satisfied with the relevance and usefulness (%(threshold)s or more out of 5)",
                          threshold=format_number(outcome.survey.satisfaction_threshold)),
                        _count_share(satisfaction.satisfied, satisfaction.respondents)))
        for sex, part in outcome.satisfaction_by_sex.items():
            figures.append((" · " + Sex(sex).label, _count_share(part.satisfied, part.respondents)))
    test = outcome.test
    if test is not None:
        figures.append((_("Passed (pass mark %(mark)s)", mark=format_percent(test.pass_mark / 100)),
                        _count_share(test.passed, len(test.scores))))
        if test.average is not None:
            figures.append((_("Average score"), format_percent(test.average / 100)))
        if test.average_gain is not None:
            figures.append((_("Average gain since the pre-test"),
                            _("%(points)s percentage points", points=format_number(round(test.average_gain, 1)))))
    return figures


def _summary_question(position: int, result: Any, lang: str) -> SummaryQuestion:
    question = result.question
    title = f"{format_number(position)}. {question.text.get(lang)}"
    if question.kind in TEXT_KINDS:
        return SummaryQuestion(title=title, bars=(), note=_("%(count)s written answers",
                                                            count=format_number(len(result.texts))))
    bars = []
    for value in result.values:
        count = result.counts.get(value, 0)
        share = count / result.answered if result.answered else 0.0
        label = format_number(value) if question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER) \
            else str(answer_label(question, value, lang))
        bars.append(SummaryBar(label=label, count=format_number(count), share=share,
                               share_text=format_percent(share) if result.answered else "—"))
    notes = [_("Answered: %(count)s", count=format_number(result.answered))]
    if result.mean is not None:
        notes.append(_("Mean: %(mean)s", mean=format_number(round(result.mean, 2))))
    if question.scored:
        notes.append(_("Right answers: %(count)s", count=format_number(result.correct)))
    return SummaryQuestion(title=title, bars=bars, note=" · ".join(notes))


def summary_pdf(survey: Survey, lang: str, generated_on: Any) -> bytes:
    """The one-page summary a report annexes, in `lang`."""
    outcome = results(survey)
    with force_locale(lang):
        summary = SurveySummary(
            title=survey.title.get(lang),
            subtitle=workshop_line(survey.workshop, lang),
            figures=_figures(outcome),
            questions=[_summary_question(n, result, lang) for n, result in enumerate(outcome.questions, start=1)],
            footer=_("Multaqa · generated on %(date)s", date=format_date(generated_on)),
            page_label=_("Page {page} of {pages}"),
            right_to_left=text_direction(lang) == "rtl",
            lang=lang,
        )
    return survey_summary_pdf(summary)
