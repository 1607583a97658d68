"""A new agency, and its structure from Excel (issue 10): the administrator's pages.

"Tambah perangkat daerah" creates the agency with its profile and the shipped SOPs
(agencies.agency_create); its page then offers the structure template and its import, which is
the import framework's two steps (sakip.core.imports.flow) configured by StructureImportFlow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.core.imports import ApplyRefused, ExcelUploadForm, ImportFlow, Pending
from sakip.organization.choices import UnitKind
from sakip.organization.models import Unit

from . import selectors, structure
from .access import require_administrator
from .agencies import agency_create, regency_profile_defaults
from .forms import AgencyForm
from .views_people import _run

AGENCY_CREATED = _(
    "%(agency)s dibuat beserta profilnya; SOP yang dimuat: %(sops)s. Isi unit, jabatan dan "
    "pegawainya, misalnya dengan templat Excel struktur organisasi."
)


def _agency_for_change(request: AuthenticatedHttpRequest, pk: int) -> Unit:
    require_administrator(request.user)
    agency = selectors.unit_for_change(request.user, pk)
    if agency.kind != UnitKind.AGENCY:
        raise Http404
    return agency


@login_required
@require_http_methods(["GET", "POST"])
def agency_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_administrator(request.user)
    regencies = selectors.open_units_for(request.user).filter(kind=UnitKind.REGENCY)
    regencies = regencies.order_by("name")
    first = regencies.first()
    initial: dict[str, Any] = {}
    if first is not None:
        initial = {"regency": first.pk, **regency_profile_defaults(first)}
    form = AgencyForm(request.POST or None, regencies=regencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = _run(
            form,
            lambda: agency_create(
                actor=request.user,
                regency=data["regency"],
                name=data["name"],
                code=data["code"],
                short_name=data["short_name"],
                profile={name: data[name] for name in AgencyForm.PROFILE_FIELDS},
            ),
        )
        if created is not None:
            agency, results = created
            sops = ", ".join(f"“{r.revision.title}”" for r in results)
            messages.success(request, AGENCY_CREATED % {"agency": agency.name, "sops": sops})
            return redirect("administration:unit_detail", pk=agency.pk)
    return render(
        request,
        "administration/simple_form.html",
        {
            "form": form,
            "title": _("Tambah perangkat daerah"),
            "subject": _("Unit dan jabatan"),
            "back_url": reverse("administration:unit_list"),
            "note": _(
                "Perangkat daerah dibuat beserta profilnya (kop surat dan penandatangan) dan kedua "
                "SOP bawaan dimuat untuknya. Sesudah itu isi unit, jabatan dan pegawainya."
            ),
        },
    )


# --- the structure workbook -------------------------------------------------------------------


@login_required
@require_GET
def structure_template(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = _agency_for_change(request, pk)
    response = HttpResponse(
        structure.template_bytes(agency), content_type=structure.XLSX_CONTENT_TYPE
    )
    filename = structure.template_filename(agency)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class StructureUploadForm(ExcelUploadForm):
    label = _("Berkas struktur organisasi (.xlsx)")
    help_text = _("Templat yang sudah diisi: lembar Unit, Jabatan dan Pegawai.")


class StructureImportFlow(ImportFlow[Unit, structure.StructurePreview, AuthenticatedHttpRequest]):
    form_class = StructureUploadForm
    form_template = "administration/structure_upload.html"
    preview_template = "administration/structure_preview.html"
    element_prefix = "structure"
    session_prefix = "administration_structure_"
    expired = structure.IMPORT_EXPIRED
    has_errors_message = structure.IMPORT_HAS_ERRORS
    nothing_to_apply = structure.NOTHING_TO_APPLY
    changed_since_preview = structure.CHANGED_SINCE_PREVIEW

    def session_key(self, request: AuthenticatedHttpRequest, target: Unit | None) -> str:
        return f"{self.session_prefix}{request.user.pk}_{target.pk if target else ''}"

    def parse(
        self, request: AuthenticatedHttpRequest, path: Path, target: Unit
    ) -> structure.StructurePreview:
        return structure.parse_structure(str(path), agency=target)

    def apply(
        self,
        request: AuthenticatedHttpRequest,
        target: Unit,
        preview: structure.StructurePreview,
        pending: Pending,
    ) -> str:
        result = structure.apply_structure(preview, actor=request.user)
        if result is None:
            raise ApplyRefused([structure.IMPORT_FAILED])
        return str(
            structure.IMPORT_DONE
            % {
                "agency": target.name,
                "units": result.units,
                "positions": result.positions,
                "people": result.people,
                "accounts": result.accounts,
            }
        )

    def upload_url(self, target: Unit | None) -> str:
        assert target is not None
        return reverse("administration:structure_import", args=[target.pk])

    def confirm_url(self, target: Unit) -> str:
        return reverse("administration:structure_confirm", args=[target.pk])

    def done_url(self, target: Unit) -> str:
        return reverse("administration:unit_detail", args=[target.pk])

    def confirm_question(self, preview: structure.StructurePreview) -> str:
        counts = preview.new_counts
        return str(
            structure.CONFIRM_APPLY
            % {
                "agency": preview.agency.name if preview.agency else "",
                "units": counts["unit"],
                "positions": counts["position"],
                "people": counts["person"],
            }
        )

    def context(self, request: AuthenticatedHttpRequest, target: Unit) -> dict[str, Any]:
        return {"agency": target}


STRUCTURE_IMPORT = StructureImportFlow()


@login_required
@require_http_methods(["GET", "POST"])
def structure_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = _agency_for_change(request, pk)
    return STRUCTURE_IMPORT.upload(request, agency)


@login_required
@require_POST
def structure_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = _agency_for_change(request, pk)
    return STRUCTURE_IMPORT.confirm(request, agency)
