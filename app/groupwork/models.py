"""Breakout groups (members, rapporteur, assignment, revocable group link) and SWOT items."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db import LabelledEnum, LocalizedText, TimestampMixin, empty_text, enum_column, set_labels
from app.events.models import Theme, Workshop
from app.extensions import db
from app.registration.models import Registration


class SwotQuadrant(LabelledEnum):
    STRENGTHS = "strengths"
    WEAKNESSES = "weaknesses"
    OPPORTUNITIES = "opportunities"
    THREATS = "threats"


class AssignmentKind(LabelledEnum):
    QUADRANT = "quadrant"  # one SWOT quadrant
    ALL = "all"  # all four quadrants
    QUESTION = "question"  # a discussion question


set_labels({SwotQuadrant.STRENGTHS: _l("Strengths"), SwotQuadrant.WEAKNESSES: _l("Weaknesses"),
            SwotQuadrant.OPPORTUNITIES: _l("Opportunities"), SwotQuadrant.THREATS: _l("Threats")})
set_labels({AssignmentKind.QUADRANT: _l("One SWOT quadrant"), AssignmentKind.ALL: _l("All four SWOT quadrants"),
            AssignmentKind.QUESTION: _l("A discussion question")})

group_members = sa.Table(
    "breakout_group_members", db.metadata,
    sa.Column("group_id", sa.ForeignKey("breakout_groups.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("registration_id", sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True),
)

swot_item_themes = sa.Table(
    "swot_item_themes", db.metadata,
    sa.Column("item_id", sa.ForeignKey("swot_items.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("theme_id", sa.ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class BreakoutGroup(TimestampMixin, db.Model):
    """"Group A" of a workshop: its members, rapporteur and assignment."""

    __tablename__ = "breakout_groups"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    position: Mapped[int] = mapped_column(default=0)
    assignment: Mapped[AssignmentKind] = mapped_column(enum_column(AssignmentKind, 20), default=AssignmentKind.ALL)
    quadrant: Mapped[SwotQuadrant | None] = mapped_column(enum_column(SwotQuadrant, 20))
    question: Mapped[LocalizedText] = mapped_column(default=empty_text)
    rapporteur_id: Mapped[int | None] = mapped_column(sa.ForeignKey("registrations.id", ondelete="SET NULL"))
    # The rapporteur's link (and QR) to add the group's items from a phone; None once revoked.
    link_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    workshop: Mapped[Workshop] = relationship()
    rapporteur: Mapped[Registration | None] = relationship(foreign_keys=[rapporteur_id])
    members: Mapped[list[Registration]] = relationship(secondary=group_members)


class SwotItem(TimestampMixin, db.Model):
    """One point of the SWOT board, kept as typed (any language)."""

    __tablename__ = "swot_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    quadrant: Mapped[SwotQuadrant] = mapped_column(enum_column(SwotQuadrant, 20))
    text: Mapped[str] = mapped_column(sa.String(1000))
    group_id: Mapped[int | None] = mapped_column(sa.ForeignKey("breakout_groups.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)
    # A duplicate merged into another item stays (nothing typed is lost) but is no longer shown.
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("swot_items.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    via_group_link: Mapped[bool] = mapped_column(default=False)

    group: Mapped[BreakoutGroup | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=swot_item_themes)
    merged_into: Mapped[SwotItem | None] = relationship(remote_side="SwotItem.id")
