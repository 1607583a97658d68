"""Forms of the administration: parsing and showing only; the rules live in the services
(organization.services, accounts.py), whose refusals are put next to the fields they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sakip.core.filetypes import validate_png_or_jpeg
from sakip.core.forms import IdDecimalField, PlanForm, VersionMixin
from sakip.organization.choices import HoldingKind, Role, UnitKind
from sakip.organization.models import AgencyProfile, Employee, Position, Unit
from sakip.organization.nip import format_nip, normalize_nip, validate_nip

PASSWORDS_DIFFER = _("Kedua kata sandi tidak sama.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PositionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} — {obj.unit.name}"


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} — {obj.nip_display}"


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class AdminForm(PlanForm):
    @property
    def main_fields(self) -> list[Any]:
        return list(self.visible_fields())


class PersonForm(VersionMixin, AdminForm):
    nip = forms.CharField(
        label=_("NIP"),
        max_length=30,
        help_text=_("18 digit, boleh ditulis dengan spasi: 19710823 199303 1 005"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    front_title = forms.CharField(label=_("Gelar depan"), max_length=30, required=False)
    name = forms.CharField(label=_("Nama (tanpa gelar)"), max_length=150)
    back_title = forms.CharField(
        label=_("Gelar belakang"), max_length=60, required=False, help_text=_("mis. S.Kom., M.T.")
    )
    rank = forms.CharField(
        label=_("Pangkat / golongan"),
        max_length=80,
        required=False,
        help_text=_("mis. Penata Tingkat I (III/d)"),
    )
    email = forms.EmailField(label=_("Surel"), required=False)

    def __init__(self, data: Any = None, *, person: Employee | None = None) -> None:
        initial: dict[str, Any] = {}
        if person is not None:
            initial = {
                "nip": format_nip(person.nip),
                "front_title": person.front_title,
                "name": person.name,
                "back_title": person.back_title,
                "rank": person.rank,
                "email": person.email,
                "version": person.version,
            }
        super().__init__(data, initial=initial)

    def clean_nip(self) -> str:
        nip = normalize_nip(self.cleaned_data["nip"])
        validate_nip(nip)
        return nip


class AccountForm(AdminForm):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        help_text=_("Untuk masuk, mis. budi.santoso"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    password1 = forms.CharField(
        label=_("Kata sandi awal"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Minimal 8 karakter, tidak hanya angka, tidak mirip nama pengguna. Sampaikan kepada "
            "pemilik akun secara langsung; ia dapat menggantinya di halaman profil."
        ),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", PASSWORDS_DIFFER)
        return data


class PasswordForm(AdminForm):
    password1 = forms.CharField(
        label=_("Kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Sampaikan kepada pemilik akun secara langsung, bukan lewat pesan tertulis."),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", PASSWORDS_DIFFER)
        return data


class PositionForm(VersionMixin, AdminForm):
    title = forms.CharField(label=_("Nama jabatan"), max_length=200)
    role = forms.ChoiceField(
        label=_("Peran"),
        choices=Role.choices,
        help_text=_("Menentukan lajur SOP dan hak akses pemangkunya."),
    )
    is_unit_head = forms.BooleanField(label=_("Kepala unit"), required=False)
    superior = PositionChoiceField(
        label=_("Atasan langsung"),
        queryset=Position.objects.none(),
        required=False,
        empty_label=_("— otomatis: kepala unit / unit induk —"),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        superiors: Any,
        position: Position | None = None,
    ) -> None:
        initial: dict[str, Any] = {"role": Role.EMPLOYEE}
        if position is not None:
            initial = {
                "title": position.title,
                "role": position.role,
                "is_unit_head": position.is_unit_head,
                "superior": position.superior_id,
                "version": position.version,
            }
        super().__init__(data, initial=initial)
        field = self.fields["superior"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = superiors
        if position is not None:
            field.empty_label = _("— tidak ada —")


class HoldingForm(AdminForm):
    employee = PersonChoiceField(label=_("Pegawai"), queryset=Employee.objects.none())
    kind = forms.ChoiceField(label=_("Jenis pengangkatan"), choices=HoldingKind.choices)
    start_date = forms.DateField(label=_("Mulai"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Sampai"),
        widget=DateInput(),
        required=False,
        help_text=_("Kosongkan bila belum ditentukan. Plt dan Plh biasanya untuk masa tertentu."),
    )

    def __init__(self, data: Any = None, *, people: Any, initial: Any = None) -> None:
        super().__init__(data, initial={"kind": HoldingKind.DEFINITIVE, **(initial or {})})
        field = self.fields["employee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people


class PersonHoldingForm(AdminForm):
    """From a person's page: which position, as what, for which period."""

    position = PositionChoiceField(label=_("Jabatan"), queryset=Position.objects.none())
    kind = forms.ChoiceField(label=_("Jenis pengangkatan"), choices=HoldingKind.choices)
    start_date = forms.DateField(label=_("Mulai"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Sampai"),
        widget=DateInput(),
        required=False,
        help_text=_("Kosongkan bila belum ditentukan. Plt dan Plh biasanya untuk masa tertentu."),
    )

    def __init__(self, data: Any = None, *, positions: Any) -> None:
        super().__init__(data, initial={"kind": HoldingKind.DEFINITIVE})
        field = self.fields["position"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = positions


class HoldingEndForm(VersionMixin, AdminForm):
    end_date = forms.DateField(label=_("Hari terakhir menjabat"), widget=DateInput())


class UnitForm(VersionMixin, AdminForm):
    name = forms.CharField(label=_("Nama unit"), max_length=200)
    short_name = forms.CharField(label=_("Nama singkat"), max_length=60, required=False)
    code = forms.SlugField(
        label=_("Kode"),
        max_length=60,
        help_text=_("Huruf kecil, angka dan tanda hubung; unik di seluruh kabupaten."),
    )
    kind = forms.ChoiceField(label=_("Jenis"), choices=UnitKind.choices)
    order = forms.IntegerField(label=_("Urutan"), min_value=0, initial=0, required=False)

    def __init__(self, data: Any = None, *, unit: Unit | None = None, initial: Any = None) -> None:
        values: dict[str, Any] = dict(initial or {})
        if unit is not None:
            values = {
                "name": unit.name,
                "short_name": unit.short_name,
                "code": unit.code,
                "kind": unit.kind,
                "order": unit.order,
                "version": unit.version,
            }
        super().__init__(data, initial=values)


class UnitMoveForm(VersionMixin, AdminForm):
    parent = UnitChoiceField(label=_("Unit induk yang baru"), queryset=Unit.objects.none())

    def __init__(self, data: Any = None, *, parents: Any, unit: Unit) -> None:
        super().__init__(data, initial={"version": unit.version})
        field = self.fields["parent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = parents


class UnitCloseForm(VersionMixin, AdminForm):
    end_date = forms.DateField(
        label=_("Ditutup sejak"),
        widget=DateInput(),
        help_text=_("Mulai tanggal ini unit tidak lagi ditawarkan untuk jabatan baru."),
    )


class ProfileForm(VersionMixin, AdminForm):
    regency_name = forms.CharField(
        label=_("Baris kop 1: nama pemerintah daerah"),
        max_length=200,
        help_text=_("mis. PEMERINTAH KABUPATEN BALANGAN"),
    )
    address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=60, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    website = forms.CharField(label=_("Situs web"), max_length=120, required=False)
    city = forms.CharField(
        label=_("Kota tempat tanda tangan"), max_length=80, help_text=_("mis. Paringin")
    )
    regent_title = forms.CharField(
        label=_("Jabatan kepala daerah"), max_length=120, help_text=_("mis. Bupati Balangan")
    )
    regent_name = forms.CharField(label=_("Nama kepala daerah"), max_length=200)
    explanation_threshold = IdDecimalField(
        label=_("Ambang capaian wajib penjelasan (%)"),
        required=True,
        decimal_places=2,
        max_digits=6,
        help_text=_(
            "Realisasi dengan capaian di bawah ambang ini wajib disertai kendala dan solusi."
        ),
    )
    exceeds_target_band = forms.BooleanField(
        label=_("Tampilkan kategori “Melebihi target” (capaian di atas 100%)"), required=False
    )
    data_entry_days = forms.IntegerField(
        label=_("Waktu pengisian data unit (hari kerja)"),
        min_value=1,
        max_value=60,
        help_text=_(
            "Batas pengiriman data yang diusulkan saat triwulan dibuka, dihitung dalam hari kerja."
        ),
    )

    emblem = forms.FileField(
        label=_("Lambang daerah"),
        required=False,
        validators=[validate_png_or_jpeg],
        help_text=_("Gambar PNG atau JPEG, dicetak pada kop surat dan sampul laporan."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    emblem_remove = forms.BooleanField(label=_("Hapus lambang yang tersimpan"), required=False)

    FIELDS = (
        "regency_name",
        "address",
        "phone",
        "email",
        "website",
        "city",
        "regent_title",
        "regent_name",
        "explanation_threshold",
        "exceeds_target_band",
        "data_entry_days",
    )

    def __init__(
        self, data: Any = None, files: Any = None, *, profile: AgencyProfile | None
    ) -> None:
        initial: dict[str, Any] = {"explanation_threshold": 100, "data_entry_days": 5}
        if profile is not None:
            initial = {name: getattr(profile, name) for name in self.FIELDS}
            initial["version"] = profile.version
        super().__init__(data, files, initial=initial)
        if profile is None or not profile.emblem:
            del self.fields["emblem_remove"]

    def clean_explanation_threshold(self) -> Any:
        value = self.cleaned_data.get("explanation_threshold")
        if value is not None and not 0 <= value <= 1000:
            raise ValidationError(_("Isi angka antara 0 dan 1.000."))
        return value


class AgencyForm(AdminForm):
    """A new agency: its name and code under the regency, and what its documents print."""

    regency = UnitChoiceField(
        label=_("Pemerintah kabupaten"), queryset=Unit.objects.none(), empty_label=None
    )
    name = forms.CharField(
        label=_("Nama perangkat daerah"), max_length=200, help_text=_("mis. Dinas Kesehatan")
    )
    short_name = forms.CharField(
        label=_("Nama singkat"), max_length=60, required=False, help_text=_("mis. Dinkes")
    )
    code = forms.SlugField(
        label=_("Kode unit"),
        max_length=60,
        help_text=_(
            "Huruf kecil, angka dan tanda hubung; unik di seluruh kabupaten, mis. dinkes. "
            "Dipakai di templat Excel struktur organisasi."
        ),
    )
    regency_name = ProfileForm.base_fields["regency_name"]
    city = ProfileForm.base_fields["city"]
    regent_title = ProfileForm.base_fields["regent_title"]
    regent_name = ProfileForm.base_fields["regent_name"]
    address = ProfileForm.base_fields["address"]

    PROFILE_FIELDS = ("regency_name", "city", "regent_title", "regent_name", "address")

    def __init__(self, data: Any = None, *, regencies: Any, initial: Any = None) -> None:
        super().__init__(data, initial=initial)
        field = self.fields["regency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regencies
