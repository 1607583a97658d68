"""Screens of the performance plan: the plan tree, an indicator's page, and the create/edit forms.

Views stay thin: objects come through `get_object_for_user` (404 outside the user's scope; create
and edit pages ask for "change", which only the agency's planners hold), reads through selectors,
writes through services, whose ValidationErrors the forms put next to their fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import AuthenticatedHttpRequest, Viewer
from sakip.core import data_stamp
from sakip.core.kept import kept_under
from sakip.core.years import selected_year
from sakip.organization.access import Action, access_for, get_object_for_user
from sakip.organization.selectors import planner_agencies

from . import indicator_tabs, selectors, services
from .forms import (
    ActivityEditForm,
    ActivityForm,
    GoalEditForm,
    GoalForm,
    IndicatorEditForm,
    IndicatorForm,
    ObjectiveEditForm,
    ObjectiveForm,
    PlanForm,
    ProgramEditForm,
    ProgramForm,
    RenstraCreateForm,
    RenstraEditForm,
    SubActivityEditForm,
    SubActivityForm,
    TreeFilterForm,
)
from .models import Activity, Goal, Indicator, Objective, Program, Renstra, SubActivity

SAVED = _("Perubahan telah disimpan.")

# --- helpers ---------------------------------------------------------------------------------

M = TypeVar("M", bound=Model)


def _get(queryset: QuerySet[M], user: Viewer, action: Action, **lookup: Any) -> M:
    """`get_object_for_user` with the model's type kept: 404 outside the user's scope."""
    return cast(M, get_object_for_user(queryset, user, action, **lookup))


def _pk_param(request: HttpRequest, name: str) -> int:
    """A required ?name=<pk> of a create page; anything else is a page that does not exist."""
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        raise Http404 from None


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _submit(
    request: HttpRequest,
    form: PlanForm,
    call: Callable[[], M],
    next_url: Callable[[M], str],
) -> HttpResponse | None:
    """On a valid POST, run the service and redirect to `next_url(saved)` with "saved".

    None means "show the form (again)": a GET, invalid input, or a refusal of the service,
    whose messages the form shows next to their fields (typed values stay).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = call()
    except ValidationError as exc:  # StaleEditError included: its message goes on top
        form.add_service_error(exc)
        return None
    messages.success(request, SAVED)
    return redirect(next_url(saved))


def _tree_url(renstra: Renstra, anchor: str = "") -> str:
    url = f"{reverse('planning:tree')}?renstra={renstra.pk}"
    return f"{url}#{anchor}" if anchor else url


def _form_page(
    request: HttpRequest,
    form: PlanForm,
    *,
    title: Any,
    renstra: Renstra,
    trail: list[Any] | None = None,
    template: str = "planning/form.html",
    back_url: str | None = None,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "renstra": renstra,
            "trail": trail or [],
            "back_url": back_url or _tree_url(renstra),
        },
    )


# --- the plan tree ---------------------------------------------------------------------------


@login_required
def plan_tree(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The Renstra as a tree; planners get add/edit buttons, unit heads see their own unit."""
    user = request.user
    year = selected_year(request)
    renstras = selectors.visible_renstras(user)
    if "renstra" in request.GET:
        wanted = _pk_param(request, "renstra")
        renstra = next((r for r in renstras if r.pk == wanted), None)
        if renstra is None:
            raise Http404
    else:
        renstra = selectors.pick_renstra(renstras, user=user, year=year)

    context: dict[str, Any] = {"renstras": renstras, "renstra": renstra, "year": year}
    if renstra is not None:
        filter_form = TreeFilterForm(request.GET, units=selectors.filter_units(user, renstra))
        query = f"?renstra={renstra.pk}"
        context.update(
            filter_form=filter_form,
            tree=selectors.plan_tree(
                user=user, renstra=renstra, year=year, tree_filter=filter_form.tree_filter()
            ),
            can_edit=selectors.can_change_renstra(user, renstra),
            export_url=reverse("planning:export") + query,
            import_url=reverse("planning:import") + query,
        )
    # The filters swap only the tree below them (one view serves the page and its partial).
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "plan-tree-body" and renstra is not None:
        return render(request, "planning/_tree_body.html", context)
    return render(request, "planning/tree.html", context)


# --- Renstra, goals, objectives --------------------------------------------------------------


def _in_tree(renstra: Renstra, prefix: str) -> Callable[[Model], str]:
    """Where a saved item is shown: its row of the tree (`#<prefix>-<pk>`)."""
    return lambda item: _tree_url(renstra, f"{prefix}-{item.pk}")


@login_required
def renstra_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    agencies = planner_agencies(request.user)
    if not agencies:
        raise Http404
    form = RenstraCreateForm(
        _data(request), agencies=agencies, initial={"start_year": selected_year(request)}
    )
    done = _submit(
        request,
        form,
        lambda: services.renstra_create(
            actor=request.user,
            agency=form.cleaned_data["agency"],
            start_year=form.cleaned_data["start_year"],
            title=form.cleaned_data["title"],
        ),
        _tree_url,
    )
    return done or render(
        request,
        "planning/form.html",
        {"form": form, "title": _("Renstra baru"), "back_url": reverse("planning:tree")},
    )


@login_required
def renstra_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    renstra = _get(Renstra.objects.select_related("agency"), request.user, "change", pk=pk)
    form = RenstraEditForm(_data(request), renstra=renstra)
    done = _submit(
        request,
        form,
        lambda: services.renstra_update(
            actor=request.user,
            renstra=renstra,
            expected_version=form.expected_version,
            title=form.cleaned_data["title"],
        ),
        _tree_url,
    )
    return done or _form_page(request, form, title=_("Ubah Renstra"), renstra=renstra)


@login_required
def goal_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    renstra = _get(
        Renstra.objects.select_related("agency"),
        request.user,
        "change",
        pk=_pk_param(request, "renstra"),
    )
    form = GoalForm(_data(request))
    done = _submit(
        request,
        form,
        lambda: services.goal_create(actor=request.user, renstra=renstra, **form.cleaned_data),
        _in_tree(renstra, "goal"),
    )
    return done or _form_page(request, form, title=_("Tujuan baru"), renstra=renstra)


@login_required
def goal_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    goal = _get(Goal.objects.select_related("renstra__agency"), request.user, "change", pk=pk)
    form = GoalEditForm(_data(request), goal=goal)
    done = _submit(
        request,
        form,
        lambda: services.goal_update(
            actor=request.user,
            goal=goal,
            expected_version=form.expected_version,
            code=form.cleaned_data["code"],
            statement=form.cleaned_data["statement"],
        ),
        _in_tree(goal.renstra, "goal"),
    )
    return done or _form_page(
        request, form, title=_("Ubah tujuan"), renstra=goal.renstra, trail=[goal]
    )


@login_required
def objective_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    goal = _get(
        Goal.objects.select_related("renstra__agency"),
        request.user,
        "change",
        pk=_pk_param(request, "goal"),
    )
    form = ObjectiveForm(_data(request))
    done = _submit(
        request,
        form,
        lambda: services.objective_create(actor=request.user, goal=goal, **form.cleaned_data),
        _in_tree(goal.renstra, "objective"),
    )
    return done or _form_page(
        request, form, title=_("Sasaran strategis baru"), renstra=goal.renstra, trail=[goal]
    )


@login_required
def objective_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    objective = _get(
        Objective.objects.select_related("goal__renstra__agency"), request.user, "change", pk=pk
    )
    renstra = objective.goal.renstra
    form = ObjectiveEditForm(
        _data(request), objective=objective, goals=selectors.goals_for(request.user, renstra)
    )
    done = _submit(
        request,
        form,
        lambda: services.objective_update(
            actor=request.user,
            objective=objective,
            expected_version=form.expected_version,
            code=form.cleaned_data["code"],
            statement=form.cleaned_data["statement"],
            goal=form.cleaned_data["goal"],
        ),
        _in_tree(renstra, "objective"),
    )
    return done or _form_page(
        request,
        form,
        title=_("Ubah sasaran strategis"),
        renstra=renstra,
        trail=[objective.goal, objective],
    )


# --- indicators ------------------------------------------------------------------------------


def _indicator_form_kwargs(
    user: Viewer, renstra: Renstra, indicator: Indicator | None = None
) -> dict:
    return {
        "renstra": renstra,
        "units": selectors.units_for_renstra(renstra),
        "parents": selectors.parent_choices(user, renstra, exclude=indicator),
    }


def _indicator_page(indicator: Indicator) -> str:
    return reverse("planning:indicator_detail", args=[indicator.pk])


@login_required
def indicator_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    objective = _get(
        Objective.objects.select_related("goal__renstra__agency"),
        request.user,
        "change",
        pk=_pk_param(request, "objective"),
    )
    renstra = objective.goal.renstra
    form = IndicatorForm(_data(request), **_indicator_form_kwargs(request.user, renstra))
    done = _submit(
        request,
        form,
        lambda: services.indicator_create(
            actor=request.user,
            objective=objective,
            targets=form.target_values(),
            **form.indicator_fields(),
        ),
        _indicator_page,
    )
    return done or _form_page(
        request,
        form,
        title=_("Indikator baru"),
        renstra=renstra,
        trail=[objective.goal, objective],
        template="planning/indicator_form.html",
    )


def _indicators() -> Any:
    return Indicator.objects.select_related(
        "objective__goal__renstra__agency", "responsible_unit", "parent"
    )


# Raise when the indicator page's content template or what it reads changes.
INDICATOR_PAGE_SCHEMA = 1
# What the indicator page is made of: the plan, realisasi and files (figures; the history's
# events are written with them) and the units' and people's names (people).
INDICATOR_PAGE_STAMPS = (data_stamp.FIGURES, data_stamp.PEOPLE)


@login_required
def indicator_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The indicator page. Its content holds no form and nothing that moves with the clock: it is
    kept as HTML per viewer's access and language until the data or the people change, and the
    page reads no table but the data stamps (issue 12)."""
    user = request.user
    signature = access_for(user).signature()
    found = kept_under(
        INDICATOR_PAGE_STAMPS,
        f"indicator-{INDICATOR_PAGE_SCHEMA}:{pk}:{signature}",
        list,
        lambda: list(_indicators().restrict(user, "view").filter(pk=pk)[:1]),
    )
    if not found:
        raise Http404
    indicator: Indicator = found[0]
    content = kept_under(
        INDICATOR_PAGE_STAMPS,
        f"indicator-page-{INDICATOR_PAGE_SCHEMA}:{pk}:{signature}:{get_language()}",
        str,
        lambda: _indicator_content(user, indicator),
    )
    return render(
        request,
        "planning/indicator_detail.html",
        {"indicator": indicator, "content_html": mark_safe(content)},  # noqa: S308  (our template's output)
    )


def _indicator_content(user: Viewer, indicator: Indicator) -> str:
    detail = selectors.indicator_detail(user=user, indicator=indicator)
    return render_to_string(
        "planning/_indicator_detail_content.html",
        {
            "detail": detail,
            "indicator": indicator,
            "renstra": detail.renstra,
            "history": selectors.history(indicator),
            "can_edit": selectors.can_change_renstra(user, detail.renstra),
            "tabs": indicator_tabs.tabs_for(user, indicator, detail.renstra),
        },
    )


@login_required
def indicator_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    indicator = _get(_indicators(), request.user, "change", pk=pk)
    renstra = indicator.objective.goal.renstra
    form = IndicatorEditForm(
        _data(request),
        indicator=indicator,
        targets=selectors.indicator_targets(indicator),
        **_indicator_form_kwargs(request.user, renstra, indicator),
    )
    done = _submit(
        request,
        form,
        lambda: services.indicator_update(
            actor=request.user,
            indicator=indicator,
            expected_version=form.expected_version,
            targets=form.target_values(),
            **form.indicator_fields(),
        ),
        _indicator_page,
    )
    return done or _form_page(
        request,
        form,
        title=_("Ubah indikator %(code)s") % {"code": indicator.code},
        renstra=renstra,
        trail=[indicator.objective.goal, indicator.objective],
        template="planning/indicator_form.html",
        back_url=_indicator_page(indicator),
    )


# --- programs, activities, sub-activities ----------------------------------------------------


@login_required
def program_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    renstra = _get(
        Renstra.objects.select_related("agency"),
        request.user,
        "change",
        pk=_pk_param(request, "renstra"),
    )
    form = ProgramForm(
        _data(request),
        units=selectors.units_for_renstra(renstra),
        objectives=selectors.objectives_for(request.user, renstra),
    )
    done = _submit(
        request,
        form,
        lambda: services.program_create(
            actor=request.user,
            renstra=renstra,
            objectives=form.cleaned_data["objectives"],
            **form.item_fields(),
        ),
        _in_tree(renstra, "program"),
    )
    return done or _form_page(request, form, title=_("Program baru"), renstra=renstra)


@login_required
def program_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program = _get(
        Program.objects.select_related("renstra__agency").prefetch_related("objectives"),
        request.user,
        "change",
        pk=pk,
    )
    renstra = program.renstra
    form = ProgramEditForm(
        _data(request),
        instance=program,
        units=selectors.units_for_renstra(renstra),
        objectives=selectors.objectives_for(request.user, renstra),
    )
    done = _submit(
        request,
        form,
        lambda: services.program_update(
            actor=request.user,
            program=program,
            expected_version=form.expected_version,
            objectives=form.cleaned_data["objectives"],
            **form.item_fields(),
        ),
        _in_tree(renstra, "program"),
    )
    return done or _form_page(request, form, title=_("Ubah program"), renstra=renstra)


@login_required
def activity_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    program = _get(
        Program.objects.select_related("renstra__agency"),
        request.user,
        "change",
        pk=_pk_param(request, "program"),
    )
    renstra = program.renstra
    form = ActivityForm(_data(request), units=selectors.units_for_renstra(renstra))
    done = _submit(
        request,
        form,
        lambda: services.activity_create(actor=request.user, program=program, **form.item_fields()),
        _in_tree(renstra, "activity"),
    )
    return done or _form_page(
        request, form, title=_("Kegiatan baru"), renstra=renstra, trail=[program]
    )


@login_required
def activity_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _get(
        Activity.objects.select_related("program__renstra__agency"), request.user, "change", pk=pk
    )
    renstra = activity.program.renstra
    form = ActivityEditForm(
        _data(request), instance=activity, units=selectors.units_for_renstra(renstra)
    )
    done = _submit(
        request,
        form,
        lambda: services.activity_update(
            actor=request.user,
            activity=activity,
            expected_version=form.expected_version,
            **form.item_fields(),
        ),
        _in_tree(renstra, "activity"),
    )
    return done or _form_page(
        request, form, title=_("Ubah kegiatan"), renstra=renstra, trail=[activity.program]
    )


@login_required
def sub_activity_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    activity = _get(
        Activity.objects.select_related("program__renstra__agency"),
        request.user,
        "change",
        pk=_pk_param(request, "activity"),
    )
    renstra = activity.program.renstra
    form = SubActivityForm(
        _data(request), renstra=renstra, units=selectors.units_for_renstra(renstra)
    )
    done = _submit(
        request,
        form,
        lambda: services.sub_activity_create(
            actor=request.user,
            activity=activity,
            budgets=form.budget_values(),
            **form.item_fields(),
        ),
        _in_tree(renstra, "sub-activity"),
    )
    return done or _form_page(
        request,
        form,
        title=_("Sub kegiatan baru"),
        renstra=renstra,
        trail=[activity.program, activity],
    )


@login_required
def sub_activity_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sub = _get(
        SubActivity.objects.select_related("activity__program__renstra__agency"),
        request.user,
        "change",
        pk=pk,
    )
    renstra = sub.activity.program.renstra
    form = SubActivityEditForm(
        _data(request),
        instance=sub,
        renstra=renstra,
        budgets=selectors.sub_activity_budgets(sub),
        units=selectors.units_for_renstra(renstra),
    )
    done = _submit(
        request,
        form,
        lambda: services.sub_activity_update(
            actor=request.user,
            sub_activity=sub,
            expected_version=form.expected_version,
            budgets=form.budget_values(),
            **form.item_fields(),
        ),
        _in_tree(renstra, "sub-activity"),
    )
    return done or _form_page(
        request,
        form,
        title=_("Ubah sub kegiatan"),
        renstra=renstra,
        trail=[sub.activity.program, sub.activity],
    )
