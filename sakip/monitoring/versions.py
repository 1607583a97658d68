"""The version of an agency's performance data for a year: a token that changes whenever anything
the capaian, categories, budget absorption and data-collection status of that year are computed
from changes. Pages that are costly to compute (the dashboard, the regency view) keep their
figures in the cache under this token, so a change shows at once (a new token, a new entry) and
nothing needs to be invalidated by hand.

What counts: the reporting periods (opened, locked, reopened), the units' submissions (sent,
returned, accepted) and their realisasi, the Rencana Aksi, the plan (objectives, indicators,
targets, programs to sub-activities, budgets), the units (names, any unit's change counts), and the agency profile (category
scale, explanation threshold). For each, the latest change time (`updated_at`, set by every save of
a `TimeStampedModel`) and the number of rows (a deletion lowers it). Rows without timestamps
(quarter targets, monthly progress) change only inside a Rencana Aksi or a submission still being
written, whose own status change (submit, accept) moves the token.

One query for any number of agencies, for one year or for a span of years (`since`): a page
that also reads earlier years (the dashboard's Renstra trend) keys its entry by the token of the
whole span, which moves with a change in any of its years.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery, Value

from sakip.organization.models import AgencyProfile, Unit
from sakip.planning.action_plan_models import ActionPlan
from sakip.planning.models import (
    Activity,
    Budget,
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    Program,
    SubActivity,
)

from .models import Realisasi, ReportingPeriod, UnitSubmission


def _sources(first: int, last: int) -> dict[str, QuerySet]:
    """Per source, its rows of the agency `OuterRef("pk")` for the years `first` to `last` (the
    rows of those years where rows have one, else those of the Renstra covering any of them)."""
    agency = OuterRef("pk")
    years = (first, last)
    renstra = {
        "renstra__agency": agency,
        "renstra__start_year__lte": last,
        "renstra__end_year__gte": first,
    }

    def under(prefix: str) -> dict:
        return {f"{prefix}__{key}": value for key, value in renstra.items()}

    return {
        "periods": ReportingPeriod.objects.filter(agency=agency, year__range=years),
        "submissions": UnitSubmission.objects.filter(
            period__agency=agency, period__year__range=years
        ),
        "realisasi": Realisasi.objects.filter(
            submission__period__agency=agency, submission__period__year__range=years
        ),
        "action_plans": ActionPlan.objects.filter(agency=agency, year__range=years),
        "goals": Goal.objects.filter(**renstra),
        "objectives": Objective.objects.filter(**under("goal")),
        "indicators": Indicator.objects.filter(**under("objective__goal")),
        "targets": IndicatorTarget.objects.filter(**under("indicator__objective__goal")),
        "programs": Program.objects.filter(**renstra),
        "activities": Activity.objects.filter(**under("program")),
        "sub_activities": SubActivity.objects.filter(**under("activity__program")),
        "budgets": Budget.objects.filter(
            year__range=years, **under("sub_activity__activity__program")
        ),
        # Every unit of the installation: a correlated prefix match on the path costs more than
        # an agency's whole page; renaming a unit is rare enough to refresh every agency's entry.
        "units": Unit.objects.all(),
        "profile": AgencyProfile.objects.filter(agency=agency),
    }


def _aggregate(rows: QuerySet, aggregate: Max | Count) -> Subquery:
    """An aggregate over all the rows as a correlated subquery (grouped by a constant: one row)."""
    return Subquery(
        rows.order_by()
        .annotate(whole=Value(1, output_field=IntegerField()))
        .values("whole")
        .annotate(result=aggregate)
        .values("result")[:1]
    )


@lru_cache(maxsize=128)
def _compiled(first: int, last: int, agencies: int) -> tuple[str, tuple[Any, ...], tuple[int, ...]]:
    """The query's SQL for `agencies` agencies of the years `first` to `last`, built once per
    process: the ORM takes longer to build these 28 subqueries than the database takes to answer
    them. The agency ids are placeholders (negative, never a real pk): their positions in the
    parameters are returned, to put the real ids in."""
    annotations = {}
    for name, rows in _sources(first, last).items():
        annotations[f"{name}_latest"] = _aggregate(rows, Max("updated_at"))
        annotations[f"{name}_count"] = _aggregate(rows, Count("pk"))
    placeholders = [-(i + 1) for i in range(agencies)]
    query = (
        Unit.objects.filter(pk__in=placeholders)
        .annotate(**annotations)
        .values_list("pk", *annotations)
        .query
    )
    sql, params = query.sql_with_params()
    positions = tuple(i for i, value in enumerate(params) if value in placeholders)
    assert len(positions) == agencies, "every placeholder appears once in the parameters"
    return sql, tuple(params), positions


def data_versions(
    agency_ids: Iterable[int], year: int, *, since: int | None = None
) -> dict[int, str]:
    """A short token per agency for its performance data of `year`, or of the years `since` to
    `year` when given (one query either way)."""
    ids = sorted(set(agency_ids))
    if not ids:
        return {}
    first = year if since is None else min(since, year)
    sql, template, positions = _compiled(first, year, len(ids))
    params = list(template)
    for position, pk in zip(positions, ids, strict=True):
        params[position] = pk
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {row[0]: hashlib.sha256(repr(row[1:]).encode()).hexdigest()[:20] for row in rows}
