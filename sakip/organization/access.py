"""The one access layer: who may see and change what, derived from the positions a user holds today.

`access_for(user)` computes, once per request, the user's `UserAccess`: their roles, the unit-path
prefixes they may view and change, the units they work in and head, the agencies they belong to.
It is the only source of scope. Every domain model's queryset narrows itself with
`.restrict(user, action)` (`ScopedQuerySet`, whose per-model rule lives in the model's app and
reads this object), and views fetch single objects through `get_object_for_user` or the app's
access helpers, which answer 404 for objects outside the user's scope (NetBox
RestrictedQuerySet; Healthchecks _get_check_for_user). See docs/decisions/0002-access-from-positions.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sakip.core import data_stamp
from sakip.core.kept import kept
from sakip.core.querysets import ACTIONS, NOTHING, Action, RestrictedQuerySet, UserLike

from .choices import KASUBAG_ROLES, Role

if TYPE_CHECKING:
    from .models import Unit

__all__ = [
    "ACTIONS",
    "AGENCY_WIDE_VIEW_ROLES",
    "NOTHING",
    "PLANNER_ROLES",
    "STARTER_ROLES",
    "Action",
    "ScopedQuerySet",
    "UserAccess",
    "access_for",
    "ancestor_paths",
    "get_object_for_user",
    "restrict",
    "via",
]

# Roles whose holder works for the whole agency, not only their own unit (SOP 1 and 2 lanes).
AGENCY_WIDE_VIEW_ROLES = {Role.AGENCY_HEAD, Role.SECRETARY, *KASUBAG_ROLES, Role.PLANNING_STAFF}
# Roles that maintain the agency's performance plan (Renstra, indicators, targets, budget).
PLANNER_ROLES = {*KASUBAG_ROLES, Role.PLANNING_STAFF}
# Who may start a run of an agency's SOP: the planners and the officials who give the disposition.
STARTER_ROLES = PLANNER_ROLES | {Role.AGENCY_HEAD, Role.SECRETARY}

_M = TypeVar("_M", bound=Model)


def ancestor_paths(paths: set[str]) -> set[str]:
    """Every prefix path of the given unit paths: "/1/4/9/" gives "/1/", "/1/4/", "/1/4/9/"."""
    result: set[str] = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        for i in range(1, len(parts) + 1):
            result.add("/" + "/".join(parts[:i]) + "/")
    return result


def _prefix_q(lookup: str, paths: set[str]) -> Q:
    """Objects whose `lookup` (a unit path) starts with one of `paths`; none for no paths."""
    query = NOTHING
    for prefix in sorted(paths):
        query |= Q(**{f"{lookup}__startswith": prefix})
    return query


def _path_lookup(unit_field: str) -> str:
    return f"{unit_field}__path" if unit_field else "path"


@dataclass
class UserAccess:
    """The scope of one user, computed once per request from the positions they hold today."""

    user_id: int | None = None
    is_admin: bool = False
    roles: set[str] = field(default_factory=set)
    # Unit-path prefixes: everything at or below them may be viewed / changed (the plan).
    view_paths: set[str] = field(default_factory=set)
    change_paths: set[str] = field(default_factory=set)
    # The units the user holds a position in, and their paths.
    own_unit_ids: set[int] = field(default_factory=set)
    own_unit_paths: set[str] = field(default_factory=set)
    # The units the user heads (definitive or acting, Plt/Plh), and their paths.
    head_unit_ids: set[int] = field(default_factory=set)
    head_paths: set[str] = field(default_factory=set)
    # What the agency-wide roles see whole: their agency; the regency viewer: the regency.
    wide_paths: set[str] = field(default_factory=set)
    # The regencies the user reads as a regency viewer (Bagian Organisasi): also in `view_paths`
    # and `wide_paths`, but of the units' work they see the settled part only (`settled_q`).
    regency_paths: set[str] = field(default_factory=set)
    # The agencies the user works in, and those whose SOP runs they may start.
    agency_ids: set[int] = field(default_factory=set)
    # Their names (the top bar shows the one agency the user works in).
    agency_names: dict[int, str] = field(default_factory=dict)
    starter_agency_ids: set[int] = field(default_factory=set)

    def signature(self) -> str:
        """A short token of everything this access lets its user see and change: what is kept in
        the cache per viewer is kept under it, so a changed position shows at once."""
        parts = [
            self.user_id,
            self.is_admin,
            *(
                sorted(getattr(self, name))
                for name in (
                    "roles",
                    "view_paths",
                    "change_paths",
                    "own_unit_ids",
                    "own_unit_paths",
                    "head_unit_ids",
                    "head_paths",
                    "wide_paths",
                    "regency_paths",
                    "agency_ids",
                    "starter_agency_ids",
                )
            ),
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]

    # --- who ---------------------------------------------------------------------------------

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_planner(self) -> bool:
        return self.is_admin or bool(self.roles & PLANNER_ROLES)

    @property
    def can_start_runs(self) -> bool:
        return self.is_admin or bool(self.starter_agency_ids)

    @property
    def line_paths(self) -> set[str]:
        """The paths of the units the user works in and of every unit above them: the people of a
        unit below work on the unit's document too (a Kepala Seksi on their Bidang's form, plan
        and quarterly data)."""
        return ancestor_paths(self.own_unit_paths)

    @property
    def reads_regency(self) -> bool:
        """A regency viewer (not an administrator): reads the regency's settled work only."""
        return not self.is_admin and bool(self.regency_paths)

    def without_regency(self) -> UserAccess:
        """This access as the user's other positions give it, without the regency reader's."""
        return replace(
            self,
            view_paths=self.view_paths - self.regency_paths,
            wide_paths=self.wide_paths - self.regency_paths,
            regency_paths=set(),
        )

    # --- about one unit ------------------------------------------------------------------------

    def paths(self, action: Action) -> set[str]:
        return self.view_paths if action == "view" else self.change_paths

    def covers(self, unit: Unit, action: Action) -> bool:
        """Whether `unit` lies in the user's scope for `action` (agency-wide roles: the agency)."""
        return self.is_admin or any(unit.path.startswith(p) for p in self.paths(action))

    def plans(self, agency: Unit) -> bool:
        """The agency's planners (Kasubag, planning staff) and administrators: they change the
        plan and act on every unit's documents of the agency."""
        return self.is_admin or (self.is_planner and self.covers(agency, "change"))

    def works_in(self, unit: Unit) -> bool:
        """The people of the unit and of the units below it (a seksi works on its bidang's data);
        administrators."""
        return self.is_admin or any(path.startswith(unit.path) for path in self.own_unit_paths)

    def heads(self, unit: Unit) -> bool:
        """Whether the user heads `unit` today (definitive or acting)."""
        return unit.pk in self.head_unit_ids

    # --- filters (None: everything) ------------------------------------------------------------

    def unit_q(self, action: Action, unit_field: str) -> Q | None:
        """A filter for objects whose `unit_field` lies in scope; None means everything.

        An empty `unit_field` filters units themselves.
        """
        if self.is_admin:
            return None
        return _prefix_q(_path_lookup(unit_field), self.paths(action))

    def line_q(self, unit_field: str) -> Q:
        """Objects of the units the user works in and of the units above them (`line_paths`)."""
        return Q(**{f"{_path_lookup(unit_field)}__in": sorted(self.line_paths)})

    def unit_work_q(self, unit_field: str) -> Q | None:
        """Objects kept per unit (an RKT form, a Rencana Aksi, a quarter's data): those of the
        units in the view scope, and those of the units the user works in and above them (a
        Kepala Seksi works on their Bidang's). None means everything."""
        in_scope = self.unit_q("view", unit_field)
        return None if in_scope is None else in_scope | self.line_q(unit_field)

    def wide_q(self, unit_field: str) -> Q:
        """Objects whose `unit_field` lies in what the user sees whole (`wide_paths`)."""
        return _prefix_q(_path_lookup(unit_field), self.wide_paths)

    def head_q(self, unit_field: str) -> Q:
        """Objects whose `unit_field` lies at or below a unit the user heads."""
        return _prefix_q(_path_lookup(unit_field), self.head_paths)

    def agency_q(self, agency_field: str) -> Q | None:
        """Objects of the agencies the user sees (agency-wide and regency roles) or works in."""
        if self.is_admin:
            return None
        scope = self.unit_q("view", agency_field)
        assert scope is not None
        return scope | Q(**{f"{agency_field}_id__in": sorted(self.agency_ids)})

    def settled_q(
        self, rule: Callable[[UserAccess], Q | None], unit_field: str, settled: Q
    ) -> Q | None:
        """The view rule of a unit's or agency's work that has drafts (a quarter's data, an RKT
        form, a Rencana Aksi, a generated document): `rule` as it reads the access; a regency
        viewer sees, through the regency, only what `settled` admits (locked, accepted,
        published), never a unit's drafts. None means everything."""
        if not self.reads_regency:
            return rule(self)
        own = rule(self.without_regency())
        if own is None:
            return None
        return own | (_prefix_q(_path_lookup(unit_field), self.regency_paths) & settled)

    def admin_only(self) -> Q | None:
        """The rule of what only administrators may do."""
        return None if self.is_admin else NOTHING


# The unit a position is in and its ancestors, as far up as an agency can be (a Seksi sits in a
# Bidang in the agency; a regency's root is one more level up).
_CHAIN = (
    "position__unit",
    "position__unit__parent",
    "position__unit__parent__parent",
    "position__unit__parent__parent__parent",
)
_UNIT_COLUMNS = ("id", "path", "kind", "name")


@lru_cache(maxsize=1)
def _holdings_sql() -> tuple[str, tuple[str, ...]]:
    """The SQL of a user's active holdings as plain columns, with `%s` placeholders for the user
    and the day, built once per process: building it took the ORM longer than the database takes
    to answer it, and every signed-in request asks it."""
    from .models import PositionHolding

    day = date(1900, 1, 1)
    query = (
        PositionHolding.objects.filter(employee__user_id=-1, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by()
        .values_list(
            "position__role",
            "position__is_unit_head",
            *(f"{unit}__{column}" for unit in _CHAIN for column in _UNIT_COLUMNS),
        )
        .query
    )
    sql, params = query.sql_with_params()
    day_param = connection.ops.adapt_datefield_value(day)
    names = tuple(
        "user" if value == -1 else "day" if value == day_param else "?" for value in params
    )
    assert set(names) == {"user", "day"}, params
    return sql, names


def _holding_rows(user_id: int, day: date) -> list[tuple[Any, ...]]:
    sql, names = _holdings_sql()
    values = {"user": user_id, "day": connection.ops.adapt_datefield_value(day)}
    with connection.cursor() as cursor:
        cursor.execute(sql, [values[name] for name in names])
        return cursor.fetchall()


# Raise when the columns of `_holdings_sql` change.
HOLDINGS_SCHEMA = 1


def _kept_holding_rows(user_id: int) -> list[tuple[Any, ...]]:
    """The user's active holdings today, kept in the cache under the people stamp
    (core/data_stamp.py), which every write to positions, holdings, employees and units rewrites
    in its own transaction: a holding ended or a unit moved applies on the next request, and the
    day is in the key, so a holding starting or ending at midnight does too."""
    day = timezone.localdate()
    token = data_stamp.current_token(data_stamp.PEOPLE)
    if token is None:
        return _holding_rows(user_id, day)
    key = f"holdings-{HOLDINGS_SCHEMA}:{user_id}:{day.isoformat()}:{token}"
    return kept(key, list, lambda: _holding_rows(user_id, day))


def _compute_access(user: UserLike | None) -> UserAccess:
    if user is None or not user.is_authenticated or not user.is_active:
        return UserAccess()
    from .choices import UnitKind

    access = UserAccess(user_id=user.pk, is_admin=user.is_superuser)
    width = len(_UNIT_COLUMNS)
    for row in _kept_holding_rows(user.pk):
        role, is_unit_head, chain = row[0], row[1], row[2:]
        units = [chain[i : i + width] for i in range(0, len(chain), width)]
        unit_id, unit_path = units[0][0], units[0][1]
        agency = next((u for u in units if u[0] is not None and u[2] == UnitKind.AGENCY), None)
        access.roles.add(role)
        access.own_unit_ids.add(unit_id)
        access.own_unit_paths.add(unit_path)
        if agency is not None:
            agency_id, agency_path, _kind, agency_name = agency
            access.agency_ids.add(agency_id)
            access.agency_names[agency_id] = agency_name
        if role == Role.REGENCY_VIEWER:
            regency_root = f"/{unit_path.split('/')[1]}/"
            access.view_paths.add(regency_root)
            access.wide_paths.add(regency_root)
            access.regency_paths.add(regency_root)
        elif role in AGENCY_WIDE_VIEW_ROLES and agency is not None:
            access.view_paths.add(agency_path)
            access.wide_paths.add(agency_path)
        else:
            access.view_paths.add(unit_path)
        if role in PLANNER_ROLES and agency is not None:
            access.change_paths.add(agency_path)
        if role in STARTER_ROLES and agency is not None:
            access.starter_agency_ids.add(agency_id)
        if is_unit_head:
            access.head_unit_ids.add(unit_id)
            access.head_paths.add(unit_path)
    return access


# The attribute that caches a user's access on the user object (request.user, a lazy object,
# passes it on to the user it wraps); no user class declares it.
_ACCESS_CACHE = "_sakip_access"


def access_for(user: UserLike | None) -> UserAccess:
    """The user's access, cached on the user object for the rest of the request."""
    cached = getattr(user, _ACCESS_CACHE, None)
    if cached is None:
        cached = _compute_access(user)
        if user is not None:
            setattr(user, _ACCESS_CACHE, cached)
    return cached


class ScopedQuerySet(RestrictedQuerySet[_M]):
    """A domain queryset whose rule reads the user's `UserAccess`.

    Subclasses (in each app's querysets.py) define `scope(access, action)`: the filter of the
    objects in scope, None for all of them.
    """

    def restriction(self, user: UserLike, action: Action) -> Q | None:
        return self.scope(access_for(user), action)

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        raise NotImplementedError(f"{self.model.__name__} has no access rule (scope).")

    def scoped(self, access: UserAccess, action: Action = "view") -> ScopedQuerySet[_M]:
        """`restrict` with an access object at hand: a related model's rule reads this one's
        (an evidence file is visible where its submission is)."""
        if not access.is_authenticated:
            return self.none()
        rule = self.scope(access, action)
        return self if rule is None else self.filter(rule)


def via(field: str, parent: ScopedQuerySet[Any], access: UserAccess, action: Action) -> Q | None:
    """The rule of a model that is in scope where its parent (reached by `field`) is: the
    parent's rule, as a subquery. None (everything) where the parent's rule is."""
    rule = parent.scope(access, action)
    return None if rule is None else Q(**{f"{field}__in": parent.filter(rule).values("pk")})


def restrict(
    queryset: QuerySet[Any], user: UserLike, action: Action, unit_field: str
) -> QuerySet[Any]:
    """Narrow any queryset to objects whose `unit_field` lies in the user's unit scope: the plain
    path rule, for a page that lists what a person sees whole (the agency's quarterly reports)."""
    query = access_for(user).unit_q(action, unit_field)
    return queryset if query is None else queryset.filter(query)


def get_object_for_user(
    queryset: QuerySet[Any], user: UserLike, action: Action, **lookup: Any
) -> Model:
    """Fetch one object the user may act on; anything else, existing or not, is a 404."""
    restricted = queryset.restrict(user, action)  # type: ignore[attr-defined]
    obj = restricted.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj
