"""Group work rules without HTTP: groups and their members, rapporteur and assignment, group links,
SWOT items (text kept as typed, order, themes, merging without loss) and the counters."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.db import LocalizedText
from app.events.models import Theme
from app.events.services import save_theme
from app.extensions import db
from app.groupwork.models import AssignmentKind, BreakoutGroup, SwotItem, SwotQuadrant
from app.groupwork.services import (
    MAX_TEXT,
    AlreadyInAGroup,
    CannotMerge,
    GroupData,
    GroupHasWork,
    GroupNameTaken,
    InactiveTheme,
    ItemCombinesOthers,
    ItemData,
    ItemMerged,
    NotAParticipant,
    NotMerged,
    NotYourItem,
    OtherWorkshop,
    QuadrantRequired,
    QuestionRequired,
    RapporteurNotMember,
    TextRequired,
    TextTooLong,
    TooManyGroups,
    WrongQuadrant,
    add_group_item,
    add_item,
    allowed_quadrants,
    board,
    create_group,
    delete_group,
    delete_group_item,
    delete_item,
    group_for_link,
    group_items,
    list_groups,
    merge_item,
    move_group,
    move_item,
    new_link,
    revoke_link,
    split_evenly,
    swot_counts,
    unmerge_item,
    update_group,
    update_group_item,
    update_item,
)
from app.registration.models import Registration, RegistrationStatus, Sex
from app.registration.services import PersonData, cancel_registration, create_participant, register
from tests import factories

S, W, O, T = SwotQuadrant.STRENGTHS, SwotQuadrant.WEAKNESSES, SwotQuadrant.OPPORTUNITIES, SwotQuadrant.THREATS


def _people(workshop, names: list[str], **data) -> list[Registration]:
    return [register(workshop, create_participant(PersonData(full_name=name, **data), None), None) for name in names]


@pytest.fixture
def workshop(app_ctx):
    return factories.make_workshop(days=factories.two_days())


def _items() -> int:
    return db.session.scalar(sa.select(sa.func.count(SwotItem.id)))


def _texts(workshop, quadrant: SwotQuadrant) -> list[str]:
    return [entry.item.text for entry in board(workshop)[list(SwotQuadrant).index(quadrant)].items]


# ---------------------------------------------------------------- groups


def test_groups_are_named_by_the_next_free_letter_and_ordered(workshop) -> None:
    a, b, c = (create_group(workshop) for _ in range(3))
    assert [a.name, b.name, c.name] == ["Group A", "Group B", "Group C"]
    assert [a.position, b.position, c.position] == [1, 2, 3]
    delete_group(b)
    assert create_group(workshop).name == "Group B"  # the first free letter
    assert create_group(workshop, "  Youth   team ").name == "Youth team"
    move_group(c, -1)
    move_group(a, -1)  # already first: nothing moves
    assert [g.name for g in list_groups(workshop)] == ["Group A", "Group C", "Group B", "Youth team"]


def test_group_names_are_unique_within_a_workshop(workshop) -> None:
    create_group(workshop, "Group A")
    with pytest.raises(GroupNameTaken):
        create_group(workshop, "group a")
    other = factories.make_workshop()
    assert create_group(other, "Group A").name == "Group A"  # another workshop may use it
    b = create_group(workshop)
    with pytest.raises(GroupNameTaken):
        update_group(b, GroupData(name="GROUP A"))


def test_at_most_twenty_six_groups(workshop) -> None:
    for _ in range(26):
        create_group(workshop)
    assert list_groups(workshop)[-1].name == "Group Z"
    with pytest.raises(TooManyGroups):
        create_group(workshop)


def test_a_person_is_in_one_group_only(workshop) -> None:
    zainab, ahmed = _people(workshop, ["Zainab Ali", "Ahmed Hassan"])
    a, b = create_group(workshop), create_group(workshop)
    update_group(a, GroupData(name="Group A", members=[zainab, ahmed], rapporteur=zainab))
    with pytest.raises(AlreadyInAGroup) as raised:
        update_group(b, GroupData(name="Group B", members=[ahmed]))
    assert str(raised.value.message) == ("Ahmed Hassan is already a member of Group A, and a person belongs to one "
                                         "group only. Remove them from Group A first.")
    assert b.members == [] and a.members == [zainab, ahmed]
    update_group(a, GroupData(name="Group A", members=[zainab], rapporteur=zainab))  # freed: now possible
    update_group(b, GroupData(name="Group B", members=[ahmed, ahmed]))
    assert b.members == [ahmed]


def test_members_are_confirmed_participants_of_the_workshop(workshop) -> None:
    group = create_group(workshop)
    confirmed, cancelled = _people(workshop, ["Noor", "Sara"])
    cancel_registration(cancelled, None)
    pending = register(workshop, create_participant(PersonData(full_name="Ali"), None), None,
                       status=RegistrationStatus.PENDING)
    stranger = _people(factories.make_workshop(), ["Omar"])[0]
    for refused in (cancelled, pending, stranger):
        with pytest.raises(NotAParticipant):
            update_group(group, GroupData(name="Group A", members=[confirmed, refused]))
    assert group.members == []


def test_the_rapporteur_is_a_member(workshop) -> None:
    inside, outside = _people(workshop, ["Noor", "Sara"])
    group = create_group(workshop)
    with pytest.raises(RapporteurNotMember):
        update_group(group, GroupData(name="Group A", members=[inside], rapporteur=outside))
    update_group(group, GroupData(name="Group A", members=[inside], rapporteur=inside))
    assert group.rapporteur is inside
    update_group(group, GroupData(name="Group A", members=[inside]))  # no rapporteur yet: allowed
    assert group.rapporteur is None


def test_an_assignment_needs_its_quadrant_or_question(workshop) -> None:
    group = create_group(workshop)
    assert group.assignment == AssignmentKind.ALL and allowed_quadrants(group) == (S, W, O, T)
    with pytest.raises(QuadrantRequired):
        update_group(group, GroupData(name="Group A", assignment=AssignmentKind.QUADRANT))
    with pytest.raises(QuestionRequired):
        update_group(group, GroupData(name="Group A", assignment=AssignmentKind.QUESTION))
    update_group(group, GroupData(name="Group A", assignment=AssignmentKind.QUADRANT, quadrant=T))
    assert allowed_quadrants(group) == (T,)
    question = LocalizedText(en="How can IHEC and CSOs work together?", ar="كيف تتعاون المفوضية ومنظمات المجتمع المدني؟")
    update_group(group, GroupData(name="Group A", assignment=AssignmentKind.QUESTION, quadrant=T, question=question))
    assert group.quadrant is None and group.question == question
    update_group(group, GroupData(name="Group A", assignment=AssignmentKind.ALL, question=question))
    assert group.question == question  # kept: nothing typed is lost


def test_split_evenly_shares_everyone_mixing_sexes(workshop) -> None:
    women = _people(workshop, [f"Woman {n}" for n in range(5)], sex=Sex.FEMALE)
    men = _people(workshop, [f"Man {n}" for n in range(5)], sex=Sex.MALE)
    late = register(workshop, create_participant(PersonData(full_name="Late"), None), None,
                    status=RegistrationStatus.WAITLISTED)
    first = create_group(workshop)
    spare = [create_group(workshop) for _ in range(3)]
    update_group(first, GroupData(name="Group A", members=[men[0]], rapporteur=men[0]))
    update_group(spare[-1], GroupData(name="Group D", members=[women[0]], rapporteur=women[0]))
    groups = split_evenly(workshop, 3)
    assert [g.name for g in groups] == ["Group A", "Group B", "Group C"]
    sizes = sorted(len(g.members) for g in groups)
    assert sizes == [3, 3, 4]
    everyone = [member.id for g in list_groups(workshop) for member in g.members]
    assert sorted(everyone) == sorted(r.id for r in women + men) and late.id not in everyone
    for group in groups:
        sexes = {member.participant.sex for member in group.members}
        assert sexes == {Sex.FEMALE, Sex.MALE}
    assert spare[-1].members == [] and spare[-1].rapporteur is None
    assert first.rapporteur in (None, *first.members)
    assert len(split_evenly(workshop, 5)) == 5 and len(list_groups(workshop)) == 5


# ---------------------------------------------------------------- group links


def test_group_links_are_random_revocable_and_replaceable(workshop) -> None:
    group = create_group(workshop)
    assert group.link_token is None and group_for_link("") is None
    token = new_link(group)
    assert len(token) >= 43 and group_for_link(token) is group
    assert new_link(create_group(workshop)) != token
    renewed = new_link(group)
    assert renewed != token and group_for_link(token) is None and group_for_link(renewed) is group
    revoke_link(group)
    assert group_for_link(renewed) is None
    assert group_for_link("x" * 500) is None and group_for_link(renewed[:-1] + "A") is None


def test_a_group_adds_only_to_its_quadrant_of_its_workshop(workshop) -> None:
    group = create_group(workshop)
    update_group(group, GroupData(name="Group D", assignment=AssignmentKind.QUADRANT, quadrant=T))
    with pytest.raises(WrongQuadrant):
        add_group_item(group, S, "Credibility of CSOs")
    item = add_group_item(group, T, "Unstable security situation.")
    assert (item.workshop_id, item.group, item.via_group_link, item.created_by) == (workshop.id, group, True, None)
    assert _items() == 1


# ---------------------------------------------------------------- items


def test_text_is_kept_as_typed_within_the_limit(workshop) -> None:
    typed = "  مصداقية منظمات المجتمع المدني\r\nلدى الجمهور — The credibility of CSOs  "
    item = add_item(workshop, ItemData(S, typed), None)
    assert item.text == "مصداقية منظمات المجتمع المدني\nلدى الجمهور — The credibility of CSOs"
    assert add_item(workshop, ItemData(S, "x" * MAX_TEXT), None).text == "x" * MAX_TEXT
    with pytest.raises(TextTooLong) as raised:
        add_item(workshop, ItemData(S, "y" * (MAX_TEXT + 1)), None)
    assert "this text has 1,001" in str(raised.value.message)
    with pytest.raises(TextRequired):
        add_item(workshop, ItemData(S, " \r\n "), None)
    with pytest.raises(TextTooLong):
        add_group_item(create_group(workshop), W, "z" * 5000)
    assert add_item(workshop, ItemData(W, "nul\x00byte"), None).text == "nulbyte"  # PostgreSQL refuses NUL
    assert _items() == 3


def test_items_of_a_group_belong_to_the_same_workshop(workshop) -> None:
    elsewhere = create_group(factories.make_workshop())
    with pytest.raises(OtherWorkshop):
        add_item(workshop, ItemData(S, "Point", group=elsewhere), None)
    item = add_item(workshop, ItemData(S, "Point"), None)
    with pytest.raises(OtherWorkshop):
        update_item(item, ItemData(S, "Point", group=elsewhere))


def test_order_within_a_quadrant(workshop) -> None:
    first, second, third = (add_item(workshop, ItemData(W, text), None) for text in ("one", "two", "three"))
    add_item(workshop, ItemData(S, "elsewhere"), None)
    move_item(third, -1)
    assert _texts(workshop, W) == ["one", "three", "two"]
    move_item(first, -1)  # already first
    move_item(second, 1)  # already last
    move_item(first, 1)
    assert _texts(workshop, W) == ["three", "one", "two"] and _texts(workshop, S) == ["elsewhere"]
    assert add_item(workshop, ItemData(W, "four"), None).position == 4


def test_merge_hides_a_duplicate_but_keeps_it(workshop) -> None:
    a, c = create_group(workshop), create_group(workshop)
    themes = db.session.scalars(sa.select(Theme).where(Theme.active.is_(True)).order_by(Theme.id)).all()[:2]
    target = add_item(workshop, ItemData(T, "Media spreading misinformation.", a, [themes[0]]), None)
    duplicate = add_group_item(c, T, "Misinformation on social media")
    other = add_item(workshop, ItemData(S, "Strength"), None)
    with pytest.raises(CannotMerge):
        merge_item(duplicate, other)  # another quadrant
    with pytest.raises(CannotMerge):
        merge_item(target, target)
    duplicate.themes = [themes[1]]
    merge_item(duplicate, target, "Media and social media spreading misinformation.")
    entries = board(workshop)[3].items
    assert [entry.item.text for entry in entries] == ["Media and social media spreading misinformation."]
    assert entries[0].groups == ("Group A", "Group B") and entries[0].duplicates == (duplicate,)
    assert {theme.id for theme in target.themes} == {themes[0].id, themes[1].id}
    stored = db.session.get(SwotItem, duplicate.id)
    assert stored.text == "Misinformation on social media" and stored.group is c and stored.merged_into is target
    with pytest.raises(CannotMerge):
        merge_item(other, duplicate)  # not into a hidden item
    with pytest.raises(ItemMerged):
        update_item(duplicate, ItemData(T, "changed"))
    with pytest.raises(ItemMerged):
        move_item(duplicate, 1)
    with pytest.raises(TextTooLong):
        merge_item(add_item(workshop, ItemData(T, "third"), None), target, "w" * 1001)
    unmerge_item(duplicate)
    assert _texts(workshop, T) == ["Media and social media spreading misinformation.", "third",
                                   "Misinformation on social media"]
    with pytest.raises(NotMerged):
        unmerge_item(duplicate)


def test_merging_into_a_merged_item_follows_to_the_end(workshop) -> None:
    one, two, three = (add_item(workshop, ItemData(O, text), None) for text in ("one", "two", "three"))
    merge_item(one, two)
    merge_item(two, three)  # one was merged into two: it follows to three
    assert one.merged_into is three and two.merged_into is three
    assert [entry.item.text for entry in board(workshop)[2].items] == ["three"]
    assert board(workshop)[2].items[0].duplicates == (one, two)


def test_deleting_a_target_brings_its_duplicates_back(workshop) -> None:
    keep, duplicate = add_item(workshop, ItemData(S, "keep"), None), add_item(workshop, ItemData(S, "dup"), None)
    merge_item(duplicate, keep)
    assert delete_item(keep) == 1
    assert _texts(workshop, S) == ["dup"] and duplicate.merged_into is None


def test_moving_an_item_to_another_quadrant_takes_its_duplicates(workshop) -> None:
    target, duplicate = add_item(workshop, ItemData(S, "a"), None), add_item(workshop, ItemData(S, "b"), None)
    add_item(workshop, ItemData(W, "w1"), None)
    merge_item(duplicate, target)
    update_item(target, ItemData(W, "a, now a weakness"))
    assert (target.quadrant, duplicate.quadrant, target.position) == (W, W, 2)
    assert _texts(workshop, W) == ["w1", "a, now a weakness"] and _texts(workshop, S) == []


def test_themes_in_use_only_but_kept_where_already_set(workshop) -> None:
    theme = save_theme(LocalizedText(en="Youth outreach online"), active=True)
    item = add_item(workshop, ItemData(O, "Youth on TikTok", themes=[theme, theme]), None)
    assert item.themes == [theme]
    theme.active = False
    update_item(item, ItemData(O, "Youth on TikTok and Instagram", themes=[theme]))
    assert item.themes == [theme]
    with pytest.raises(InactiveTheme):
        add_item(workshop, ItemData(O, "Other", themes=[theme]), None)


def test_a_group_with_items_is_not_deleted(workshop) -> None:
    group = create_group(workshop)
    add_group_item(group, S, "Point")
    with pytest.raises(GroupHasWork):
        delete_group(group)
    assert db.session.get(BreakoutGroup, group.id) is not None


def test_rapporteur_changes_only_own_items(workshop) -> None:
    mine, theirs = create_group(workshop), create_group(workshop)
    item = add_group_item(mine, S, "typo")
    update_group_item(mine, item, "fixed")
    assert item.text == "fixed"
    for group, target in ((theirs, item), (mine, add_item(workshop, ItemData(S, "facilitator's", mine), None))):
        with pytest.raises(NotYourItem):
            update_group_item(group, target, "hijack")
    other = add_group_item(theirs, S, "theirs")
    merge_item(other, item)
    with pytest.raises(ItemCombinesOthers):
        delete_group_item(mine, item)
    unmerge_item(other)
    delete_group_item(mine, item)
    assert [i.text for i in group_items(mine)] == ["facilitator's"]


# ---------------------------------------------------------------- counters


def test_counters_for_the_indicators(workshop) -> None:
    a, b = create_group(workshop), create_group(workshop)
    for text in ("s1", "s2", "s3"):
        add_group_item(a, S, text)
    w1 = add_group_item(b, W, "w1")
    w2 = add_item(workshop, ItemData(W, "w2", b), None)
    add_item(workshop, ItemData(T, "plenary"), None)
    merge_item(w2, w1)
    counts = swot_counts(workshop)
    assert counts.groups == 2 and counts.items == 5 and counts.merged == 1 and counts.via_group_link == 4
    assert counts.by_quadrant == {S: 3, W: 1, O: 0, T: 1}
    assert [(c.name, c.items) for c in counts.by_group] == [("Group A", 3), ("Group B", 2)]
    assert counts.without_group == 1
    empty = swot_counts(factories.make_workshop())
    assert (empty.groups, empty.items, empty.by_group, sum(empty.by_quadrant.values())) == (0, 0, (), 0)
