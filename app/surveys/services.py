"""Survey rules: the ready activity evaluation, opening and closing, checking and storing one
response per registration, and the results every report reads (one place for the arithmetic)."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.db import LocalizedText as T
from app.errors import DomainError
from app.events.models import Workshop
from app.events.services import visibility_clause
from app.extensions import db
from app.auth.models import User
from app.i18n.services import normalise_number
from app.indicators.models import Outcome, Output, Programme, workshop_outputs
from app.registration import tokens
from app.registration.models import CheckIn, Participant, Registration, RegistrationStatus, Sex
from app.registration.services import normalise_phone
from app.surveys.models import (
    Answer,
    Question,
    QuestionKind,
    Survey,
    SurveyKind,
    SurveyResponse,
    SurveyStatus,
    TokenUse,
)

TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 200, QuestionKind.LONG_TEXT: 2000}
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
SCORABLE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO, QuestionKind.NUMBER)
MEASURES = ("relevance", "usefulness", "sex")
MAX_OPTIONS = 12


class SurveyClosed(DomainError):
    message = _l("This survey is not open.")


class AlreadyAnswered(DomainError):
    message = _l("You have already answered this survey. Thank you!")


class NotRegistered(DomainError):
    message = _l("This code does not belong to a participant of this workshop.")


class PaperAlreadyEntered(DomainError):
    message = _l("A paper form with this number is already entered for this survey.")


class SurveyIsDraft(DomainError):
    message = _l("Open the survey before entering paper forms.")


class HasResponses(DomainError):
    message = _l("This survey already has responses: its questions can no longer be added, removed or "
                 "changed in kind or number of options. Copy the survey to change them.")


class NotIdentified(DomainError):
    message = _l("No participant of this workshop has this badge code or phone number.")


class AmbiguousPhone(DomainError):
    message = _l("Several participants share this phone number: enter the code on your badge.")


class InvalidQuestion(DomainError):
    """The question form has a mistake; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__()
        self.message = message
        self.field = field


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


# Asked in anonymous surveys for the breakdown by sex; each option says which value it stands for.
SEX_QUESTION = {
    "kind": QuestionKind.SINGLE, "measures": "sex", "required": False,
    "text": T(en="You are:", ar="أنت:", ckb="تۆ:"),
    "options": [{"value": Sex.FEMALE.value, "en": "Female", "ar": "أنثى", "ckb": "مێ"},
                {"value": Sex.MALE.value, "en": "Male", "ar": "ذكر", "ckb": "نێر"}],
}


def _threshold(workshop: Workshop) -> int:
    """The threshold of the programme the workshop serves (the first linked one), else the configured default."""
    found = db.session.scalar(
        sa.select(Programme.satisfaction_threshold).join(Outcome).join(Output)
        .join(workshop_outputs, workshop_outputs.c.output_id == Output.id)
        .where(workshop_outputs.c.workshop_id == workshop.id).order_by(Programme.id).limit(1))
    return found if found is not None else int(current_app.config.get("SATISFACTION_THRESHOLD", 4))


def create_evaluation(workshop: Workshop, anonymous: bool = True) -> Survey:
    """Attach a copy of the activity evaluation to `workshop` (a draft, to adapt and then open).
    An anonymous one also asks the respondent's sex, for the breakdown the reports need."""
    survey = Survey(workshop=workshop, anonymous=anonymous, status=SurveyStatus.DRAFT, kind=SurveyKind.EVALUATION,
                    satisfaction_threshold=_threshold(workshop),
                    title=T(en="Activity evaluation", ar="تقييم النشاط", ckb="هەڵسەنگاندنی چالاکی"))
    for position, spec in enumerate(EVALUATION + ([SEX_QUESTION] if anonymous else []), start=1):
        survey.questions.append(Question(position=position, required=spec.get("required", True), **{
            key: value for key, value in spec.items() if key != "required"}))
    db.session.add(survey)
    db.session.flush()
    return survey


def create_test(workshop: Workshop, pre_test: Survey | None = None, pass_mark: int = 70) -> Survey:
    """An empty, named end-of-training test (a post-test when `pre_test` is given); questions are added next."""
    if pre_test is not None:
        title = T(en="Post-test", ar="الاختبار البعدي", ckb="تاقیکردنەوەی دوایی")
    else:
        title = T(en="End-of-training test", ar="اختبار نهاية التدريب", ckb="تاقیکردنەوەی کۆتایی ڕاهێنان")
    survey = Survey(workshop=workshop, anonymous=False, status=SurveyStatus.DRAFT, kind=SurveyKind.TEST,
                    pass_mark=pass_mark, pre_test=pre_test, title=title, satisfaction_threshold=_threshold(workshop))
    db.session.add(survey)
    db.session.flush()
    return survey


def copy_survey(survey: Survey, workshop: Workshop | None = None) -> Survey:
    """A draft copy (questions, options, right answers) to adapt, in the same or another workshop."""
    copy = Survey(workshop=workshop or survey.workshop, anonymous=survey.anonymous, status=SurveyStatus.DRAFT,
                  kind=survey.kind, satisfaction_threshold=survey.satisfaction_threshold, pass_mark=survey.pass_mark,
                  title=survey.title)
    for question in survey.questions:
        copy.questions.append(Question(
            position=question.position, kind=question.kind, text=question.text, options=list(question.options or []),
            low_label=question.low_label, high_label=question.high_label, required=question.required,
            measures=question.measures, correct=question.correct, points=question.points))
    db.session.add(copy)
    db.session.flush()
    return copy


def set_status(survey: Survey, status: SurveyStatus) -> Survey:
    survey.status = status
    db.session.flush()
    return survey


@dataclass
class SurveySettings:
    title: T
    anonymous: bool
    satisfaction_threshold: int = 4
    pass_mark: int = 70
    pre_test: Survey | None = None


def update_settings(survey: Survey, data: SurveySettings) -> Survey:
    """Title, threshold and pass mark can always change (results are recomputed); whether the survey
    is anonymous only while nobody has answered."""
    if data.anonymous != survey.anonymous and response_count(survey):
        raise HasResponses()
    if data.pre_test is not None and (data.pre_test.id == survey.id or data.pre_test.kind != SurveyKind.TEST
                                      or data.pre_test.workshop_id != survey.workshop_id):
        raise InvalidQuestion(str(_l("Choose a test of the same workshop.")), "pre_test")
    survey.title = data.title
    survey.anonymous = data.anonymous
    survey.satisfaction_threshold = data.satisfaction_threshold
    survey.pass_mark = data.pass_mark
    survey.pre_test = data.pre_test
    db.session.flush()
    return survey


def response_count(survey: Survey) -> int:
    return db.session.scalar(sa.select(sa.func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey.id)) or 0


def surveys_to_copy(user: User, workshop: Workshop, limit: int = 100) -> list[Survey]:
    """Surveys of the other workshops `user` can see, newest first: questions to start from."""
    return list(db.session.scalars(
        sa.select(Survey).join(Workshop).where(Survey.workshop_id != workshop.id, visibility_clause(user))
        .order_by(Survey.id.desc()).limit(limit)))


def tests_of(workshop: Workshop) -> list[Survey]:
    return list(db.session.scalars(sa.select(Survey).where(
        Survey.workshop_id == workshop.id, Survey.kind == SurveyKind.TEST).order_by(Survey.id)))


@dataclass
class QuestionData:
    kind: QuestionKind
    text: T
    options: list[T] = field(default_factory=list)
    low_label: T = field(default_factory=T)
    high_label: T = field(default_factory=T)
    required: bool = True
    measures: str | None = None
    correct: str = ""  # as typed: option numbers from 1 ("2" or "1, 3"), "yes"/"no", or a number
    points: int = 1


YES_WORDS = {"yes", "y", "1", "نعم", "بەڵێ", "بەلێ", "ئا", "ئەرێ"}
NO_WORDS = {"no", "n", "0", "لا", "نەخێر", "نا"}


def _yes_no(typed: str) -> int | None:
    """1 or 0 for yes or no typed in English, Arabic or Kurdish (or the words the page shows)."""
    word = typed.strip().lower()
    if word in YES_WORDS or word == str(_l("Yes")).lower():
        return 1
    if word in NO_WORDS or word == str(_l("No")).lower():
        return 0
    return None


def _correct_value(data: QuestionData) -> Any:
    """The typed right answer as an answer would be stored, or None when the question is not scored."""
    typed = normalise_number(data.correct.strip()) if data.correct else ""
    if not typed:
        return None
    wrong = InvalidQuestion(str(_l("This question kind cannot have a right answer.")), "correct")
    if data.kind not in SCORABLE_KINDS:
        raise wrong
    if data.kind == QuestionKind.YES_NO:
        value = _yes_no(typed)
        if value is None:
            raise InvalidQuestion(str(_l("Write yes or no.")), "correct")
        return value
    if data.kind == QuestionKind.NUMBER:
        try:
            return float(typed)
        except ValueError:
            raise InvalidQuestion(str(_l("Enter a number."), ), "correct") from None
    parts = [part.strip() for part in typed.replace("،", ",").split(",") if part.strip()]
    if not all(part.isdigit() and 1 <= int(part) <= len(data.options) for part in parts):
        raise InvalidQuestion(str(_l("Give option numbers between 1 and %(count)d.", count=len(data.options))),
                              "correct")
    indexes = sorted({int(part) - 1 for part in parts})
    if data.kind == QuestionKind.SINGLE:
        if len(indexes) != 1:
            raise InvalidQuestion(str(_l("Give one option number.")), "correct")
        return indexes[0]
    return indexes


def typed_correct(question: Question) -> str:
    """The stored right answer as the question form shows it."""
    value = question.correct
    if value is None:
        return ""
    if question.kind == QuestionKind.YES_NO:
        return str(_l("Yes") if value else _l("No"))
    if question.kind == QuestionKind.SINGLE:
        return str(value + 1)
    if question.kind == QuestionKind.MULTIPLE:
        return ", ".join(str(index + 1) for index in value)
    return f"{value:g}"


def _check_question(data: QuestionData) -> Any:
    if data.kind in CHOICE_KINDS and not 2 <= len(data.options) <= MAX_OPTIONS:
        raise InvalidQuestion(str(_l("Give between 2 and %(max)d options, one per line.", max=MAX_OPTIONS)), "options")
    if data.measures not in (None, *MEASURES):
        raise InvalidQuestion(str(_l("Choose among the options.")), "measures")
    if data.measures in ("relevance", "usefulness") and data.kind != QuestionKind.SCALE:
        raise InvalidQuestion(str(_l("Relevance and usefulness are measured with a scale from 1 to 5.")), "measures")
    if data.measures == "sex" and data.kind != QuestionKind.SINGLE:
        raise InvalidQuestion(str(_l("Sex is asked with one choice.")), "measures")
    if not 0 <= data.points <= 100:
        raise InvalidQuestion(str(_l("Between 0 and 100.")), "points")
    return _correct_value(data)


def _options(data: QuestionData, previous: list[Any]) -> list[dict]:
    options = []
    for index, option in enumerate(data.options if data.kind in CHOICE_KINDS else []):
        stored = option.as_dict()
        if data.measures == "sex" and index < len(previous) and isinstance(previous[index], dict):
            stored["value"] = previous[index].get("value", "")
        options.append(stored)
    return options


def save_question(survey: Survey, data: QuestionData, question: Question | None = None) -> Question:
    """Add a question at the end, or change one. Once the survey has responses, only wording, right
    answers, points and the required flag change: answers are kept by option position."""
    correct = _check_question(data)
    answered = response_count(survey) > 0
    if answered and (question is None or data.kind != question.kind
                     or len(data.options if data.kind in CHOICE_KINDS else []) != len(question.options or [])):
        raise HasResponses()
    if question is None:
        question = Question(position=max((q.position for q in survey.questions), default=0) + 1)
        survey.questions.append(question)
    previous = list(question.options or [])
    question.kind = data.kind
    question.text = data.text
    question.options = _options(data, previous)
    question.low_label = data.low_label if data.kind == QuestionKind.SCALE else T()
    question.high_label = data.high_label if data.kind == QuestionKind.SCALE else T()
    question.required = data.required
    question.measures = data.measures
    question.correct = correct
    question.points = data.points
    db.session.flush()
    return question


def add_sex_question(survey: Survey) -> Question:
    if any(q.measures == "sex" for q in survey.questions):
        return next(q for q in survey.questions if q.measures == "sex")
    if response_count(survey):
        raise HasResponses()
    question = Question(position=max((q.position for q in survey.questions), default=0) + 1,
                        required=False, **{key: value for key, value in SEX_QUESTION.items() if key != "required"})
    survey.questions.append(question)
    db.session.flush()
    return question


def delete_question(question: Question) -> None:
    survey = question.survey
    if response_count(survey):
        raise HasResponses()
    survey.questions.remove(question)
    for position, remaining in enumerate(survey.questions, start=1):
        remaining.position = position
    db.session.flush()


def move_question(question: Question, step: int) -> None:
    """Swap with the neighbour above (-1) or below (+1); the order shown to respondents."""
    ordered = list(question.survey.questions)
    index = ordered.index(question)
    other = index + step
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered, start=1):
            item.position = position
    db.session.flush()


# ---------------------------------------------------------------- the room QR


def room_token(survey: Survey, renew: bool = False) -> str:
    """The unguessable link of the room QR; renewing it stops the old link."""
    if survey.room_token is None or renew:
        survey.room_token = secrets.token_urlsafe(16)
        db.session.flush()
    return survey.room_token


def survey_for_room(token: str) -> Survey | None:
    if not token or len(token) > 32:
        return None
    return db.session.scalar(sa.select(Survey).where(Survey.room_token == token))


def identify(survey: Survey, typed: str) -> Registration:
    """The participant answering from the room QR, by the code on their badge or their phone."""
    clauses = [Registration.workshop_id == survey.workshop_id, Registration.status != RegistrationStatus.CANCELLED]
    reference = tokens.normalise_reference(typed)
    if len(reference) == tokens.REFERENCE_LENGTH:
        found = db.session.scalar(sa.select(Registration).where(*clauses, Registration.reference == reference))
        if found is not None:
            return found
    phone = normalise_phone(typed)
    if len(phone) >= 7:
        found = list(db.session.scalars(sa.select(Registration).join(Participant).where(
            *clauses, Participant.phone == phone)))
        if len(found) > 1:
            raise AmbiguousPhone()
        if found:
            return found[0]
    raise NotIdentified()


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
           source: str = "link", entered_by: User | None = None, paper_number: str = "") -> SurveyResponse:
    """Check every answer, then store the response; nothing is stored when anything is wrong.
    With a registration, the survey takes one response from it (enforced by the database).
    Paper forms (source "paper") are typed by staff, also after the survey closed, each number once."""
    paper_number = paper_number.strip()[:20] or None
    if source == "paper":
        if survey.status == SurveyStatus.DRAFT:
            raise SurveyIsDraft()
        if paper_number and db.session.scalar(sa.select(SurveyResponse.id).where(
                SurveyResponse.survey_id == survey.id, SurveyResponse.paper_number == paper_number)):
            raise PaperAlreadyEntered()
    elif survey.status != SurveyStatus.OPEN:
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
    response = SurveyResponse(survey_id=survey.id, language=language, source=source, paper_number=paper_number,
                              entered_by_id=entered_by.id if entered_by else None,
                              registration_id=None if survey.anonymous or registration is None else registration.id)
    response.answers = [Answer(question_id=question_id, value=value) for question_id, value in checked.items()]
    response.satisfaction_lowest = satisfaction_lowest(survey.questions, checked)
    try:
        with db.session.begin_nested():
            if registration is not None:
                db.session.add(TokenUse(survey_id=survey.id, registration_id=registration.id))
            db.session.add(response)
            db.session.flush()
    except IntegrityError as error:
        if registration is None:
            raise PaperAlreadyEntered() from error
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
    correct: int = 0  # tests: respondents who gave the right answer

    def is_right(self, value: Any) -> bool:
        """Whether a bar of a scored question is (part of) the right answer."""
        correct = self.question.correct
        if correct is None:
            return False
        return value in correct if isinstance(correct, list) else value == correct

    @property
    def values(self) -> list[Any]:
        """The values a bar chart shows, in order."""
        if self.question.kind == QuestionKind.SCALE:
            return [1, 2, 3, 4, 5]
        if self.question.kind == QuestionKind.YES_NO:
            return [1, 0]
        if self.question.kind in CHOICE_KINDS:
            return list(range(len(self.question.options or [])))
        return sorted(self.counts)


@dataclass
class Satisfaction:
    """Share of respondents whose relevance and usefulness answers both reach the threshold."""

    satisfied: int
    respondents: int

    @property
    def share(self) -> float | None:
        return self.satisfied / self.respondents if self.respondents else None


@dataclass
class Score:
    """One response's test score."""

    response_id: int
    registration_id: int | None
    earned: float
    possible: float
    pass_mark: int

    @property
    def percent(self) -> float:
        return 100 * self.earned / self.possible if self.possible else 0.0

    @property
    def passed(self) -> bool:
        return self.possible > 0 and self.percent >= self.pass_mark


@dataclass
class Gain:
    """A participant's pre-test and post-test scores (in percent)."""

    registration_id: int
    name: str
    pre: float
    post: float

    @property
    def gain(self) -> float:
        return self.post - self.pre


@dataclass
class TestResults:
    scores: list[Score]
    pass_mark: int
    possible: float
    pre_test_average: float | None = None  # the pre-test's average score, when this is a post-test
    gains: list[Gain] = field(default_factory=list)  # named pre/post pairs

    @property
    def passed(self) -> int:
        return sum(score.passed for score in self.scores)

    @property
    def pass_rate(self) -> float | None:
        return self.passed / len(self.scores) if self.scores else None

    @property
    def average(self) -> float | None:
        return sum(score.percent for score in self.scores) / len(self.scores) if self.scores else None

    @property
    def average_gain(self) -> float | None:
        if self.gains:
            return sum(gain.gain for gain in self.gains) / len(self.gains)
        if self.pre_test_average is not None and self.average is not None:
            return self.average - self.pre_test_average
        return None


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    satisfaction: Satisfaction
    attendees: int = 0  # registrations checked in at least once
    # From the registration in named surveys, from the sex question in anonymous ones.
    satisfaction_by_sex: dict[str, Satisfaction] = field(default_factory=dict)
    respondents_by_sex: dict[str, int] = field(default_factory=dict)
    test: TestResults | None = None

    @property
    def response_rate(self) -> float | None:
        return self.responses / self.attendees if self.attendees else None

    @property
    def measures_satisfaction(self) -> bool:
        measured = {q.measures for q in self.survey.questions}
        return {"relevance", "usefulness"} <= measured


def _attendees(workshop_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(CheckIn.registration_id))).join(Registration)
        .where(Registration.workshop_id == workshop_id, CheckIn.undone_at.is_(None))) or 0


def _is_right(question: Question, value: Any) -> bool:
    if question.kind == QuestionKind.NUMBER:
        return value is not None and abs(float(value) - float(question.correct)) < 1e-9
    if question.kind == QuestionKind.MULTIPLE:
        return sorted(value or []) == sorted(question.correct)
    return value == question.correct


def score_of(survey: Survey, values: dict[int, Any]) -> tuple[float, float]:
    """Points earned and possible for one set of answers (question id → stored value);
    an unanswered scored question earns nothing."""
    scored = [q for q in survey.questions if q.scored]
    possible = sum(q.points for q in scored)
    earned = sum(q.points for q in scored if q.id in values and _is_right(q, values[q.id]))
    return earned, possible


def responses_of(survey: Survey) -> list[SurveyResponse]:
    return list(db.session.scalars(sa.select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)
                                   .options(selectinload(SurveyResponse.answers))
                                   .order_by(SurveyResponse.submitted_at, SurveyResponse.id)))


def _scores(survey: Survey, responses: list[SurveyResponse]) -> list[Score]:
    return [Score(response.id, response.registration_id,
                  *score_of(survey, {a.question_id: a.value for a in response.answers}), survey.pass_mark)
            for response in responses]


def _test_results(survey: Survey, responses: list[SurveyResponse]) -> TestResults:
    scores = _scores(survey, responses)
    test = TestResults(scores, survey.pass_mark, sum(q.points for q in survey.questions if q.scored))
    if survey.pre_test is not None:
        before = _scores(survey.pre_test, responses_of(survey.pre_test))
        test.pre_test_average = sum(s.percent for s in before) / len(before) if before else None
        pre_by_person = {s.registration_id: s.percent for s in before if s.registration_id}
        paired = {s.registration_id: s.percent for s in scores if s.registration_id in pre_by_person}
        names = dict(db.session.execute(sa.select(Registration.id, Participant.full_name).join(Participant)
                                        .where(Registration.id.in_(paired))).all())
        test.gains = sorted((Gain(rid, names.get(rid, ""), pre_by_person[rid], post) for rid, post in paired.items()),
                            key=lambda gain: gain.name)
    return test


def _sex_values(survey: Survey, responses: list[SurveyResponse]) -> dict[int, str]:
    """Response id → sex: from the registration (named surveys), else from the sex question."""
    sexes = dict(db.session.execute(
        sa.select(Registration.id, Participant.sex).join(Participant)
        .where(Registration.id.in_({r.registration_id for r in responses if r.registration_id}))).all())
    question = next((q for q in survey.questions if q.measures == "sex"), None)
    found = {}
    for response in responses:
        if response.registration_id in sexes and sexes[response.registration_id] != Sex.NOT_RECORDED:
            found[response.id] = sexes[response.registration_id].value
        elif question is not None:
            answer = next((a.value for a in response.answers if a.question_id == question.id), None)
            options = question.options or []
            if isinstance(answer, int) and 0 <= answer < len(options) and options[answer].get("value"):
                found[response.id] = options[answer]["value"]
    return found


SATISFACTION_MEASURES = ("relevance", "usefulness")


def satisfaction_lowest(questions: Iterable[Any], values: dict[int, Any]) -> int | None:
    """A response's lowest relevance or usefulness answer (several questions of one measure: the lowest counts),
    or None when it left one of the survey's satisfaction measures unanswered: such a respondent does not count.
    The respondent is satisfied when this reaches the survey's threshold."""
    measured = {question.id: question.measures for question in questions
                if question.measures in SATISFACTION_MEASURES}
    answered = {measured[question_id] for question_id in values if question_id in measured}
    if not measured or answered != set(measured.values()):
        return None
    return min(values[question_id] for question_id in measured if question_id in values)


def results(survey: Survey) -> SurveyResults:
    """Everything the results page, the exports and the indicators read about one survey."""
    responses = responses_of(survey)
    by_question = {q.id: QuestionResult(q) for q in survey.questions}
    threshold = survey.satisfaction_threshold
    satisfied = respondents = 0
    by_sex: dict[str, list[int]] = {}
    sexes = _sex_values(survey, responses)
    respondents_by_sex = Counter(sexes.values())
    for response in responses:
        for answer in response.answers:
            result = by_question.get(answer.question_id)
            if result is None:
                continue
            result.answered += 1
            question = result.question
            if question.kind in TEXT_KINDS:
                result.texts.append((response.language, answer.value))
            elif question.kind == QuestionKind.MULTIPLE:
                result.counts.update(answer.value)
            else:
                result.counts[answer.value] += 1
            if question.scored and _is_right(question, answer.value):
                result.correct += 1
        lowest = satisfaction_lowest(survey.questions, {answer.question_id: answer.value for answer in response.answers})
        if lowest is not None:
            respondents += 1
            happy = lowest >= threshold
            satisfied += happy
            if response.id in sexes:
                tally = by_sex.setdefault(sexes[response.id], [0, 0])
                tally[0] += happy
                tally[1] += 1
    for result in by_question.values():
        if result.question.kind == QuestionKind.SCALE and result.answered:
            result.mean = sum(value * count for value, count in result.counts.items()) / result.answered
    return SurveyResults(
        survey, len(responses), list(by_question.values()), Satisfaction(satisfied, respondents),
        attendees=_attendees(survey.workshop_id),
        satisfaction_by_sex={sex: Satisfaction(*tally) for sex, tally in sorted(by_sex.items())},
        respondents_by_sex=dict(sorted(respondents_by_sex.items())),
        test=_test_results(survey, responses) if survey.kind == SurveyKind.TEST else None,
    )
