"""The demo people: one row per position holding (UX.md personas table). All names are fictional.

Each NIP follows DOMAIN.md §2: birth date (YYYYMMDD) · appointment (YYYYMM, at 18 or older) ·
sex (1 male, 2 female, matching `sex`) · sequence (unique here). Ranks fit the position's echelon
(Kepala Dinas IV/c, Sekretaris and Kepala Bidang IV/a–IV/b, Kasubag and Kepala Seksi III/c–III/d).
"""

import datetime
from dataclasses import dataclass

from sakip.organization.choices import HoldingKind, Role

EMAIL_DOMAIN = "balangankab.go.id"

MALE = "1"
FEMALE = "2"


@dataclass(frozen=True)
class Person:
    """A demo employee and the position they hold; `username` None means no login account."""

    username: str | None
    name: str
    front_title: str
    back_title: str
    sex: str
    nip: str  # printed form "YYYYMMDD YYYYMM S NNN"
    rank: str
    email: str  # local part; the domain is EMAIL_DOMAIN
    unit: str  # code of the unit (organization.UNITS)
    title: str
    role: str
    is_unit_head: bool
    start: datetime.date
    kind: str = HoldingKind.DEFINITIVE
    end: datetime.date | None = None

    @property
    def display_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def email_address(self) -> str:
        return f"{self.email}@{EMAIL_DOMAIN}"


def _d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


# Unit heads come before the staff of their unit, and parents before children: position_create
# takes the head of the unit (or of the parent unit) as the direct superior (atasan langsung).
# fmt: off
PEOPLE: tuple[Person, ...] = (
    Person("kadis", "Rahmadi Noor", "Dr.", "S.Sos., M.Si.", MALE, "19720314 199803 1 002",
           "Pembina Utama Muda (IV/c)", "rahmadi.noor", "diskominfo",
           "Kepala Dinas", Role.AGENCY_HEAD, True, _d(2024, 2, 5)),
    Person("sekretaris", "Siti Aisyah", "Hj.", "S.E., M.M.", FEMALE, "19750721 200012 2 003",
           "Pembina Tk. I (IV/b)", "siti.aisyah", "diskominfo-sekretariat",
           "Sekretaris", Role.SECRETARY, True, _d(2024, 4, 1)),
    Person("kasubag.umum", "Muhammad Ridwan", "", "S.AP.", MALE, "19810509 200604 1 004",
           "Penata Tk. I (III/d)", "muhammad.ridwan", "diskominfo-umpeg",
           "Kasubag Umum dan Kepegawaian", Role.KASUBAG_GENERAL, True, _d(2024, 7, 1)),
    Person("kasubag.renkeu", "Noor Halimah", "", "S.E., M.Ak.", FEMALE, "19841102 200903 2 005",
           "Penata Tk. I (III/d)", "noor.halimah", "diskominfo-renkeu",
           "Kasubbag Perencanaan dan Keuangan", Role.KASUBAG_PLANNING, True, _d(2024, 7, 1)),
    Person("staf.evaluasi", "Fitriani", "", "S.E.", FEMALE, "19920817 201902 2 006",
           "Penata Muda Tk. I (III/b)", "fitriani", "diskominfo-renkeu",
           "Staf Penyusun Evaluasi Kinerja", Role.PLANNING_STAFF, False, _d(2024, 1, 2)),
    Person("pegawai.nurhayati", "Nurhayati", "", "", FEMALE, "19900808 201402 2 025",
           "Pengatur (II/c)", "nurhayati", "diskominfo-umpeg",
           "Pengadministrasi Perkantoran", Role.EMPLOYEE, False, _d(2024, 1, 2)),
    # Bidang Informasi dan Komunikasi Publik
    Person("kabid.ikp", "Akhmad Fauzan", "", "S.Sos., M.AP.", MALE, "19780125 200301 1 007",
           "Pembina (IV/a)", "akhmad.fauzan", "diskominfo-ikp",
           "Kepala Bidang Informasi dan Komunikasi Publik", Role.DIVISION_HEAD, True,
           _d(2024, 3, 4)),
    Person("kasi.infopublik", "Nurul Hidayah", "", "S.I.Kom.", FEMALE, "19860214 201101 2 012",
           "Penata Tk. I (III/d)", "nurul.hidayah", "diskominfo-infopublik",
           "Kepala Seksi Pengelolaan Informasi Publik", Role.SECTION_HEAD, True, _d(2024, 7, 1)),
    Person("kasi.komunikasi", "Ahmad Syarifuddin", "", "S.Sos.", MALE, "19831005 200804 1 013",
           "Penata Tk. I (III/d)", "ahmad.syarifuddin", "diskominfo-komunikasi",
           "Kepala Seksi Layanan Komunikasi Publik", Role.SECTION_HEAD, True, _d(2024, 7, 1)),
    Person("pegawai.rina", "Rina Wulandari", "", "A.Md.Kom.", FEMALE, "19940611 202003 2 020",
           "Pengatur Tk. I (II/d)", "rina.wulandari", "diskominfo-infopublik",
           "Pranata Hubungan Masyarakat Terampil", Role.EMPLOYEE, False, _d(2024, 1, 2)),
    # Bidang Aplikasi Informatika
    Person("kabid.aptika", "Dian Puspitasari", "Ir.", "M.T.", FEMALE, "19790412 200502 2 008",
           "Pembina (IV/a)", "dian.puspitasari", "diskominfo-aptika",
           "Kepala Bidang Aplikasi Informatika", Role.DIVISION_HEAD, True, _d(2024, 3, 4)),
    Person("kasi.infrastruktur", "Budi Santoso", "", "S.Kom.", MALE, "19871211 201103 1 014",
           "Penata (III/c)", "budi.santoso", "diskominfo-infrastruktur",
           "Kepala Seksi Infrastruktur TIK", Role.SECTION_HEAD, True, _d(2024, 7, 1)),
    Person("kasi.aplikasi", "Ratna Sari", "", "S.Kom., M.Kom.", FEMALE, "19890327 201412 2 015",
           "Penata (III/c)", "ratna.sari", "diskominfo-aplikasi",
           "Kepala Seksi Pengembangan Aplikasi", Role.SECTION_HEAD, True, _d(2025, 1, 6)),
    Person("pegawai.fajar", "Fajar Nugroho", "", "S.Kom.", MALE, "19950129 202003 1 021",
           "Penata Muda (III/a)", "fajar.nugroho", "diskominfo-infrastruktur",
           "Pranata Komputer Ahli Pertama", Role.EMPLOYEE, False, _d(2024, 1, 2)),
    Person("pegawai.andi", "Andi Pratama", "", "S.Kom.", MALE, "19961014 202204 1 022",
           "Penata Muda (III/a)", "andi.pratama", "diskominfo-aplikasi",
           "Pranata Komputer Ahli Pertama", Role.EMPLOYEE, False, _d(2024, 1, 2)),
    # Bidang Statistik: the definitive Kepala Bidang retired (BUP 58) and an acting head (Plt.)
    # was appointed the next working day.
    Person(None, "Syahrani", "", "S.Sos.", MALE, "19661103 199003 1 009",
           "Pembina Tk. I (IV/b)", "syahrani", "diskominfo-statistik",
           "Kepala Bidang Statistik", Role.DIVISION_HEAD, True, _d(2021, 6, 1),
           end=_d(2024, 11, 30)),
    Person("kabid.statistik", "Rizky Maulana", "", "S.Si., M.Stat.", MALE,
           "19850930 201003 1 010",
           "Penata Tk. I (III/d)", "rizky.maulana", "diskominfo-statistik",
           "Kepala Bidang Statistik", Role.DIVISION_HEAD, True, _d(2024, 12, 2),
           kind=HoldingKind.PLT),
    Person("kasi.sektoral", "Gusti Muhammad Iqbal", "", "S.Si.", MALE, "19860708 201003 1 016",
           "Penata Tk. I (III/d)", "gusti.iqbal", "diskominfo-sektoral",
           "Kepala Seksi Statistik Sektoral", Role.SECTION_HEAD, True, _d(2024, 7, 1)),
    Person("kasi.data", "Maya Anggraini", "", "S.Kom.", FEMALE, "19900519 201503 2 017",
           "Penata (III/c)", "maya.anggraini", "diskominfo-data",
           "Kepala Seksi Pengelolaan Data", Role.SECTION_HEAD, True, _d(2025, 1, 6)),
    Person("pegawai.dewi", "Dewi Lestari", "", "S.Stat.", FEMALE, "19961202 202106 2 023",
           "Penata Muda (III/a)", "dewi.lestari", "diskominfo-sektoral",
           "Statistisi Ahli Pertama", Role.EMPLOYEE, False, _d(2024, 1, 2)),
    # Bidang Persandian
    Person("kabid.persandian", "Hendra Gunawan", "", "S.T., M.M.", MALE, "19770618 200212 1 011",
           "Pembina Tk. I (IV/b)", "hendra.gunawan", "diskominfo-persandian",
           "Kepala Bidang Persandian", Role.DIVISION_HEAD, True, _d(2024, 3, 4)),
    Person("kasi.sandi", "Yudi Hartono", "", "S.ST.", MALE, "19840422 200710 1 018",
           "Penata Tk. I (III/d)", "yudi.hartono", "diskominfo-sandi",
           "Kepala Seksi Persandian", Role.SECTION_HEAD, True, _d(2024, 7, 1)),
    Person("kasi.keamanan", "Arif Rahman", "", "S.Kom., M.T.", MALE, "19880903 201202 1 019",
           "Penata (III/c)", "arif.rahman", "diskominfo-keamanan",
           "Kepala Seksi Keamanan Informasi", Role.SECTION_HEAD, True, _d(2024, 7, 1)),
    Person("pegawai.yusuf", "Muhammad Yusuf", "", "A.Md.", MALE, "19930316 201903 1 024",
           "Pengatur (II/c)", "muhammad.yusuf", "diskominfo-sandi",
           "Sandiman Terampil", Role.EMPLOYEE, False, _d(2024, 1, 2)),
    # The regency's Bagian Organisasi (Setda) reviews every agency's performance documents.
    Person("bagor", "Hairil Anwar", "", "S.IP., M.AP.", MALE, "19820220 200612 1 026",
           "Penata Tk. I (III/d)", "hairil.anwar", "setda-bagor",
           "Analis Kebijakan Ahli Muda", Role.REGENCY_VIEWER, False, _d(2024, 1, 2)),
)
# fmt: on

ADMIN_USERNAME = "admin"
ADMIN_FULL_NAME = "Administrator e-SAKIP"
ADMIN_EMAIL = f"esakip@{EMAIL_DOMAIN}"

# The demo_logins table lists the logins in the order of the UX.md personas table: by role.
_ROLE_ORDER = (
    Role.AGENCY_HEAD,
    Role.SECRETARY,
    Role.KASUBAG,
    Role.KASUBAG_GENERAL,
    Role.KASUBAG_PLANNING,
    Role.PLANNING_STAFF,
    Role.DIVISION_HEAD,
    Role.SECTION_HEAD,
    Role.EMPLOYEE,
    Role.REGENCY_VIEWER,
)
LOGIN_ORDER: tuple[str, ...] = (ADMIN_USERNAME,) + tuple(
    p.username
    for p in sorted(PEOPLE, key=lambda p: _ROLE_ORDER.index(Role(p.role)))
    if p.username is not None
)
