"""The demo Renstra 2025–2029 of the Diskominfo and its budget, created through planning.services.

Indicators follow what such an agency measures (Indeks SPBE, keterbukaan informasi publik, EPSS,
Indeks KAMI, nilai SAKIP); agency-level ones are the IKU and cascade to the bidang and seksi.
Programs, activities and sub-activities follow the Permendagri 90/2019 nomenclature (kode urusan
2.16 Komunikasi dan Informatika, 2.17 Persandian, 2.20 Statistik; "2" in the fourth place marks a
kabupaten/kota activity; four-digit sub-activity numbers as updated by Kepmendagri 050-5889/2021).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sakip.accounts.types import Actor
from sakip.organization.models import Unit
from sakip.planning import services as planning
from sakip.planning.choices import Aggregation, Polarity, TargetKind
from sakip.planning.models import Indicator, Objective, Renstra

from .organization import AGENCY_CODE

START_YEAR = 2025
YEARS = tuple(range(START_YEAR, START_YEAR + 5))
RENSTRA_TITLE = (
    "Rencana Strategis Dinas Komunikasi, Informatika, Statistik dan Persandian "
    "Kabupaten Balangan Tahun 2025–2029"
)

# The budget example of DOMAIN.md §3: pagu Rp1.004.422.800 (realisasi Rp1.000.972.958 → 99,66%).
EXAMPLE_PAGU = Decimal("1004422800")

GOALS: tuple[tuple[str, str], ...] = (
    ("T1", "Meningkatkan kualitas penyelenggaraan Sistem Pemerintahan Berbasis Elektronik (SPBE)"),
    ("T2", "Meningkatkan keterbukaan informasi publik dan kualitas komunikasi publik"),
    (
        "T3",
        "Meningkatkan kualitas data statistik sektoral dan keamanan informasi pemerintah daerah",
    ),
    ("T4", "Meningkatkan akuntabilitas kinerja dan tata kelola perangkat daerah"),
)

# (goal code, objective code, statement)
OBJECTIVES: tuple[tuple[str, str, str], ...] = (
    ("T1", "SS1", "Meningkatnya kualitas tata kelola dan layanan SPBE"),
    ("T1", "SS2", "Meningkatnya keterpaduan infrastruktur TIK pemerintah daerah"),
    ("T2", "SS3", "Meningkatnya keterbukaan informasi publik"),
    ("T2", "SS4", "Meningkatnya kualitas layanan komunikasi publik"),
    ("T3", "SS5", "Meningkatnya ketersediaan data statistik sektoral yang akurat dan terpadu"),
    ("T3", "SS6", "Meningkatnya keamanan informasi pemerintah daerah"),
    ("T4", "SS7", "Meningkatnya akuntabilitas kinerja dan keuangan perangkat daerah"),
)

Target = Decimal | tuple[Decimal, Decimal]


@dataclass(frozen=True)
class IndicatorRow:
    objective: str
    code: str
    name: str
    unit_of_measure: str
    definition: str
    data_source: str
    responsible_unit: str  # unit code
    targets: tuple[str, ...]  # one per year 2025–2029; "low-high" for a range
    baseline: str
    parent: str | None = None  # code of the parent indicator (cascading)
    is_iku: bool = False
    polarity: str = Polarity.HIGHER
    aggregation: str = Aggregation.INCREMENTAL
    # The national standard and the rule that sets it (LKjIP analysis 4), where one exists.
    national_standard: str | None = None
    national_standard_source: str = ""

    @property
    def is_range(self) -> bool:
        return "-" in self.targets[0]


def _target(text: str) -> Target:
    if "-" in text:
        low, high = text.split("-")
        return Decimal(low), Decimal(high)
    return Decimal(text)


# Parents before children. Agency-level IKU belong to the agency; bidang and seksi indicators
# cascade from them (pohon kinerja). The end-of-period target is the target of the last year.
INDICATORS: tuple[IndicatorRow, ...] = (
    # SS1 — SPBE
    IndicatorRow(
        "SS1",
        "IKU.1",
        "Indeks Sistem Pemerintahan Berbasis Elektronik (SPBE)",
        "indeks",
        "Nilai indeks SPBE Pemerintah Kabupaten Balangan hasil evaluasi SPBE oleh Kementerian "
        "PANRB (skala 0–5). Rumus: nilai indeks hasil evaluasi tahun berjalan.",
        "Laporan Hasil Evaluasi SPBE Kementerian PANRB",
        AGENCY_CODE,
        ("2.80", "3.00", "3.20", "3.40", "3.60"),
        "2.62",
        is_iku=True,
        aggregation=Aggregation.LATEST,
        national_standard="2.6",
        national_standard_source="PermenPANRB Nomor 59 Tahun 2020 (predikat SPBE “Baik”: 2,6)",
    ),
    IndicatorRow(
        "SS1",
        "APT.1",
        "Persentase layanan publik berbasis elektronik",
        "%",
        "(Jumlah layanan publik yang diselenggarakan secara elektronik ÷ jumlah seluruh layanan "
        "publik perangkat daerah) × 100%.",
        "Katalog Layanan SPBE Kabupaten Balangan",
        "diskominfo-aptika",
        ("52", "60", "68", "76", "85"),
        "45",
        parent="IKU.1",
        aggregation=Aggregation.LATEST,
    ),
    IndicatorRow(
        "SS1",
        "APT.1.1",
        "Jumlah aplikasi layanan yang terintegrasi",
        "aplikasi",
        "Jumlah aplikasi layanan perangkat daerah yang telah terhubung melalui sistem penghubung "
        "layanan pemerintah (interoperabilitas), dihitung kumulatif.",
        "Daftar aplikasi terintegrasi Seksi Pengembangan Aplikasi",
        "diskominfo-aplikasi",
        ("10", "15", "20", "25", "30"),
        "6",
        parent="APT.1",
        aggregation=Aggregation.CUMULATIVE,
    ),
    # SS2 — infrastruktur TIK
    IndicatorRow(
        "SS2",
        "APT.2",
        "Persentase perangkat daerah yang terhubung jaringan intra pemerintah",
        "%",
        "(Jumlah perangkat daerah yang terhubung jaringan intra pemerintah ÷ jumlah seluruh "
        "perangkat daerah) × 100%.",
        "Data jaringan intra pemerintah Seksi Infrastruktur TIK",
        "diskominfo-aptika",
        ("70", "78", "86", "94", "100"),
        "62",
        parent="IKU.1",
        aggregation=Aggregation.CUMULATIVE,
    ),
    IndicatorRow(
        "SS2",
        "APT.2.1",
        "Persentase ketersediaan layanan pusat data (uptime)",
        "%",
        "(Jumlah jam layanan pusat data beroperasi normal ÷ jumlah jam layanan dalam periode) "
        "× 100%.",
        "Log pemantauan pusat data pemerintah daerah",
        "diskominfo-infrastruktur",
        ("98", "98.5", "99", "99.5", "99.5"),
        "97.5",
        parent="APT.2",
        aggregation=Aggregation.AVERAGE,
    ),
    # SS3 — keterbukaan informasi publik
    IndicatorRow(
        "SS3",
        "IKU.2",
        "Nilai keterbukaan informasi publik",
        "nilai",
        "Nilai hasil monitoring dan evaluasi keterbukaan informasi publik badan publik oleh Komisi "
        "Informasi Provinsi Kalimantan Selatan (skala 0–100).",
        "Laporan Monev Keterbukaan Informasi Publik Komisi Informasi Provinsi Kalimantan Selatan",
        AGENCY_CODE,
        ("80", "82.5", "85", "87.5", "90"),
        "78.4",
        is_iku=True,
        aggregation=Aggregation.LATEST,
        national_standard="90",
        national_standard_source=(
            "Peraturan Komisi Informasi Nomor 1 Tahun 2022 (kualifikasi “Informatif”: 90)"
        ),
    ),
    IndicatorRow(
        "SS3",
        "IKP.1",
        "Persentase informasi publik yang dipublikasikan",
        "%",
        "(Jumlah informasi publik wajib berkala yang telah dipublikasikan ÷ jumlah informasi "
        "publik wajib berkala dalam Daftar Informasi Publik) × 100%.",
        "Daftar Informasi Publik (DIP) PPID Kabupaten Balangan",
        "diskominfo-ikp",
        ("85", "88", "91", "94", "97"),
        "80",
        parent="IKU.2",
        aggregation=Aggregation.CUMULATIVE,
    ),
    IndicatorRow(
        "SS3",
        "IKP.1.1",
        "Jumlah konten informasi publik yang dipublikasikan",
        "konten",
        "Jumlah rilis berita, artikel, infografis dan video tentang kebijakan dan program "
        "pemerintah daerah yang dipublikasikan melalui kanal resmi Pemerintah Kabupaten Balangan.",
        "Rekap publikasi kanal resmi Pemerintah Kabupaten Balangan",
        "diskominfo-infopublik",
        ("480", "520", "560", "600", "640"),
        "420",
        parent="IKP.1",
    ),
    IndicatorRow(
        "SS3",
        "IKP.2",
        "Persentase sengketa informasi yang diselesaikan",
        "%",
        "(Jumlah sengketa informasi publik yang diselesaikan melalui mediasi atau ajudikasi ÷ "
        "jumlah sengketa informasi yang diajukan) × 100%.",
        "Register sengketa informasi PPID Kabupaten Balangan",
        "diskominfo-ikp",
        ("100", "100", "100", "100", "100"),
        "100",
        parent="IKU.2",
        aggregation=Aggregation.CUMULATIVE,
    ),
    # SS4 — komunikasi publik
    IndicatorRow(
        "SS4",
        "IKU.3",
        "Tingkat kepuasan pengguna layanan",
        "%",
        "Persentase responden survei kepuasan yang menyatakan puas atau sangat puas terhadap "
        "layanan informasi, aplikasi, jaringan, data dan persandian Diskominfo. Target berupa "
        "rentang: capaian 100% bila hasil survei berada di dalam rentang.",
        "Survei Kepuasan Masyarakat (SKM) semesteran",
        AGENCY_CODE,
        ("80-90", "80-90", "80-90", "80-90", "80-90"),
        "78",
        is_iku=True,
        aggregation=Aggregation.AVERAGE,
    ),
    IndicatorRow(
        "SS4",
        "IKP.3",
        "Persentase aduan masyarakat yang ditindaklanjuti",
        "%",
        "(Jumlah aduan masyarakat melalui SP4N-LAPOR! yang ditindaklanjuti ÷ jumlah aduan yang "
        "diterima) × 100%.",
        "Dasbor SP4N-LAPOR! Kabupaten Balangan",
        "diskominfo-komunikasi",
        ("90", "92", "94", "96", "98"),
        "85",
        parent="IKU.3",
        aggregation=Aggregation.CUMULATIVE,
    ),
    # SS5 — statistik sektoral
    IndicatorRow(
        "SS5",
        "IKU.4",
        "Indeks Pembangunan Statistik (EPSS)",
        "indeks",
        "Nilai Indeks Pembangunan Statistik hasil Evaluasi Penyelenggaraan Statistik Sektoral "
        "(EPSS) oleh Badan Pusat Statistik (skala 1–5).",
        "Laporan Hasil EPSS Badan Pusat Statistik",
        AGENCY_CODE,
        ("2.40", "2.60", "2.80", "3.00", "3.20"),
        "2.21",
        is_iku=True,
        aggregation=Aggregation.LATEST,
    ),
    IndicatorRow(
        "SS5",
        "STA.1",
        "Persentase perangkat daerah yang menyampaikan data statistik sektoral",
        "%",
        "(Jumlah perangkat daerah yang menyampaikan data statistik sektoral sesuai jadwal ÷ "
        "jumlah seluruh perangkat daerah) × 100%.",
        "Portal Satu Data Kabupaten Balangan",
        "diskominfo-statistik",
        ("70", "75", "80", "85", "90"),
        "65",
        parent="IKU.4",
        aggregation=Aggregation.CUMULATIVE,
    ),
    IndicatorRow(
        "SS5",
        "STA.1.1",
        "Jumlah dataset yang dipublikasikan di Portal Satu Data",
        "dataset",
        "Jumlah dataset sektoral yang telah diperiksa walidata dan dipublikasikan di Portal Satu "
        "Data Kabupaten Balangan, dihitung kumulatif.",
        "Portal Satu Data Kabupaten Balangan",
        "diskominfo-data",
        ("260", "320", "380", "440", "500"),
        "210",
        parent="STA.1",
        aggregation=Aggregation.CUMULATIVE,
    ),
    IndicatorRow(
        "SS5",
        "STA.2",
        "Jumlah publikasi statistik sektoral daerah",
        "dokumen",
        "Jumlah publikasi statistik sektoral (antara lain Profil Daerah dan Statistik Sektoral "
        "Kabupaten Balangan) yang diterbitkan dalam satu tahun.",
        "Arsip publikasi Bidang Statistik",
        "diskominfo-sektoral",
        ("3", "3", "4", "4", "4"),
        "2",
        parent="IKU.4",
    ),
    # SS6 — keamanan informasi
    IndicatorRow(
        "SS6",
        "IKU.5",
        "Indeks Keamanan Informasi (KAMI)",
        "skor",
        "Skor total penilaian Indeks Keamanan Informasi (KAMI) atas sistem elektronik pemerintah "
        "daerah, divalidasi oleh Badan Siber dan Sandi Negara.",
        "Laporan Hasil Penilaian Indeks KAMI, BSSN",
        AGENCY_CODE,
        ("420", "460", "500", "540", "580"),
        "380",
        is_iku=True,
        aggregation=Aggregation.LATEST,
    ),
    IndicatorRow(
        "SS6",
        "PSN.1",
        "Jumlah insiden keamanan informasi",
        "kejadian",
        "Jumlah insiden keamanan informasi (peretasan, deface situs, malware, kebocoran data) pada "
        "sistem elektronik pemerintah daerah yang tercatat dalam periode. Semakin kecil semakin "
        "baik.",
        "Register insiden Balangan-CSIRT",
        "diskominfo-persandian",
        ("12", "10", "8", "6", "5"),
        "15",
        parent="IKU.5",
        polarity=Polarity.LOWER,
    ),
    IndicatorRow(
        "SS6",
        "PSN.1.1",
        "Persentase insiden keamanan informasi yang ditangani kurang dari 1×24 jam",
        "%",
        "(Jumlah insiden yang ditangani kurang dari 1×24 jam ÷ jumlah insiden yang dilaporkan) "
        "× 100%.",
        "Register insiden Balangan-CSIRT",
        "diskominfo-keamanan",
        ("75", "80", "85", "90", "95"),
        "70",
        parent="PSN.1",
        aggregation=Aggregation.CUMULATIVE,
    ),
    IndicatorRow(
        "SS6",
        "PSN.2",
        "Persentase perangkat daerah yang memanfaatkan sertifikat elektronik",
        "%",
        "(Jumlah perangkat daerah yang menggunakan tanda tangan elektronik tersertifikasi ÷ "
        "jumlah seluruh perangkat daerah) × 100%.",
        "Data pengguna sertifikat elektronik Seksi Persandian",
        "diskominfo-sandi",
        ("50", "60", "75", "90", "100"),
        "40",
        parent="IKU.5",
        aggregation=Aggregation.CUMULATIVE,
    ),
    # SS7 — akuntabilitas (Sekretariat)
    IndicatorRow(
        "SS7",
        "SEK.1",
        "Nilai SAKIP perangkat daerah",
        "nilai",
        "Nilai hasil evaluasi akuntabilitas kinerja (SAKIP) Diskominfo oleh Inspektorat "
        "Kabupaten Balangan (skala 0–100).",
        "Laporan Hasil Evaluasi SAKIP Inspektorat Kabupaten Balangan",
        "diskominfo-sekretariat",
        ("70", "72", "74", "76", "78"),
        "68.12",
        aggregation=Aggregation.LATEST,
    ),
    IndicatorRow(
        "SS7",
        "SEK.2",
        "Persentase realisasi anggaran",
        "%",
        "(Realisasi belanja ÷ pagu anggaran perangkat daerah) × 100%, dihitung kumulatif sampai "
        "akhir periode.",
        "Laporan Realisasi Anggaran (SIPD)",
        "diskominfo-renkeu",
        ("95", "95", "96", "96", "97"),
        "93.4",
        aggregation=Aggregation.CUMULATIVE,
    ),
    IndicatorRow(
        "SS7",
        "SEK.3",
        "Persentase pegawai dengan predikat kinerja minimal Baik",
        "%",
        "(Jumlah pegawai dengan predikat kinerja minimal Baik ÷ jumlah seluruh pegawai) × 100%.",
        "Aplikasi e-Kinerja BKN",
        "diskominfo-umpeg",
        ("90", "92", "94", "96", "98"),
        "88",
        aggregation=Aggregation.LATEST,
    ),
)


@dataclass(frozen=True)
class SubActivityRow:
    code: str
    name: str
    unit: str
    pagu_2025: Decimal


@dataclass(frozen=True)
class ActivityRow:
    code: str
    name: str
    unit: str
    sub_activities: tuple[SubActivityRow, ...]


@dataclass(frozen=True)
class ProgramRow:
    code: str
    name: str
    unit: str
    objectives: tuple[str, ...]
    activities: tuple[ActivityRow, ...] = field(default_factory=tuple)


def _sub(code: str, name: str, unit: str, pagu: str) -> SubActivityRow:
    return SubActivityRow(code, name, unit, Decimal(pagu.replace(".", "")))


PROGRAMS: tuple[ProgramRow, ...] = (
    ProgramRow(
        "2.16.01",
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
        "diskominfo-sekretariat",
        ("SS7",),
        (
            ActivityRow(
                "2.16.01.2.01",
                "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
                "diskominfo-renkeu",
                (
                    _sub(
                        "2.16.01.2.01.0001",
                        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
                        "diskominfo-renkeu",
                        "185.400.000",
                    ),
                    _sub(
                        "2.16.01.2.01.0006",
                        "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar "
                        "Realisasi Kinerja SKPD",
                        "diskominfo-renkeu",
                        "152.750.000",
                    ),
                    _sub(
                        "2.16.01.2.01.0007",
                        "Evaluasi Kinerja Perangkat Daerah",
                        "diskominfo-renkeu",
                        "168.300.000",
                    ),
                ),
            ),
            ActivityRow(
                "2.16.01.2.02",
                "Administrasi Keuangan Perangkat Daerah",
                "diskominfo-renkeu",
                (
                    _sub(
                        "2.16.01.2.02.0001",
                        "Penyediaan Gaji dan Tunjangan ASN",
                        "diskominfo-renkeu",
                        "4.812.650.000",
                    ),
                ),
            ),
            ActivityRow(
                "2.16.01.2.06",
                "Administrasi Umum Perangkat Daerah",
                "diskominfo-umpeg",
                (
                    _sub(
                        "2.16.01.2.06.0004",
                        "Penyediaan Bahan Logistik Kantor",
                        "diskominfo-umpeg",
                        "214.600.000",
                    ),
                    _sub(
                        "2.16.01.2.06.0009",
                        "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
                        "diskominfo-umpeg",
                        "356.200.000",
                    ),
                ),
            ),
            ActivityRow(
                "2.16.01.2.08",
                "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
                "diskominfo-umpeg",
                (
                    _sub(
                        "2.16.01.2.08.0002",
                        "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
                        "diskominfo-umpeg",
                        "298.500.000",
                    ),
                    _sub(
                        "2.16.01.2.08.0004",
                        "Penyediaan Jasa Pelayanan Umum Kantor",
                        "diskominfo-umpeg",
                        "642.000.000",
                    ),
                ),
            ),
        ),
    ),
    ProgramRow(
        "2.16.02",
        "PROGRAM INFORMASI DAN KOMUNIKASI PUBLIK",
        "diskominfo-ikp",
        ("SS3", "SS4"),
        (
            ActivityRow(
                "2.16.02.2.01",
                "Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota",
                "diskominfo-ikp",
                (
                    _sub(
                        "2.16.02.2.01.0002",
                        "Pengelolaan Konten dan Perencanaan Media Komunikasi Publik",
                        "diskominfo-infopublik",
                        "486.250.000",
                    ),
                    _sub(
                        "2.16.02.2.01.0003",
                        "Pengelolaan Media Komunikasi Publik",
                        "diskominfo-infopublik",
                        "712.800.000",
                    ),
                    _sub(
                        "2.16.02.2.01.0005",
                        "Layanan Hubungan Media",
                        "diskominfo-komunikasi",
                        "395.000.000",
                    ),
                ),
            ),
            ActivityRow(
                "2.16.02.2.02",
                "Layanan Informasi Publik dan Pengelolaan Pengaduan Masyarakat",
                "diskominfo-komunikasi",
                (
                    _sub(
                        "2.16.02.2.02.0001",
                        "Pelayanan Informasi Publik dan Penyelesaian Sengketa Informasi",
                        "diskominfo-infopublik",
                        "224.500.000",
                    ),
                    _sub(
                        "2.16.02.2.02.0002",
                        "Pengelolaan Pengaduan Masyarakat melalui SP4N-LAPOR!",
                        "diskominfo-komunikasi",
                        "178.900.000",
                    ),
                ),
            ),
        ),
    ),
    ProgramRow(
        "2.16.03",
        "PROGRAM APLIKASI INFORMATIKA",
        "diskominfo-aptika",
        ("SS1", "SS2"),
        (
            ActivityRow(
                "2.16.03.2.01",
                "Pengelolaan Nama Domain yang Telah Ditetapkan oleh Pemerintah Pusat dan Sub "
                "Domain di Lingkup Pemerintah Daerah Kabupaten/Kota",
                "diskominfo-infrastruktur",
                (
                    _sub(
                        "2.16.03.2.01.0001",
                        "Pengelolaan Nama Domain dan Sub Domain Pemerintah Daerah",
                        "diskominfo-infrastruktur",
                        "164.800.000",
                    ),
                ),
            ),
            ActivityRow(
                "2.16.03.2.02",
                "Pengelolaan e-Government di Lingkup Pemerintah Daerah Kabupaten/Kota",
                "diskominfo-aptika",
                (
                    _sub(
                        "2.16.03.2.02.0005",
                        "Penyelenggaraan Sistem Jaringan Intra Pemerintah Daerah",
                        "diskominfo-infrastruktur",
                        "1.004.422.800",
                    ),
                    _sub(
                        "2.16.03.2.02.0006",
                        "Pengelolaan Pusat Data Pemerintah Daerah",
                        "diskominfo-infrastruktur",
                        "1.245.000.000",
                    ),
                    _sub(
                        "2.16.03.2.02.0009",
                        "Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik",
                        "diskominfo-aplikasi",
                        "875.600.000",
                    ),
                ),
            ),
        ),
    ),
    ProgramRow(
        "2.17.02",
        "PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI",
        "diskominfo-persandian",
        ("SS6",),
        (
            ActivityRow(
                "2.17.02.2.01",
                "Penyelenggaraan Persandian untuk Pengamanan Informasi Pemerintah Daerah "
                "Kabupaten/Kota",
                "diskominfo-persandian",
                (
                    _sub(
                        "2.17.02.2.01.0001",
                        "Pelaksanaan Keamanan Informasi Pemerintahan Daerah Kabupaten/Kota "
                        "Berbasis Elektronik dan Non Elektronik",
                        "diskominfo-keamanan",
                        "436.700.000",
                    ),
                    _sub(
                        "2.17.02.2.01.0002",
                        "Penyediaan Layanan Keamanan Informasi Pemerintah Daerah Kabupaten/Kota",
                        "diskominfo-keamanan",
                        "318.450.000",
                    ),
                ),
            ),
            ActivityRow(
                "2.17.02.2.02",
                "Penetapan Pola Hubungan Komunikasi Sandi antar Perangkat Daerah Kabupaten/Kota",
                "diskominfo-sandi",
                (
                    _sub(
                        "2.17.02.2.02.0001",
                        "Penyediaan Pola Hubungan Komunikasi Sandi antar Perangkat Daerah",
                        "diskominfo-sandi",
                        "157.300.000",
                    ),
                    _sub(
                        "2.17.02.2.02.0002",
                        "Penyelenggaraan Layanan Sertifikat Elektronik",
                        "diskominfo-sandi",
                        "242.150.000",
                    ),
                ),
            ),
        ),
    ),
    ProgramRow(
        "2.20.02",
        "PROGRAM PENYELENGGARAAN STATISTIK SEKTORAL",
        "diskominfo-statistik",
        ("SS5",),
        (
            ActivityRow(
                "2.20.02.2.01",
                "Penyelenggaraan Statistik Sektoral di Lingkup Daerah Kabupaten/Kota",
                "diskominfo-statistik",
                (
                    _sub(
                        "2.20.02.2.01.0001",
                        "Koordinasi dan Sinkronisasi Pengumpulan, Pengolahan, Analisis dan "
                        "Diseminasi Data Statistik Sektoral",
                        "diskominfo-sektoral",
                        "392.800.000",
                    ),
                    _sub(
                        "2.20.02.2.01.0002",
                        "Penyusunan Publikasi Statistik Sektoral Daerah",
                        "diskominfo-sektoral",
                        "268.400.000",
                    ),
                ),
            ),
            ActivityRow(
                "2.20.02.2.02",
                "Penyelenggaraan Satu Data Indonesia di Lingkup Daerah Kabupaten/Kota",
                "diskominfo-data",
                (
                    _sub(
                        "2.20.02.2.02.0001",
                        "Pengelolaan Portal Satu Data Kabupaten",
                        "diskominfo-data",
                        "310.250.000",
                    ),
                    _sub(
                        "2.20.02.2.02.0002",
                        "Peningkatan Kapasitas Walidata dan Produsen Data",
                        "diskominfo-data",
                        "186.900.000",
                    ),
                ),
            ),
        ),
    ),
)

# Pagu of the later years relative to 2025 (the indicative ceilings of a Renstra grow slowly).
YEAR_FACTORS: dict[int, Decimal] = {
    2025: Decimal("1"),
    2026: Decimal("1.04"),
    2027: Decimal("1.07"),
    2028: Decimal("1.11"),
    2029: Decimal("1.15"),
}


def pagu_by_year(pagu_2025: Decimal) -> dict[int, Decimal]:
    """The yearly pagu: 2025 exactly as budgeted, later years rounded to whole thousands."""
    thousand = Decimal(1000)
    return {
        year: pagu_2025
        if year == START_YEAR
        else (pagu_2025 * factor / thousand).quantize(Decimal(1), ROUND_HALF_UP) * thousand
        for year, factor in YEAR_FACTORS.items()
    }


def _indicator_fields(row: IndicatorRow, units: dict[str, Unit], parent: Indicator | None) -> dict:
    last = _target(row.targets[-1])
    low, high = last if isinstance(last, tuple) else (last, None)
    return {
        "code": row.code,
        "name": row.name,
        "unit_of_measure": row.unit_of_measure,
        "definition": row.definition,
        "data_source": row.data_source,
        "responsible_unit": units[row.responsible_unit],
        "is_iku": row.is_iku,
        "polarity": row.polarity,
        "target_kind": TargetKind.RANGE if row.is_range else TargetKind.SINGLE,
        "aggregation": row.aggregation,
        "parent": parent,
        "baseline": Decimal(row.baseline),
        "end_target_low": low,
        "end_target_high": high,
        "national_standard": (
            None if row.national_standard is None else Decimal(row.national_standard)
        ),
        "national_standard_source": row.national_standard_source,
        # A percentage cannot leave 0–100 (DOMAIN.md §3 rule 4): the demo shows the valid range.
        **(
            {"valid_min": Decimal(0), "valid_max": Decimal(100)}
            if row.unit_of_measure == "%"
            else {}
        ),
    }


def _targets(row: IndicatorRow) -> dict[int, planning.TargetValue]:
    values: dict[int, planning.TargetValue] = {}
    for year, text in zip(YEARS, row.targets, strict=True):
        value = _target(text)
        values[year] = (
            planning.TargetValue(*value)
            if isinstance(value, tuple)
            else planning.TargetValue(value)
        )
    return values


def load_plan(*, actor: Actor, units: dict[str, Unit]) -> Renstra:
    """Create the Renstra with its goals, objectives, indicators, programs and budget."""
    renstra = planning.renstra_create(
        actor=actor, agency=units[AGENCY_CODE], start_year=START_YEAR, title=RENSTRA_TITLE
    )
    goals = {
        code: planning.goal_create(actor=actor, renstra=renstra, code=code, statement=statement)
        for code, statement in GOALS
    }
    objectives: dict[str, Objective] = {
        code: planning.objective_create(
            actor=actor, goal=goals[goal], code=code, statement=statement
        )
        for goal, code, statement in OBJECTIVES
    }
    indicators: dict[str, Indicator] = {}
    for row in INDICATORS:
        parent = indicators[row.parent] if row.parent else None
        indicators[row.code] = planning.indicator_create(
            actor=actor,
            objective=objectives[row.objective],
            targets=_targets(row),
            **_indicator_fields(row, units, parent),
        )
    for program_row in PROGRAMS:
        program = planning.program_create(
            actor=actor,
            renstra=renstra,
            code=program_row.code,
            name=program_row.name,
            responsible_unit=units[program_row.unit],
            objectives=[objectives[code] for code in program_row.objectives],
        )
        for activity_row in program_row.activities:
            activity = planning.activity_create(
                actor=actor,
                program=program,
                code=activity_row.code,
                name=activity_row.name,
                responsible_unit=units[activity_row.unit],
            )
            for sub_row in activity_row.sub_activities:
                planning.sub_activity_create(
                    actor=actor,
                    activity=activity,
                    code=sub_row.code,
                    name=sub_row.name,
                    responsible_unit=units[sub_row.unit],
                    budgets=pagu_by_year(sub_row.pagu_2025),
                )
    return renstra
