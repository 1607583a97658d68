"""The access signature: what is kept in the cache per viewer is kept under it, so it must change
with anything the access lets its user see or change."""

from __future__ import annotations

import dataclasses

from sakip.organization.access import UserAccess

# Display only: the top bar's agency name grants nothing.
NOT_SCOPE = {"agency_names"}


def _other(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int) or value is None:
        return (value or 0) + 1
    if isinstance(value, set):
        return value | {"/x/" if not value or isinstance(next(iter(value)), str) else 99}
    raise AssertionError(f"no other value for {value!r}")


def test_every_field_of_the_access_moves_the_signature():
    base = UserAccess(
        user_id=7,
        roles={"kasubag"},
        view_paths={"/1/"},
        change_paths={"/1/"},
        own_unit_ids={3},
        own_unit_paths={"/1/3/"},
        head_unit_ids={3},
        head_paths={"/1/3/"},
        wide_paths={"/1/"},
        regency_paths=set(),
        agency_ids={1},
        starter_agency_ids={1},
    )
    for item in dataclasses.fields(UserAccess):
        if item.name in NOT_SCOPE:
            continue
        changed = dataclasses.replace(base, **{item.name: _other(getattr(base, item.name))})
        assert changed.signature() != base.signature(), item.name


def test_the_same_access_gives_the_same_signature():
    one = UserAccess(user_id=7, roles={"kasubag", "planning_staff"}, view_paths={"/1/", "/2/"})
    two = UserAccess(user_id=7, roles={"planning_staff", "kasubag"}, view_paths={"/2/", "/1/"})
    assert one.signature() == two.signature()
    assert dataclasses.replace(one, agency_names={1: "Dinas"}).signature() == one.signature()
