"""Survey rules: the ready activity evaluation, opening and closing, checking and storing one
response per registration, and the results every report reads (one place for the arithmetic)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app.db import LocalizedText as T
from app.errors import DomainError
from app.events.models import Workshop
from app.extensions import db
from app.i18n.services import normalise_number
from app.registration.models import CheckIn, Participant, Registration, RegistrationStatus
from app.surveys.models import Answer, Question, QuestionKind, Survey, SurveyResponse, SurveyStatus, TokenUse

TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 200, QuestionKind.LONG_TEXT: 2000}
SATISFIED_FROM = 4  # on the 1–5 scale: "agree" and "strongly agree"


class SurveyClosed(DomainError):
    message = _l("This survey is not open.")


class AlreadyAnswered(DomainError):
    message = _l("You have already answered this survey. Thank you!")


class NotRegistered(DomainError):
    message = _l("This code does not belong to a participant of this workshop.")


class InvalidAnswers(DomainError):
    """Some answers are missing or wrong; `errors` maps question ids to localised messages."""

    message = _l("Some answers need your attention.")

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__()
        self.errors = errors


def _scale(text: T, measures: str | None = None) -> dict:
    return {"kind": QuestionKind.SCALE, "text": text, "measures": measures,
            "low_label": T(en="Strongly disagree", ar="لا أوافق بشدة", ckb="بە توندی ناڕازیم"),
            "high_label": T(en="Strongly agree", ar="أوافق بشدة", ckb="بە تەواوی ڕازیم")}


# The ready "activity evaluation" in the three languages; organisers start from it.
EVALUATION = [
    _scale(T(en="The topics were relevant to my work.", ar="كانت المواضيع ذات صلة بعملي.",
             ckb="بابەتەکان پەیوەندییان بە کارەکەمەوە هەبوو."), "relevance"),
    _scale(T(en="What I learned will be useful in my work.", ar="ما تعلّمته سيكون مفيدًا في عملي.",
             ckb="ئەوەی فێری بووم لە کارەکەمدا بەسوود دەبێت."), "usefulness"),
    _scale(T(en="The facilitation was good.", ar="كان التيسير جيدًا.", ckb="ئاسانکارییەکە باش بوو.")),
    _scale(T(en="The organisation and logistics were good.", ar="كان التنظيم والخدمات اللوجستية جيدين.",
             ckb="ڕێکخستن و لۆجستییەکان باش بوون.")),
    _scale(T(en="Overall, I am satisfied with this activity.", ar="بشكل عام، أنا راضٍ عن هذا النشاط.",
             ckb="بە گشتی، لەم چالاکییە ڕازیم.")),
    {"kind": QuestionKind.LONG_TEXT, "required": False,
     "text": T(en="What was most useful?", ar="ما الأكثر فائدة؟", ckb="چی لە هەمووی بەسوودتر بوو؟")},
    {"kind": QuestionKind.LONG_TEXT, "required": False,
     "text": T(en="What should be improved?", ar="ما الذي يجب تحسينه؟", ckb="چی پێویستە باشتر بکرێت؟")},
    {"kind": QuestionKind.YES_NO,
     "text": T(en="Would you recommend this activity to a colleague?", ar="هل توصي زميلًا بهذا النشاط؟",
               ckb="ئەم چالاکییە بە هاوکارێکت پێشنیار دەکەیت؟")},
]


def create_evaluation(workshop: Workshop, anonymous: bool = True) -> Survey:
    """Attach a copy of the activity evaluation to `workshop` (a draft, to adapt and then open)."""
    survey = Survey(workshop=workshop, anonymous=anonymous, status=SurveyStatus.DRAFT,
                    title=T(en="Activity evaluation", ar="تقييم النشاط", ckb="هەڵسەنگاندنی چالاکی"))
    for position, spec in enumerate(EVALUATION, start=1):
        survey.questions.append(Question(position=position, required=spec.get("required", True), **{
            key: value for key, value in spec.items() if key != "required"}))
    db.session.add(survey)
    db.session.flush()
    return survey


def set_status(survey: Survey, status: SurveyStatus) -> Survey:
    survey.status = status
    db.session.flush()
    return survey


def list_surveys(workshop: Workshop) -> list[Survey]:
    return list(db.session.scalars(sa.select(Survey).where(Survey.workshop_id == workshop.id).order_by(Survey.id)))


def open_surveys(registration: Registration) -> list[Survey]:
    """What the participant can still answer (on their own page)."""
    answered = sa.select(TokenUse.survey_id).where(TokenUse.registration_id == registration.id)
    return list(db.session.scalars(sa.select(Survey).where(
        Survey.workshop_id == registration.workshop_id, Survey.status == SurveyStatus.OPEN,
        Survey.id.not_in(answered)).order_by(Survey.id)))


def has_answered(survey: Survey, registration: Registration) -> bool:
    return db.session.get(TokenUse, (survey.id, registration.id)) is not None


def _check(question: Question, raw: list[str]) -> tuple[object | None, str | None]:
    """The stored value of one answer, or the localised reason it is refused."""
    values = [value.strip() for value in raw if value and value.strip()]
    if not values:
        return None, (str(_l("This question needs an answer.")) if question.required else None)
    if question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        limit = TEXT_LIMITS[question.kind]
        return (values[0], None) if len(values[0]) <= limit else (None, str(_l("At most %(max)d characters.", max=limit)))
    if question.kind == QuestionKind.MULTIPLE:
        picked = sorted({int(v) for v in values if v.isdigit() and int(v) < len(question.options)})
        return (picked, None) if len(picked) == len(set(values)) else (None, str(_l("Choose among the options.")))
    number = normalise_number(values[0])
    try:
        value = float(number) if question.kind == QuestionKind.NUMBER else int(number)
    except ValueError:
        return None, str(_l("Enter a number."))
    valid = {
        QuestionKind.SCALE: 1 <= value <= 5,
        QuestionKind.YES_NO: value in (0, 1),
        QuestionKind.SINGLE: 0 <= value < len(question.options),
        QuestionKind.NUMBER: True,
    }[question.kind]
    return (value, None) if valid else (None, str(_l("Choose one of the options.")))


def submit(survey: Survey, answers: dict[int, list[str]], language: str, registration: Registration | None,
           source: str = "link") -> SurveyResponse:
    """Check every answer, then store the response; nothing is stored when anything is wrong.
    With a registration, the survey takes one response from it (enforced by the database)."""
    if survey.status != SurveyStatus.OPEN:
        raise SurveyClosed()
    if registration is not None and (registration.workshop_id != survey.workshop_id
                                     or registration.status == RegistrationStatus.CANCELLED):
        raise NotRegistered()
    checked, errors = {}, {}
    for question in survey.questions:
        value, error = _check(question, answers.get(question.id, []))
        if error:
            errors[question.id] = error
        elif value is not None:
            checked[question.id] = value
    if errors:
        raise InvalidAnswers(errors)
    response = SurveyResponse(survey_id=survey.id, language=language, source=source,
                              registration_id=None if survey.anonymous or registration is None else registration.id)
    response.answers = [Answer(question_id=question_id, value=value) for question_id, value in checked.items()]
    try:
        with db.session.begin_nested():
            if registration is not None:
                db.session.add(TokenUse(survey_id=survey.id, registration_id=registration.id))
            db.session.add(response)
            db.session.flush()
    except IntegrityError as error:
        raise AlreadyAnswered() from error
    return response


# ---------------------------------------------------------------- results


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    counts: Counter = field(default_factory=Counter)  # option or scale value → respondents
    mean: float | None = None
    texts: list[tuple[str, str]] = field(default_factory=list)  # (language, text)


@dataclass
class Satisfaction:
    """Share of respondents whose relevance and usefulness answers are both satisfied (≥ 4)."""

    satisfied: int
    respondents: int

    @property
    def share(self) -> float | None:
        return self.satisfied / self.respondents if self.respondents else None


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    satisfaction: Satisfaction
    attendees: int = 0  # registrations checked in at least once
    satisfaction_by_sex: dict[str, Satisfaction] = field(default_factory=dict)  # named surveys only

    @property
    def response_rate(self) -> float | None:
        return self.responses / self.attendees if self.attendees else None


def _attendees(workshop_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(CheckIn.registration_id))).join(Registration)
        .where(Registration.workshop_id == workshop_id, CheckIn.undone_at.is_(None))) or 0


def results(survey: Survey) -> SurveyResults:
    responses = list(db.session.scalars(sa.select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)))
    by_question = {q.id: QuestionResult(q) for q in survey.questions}
    measured = {q.id: q.measures for q in survey.questions if q.measures in ("relevance", "usefulness")}
    satisfied = respondents = 0
    by_sex: dict[str, list[int]] = {}
    sexes = dict(db.session.execute(
        sa.select(Registration.id, Participant.sex).join(Participant)
        .where(Registration.id.in_({r.registration_id for r in responses if r.registration_id}))).all())
    for response in responses:
        measures = {}
        for answer in response.answers:
            result = by_question.get(answer.question_id)
            if result is None:
                continue
            result.answered += 1
            if result.question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
                result.texts.append((response.language, answer.value))
            elif result.question.kind == QuestionKind.MULTIPLE:
                result.counts.update(answer.value)
            else:
                result.counts[answer.value] += 1
            if answer.question_id in measured:
                measures[measured[answer.question_id]] = answer.value
        if len(measures) == len(set(measured.values())) and measures:
            respondents += 1
            happy = all(value >= SATISFIED_FROM for value in measures.values())
            satisfied += happy
            if response.registration_id in sexes:
                tally = by_sex.setdefault(sexes[response.registration_id].value, [0, 0])
                tally[0] += happy
                tally[1] += 1
    for result in by_question.values():
        if result.question.kind == QuestionKind.SCALE and result.answered:
            result.mean = sum(value * count for value, count in result.counts.items()) / result.answered
    return SurveyResults(
        survey, len(responses), list(by_question.values()), Satisfaction(satisfied, respondents),
        attendees=_attendees(survey.workshop_id),
        satisfaction_by_sex={sex: Satisfaction(*tally) for sex, tally in sorted(by_sex.items())},
    )
