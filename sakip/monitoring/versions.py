"""The version of an agency's performance data for a year: a token that changes whenever anything
the capaian, categories, budget absorption and data-collection status of that year are computed
from changes. Pages that are costly to compute (the dashboard, the regency view) keep their
figures in the cache under this token, so a change shows at once (a new token, a new entry) and
nothing needs to be invalidated by hand.

What counts: the reporting periods (opened, locked, reopened), the units' submissions (sent,
returned, accepted), their realisasi and evidence files, the Rencana Aksi, the plan (objectives,
indicators, targets, programs to sub-activities, budgets), the units (names, any unit's change
counts), and the agency profile (category scale, explanation threshold). For each, the latest
change time (`updated_at`, set by every save of a `TimeStampedModel`) and the number of rows (a
deletion lowers it). Rows without timestamps (quarter targets, monthly progress) change only inside
a Rencana Aksi or a submission still being written, whose own status change (submit, accept) moves
the token.

One query for any number of agencies, for one year or for a span of years (`since`): a page
that also reads earlier years (the dashboard's Renstra trend) keys its entry by the token of the
whole span, which moves with a change in any of its years.

That query costs 3-4 ms (most of it PostgreSQL planning fourteen aggregates), so each agency's
answer is kept in the cache under the installation's data stamp (core/data_stamp.py), which every
change to these sources rewrites in its own transaction: while nothing changes, a page reads the
stamp (one primary-key lookup) and the kept versions instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, IntegerField, Max, Model, QuerySet, Value

from sakip.core import data_stamp
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

from .models import Evidence, Realisasi, ReportingPeriod, UnitSubmission


def _sources(first: int, last: int) -> dict[str, tuple[QuerySet, str | None]]:
    """Per source, its rows of the years `first` to `last` (the rows of those years where rows
    have one, else those of the Renstra covering any of them) and the lookup of their agency
    (None: the rows count for every agency)."""
    years = (first, last)
    renstra = {"renstra__start_year__lte": last, "renstra__end_year__gte": first}

    def under(prefix: str) -> dict:
        return {f"{prefix}__{key}": value for key, value in renstra.items()}

    return {
        "periods": (ReportingPeriod.objects.filter(year__range=years), "agency"),
        "submissions": (
            UnitSubmission.objects.filter(period__year__range=years),
            "period__agency",
        ),
        "realisasi": (
            Realisasi.objects.filter(submission__period__year__range=years),
            "submission__period__agency",
        ),
        # Files are added and deleted, never changed: their upload time stands for a change.
        "evidence": (
            Evidence.objects.filter(realisasi__submission__period__year__range=years).annotate(
                updated_at=F("uploaded_at")
            ),
            "realisasi__submission__period__agency",
        ),
        "action_plans": (ActionPlan.objects.filter(year__range=years), "agency"),
        "goals": (Goal.objects.filter(**renstra), "renstra__agency"),
        "objectives": (Objective.objects.filter(**under("goal")), "goal__renstra__agency"),
        "indicators": (
            Indicator.objects.filter(**under("objective__goal")),
            "objective__goal__renstra__agency",
        ),
        "targets": (
            IndicatorTarget.objects.filter(**under("indicator__objective__goal")),
            "indicator__objective__goal__renstra__agency",
        ),
        "programs": (Program.objects.filter(**renstra), "renstra__agency"),
        "activities": (Activity.objects.filter(**under("program")), "program__renstra__agency"),
        "sub_activities": (
            SubActivity.objects.filter(**under("activity__program")),
            "activity__program__renstra__agency",
        ),
        "budgets": (
            Budget.objects.filter(year__range=years, **under("sub_activity__activity__program")),
            "sub_activity__activity__program__renstra__agency",
        ),
        # Every unit of the installation: a prefix match on the path per agency costs more than
        # an agency's whole page; renaming a unit is rare enough to refresh every agency's entry.
        "units": (Unit.objects.all(), None),
        "profile": (AgencyProfile.objects.all(), "agency"),
    }


SOURCES = tuple(_sources(2000, 2000))


def source_models() -> list[type[Model]]:
    """The models whose rows the versions are computed from (the stamp watches them)."""
    return [rows.model for rows, _agency in _sources(2000, 2000).values()]


@lru_cache(maxsize=128)
def _compiled(first: int, last: int, agencies: int) -> tuple[str, tuple[Any, ...], tuple[int, ...]]:
    """The query's SQL for `agencies` agencies of the years `first` to `last`, built once per
    process: per source, the latest change and the row count grouped by agency, all sources in
    one UNION ALL. (Correlated subqueries per agency, the first form, cost PostgreSQL more to plan
    than to run: 28 subplans.) The agency ids are placeholders (negative, never a real pk):
    their positions in the parameters are returned, to put the real ids in."""
    placeholders = [-(i + 1) for i in range(agencies)]
    parts = []
    for index, (rows, agency) in enumerate(_sources(first, last).values()):
        if agency is None:
            rows = rows.annotate(agency_key=Value(0, output_field=IntegerField()))
        else:
            rows = rows.filter(**{f"{agency}__in": placeholders}).annotate(agency_key=F(agency))
        parts.append(
            rows.order_by()
            .values("agency_key")
            .annotate(
                latest=Max("updated_at"),
                count=Count("pk"),
                source=Value(index, output_field=IntegerField()),
            )
            .values_list("source", "agency_key", "latest", "count")
        )
    sql, params = parts[0].union(*parts[1:], all=True).query.sql_with_params()
    positions = tuple(i for i, value in enumerate(params) if value in placeholders)
    assert len(positions) == agencies * (len(SOURCES) - 1), "each placeholder once per source"
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
    token = data_stamp.current_token()
    if token is None:
        return _computed(ids, first, year)
    # Per agency, so that a page of other agencies (a search, page two) reuses what it can.
    keys = {pk: f"data-version:{token}:{first}-{year}:{pk}" for pk in ids}
    kept = cache.get_many(list(keys.values()))
    versions = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [pk for pk in ids if pk not in versions]
    if missing:
        computed = _computed(missing, first, year)
        cache.set_many({keys[pk]: version for pk, version in computed.items()})
        versions.update(computed)
    return versions


def _computed(ids: list[int], first: int, year: int) -> dict[int, str]:
    sql, template, positions = _compiled(first, year, len(ids))
    params = list(template)
    for position in positions:  # placeholder -k stands for the k-th agency
        params[position] = ids[-template[position] - 1]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    every = {source: (latest, count) for source, key, latest, count in rows if key == 0}
    found = {(source, key): (latest, count) for source, key, latest, count in rows}
    versions = {}
    for pk in ids:
        state = tuple(
            every.get(index) or found.get((index, pk), (None, 0)) for index in range(len(SOURCES))
        )
        versions[pk] = hashlib.sha256(repr(state).encode()).hexdigest()[:20]
    return versions
