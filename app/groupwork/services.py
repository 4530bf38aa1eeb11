"""Group work rules: breakout groups (names, order, members, rapporteur, assignment, the rapporteur's
revocable link), the SWOT board's items (add, edit, order, themes, merge duplicates without losing
them) and the counters the indicators read."""

from __future__ import annotations

import secrets
import string
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.db import LocalizedText
from app.engagement.models import Recommendation
from app.errors import DomainError
from app.events.models import Theme, Workshop
from app.extensions import db
from app.groupwork.models import AssignmentKind, BreakoutGroup, SwotItem, SwotQuadrant, group_members
from app.i18n.formatting import format_number
from app.registration.models import Participant, Registration, RegistrationStatus

MAX_TEXT = 1000  # characters of a SWOT item (the column's size)
MAX_NAME = 60  # characters of a group's name
MAX_GROUPS = len(string.ascii_uppercase)  # Group A to Group Z
QUADRANTS: tuple[SwotQuadrant, ...] = tuple(SwotQuadrant)  # board order: S, W, O, T


# ---------------------------------------------------------------- errors


class GroupNameRequired(DomainError):
    message = _l("Give the group a name.")


class GroupNameTooLong(DomainError):
    message = _l("A group's name has at most %(max)d characters.", max=MAX_NAME)


class GroupNameTaken(DomainError):
    message = _l("Another group of this workshop already has this name.")


class TooManyGroups(DomainError):
    message = _l("A workshop has at most %(max)d groups.", max=MAX_GROUPS)


class InvalidGroupCount(DomainError):
    message = _l("Choose between 1 and %(max)d groups.", max=MAX_GROUPS)


class NotAParticipant(DomainError):
    def __init__(self, name: str) -> None:
        super().__init__(_l("%(name)s is not a confirmed participant of this workshop.", name=name))


class AlreadyInAGroup(DomainError):
    def __init__(self, name: str, group: str) -> None:
        super().__init__(_l("%(name)s is already a member of %(group)s, and a person belongs to one group only. "
                            "Remove them from %(group)s first.", name=name, group=group))


class RapporteurNotMember(DomainError):
    message = _l("The rapporteur must be a member of the group.")


class QuadrantRequired(DomainError):
    message = _l("Choose the quadrant this group works on.")


class QuestionRequired(DomainError):
    message = _l("Write the discussion question in at least one language.")


class GroupHasWork(DomainError):
    message = _l("This group has items on the SWOT board or recommendations, which show its name: it cannot be "
                 "deleted. Rename it, or move or delete its items first.")


class TextRequired(DomainError):
    message = _l("Write the item's text.")


class TextTooLong(DomainError):
    def __init__(self, length: int) -> None:
        super().__init__(_l("At most %(max)s characters: this text has %(length)s. Shorten it or split it into two "
                            "items.", max=format_number(MAX_TEXT), length=format_number(length)))


class WrongQuadrant(DomainError):
    message = _l("This group works on another quadrant.")


class OtherWorkshop(DomainError):
    message = _l("This belongs to another workshop.")


class InactiveTheme(DomainError):
    message = _l("This theme is no longer in use: choose another one.")


class CannotMerge(DomainError):
    message = _l("An item can only be merged into another item of the same quadrant that is on the board.")


class ItemMerged(DomainError):
    message = _l("This item is merged into another one: unmerge it first.")


class NotMerged(DomainError):
    message = _l("This item is not merged into another one.")


class NotYourItem(DomainError):
    message = _l("Only the items your group added from this link can be changed here.")


class ItemCombinesOthers(DomainError):
    message = _l("Other points were merged into this item: ask the facilitator to change it.")


# ---------------------------------------------------------------- text


def _without_controls(text: str) -> str:
    # NUL cannot be stored in PostgreSQL text; nobody types it.
    return (text or "").replace("\x00", "")


def clean_text(text: str) -> str:
    """An item's text as typed, with Windows line ends made plain and the surrounding blanks removed.

    Refused (never cut) when empty or longer than MAX_TEXT characters."""
    text = _without_controls(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise TextRequired()
    if len(text) > MAX_TEXT:
        raise TextTooLong(len(text))
    return text


def _clean_name(name: str) -> str:
    name = " ".join(_without_controls(name).split())
    if not name:
        raise GroupNameRequired()
    if len(name) > MAX_NAME:
        raise GroupNameTooLong()
    return name


# ---------------------------------------------------------------- breakout groups


def list_groups(workshop: Workshop) -> list[BreakoutGroup]:
    """The workshop's groups in their order, with members and rapporteur loaded."""
    return list(db.session.scalars(
        sa.select(BreakoutGroup).where(BreakoutGroup.workshop_id == workshop.id)
        .order_by(BreakoutGroup.position, BreakoutGroup.id)
        .options(selectinload(BreakoutGroup.members).selectinload(Registration.participant),
                 selectinload(BreakoutGroup.rapporteur).selectinload(Registration.participant))))


def confirmed_registrations(workshop: Workshop) -> list[Registration]:
    """Who can be put in a group: the workshop's confirmed registrations, by name."""
    return list(db.session.scalars(
        sa.select(Registration).join(Participant)
        .where(Registration.workshop_id == workshop.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Participant.full_name, Registration.id)
        .options(selectinload(Registration.participant))))


def membership(workshop: Workshop) -> dict[int, BreakoutGroup]:
    """Registration id → the group it belongs to, for the workshop."""
    return {member.id: group for group in list_groups(workshop) for member in group.members}


def default_group_name(workshop: Workshop) -> str:
    """"Group A", "Group B", …: the first letter whose name no group of the workshop uses."""
    taken = {group.name.casefold() for group in list_groups(workshop)}
    for letter in string.ascii_uppercase:
        name = _("Group %(letter)s", letter=letter)
        if name.casefold() not in taken:
            return name
    raise TooManyGroups()


def _check_name(workshop_id: int, name: str, group: BreakoutGroup | None) -> None:
    others = db.session.scalars(sa.select(BreakoutGroup.name).where(
        BreakoutGroup.workshop_id == workshop_id, BreakoutGroup.id != (group.id if group else -1)))
    if name.casefold() in {other.casefold() for other in others}:
        raise GroupNameTaken()


def create_group(workshop: Workshop, name: str = "") -> BreakoutGroup:
    """A new group at the end of the list, working on all four quadrants; named "Group X" unless `name`."""
    groups = list_groups(workshop)
    if len(groups) >= MAX_GROUPS:
        raise TooManyGroups()
    name = _clean_name(name) if name.strip() else default_group_name(workshop)
    _check_name(workshop.id, name, None)
    group = BreakoutGroup(workshop_id=workshop.id, name=name, assignment=AssignmentKind.ALL,
                          position=max((g.position for g in groups), default=0) + 1, question=LocalizedText())
    db.session.add(group)
    db.session.flush()
    return group


@dataclass
class GroupData:
    name: str
    assignment: AssignmentKind = AssignmentKind.ALL
    quadrant: SwotQuadrant | None = None
    question: LocalizedText = field(default_factory=LocalizedText)
    members: list[Registration] = field(default_factory=list)
    rapporteur: Registration | None = None


def _person(registration: Registration) -> str:
    return registration.participant.full_name


def _check_members(group: BreakoutGroup, members: Sequence[Registration]) -> None:
    """Confirmed participants of the group's workshop, in no other group of it."""
    for registration in members:
        if registration.workshop_id != group.workshop_id or registration.status != RegistrationStatus.CONFIRMED:
            raise NotAParticipant(_person(registration))
    ids = [registration.id for registration in members]
    if not ids:
        return
    taken = db.session.execute(
        sa.select(group_members.c.registration_id, BreakoutGroup.name)
        .join(BreakoutGroup, BreakoutGroup.id == group_members.c.group_id)
        .where(BreakoutGroup.workshop_id == group.workshop_id, BreakoutGroup.id != group.id,
               group_members.c.registration_id.in_(ids))
        .order_by(BreakoutGroup.position, BreakoutGroup.id)).first()
    if taken is not None:
        registration = next(r for r in members if r.id == taken.registration_id)
        raise AlreadyInAGroup(_person(registration), taken.name)


def update_group(group: BreakoutGroup, data: GroupData) -> BreakoutGroup:
    """Name, assignment, members and rapporteur, checked together before anything changes.

    A question typed earlier is kept when the assignment changes (nothing typed is lost)."""
    name = _clean_name(data.name)
    _check_name(group.workshop_id, name, group)
    if data.assignment == AssignmentKind.QUADRANT and data.quadrant is None:
        raise QuadrantRequired()
    if data.assignment == AssignmentKind.QUESTION and not data.question:
        raise QuestionRequired()
    members = list({registration.id: registration for registration in data.members}.values())
    _check_members(group, members)
    if data.rapporteur is not None and data.rapporteur.id not in {member.id for member in members}:
        raise RapporteurNotMember()
    group.name = name
    group.assignment = data.assignment
    group.quadrant = data.quadrant if data.assignment == AssignmentKind.QUADRANT else None
    group.question = data.question
    group.members = members
    group.rapporteur = data.rapporteur
    db.session.flush()
    return group


def move_group(group: BreakoutGroup, step: int) -> None:
    """One place up (step -1) or down (+1) in the workshop's list; nothing at either end."""
    groups = list_groups(group.workshop)
    index = next(i for i, g in enumerate(groups) if g.id == group.id)
    other = index + step
    if 0 <= other < len(groups):
        groups[index], groups[other] = groups[other], groups[index]
    for position, g in enumerate(groups, start=1):
        g.position = position
    db.session.flush()


def delete_group(group: BreakoutGroup) -> None:
    """Only a group nothing refers to: its items and recommendations show its name."""
    used = db.session.scalar(sa.select(sa.func.count(SwotItem.id)).where(SwotItem.group_id == group.id)) or \
        db.session.scalar(sa.select(sa.func.count(Recommendation.id)).where(Recommendation.group_id == group.id))
    if used:
        raise GroupHasWork()
    db.session.delete(group)
    db.session.flush()


def split_evenly(workshop: Workshop, count: int) -> list[BreakoutGroup]:
    """Share the confirmed participants between `count` groups (made when missing), sizes differing by one at most.

    People are dealt in turn after sorting them by sex and organisation, so that each group gets a mix of
    both. Every group's members are replaced; groups after the `count` first ones are left empty, and a
    rapporteur who is no longer a member is unset. Returns the groups used."""
    if not 1 <= count <= MAX_GROUPS:
        raise InvalidGroupCount()
    groups = list_groups(workshop)
    while len(groups) < count:
        groups.append(create_group(workshop))
    used = groups[:count]
    people = sorted(confirmed_registrations(workshop), key=lambda r: (
        r.participant.sex.value, r.participant.organisation_label.casefold(), r.participant.full_name, r.id))
    shares: list[list[Registration]] = [[] for _ in used]
    for index, registration in enumerate(people):
        shares[index % count].append(registration)
    for group in groups:
        group.members = []
    db.session.flush()  # no one is in two groups, even for a moment
    for group, share in zip(used, shares, strict=True):
        group.members = share
    for group in groups:
        if group.rapporteur is not None and group.rapporteur not in group.members:
            group.rapporteur = None
    db.session.flush()
    return used


# ---------------------------------------------------------------- the rapporteur's link


def new_link(group: BreakoutGroup) -> str:
    """A new unguessable link token for the group; the previous link stops working."""
    group.link_token = secrets.token_urlsafe(32)
    db.session.flush()
    return group.link_token


def revoke_link(group: BreakoutGroup) -> None:
    group.link_token = None
    db.session.flush()


def group_for_link(token: str) -> BreakoutGroup | None:
    """The group whose current link is `token`; None for a revoked, replaced or made-up one."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(sa.select(BreakoutGroup).where(BreakoutGroup.link_token == token))


def allowed_quadrants(group: BreakoutGroup) -> tuple[SwotQuadrant, ...]:
    """Where the group's rapporteur may add items: its quadrant, or all four."""
    if group.assignment == AssignmentKind.QUADRANT and group.quadrant is not None:
        return (group.quadrant,)
    return QUADRANTS


# ---------------------------------------------------------------- SWOT items


@dataclass
class ItemData:
    quadrant: SwotQuadrant
    text: str
    group: BreakoutGroup | None = None
    themes: list[Theme] = field(default_factory=list)


def _next_position(workshop_id: int, quadrant: SwotQuadrant) -> int:
    return (db.session.scalar(sa.select(sa.func.max(SwotItem.position)).where(
        SwotItem.workshop_id == workshop_id, SwotItem.quadrant == quadrant)) or 0) + 1


def _check_group(workshop_id: int, group: BreakoutGroup | None) -> None:
    if group is not None and group.workshop_id != workshop_id:
        raise OtherWorkshop()


def _checked_themes(themes: Iterable[Theme], current: Iterable[Theme] = ()) -> list[Theme]:
    """Active themes; one no longer active may stay on an item that already has it."""
    kept = {theme.id for theme in current}
    unique = list({theme.id: theme for theme in themes}.values())
    if any(not theme.active and theme.id not in kept for theme in unique):
        raise InactiveTheme()
    return unique


def add_item(workshop: Workshop, data: ItemData, by: User | None) -> SwotItem:
    """A facilitator's item, at the end of its quadrant."""
    text = clean_text(data.text)
    _check_group(workshop.id, data.group)
    item = SwotItem(workshop_id=workshop.id, quadrant=data.quadrant, text=text, group=data.group,
                    position=_next_position(workshop.id, data.quadrant), created_by=by, via_group_link=False,
                    themes=_checked_themes(data.themes))
    db.session.add(item)
    db.session.flush()
    return item


def add_group_item(group: BreakoutGroup, quadrant: SwotQuadrant, text: str) -> SwotItem:
    """An item typed by the group's rapporteur through the group link: always the group's own workshop."""
    if quadrant not in allowed_quadrants(group):
        raise WrongQuadrant()
    item = SwotItem(workshop_id=group.workshop_id, quadrant=quadrant, text=clean_text(text), group=group,
                    position=_next_position(group.workshop_id, quadrant), via_group_link=True)
    db.session.add(item)
    db.session.flush()
    return item


def duplicates_of(item: SwotItem) -> list[SwotItem]:
    """The items merged into `item`, oldest first."""
    return list(db.session.scalars(sa.select(SwotItem).where(SwotItem.merged_into_id == item.id)
                                   .order_by(SwotItem.id)))


def update_item(item: SwotItem, data: ItemData) -> SwotItem:
    """Text, quadrant, group and themes. Moved to another quadrant, it goes last there, with the
    duplicates merged into it."""
    if item.merged_into_id is not None:
        raise ItemMerged()
    text = clean_text(data.text)
    _check_group(item.workshop_id, data.group)
    themes = _checked_themes(data.themes, item.themes)
    if data.quadrant != item.quadrant:
        item.position = _next_position(item.workshop_id, data.quadrant)
        for duplicate in duplicates_of(item):
            duplicate.quadrant = data.quadrant
        item.quadrant = data.quadrant
    item.text = text
    item.group = data.group
    item.themes = themes
    db.session.flush()
    return item


def _restore(duplicate: SwotItem) -> None:
    duplicate.merged_into = None
    duplicate.position = _next_position(duplicate.workshop_id, duplicate.quadrant)
    db.session.flush()


def delete_item(item: SwotItem) -> int:
    """Delete one item; the duplicates merged into it come back on the board (returns how many)."""
    duplicates = duplicates_of(item)
    for duplicate in duplicates:
        _restore(duplicate)
    db.session.delete(item)
    db.session.flush()
    return len(duplicates)


def visible_items(workshop_id: int, quadrant: SwotQuadrant) -> list[SwotItem]:
    """A quadrant's items on the board (merged duplicates left out), in their order."""
    return list(db.session.scalars(
        sa.select(SwotItem).where(SwotItem.workshop_id == workshop_id, SwotItem.quadrant == quadrant,
                                  SwotItem.merged_into_id.is_(None))
        .order_by(SwotItem.position, SwotItem.id)))


def move_item(item: SwotItem, step: int) -> None:
    """One place up (step -1) or down (+1) within its quadrant."""
    if item.merged_into_id is not None:
        raise ItemMerged()
    items = visible_items(item.workshop_id, item.quadrant)
    index = next(i for i, other in enumerate(items) if other.id == item.id)
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        each.position = position
    db.session.flush()


def merge_candidates(item: SwotItem) -> list[SwotItem]:
    """Where `item` can be merged: the other items of its quadrant on the board."""
    return [other for other in visible_items(item.workshop_id, item.quadrant) if other.id != item.id]


def merge_item(item: SwotItem, target: SwotItem, wording: str = "") -> SwotItem:
    """Hide `item` as a duplicate of `target` (it stays stored, with its group); `target` gets the
    item's themes and, when given, a new `wording` combining both. Duplicates of `item` follow it."""
    if (item.id == target.id or item.workshop_id != target.workshop_id or item.quadrant != target.quadrant
            or item.merged_into_id is not None or target.merged_into_id is not None):
        raise CannotMerge()
    text = clean_text(wording) if wording.strip() else target.text
    for duplicate in duplicates_of(item):
        duplicate.merged_into = target
    item.merged_into = target
    target.text = text
    target.themes = list({theme.id: theme for theme in [*target.themes, *item.themes]}.values())
    db.session.flush()
    return target


def unmerge_item(item: SwotItem) -> SwotItem:
    """Put a merged duplicate back on the board, last in its quadrant."""
    if item.merged_into_id is None:
        raise NotMerged()
    _restore(item)
    return item


def group_items(group: BreakoutGroup) -> list[SwotItem]:
    """Everything the group has on the board, merged duplicates included, by quadrant then order."""
    items = db.session.scalars(sa.select(SwotItem).where(SwotItem.group_id == group.id)
                               .order_by(SwotItem.position, SwotItem.id))
    return sorted(items, key=lambda item: QUADRANTS.index(item.quadrant))


def _check_own(group: BreakoutGroup, item: SwotItem) -> None:
    if item.group_id != group.id or not item.via_group_link:
        raise NotYourItem()
    if item.merged_into_id is not None:
        raise ItemMerged()


def update_group_item(group: BreakoutGroup, item: SwotItem, text: str) -> SwotItem:
    """The rapporteur corrects an item their group added through the link."""
    _check_own(group, item)
    item.text = clean_text(text)
    db.session.flush()
    return item


def delete_group_item(group: BreakoutGroup, item: SwotItem) -> None:
    """The rapporteur withdraws an item their group added, unless others were merged into it."""
    _check_own(group, item)
    if duplicates_of(item):
        raise ItemCombinesOthers()
    db.session.delete(item)
    db.session.flush()


# ---------------------------------------------------------------- the board


@dataclass(frozen=True)
class BoardItem:
    """An item on the board, with the groups it comes from (its own, then those of its duplicates)."""

    item: SwotItem
    groups: tuple[str, ...]
    duplicates: tuple[SwotItem, ...]


@dataclass(frozen=True)
class BoardQuadrant:
    quadrant: SwotQuadrant
    items: tuple[BoardItem, ...]


def board(workshop: Workshop) -> list[BoardQuadrant]:
    """The four quadrants in order, each with its items on the board (what the board page, the projector,
    its JSON and the exports show)."""
    items = list(db.session.scalars(
        sa.select(SwotItem).where(SwotItem.workshop_id == workshop.id)
        .order_by(SwotItem.position, SwotItem.id)
        .options(selectinload(SwotItem.themes), selectinload(SwotItem.group))))
    duplicates: dict[int, list[SwotItem]] = defaultdict(list)
    for item in sorted(items, key=lambda each: each.id):
        if item.merged_into_id is not None:
            duplicates[item.merged_into_id].append(item)
    quadrants = []
    for quadrant in QUADRANTS:
        shown = []
        for item in items:
            if item.quadrant != quadrant or item.merged_into_id is not None:
                continue
            merged = tuple(duplicates.get(item.id, ()))
            names = [each.group.name for each in (item, *merged) if each.group is not None]
            shown.append(BoardItem(item, tuple(dict.fromkeys(names)), merged))
        quadrants.append(BoardQuadrant(quadrant, tuple(shown)))
    return quadrants


# ---------------------------------------------------------------- counters for the indicators


@dataclass(frozen=True)
class GroupCount:
    group_id: int
    name: str
    items: int


@dataclass(frozen=True)
class SwotCounts:
    """A workshop's group-work figures. `items` and `by_quadrant` count the consolidated board (merged
    duplicates left out); `by_group` counts what each group contributed, duplicates included."""

    groups: int
    items: int
    by_quadrant: dict[SwotQuadrant, int]
    by_group: tuple[GroupCount, ...]
    without_group: int  # contributed by no group (typed by facilitators for the plenary)
    merged: int
    via_group_link: int


def swot_counts(workshop: Workshop) -> SwotCounts:
    """The one place the indicators read group-work numbers from (aggregate queries over the rows)."""
    of_workshop = SwotItem.workshop_id == workshop.id
    by_quadrant = dict.fromkeys(QUADRANTS, 0)
    by_quadrant.update({SwotQuadrant(quadrant): count for quadrant, count in db.session.execute(
        sa.select(SwotItem.quadrant, sa.func.count(SwotItem.id))
        .where(of_workshop, SwotItem.merged_into_id.is_(None)).group_by(SwotItem.quadrant))})
    by_group = tuple(GroupCount(group_id, name, count) for group_id, name, count in db.session.execute(
        sa.select(BreakoutGroup.id, BreakoutGroup.name, sa.func.count(SwotItem.id))
        .outerjoin(SwotItem, SwotItem.group_id == BreakoutGroup.id)
        .where(BreakoutGroup.workshop_id == workshop.id)
        .group_by(BreakoutGroup.id, BreakoutGroup.name, BreakoutGroup.position)
        .order_by(BreakoutGroup.position, BreakoutGroup.id)))
    total, merged, via_link, without_group = db.session.execute(sa.select(
        sa.func.count(SwotItem.id),
        sa.func.count(SwotItem.merged_into_id),
        sa.func.count(SwotItem.id).filter(SwotItem.via_group_link.is_(True)),
        sa.func.count(SwotItem.id).filter(SwotItem.group_id.is_(None)),
    ).where(of_workshop)).one()
    return SwotCounts(groups=len(by_group), items=total - merged, by_quadrant=by_quadrant, by_group=by_group,
                      without_group=without_group, merged=merged, via_group_link=via_link)
