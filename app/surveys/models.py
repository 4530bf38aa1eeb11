"""Surveys attached to workshops, their questions, and the responses with their answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import LabelledEnum, LocalizedText, TimestampMixin, empty_text, enum_column, set_labels, utcnow
from app.events.models import Workshop
from app.extensions import db


class SurveyStatus(LabelledEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class SurveyKind(LabelledEnum):
    EVALUATION = "evaluation"  # opinions: feeds the satisfaction figure
    TEST = "test"  # questions with correct answers, a score and a pass mark


class QuestionKind(LabelledEnum):
    SCALE = "scale"  # 1–5 with labelled ends
    SINGLE = "single"
    MULTIPLE = "multiple"
    NUMBER = "number"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    YES_NO = "yes_no"


set_labels({SurveyKind.EVALUATION: _l("Evaluation"), SurveyKind.TEST: _l("Test")})
set_labels({SurveyStatus.DRAFT: _l("Draft"), SurveyStatus.OPEN: _l("Open"), SurveyStatus.CLOSED: _l("Closed")})
set_labels({
    QuestionKind.SCALE: _l("Scale from 1 to 5"), QuestionKind.SINGLE: _l("One choice"),
    QuestionKind.MULTIPLE: _l("Several choices"), QuestionKind.NUMBER: _l("Number"),
    QuestionKind.SHORT_TEXT: _l("Short text"), QuestionKind.LONG_TEXT: _l("Long text"), QuestionKind.YES_NO: _l("Yes or no"),
})


class Survey(TimestampMixin, db.Model):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    title: Mapped[LocalizedText]
    anonymous: Mapped[bool] = mapped_column(default=True)
    status: Mapped[SurveyStatus] = mapped_column(enum_column(SurveyStatus, 20), default=SurveyStatus.DRAFT)
    kind: Mapped[SurveyKind] = mapped_column(
        enum_column(SurveyKind, 20), default=SurveyKind.EVALUATION, server_default=SurveyKind.EVALUATION.value)
    # Relevance and usefulness answers from this value up count as satisfied (4 = "agree").
    satisfaction_threshold: Mapped[int] = mapped_column(default=4, server_default="4")
    pass_mark: Mapped[int] = mapped_column(default=70, server_default="70")  # percent of the points, tests only
    # A post-test names its pre-test: the gain per participant is post score minus pre score.
    pre_test_id: Mapped[int | None] = mapped_column(sa.ForeignKey("surveys.id", ondelete="SET NULL"))
    # The link behind the room QR shown on the projector; a new one revokes the old.
    room_token: Mapped[str | None] = mapped_column(sa.String(32), unique=True)

    workshop: Mapped[Workshop] = relationship()
    pre_test: Mapped[Survey | None] = relationship(remote_side="Survey.id")
    questions: Mapped[list[Question]] = relationship(
        back_populates="survey", order_by="Question.position", cascade="all, delete-orphan")


class Question(db.Model):
    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, 20))
    text: Mapped[LocalizedText]
    # Choices of single/multiple questions: a list of {"en", "ar", "ckb"} objects.
    options: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    low_label: Mapped[LocalizedText] = mapped_column(default=empty_text)
    high_label: Mapped[LocalizedText] = mapped_column(default=empty_text)
    required: Mapped[bool] = mapped_column(default=True)
    # "relevance" and "usefulness" make the donor reports' satisfaction figure.
    # "sex" marks the question an anonymous survey asks for the breakdown by sex; its options carry "value".
    measures: Mapped[str | None] = mapped_column(sa.String(20))
    # Tests: the right answer (as stored in Answer.value) and what it is worth.
    correct: Mapped[Any | None] = mapped_column(sa.JSON)
    points: Mapped[int] = mapped_column(default=1, server_default="1")

    survey: Mapped[Survey] = relationship(back_populates="questions")

    @property
    def scored(self) -> bool:
        return self.correct is not None

    @property
    def choices(self) -> list[LocalizedText]:
        return [LocalizedText.from_mapping(option) for option in self.options or []]


class SurveyResponse(db.Model):
    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    # Only for named surveys: an anonymous response is not linked to the person.
    registration_id: Mapped[int | None] = mapped_column(sa.ForeignKey("registrations.id"))
    language: Mapped[str] = mapped_column(sa.String(8))
    source: Mapped[str] = mapped_column(sa.String(20))  # link, room, paper
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Paper forms typed by staff: who typed it and the number written on the sheet (typed once only).
    entered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    paper_number: Mapped[str | None] = mapped_column(sa.String(20))
    # Written once with the answers (responses never change): the lowest relevance/usefulness answer when every
    # satisfaction question was answered, else NULL. The indicators pool it across thousands of responses.
    satisfaction_lowest: Mapped[int | None]

    __table_args__ = (sa.UniqueConstraint("survey_id", "paper_number", name="uq_survey_responses_paper_number"),)

    answers: Mapped[list[Answer]] = relationship(back_populates="response", cascade="all, delete-orphan")


class TokenUse(db.Model):
    """That a registration has answered a survey (one response each), kept even when anonymous."""

    __tablename__ = "survey_token_uses"

    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id"), primary_key=True)
    used_at: Mapped[datetime] = mapped_column(default=utcnow)


class Answer(db.Model):
    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True)
    # A number (scale, number, yes=1/no=0, one choice's index), a list of choice indexes, or a text.
    value: Mapped[Any] = mapped_column(sa.JSON)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
