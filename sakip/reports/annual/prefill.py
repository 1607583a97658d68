"""The LKjIP's narrative sections pre-filled with what the data says (the staff edit from there).

`prefilled_texts(data)` gives one text per section key of annual.sections: plain Indonesian
sentences built only from the report's data (numbers already formatted the Indonesian way in its
``*_text`` fields), so the same data always gives the same text. Bab I's organisation is read
from the agency's unit tree (one query); everything else comes from ``data``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from sakip.core.formats import EMPTY, with_unit
from sakip.organization.models import Unit
from sakip.organization.selectors import agency_units

from . import sections
from .types import AnnualReportData, IndicatorAnalysis, ObjectiveAnalysis

HUNDRED = Decimal(100)
# The units' explanations come as "TW I: …" per quarter (types.IndicatorAnalysis.problems).
_QUARTER_ITEM = re.compile(r"^(TW [IV]+): (.*)$", re.DOTALL)


# --- small helpers ---------------------------------------------------------------------------


def join_id(items: Sequence[str]) -> str:
    """ "a", "a dan b", "a, b, dan c" (PUEBI: a comma before "dan" in a series of three)."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return _("%(first)s dan %(second)s") % {"first": items[0], "second": items[1]}
    return _("%(first)s, dan %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else f"{text}."


def _split_item(item: str) -> tuple[str, str]:
    """ "TW I: text." -> ("TW I", "text"); the texts are joined into one sentence, so their own
    final stop would double it (".;")."""
    match = _QUARTER_ITEM.match(item.strip())
    quarter, text = (match.group(1), match.group(2)) if match else ("", item)
    return quarter, text.strip().rstrip(" .;")


def summarize_explanations(items: Iterable[str]) -> list[str]:
    """The "TW I: text" items of one indicator with repeated texts merged: a unit that reports the
    same kendala every quarter gives "TW I, TW II: text" once."""
    order: list[str] = []
    quarters: dict[str, list[str]] = {}
    for item in items:
        quarter, text = _split_item(item)
        if not text:
            continue
        if text not in quarters:
            order.append(text)
            quarters[text] = []
        if quarter and quarter not in quarters[text]:
            quarters[text].append(quarter)
    return [f"{', '.join(quarters[text])}: {text}" if quarters[text] else text for text in order]


def _plain_texts(lines: Iterable[IndicatorAnalysis], attribute: str) -> list[str]:
    """The explanation texts of the indicators without their quarter, each once, in order."""
    seen: list[str] = []
    for line in lines:
        for item in getattr(line, attribute):
            _quarter, text = _split_item(item)
            if text and text not in seen:
                seen.append(text)
    return seen


def _measured(lines: Iterable[IndicatorAnalysis]) -> list[IndicatorAnalysis]:
    return [line for line in lines if line.year.capaian is not None]


def _below_target(lines: Iterable[IndicatorAnalysis]) -> list[IndicatorAnalysis]:
    return [line for line in _measured(lines) if line.year.capaian < HUNDRED]  # type: ignore[operator]


def _category_sentence(data: AnnualReportData) -> str:
    parts = [
        _("%(count)s indikator berkategori %(label)s") % {"count": c.count, "label": c.label}
        for c in data.categories
        if c.key and c.count
    ]
    if not parts:
        return ""
    return _("Sebanyak %(parts)s.") % {"parts": join_id(parts)}


def _na_sentence(lines: Sequence[IndicatorAnalysis]) -> str:
    count = len(lines) - len(_measured(lines))
    if not count:
        return ""
    return _("Sebanyak %(count)s indikator belum dapat dihitung capaiannya.") % {"count": count}


def _budget_sentence(data: AnnualReportData) -> str:
    total = data.budget_total
    if total is None:
        return _("Pagu anggaran tahun %(year)s belum tercatat.") % {"year": data.year}
    if total.budget_spent is None:
        return _("Pagu anggaran sebesar %(pagu)s; realisasinya belum dilaporkan.") % {
            "pagu": total.pagu_text
        }
    return _("Realisasi anggaran %(realisasi)s dari pagu %(pagu)s (serapan %(absorption)s).") % {
        "realisasi": total.budget_spent_text,
        "pagu": total.pagu_text,
        "absorption": total.absorption_text,
    }


def _unlocked_sentence(data: AnnualReportData) -> str:
    if not data.unlocked_quarters:
        return ""
    return _(
        "Data %(quarters)s belum dikunci, sehingga angka dalam laporan ini masih dapat berubah."
    ) % {"quarters": join_id(data.unlocked_quarters)}


def _paragraph(*sentences: str) -> str:
    return " ".join(sentence for sentence in sentences if sentence)


# --- the sections ----------------------------------------------------------------------------


def _foreword(data: AnnualReportData) -> str:
    """The Kata Pengantar as offices usually open their LKjIP; the agency head makes it theirs.
    The document signs it with the head's name (annual.layout), so the text carries no name."""
    values = {
        "agency": data.agency.name,
        "year": data.year,
        "objectives": len(data.objectives),
        "indicators": len(data.indicator_analyses),
    }
    return "\n\n".join(
        [
            _(
                "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat "
                "dan karunia-Nya Laporan Kinerja Instansi Pemerintah (LKjIP) %(agency)s Tahun "
                "%(year)s dapat diselesaikan."
            )
            % values,
            _(
                "Laporan ini disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas dan "
                "fungsi %(agency)s selama tahun %(year)s, sesuai Peraturan Presiden Nomor 29 "
                "Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah dan "
                "Peraturan Menteri PANRB Nomor 53 Tahun 2014. Laporan ini menyajikan capaian "
                "%(indicators)s indikator kinerja pada %(objectives)s sasaran strategis, "
                "realisasi anggaran, serta permasalahan yang dihadapi dan langkah perbaikannya."
            )
            % values,
            _(
                "Kami menyadari laporan ini masih memiliki kekurangan. Saran dan masukan kami "
                "harapkan untuk perbaikan di masa mendatang. Semoga laporan ini bermanfaat "
                "sebagai bahan evaluasi dan peningkatan kinerja."
            ),
        ]
    )


def _executive_summary(data: AnnualReportData) -> str:
    lines = data.indicator_analyses
    return _paragraph(
        _(
            "Pada tahun %(year)s, %(agency)s mengukur %(indicators)s indikator kinerja pada "
            "%(objectives)s sasaran strategis."
        )
        % {
            "year": data.year,
            "agency": data.agency.name,
            "indicators": len(lines),
            "objectives": len(data.objectives),
        },
        _category_sentence(data),
        _na_sentence(lines),
        _budget_sentence(data),
        _unlocked_sentence(data),
    )


def _background(data: AnnualReportData) -> str:
    return _(
        "Laporan Kinerja Instansi Pemerintah (LKjIP) %(agency)s Tahun %(year)s disusun sebagai "
        "wujud pertanggungjawaban atas pelaksanaan tugas dan fungsi serta pencapaian sasaran "
        "strategis yang ditetapkan dalam Perjanjian Kinerja Tahun %(year)s, sesuai Peraturan "
        "Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah dan "
        "Peraturan Menteri PANRB Nomor 53 Tahun 2014."
    ) % {"agency": data.agency.name, "year": data.year}


def _organisation(agency: Unit) -> list[tuple[Unit, list[Unit]]]:
    """The agency's units below it (one query): each first-level unit with the units under it."""
    units = list(agency_units(agency).exclude(pk=agency.pk))
    tops = [unit for unit in units if unit.parent_id == agency.pk]
    tops.sort(key=lambda unit: (unit.order, unit.path))
    return [
        (top, [unit for unit in units if unit.path.startswith(top.path) and unit.pk != top.pk])
        for top in tops
    ]


def _duties(data: AnnualReportData) -> str:
    tree = _organisation(data.agency)
    opening = _(
        "Tugas dan fungsi %(agency)s ditetapkan dalam peraturan bupati tentang kedudukan, susunan "
        "organisasi, tugas dan fungsi serta tata kerja perangkat daerah."
    ) % {"agency": data.agency.name}
    if not tree:
        return opening
    lines = [
        _("Susunan organisasi %(agency)s di bawah kepala perangkat daerah terdiri atas:")
        % {"agency": data.agency.name},
    ]
    for number, (top, below) in enumerate(tree, start=1):
        if below:
            lines.append(
                _("%(no)s. %(unit)s, membawahi %(units)s;")
                % {"no": number, "unit": top.name, "units": join_id([u.name for u in below])}
            )
        else:
            lines.append(_("%(no)s. %(unit)s;") % {"no": number, "unit": top.name})
    lines[-1] = lines[-1].rstrip(";") + "."
    return f"{opening}\n\n" + "\n".join(lines)


def _issues(data: AnnualReportData) -> str:
    below = _below_target(data.indicator_analyses)
    problems = _plain_texts(below, "problems")
    if not data.indicator_analyses:
        return _("Belum ada indikator kinerja yang diukur pada tahun %(year)s.") % {
            "year": data.year
        }
    if not below:
        return _(
            "Berdasarkan hasil pengukuran kinerja tahun %(year)s, seluruh indikator yang dapat "
            "diukur telah mencapai target."
        ) % {"year": data.year}
    return _paragraph(
        _(
            "Berdasarkan hasil pengukuran kinerja tahun %(year)s, isu yang perlu mendapat perhatian "
            "adalah indikator yang belum mencapai target: %(indicators)s."
        )
        % {
            "year": data.year,
            "indicators": join_id([f"{line.name} ({line.year.capaian_text})" for line in below]),
        },
        _("Kendala yang dilaporkan: %(problems)s.") % {"problems": "; ".join(problems)}
        if problems
        else "",
    )


def _plan(data: AnnualReportData) -> str:
    renstra = data.renstra
    if renstra is None:
        return _("Belum ada Renstra yang mencakup tahun %(year)s.") % {"year": data.year}
    # "Renstra 2025–2029" already names its period.
    title = (
        renstra.title
        if renstra.period_text in renstra.title
        else _("%(title)s periode %(period)s")
        % {"title": renstra.title, "period": renstra.period_text}
    )
    lines = [
        _(
            "%(title)s menetapkan %(goals)s tujuan dan %(objectives)s sasaran strategis yang "
            "diukur dengan %(indicators)s indikator kinerja."
        )
        % {
            "title": title,
            "goals": len(renstra.goals),
            "objectives": len(renstra.objectives),
            "indicators": renstra.indicator_count,
        }
    ]
    if renstra.goals:
        lines.append(
            _("Tujuan: %(items)s.")
            % {"items": "; ".join(f"{code} {text}" for code, text in renstra.goals)}
        )
    if renstra.objectives:
        lines.append(
            _("Sasaran strategis: %(items)s.")
            % {"items": "; ".join(f"{code} {text}" for code, text in renstra.objectives)}
        )
    return "\n".join(lines)


def _agreement(data: AnnualReportData) -> str:
    if not data.agreement:
        return _("Perjanjian Kinerja Tahun %(year)s belum memuat indikator kinerja.") % {
            "year": data.year
        }
    objectives = {line.objective_code or line.objective for line in data.agreement}
    programs = [line for line in data.agreement_budget if line.is_program]
    sentence = _(
        "Perjanjian Kinerja Tahun %(year)s memuat %(indicators)s indikator kinerja pada "
        "%(objectives)s sasaran strategis."
    ) % {"year": data.year, "indicators": len(data.agreement), "objectives": len(objectives)}
    total = data.agreement_budget_total
    if programs and total is not None:
        sentence = _paragraph(
            sentence,
            _("Sasaran tersebut didukung oleh %(programs)s program dengan pagu %(pagu)s.")
            % {"programs": len(programs), "pagu": total.pagu_text},
        )
    return sentence


def _indicator_sentence(line: IndicatorAnalysis) -> str:
    year = line.year
    if year.capaian is None:
        return _("%(name)s: capaian belum dapat dihitung (%(reason)s).") % {
            "name": line.name,
            "reason": (year.reason or year.category).rstrip("."),
        }
    return _(
        "%(name)s: realisasi %(realisasi)s dari target %(target)s, capaian %(capaian)s "
        "(%(category)s)."
    ) % {
        "name": line.name,
        "realisasi": with_unit(year.realisasi_text, line.unit_of_measure),
        "target": with_unit(year.target_text, line.unit_of_measure),
        "capaian": year.capaian_text,
        "category": year.category,
    }


def _history_sentence(line: IndicatorAnalysis) -> str:
    """Analysis (2): this year against the latest earlier year with a capaian."""
    current = line.year.capaian
    earlier = [value for value in line.history if value.capaian is not None]
    if current is None or not earlier:
        return ""
    previous = earlier[-1]
    assert previous.capaian is not None
    if current > previous.capaian:
        template = _(
            "Dibandingkan tahun %(year)s, capaian indikator %(name)s naik dari %(before)s "
            "menjadi %(after)s."
        )
    elif current < previous.capaian:
        template = _(
            "Dibandingkan tahun %(year)s, capaian indikator %(name)s turun dari %(before)s "
            "menjadi %(after)s."
        )
    else:
        template = _("Dibandingkan tahun %(year)s, capaian indikator %(name)s tetap %(after)s.")
    return template % {
        "year": previous.year,
        "name": line.name,
        "before": previous.capaian_text,
        "after": line.year.capaian_text,
    }


def _end_target_sentence(line: IndicatorAnalysis) -> str:
    """Analysis (3): this year's realisasi against the Renstra's end-of-period target."""
    if line.end_target_text == EMPTY or line.end_capaian is None:
        return ""
    return _(
        "Terhadap target akhir Renstra %(target)s, realisasi indikator %(name)s tahun ini "
        "mencapai %(capaian)s."
    ) % {
        "target": with_unit(line.end_target_text, line.unit_of_measure),
        "name": line.name,
        "capaian": line.end_capaian_text,
    }


def _national_sentence(line: IndicatorAnalysis) -> str:
    """Analysis (4): against the national standard, where one is entered."""
    if not line.national_standard_text or line.national_capaian is None:
        return ""
    source = f" ({line.national_standard_source})" if line.national_standard_source else ""
    return _(
        "Terhadap standar nasional %(standard)s%(source)s, capaian indikator %(name)s sebesar "
        "%(capaian)s."
    ) % {
        "standard": with_unit(line.national_standard_text, line.unit_of_measure),
        "source": source,
        "name": line.name,
        "capaian": line.national_capaian_text,
    }


def _explanations(lines: Sequence[IndicatorAnalysis], attribute: str) -> str:
    parts = []
    for line in lines:
        items = summarize_explanations(getattr(line, attribute))
        if items:
            parts.append(f"{line.code} — {'; '.join(items)}")
    return "; ".join(parts)


def _objective(block: ObjectiveAnalysis) -> str:
    lines = block.indicators
    paragraphs = [
        _("Sasaran strategis “%(statement)s” diukur dengan %(count)s indikator kinerja.")
        % {"statement": block.statement, "count": len(lines)}
    ]
    # One line per indicator (a line break inside the paragraph).
    paragraphs.append("\n".join(_indicator_sentence(line) for line in lines))
    measured = _measured(lines)
    if len(measured) >= 2:
        best = max(measured, key=lambda line: line.year.capaian)  # type: ignore[arg-type,return-value]
        worst = min(measured, key=lambda line: line.year.capaian)  # type: ignore[arg-type,return-value]
        if best.year.capaian != worst.year.capaian:
            paragraphs.append(
                _(
                    "Capaian tertinggi pada indikator %(best)s (%(best_capaian)s) dan terendah "
                    "pada indikator %(worst)s (%(worst_capaian)s)."
                )
                % {
                    "best": best.name,
                    "best_capaian": best.year.capaian_text,
                    "worst": worst.name,
                    "worst_capaian": worst.year.capaian_text,
                }
            )
    comparisons = _paragraph(
        *(
            sentence
            for line in lines
            for sentence in (
                _history_sentence(line),
                _end_target_sentence(line),
                _national_sentence(line),
            )
        )
    )
    if comparisons:
        paragraphs.append(comparisons)
    problems = _explanations(lines, "problems")
    solutions = _explanations(lines, "solutions")
    if problems:
        paragraphs.append(_("Kendala yang dilaporkan: %(items)s.") % {"items": problems})
    if solutions:
        paragraphs.append(
            _("Solusi dan tindak lanjut yang dilaporkan: %(items)s.") % {"items": solutions}
        )
    if block.programs_total is not None:
        programs = [line for line in block.programs if line.is_program]
        paragraphs.append(
            _(
                "Sasaran ini didukung oleh %(count)s program dengan pagu %(pagu)s, realisasi "
                "%(realisasi)s (serapan %(absorption)s)."
            )
            % {
                "count": len(programs),
                "pagu": block.programs_total.pagu_text,
                "realisasi": block.programs_total.budget_spent_text,
                "absorption": block.programs_total.absorption_text,
            }
        )
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _budget(data: AnnualReportData) -> str:
    total = data.budget_total
    if total is None:
        return _("Pagu anggaran tahun %(year)s belum tercatat.") % {"year": data.year}
    programs = [line for line in data.budget if line.is_program]
    sentences = [
        _(
            "Pagu anggaran %(agency)s tahun %(year)s sebesar %(pagu)s yang dilaksanakan melalui "
            "%(count)s program, dengan realisasi %(realisasi)s (serapan %(absorption)s)."
        )
        % {
            "agency": data.agency.name,
            "year": data.year,
            "pagu": total.pagu_text,
            "count": len(programs),
            "realisasi": total.budget_spent_text,
            "absorption": total.absorption_text,
        }
    ]
    absorbed = [line for line in programs if line.absorption is not None]
    if len(absorbed) >= 2:
        lowest = min(absorbed, key=lambda line: line.absorption)  # type: ignore[arg-type,return-value]
        highest = max(absorbed, key=lambda line: line.absorption)  # type: ignore[arg-type,return-value]
        if lowest.absorption != highest.absorption:
            sentences.append(
                _(
                    "Serapan terendah pada %(lowest)s (%(lowest_absorption)s) dan tertinggi pada "
                    "%(highest)s (%(highest_absorption)s)."
                )
                % {
                    "lowest": lowest.name,
                    "lowest_absorption": lowest.absorption_text,
                    "highest": highest.name,
                    "highest_absorption": highest.absorption_text,
                }
            )
    return _paragraph(*sentences)


def _conclusion(data: AnnualReportData) -> str:
    lines = data.indicator_analyses
    if not lines:
        return _("Belum ada indikator kinerja yang diukur pada tahun %(year)s.") % {
            "year": data.year
        }
    measured = _measured(lines)
    below = _below_target(lines)
    return _paragraph(
        _(
            "Dari %(indicators)s indikator kinerja pada %(objectives)s sasaran strategis tahun "
            "%(year)s, %(met)s indikator mencapai atau melampaui target dan %(below)s indikator "
            "belum mencapai target."
        )
        % {
            "indicators": len(lines),
            "objectives": len(data.objectives),
            "year": data.year,
            "met": len(measured) - len(below),
            "below": len(below),
        },
        _category_sentence(data),
        _na_sentence(lines),
        _budget_sentence(data),
        _unlocked_sentence(data),
    )


def _improvement(data: AnnualReportData) -> str:
    lines = data.indicator_analyses
    below = _below_target(lines)
    # The solutions reported for the indicators that missed their target are the improvement
    # steps; when every indicator met its target, all reported follow-ups.
    solutions = _plain_texts(below, "solutions") or _plain_texts(lines, "solutions")
    parts = []
    if below:
        parts.append(
            _("Perbaikan diutamakan pada indikator yang belum mencapai target: %(names)s.")
            % {"names": join_id([line.name for line in below])}
        )
    if solutions:
        steps = [_("Langkah perbaikan yang akan dilakukan:")]
        steps.extend(f"{number}. {_sentence(text)}" for number, text in enumerate(solutions, 1))
        parts.append("\n".join(steps))
    else:
        parts.append(_("Belum ada solusi atau tindak lanjut yang dilaporkan oleh unit kerja."))
    return "\n\n".join(parts)


def prefilled_texts(data: AnnualReportData) -> dict[str, str]:
    """Every narrative section's text as the data says it, keyed like annual.sections."""
    texts = {
        sections.FOREWORD: _foreword(data),
        sections.EXECUTIVE_SUMMARY: _executive_summary(data),
        sections.BAB1_BACKGROUND: _background(data),
        sections.BAB1_DUTIES: _duties(data),
        sections.BAB1_ISSUES: _issues(data),
        sections.BAB2_PLAN: _plan(data),
        sections.BAB2_AGREEMENT: _agreement(data),
        sections.BAB3_BUDGET: _budget(data),
        sections.BAB4_CONCLUSION: _conclusion(data),
        sections.BAB4_IMPROVEMENT: _improvement(data),
    }
    for block in data.objectives:
        texts[sections.objective_key(block.objective_id)] = _objective(block)
    return texts
