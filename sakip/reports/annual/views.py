"""Pages of the LKjIP (SOP 2 step 9): the list of years, the draft of a year on screen (the
narrative sections with their state, the tables of Bab II and III from the data), the edit page of
one section, the "Buat dokumen LKjIP" action and the charts as PNG.

The agency comes from the user (the agency they work in) or, for people who see several agencies
(regency viewers, administrators), from ``?agency=<pk>``; anything the user may not read is a 404
(annual.access). Writing is for the agency's planners; the others read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.core.years import MAX_YEAR, MIN_YEAR, selected_year
from sakip.organization.models import Unit
from sakip.reports import charts
from sakip.reports.models import DocumentKind
from sakip.reports.selectors import active_jobs

from . import layout, section_services, sections, services
from .access import agency_for_user, can_edit_annual
from .cached import PageData, kept_beside, page_data
from .forms import SectionForm
from .section_services import normalize_text
from .selectors import (
    SectionState,
    annual_versions,
    annual_years,
    section_history,
    section_row,
    section_states,
)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404


def _agency(request: HttpRequest) -> tuple[Unit, str, list[Unit]]:
    """The agency of the page, the query string that keeps it on links ("" when the user sees one
    agency only), and the agencies the user may switch to."""
    agency, candidates = agency_for_user(request.user, request.GET.get("agency"))
    query = f"?agency={agency.pk}" if len(candidates) > 1 else ""
    return agency, query, candidates


def _data(agency: Unit, year: int) -> PageData:
    return page_data(agency, year, on=timezone.localdate())


def _anchor(key: str) -> str:
    return "section-" + key.replace(":", "")


def _year_url(year: int, query: str, key: str = "") -> str:
    url = reverse("reports:annual_report", args=[year]) + query
    return f"{url}#{_anchor(key)}" if key else url


@login_required
@require_GET
def annual_report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    agency, query, candidates = _agency(request)
    years = annual_years(agency)
    current = selected_year(request)
    return render(
        request,
        "reports/annual/list.html",
        {
            "agency": agency,
            "agencies": candidates,
            "query": query,
            "years": years,
            "selected_year": current,
            "selected_listed": any(row.year == current for row in years),
        },
    )


# The parts of the year page made from the data alone (doc, h, year, query), by template.
DATA_PARTS = {
    "categories": "reports/annual/_categories.html",
    "renstra": "reports/annual/_renstra_table.html",
    "agreement": "reports/annual/_agreement_tables.html",
    "budget": "reports/annual/_budget_part.html",
}


@dataclass(frozen=True)
class DataHtml:
    """The year page's tables as HTML, each escaped by its template (a SafeString, which it stays
    through the cache)."""

    tables: dict[str, str]  # DATA_PARTS' keys
    analyses: list[str]  # the seven analyses of each objective (data.objectives' order)


def _data_html(page: PageData, *, h: dict[str, str], year: int, query: str) -> DataHtml:
    """The page's tables, nearly all of its HTML: a settled year's are kept beside its data (the
    chart links carry the query); the narrative sections, who may edit and the versions are
    rendered on every request."""

    def rendered() -> DataHtml:
        context = {"doc": page.data, "h": h, "year": year, "query": query}
        analyses = get_template("reports/annual/_objective_analyses.html")
        return DataHtml(
            tables={
                name: get_template(template).render(context)
                for name, template in DATA_PARTS.items()
            },
            analyses=[
                analyses.render({**context, "block": block}) for block in page.data.objectives
            ],
        )

    return kept_beside(page, f"html{query}", rendered)


@login_required
@require_GET
def annual_report(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    agency, query, _candidates = _agency(request)
    page = _data(agency, year)
    data = page.data
    states = {state.key: state for state in section_states(agency, year, data, page.prefilled)}
    h = layout.headings(data)
    html = _data_html(page, h=h, year=year, query=query)
    return render(
        request,
        "reports/annual/report.html",
        {
            "agency": agency,
            "year": year,
            "query": query,
            "doc": data,
            "h": h,
            "s": states,
            "tables": html.tables,
            # Bab III.A: each objective with its seven analyses and its narrative section.
            "objectives": [
                (block, states[sections.objective_key(block.objective_id)], analyses)
                for block, analyses in zip(data.objectives, html.analyses, strict=True)
            ],
            "versions": annual_versions(agency, year),
            "can_edit": can_edit_annual(request.user, agency),
            "active_jobs": active_jobs(
                request.user, kind=DocumentKind.ANNUAL, agency=agency.pk, year=year
            ),
        },
    )


@login_required
@require_GET
def annual_report_chart(request: AuthenticatedHttpRequest, year: int, name: str) -> HttpResponse:
    """A chart of the draft as PNG, the image the DOCX and PDF embed: "anggaran" (serapan per
    program) or "sasaran-<objective id>" (capaian per indicator)."""
    _check_year(year)
    agency, _query, _candidates = _agency(request)
    data = _data(agency, year).data
    specs: dict[str, charts.ChartSpec] = {"anggaran": data.budget_chart}
    specs.update({f"sasaran-{block.objective_id}": block.chart for block in data.objectives})
    spec = specs.get(name)
    if spec is None or not spec.bars:
        raise Http404
    response = HttpResponse(charts.cached_png(spec), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def annual_report_create(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """Start generating the LKjIP documents in the background; the job page shows the progress."""
    _check_year(year)
    agency, query, _candidates = _agency(request)
    if not can_edit_annual(request.user, agency):
        raise PermissionDenied
    try:
        job = services.annual_report_start(actor=request.user, agency=agency, year=year)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_year_url(year, query))
    return redirect(reverse("reports:job", args=[job.pk]))


def _state(states: list[SectionState], key: str) -> SectionState:
    state = next((state for state in states if state.key == key), None)
    if state is None:  # not a section of this year's report
        raise Http404
    return state


def _editable(request: HttpRequest, year: int, key: str) -> tuple[Unit, str, SectionState]:
    _check_year(year)
    agency, query, _candidates = _agency(request)
    if not can_edit_annual(request.user, agency):
        raise PermissionDenied
    page = _data(agency, year)
    state = _state(section_states(agency, year, page.data, page.prefilled), key)
    return agency, query, state


@login_required
@require_http_methods(["GET", "POST"])
def annual_section_edit(request: AuthenticatedHttpRequest, year: int, key: str) -> HttpResponse:
    agency, query, state = _editable(request, year, key)
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        initial={"text": state.text, "version": state.version},
    )
    if request.method == "POST" and form.is_valid():
        text = normalize_text(form.cleaned_data["text"] or "")
        if text and text == normalize_text(state.text):
            # Nothing changed: the section keeps following the data (or its stored text).
            messages.info(request, _("Tidak ada perubahan pada teks."))
            return redirect(_year_url(year, query, key))
        try:
            section_services.annual_section_save(
                actor=request.user,
                agency=agency,
                year=year,
                key=key,
                text=text,
                version=form.expected_version,
            )
        except section_services.StaleSectionError as exc:
            # The refusal is about the text just typed (the form's only field): next to it, so
            # the user reads it where their unsaved text still is; the summary repeats it.
            form.add_error("text", exc)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                _("Teks bagian “%(title)s” telah disimpan.") % {"title": state.section.title},
            )
            return redirect(_year_url(year, query, key))
    context: dict[str, Any] = {
        "agency": agency,
        "year": year,
        "query": query,
        "state": state,
        "form": form,
        "history": section_history(section_row(agency, year, key)),
        "back_url": _year_url(year, query, key),
    }
    return render(request, "reports/annual/section_form.html", context)


@login_required
@require_POST
def annual_section_reset(request: AuthenticatedHttpRequest, year: int, key: str) -> HttpResponse:
    """Back to the text pre-filled from the data (confirmed on the button)."""
    agency, query, state = _editable(request, year, key)
    version_text = request.POST.get("version", "")
    version = int(version_text) if version_text.isdigit() else None
    try:
        section_services.annual_section_reset(
            actor=request.user, agency=agency, year=year, key=key, version=version
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        edit_url = reverse("reports:annual_section_edit", args=[year, key]) + query
        return redirect(edit_url)
    messages.success(
        request,
        _("Bagian “%(title)s” kembali memakai teks dari data.") % {"title": state.section.title},
    )
    return redirect(_year_url(year, query, key))
