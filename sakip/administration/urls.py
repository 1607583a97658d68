from django.urls import path

from . import views, views_agencies, views_people, views_units

app_name = "administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("akun-terkunci/", views.lockout_list, name="lockout_list"),
    path("akun-terkunci/<int:pk>/buka/", views.lockout_lift_view, name="lockout_lift"),
    # People, their accounts and holdings.
    path("pegawai/", views_people.people_list, name="people_list"),
    path("pegawai/tambah/", views_people.person_create, name="person_create"),
    path("pegawai/<int:pk>/", views_people.person_detail, name="person_detail"),
    path("pegawai/<int:pk>/ubah/", views_people.person_update, name="person_update"),
    path(
        "pegawai/<int:pk>/jabatan/",
        views_people.person_holding_create,
        name="person_holding_create",
    ),
    path("pegawai/<int:pk>/akun/", views_people.account_create_view, name="account_create"),
    path(
        "pegawai/<int:pk>/akun/kata-sandi/",
        views_people.account_password,
        name="account_password",
    ),
    path(
        "pegawai/<int:pk>/akun/nonaktifkan/",
        views_people.account_deactivate,
        name="account_deactivate",
    ),
    path("pegawai/<int:pk>/akun/aktifkan/", views_people.account_activate, name="account_activate"),
    path("pemangku/<int:pk>/akhiri/", views_people.holding_end, name="holding_end"),
    # The unit tree and positions.
    path("unit/", views_units.unit_list, name="unit_list"),
    path("unit/tambah/", views_units.unit_create, name="unit_create"),
    path("unit/<int:pk>/", views_units.unit_detail, name="unit_detail"),
    path("unit/<int:pk>/ubah/", views_units.unit_update, name="unit_update"),
    path("unit/<int:pk>/pindah/", views_units.unit_move, name="unit_move"),
    path("unit/<int:pk>/tutup/", views_units.unit_close, name="unit_close"),
    path("unit/<int:pk>/jabatan/tambah/", views_units.position_create, name="position_create"),
    path("jabatan/<int:pk>/", views_units.position_detail, name="position_detail"),
    path("jabatan/<int:pk>/ubah/", views_units.position_update, name="position_update"),
    path("jabatan/<int:pk>/pemangku/", views_units.holding_create, name="holding_create"),
    # A new agency, and an agency's structure from Excel.
    path("perangkat-daerah/tambah/", views_agencies.agency_create_view, name="agency_create"),
    path(
        "unit/<int:pk>/struktur/templat/",
        views_agencies.structure_template,
        name="structure_template",
    ),
    path("unit/<int:pk>/struktur/impor/", views_agencies.structure_import, name="structure_import"),
    path(
        "unit/<int:pk>/struktur/impor/terapkan/",
        views_agencies.structure_confirm,
        name="structure_confirm",
    ),
    # Agency profiles.
    path("profil/", views_units.profile_list, name="profile_list"),
    path("profil/<int:pk>/", views_units.profile_edit, name="profile_edit"),
    path("profil/<int:pk>/lambang/", views_units.profile_emblem, name="profile_emblem"),
]
