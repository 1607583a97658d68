"""The form of one LKjIP narrative section: parsing and showing only; the rules (required text,
length, racing edits) live in section_services, whose errors land next to the text field (a
racing edit too, repeated in the summary on top)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sakip.core.forms import PlanForm, VersionMixin


class SectionForm(VersionMixin, PlanForm):
    text = forms.CharField(
        label=_("Teks"),
        required=False,  # an empty text gets the service's message, which names the reset button
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Pisahkan paragraf dengan satu baris kosong. Angka dan tabel laporan diambil dari data; "
            "teks ini hanya uraian."
        ),
    )
