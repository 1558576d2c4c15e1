"""statewise.lint.facts: the field-presence lattice."""

from __future__ import annotations

from statewise.lint.facts import UNKNOWN, Cause, Fact, Presence, Slot, closed, from_literal, join, select, with_member

NULL = Cause("/States/A/OutputPath", "'OutputPath': null")
BUILT = Cause("/States/B/Result", "the Result")


def test_unknown_data_may_hold_anything():
    assert select(UNKNOWN, ("a", "b")).fact == Fact(Presence.MAYBE)


def test_a_closed_object_has_its_members_and_nothing_else():
    node = closed({"a": UNKNOWN}, NULL)
    assert select(node, ("a",)).fact == Fact(Presence.PRESENT)
    assert select(node, ("b",)).fact == Fact(Presence.ABSENT, NULL)
    assert select(node, ("b", "c")).fact == Fact(Presence.ABSENT, NULL)  # below a gone member, gone for its cause


def test_literals_know_their_kind():
    node = from_literal({"items": [1, 2], "n": 3}, BUILT)
    assert select(node, ("items", 0)).fact == Fact(Presence.MAYBE)  # elements are not tracked
    assert select(node, ("n", "x")).fact == Fact(Presence.ABSENT, BUILT)  # a number has no members
    assert select(node, ("items", "x")).fact == Fact(Presence.ABSENT, BUILT)


def test_join_keeps_what_both_paths_know_and_remembers_a_path_that_lost_it():
    kept = with_member(UNKNOWN, ("Result", "NextToken"), Slot(Fact(Presence.PRESENT), UNKNOWN))
    lost = closed({}, NULL)
    merged = join(kept, lost)
    assert select(merged, ("Result", "NextToken")).fact == Fact(Presence.MAYBE, NULL)
    assert join(kept, kept) == kept
    assert select(join(lost, lost), ("x",)).fact == Fact(Presence.ABSENT, NULL)


def test_writing_a_member_makes_its_parents_present_and_removing_one_keeps_them():
    written = with_member(UNKNOWN, ("a", "b"), Slot(Fact(Presence.PRESENT), UNKNOWN))
    assert select(written, ("a",)).fact == Fact(Presence.PRESENT)
    removed = with_member(UNKNOWN, ("a", "b"), Slot(Fact(Presence.ABSENT, NULL), UNKNOWN))
    assert select(removed, ("a",)).fact == Fact(Presence.MAYBE)
    assert select(removed, ("a", "b")).fact == Fact(Presence.ABSENT, NULL)
