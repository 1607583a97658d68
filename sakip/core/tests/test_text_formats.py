"""The shared formats of times and names (UX.md "Numbers, dates and names people type and read")."""

import datetime

import pytest
from django.template import Context, Template

from sakip.audit.history import plain_value
from sakip.core.templatetags.sakip_format import before_period, format_moment, quarter_label

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Fitriani, S.E.", "Fitriani, S.E"),  # the sentence's own period follows
        ("Muhammad Ridwan, S.AP.", "Muhammad Ridwan, S.AP"),
        ("Dr. Rahmadi Noor, S.Sos., M.Si.", "Dr. Rahmadi Noor, S.Sos., M.Si"),
        ("Kabid Ikp", "Kabid Ikp"),
        ("Menunggu…", "Menunggu…"),
        ("dan lain-lain...", "dan lain-lain..."),  # an ellipsis is not a full stop
        ("", ""),
        (None, ""),
    ],
)
def test_before_period(text, shown):
    assert before_period(text) == shown


def test_a_name_ends_a_sentence_with_one_period():
    template = Template("{% load sakip_format %}Dikunci oleh {{ name|before_period }}.")
    shown = template.render(Context({"name": "Fitriani, S.E."}))
    assert shown == "Dikunci oleh Fitriani, S.E."


def test_a_moment_in_wita_with_the_day_name():
    friday = datetime.datetime(2026, 12, 4, 7, 45, tzinfo=UTC)  # 15:45 WITA
    assert format_moment(friday) == "Jumat, 04 Desember 2026 15:45 WITA"
    assert format_moment(friday, with_zone=False) == "Jumat, 04 Desember 2026 15:45"
    assert format_moment(None) == ""


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2026-12-04T15:45:00+08:00", "Jumat, 04 Desember 2026 15:45 WITA"),
        ("2026-12-04T07:45:00+00:00", "Jumat, 04 Desember 2026 15:45 WITA"),
        ("2026-12-04T07:45:00.123456Z", "Jumat, 04 Desember 2026 15:45 WITA"),
        ("2026-12-04", "04 Desember 2026"),
        ("2026-02-30", "2026-02-30"),  # not a date: the text as stored
        ("IK1.1", "IK1.1"),
    ],
)
def test_the_history_spells_out_stored_times(stored, shown):
    assert plain_value(stored) == shown


def test_a_quarter_is_named_in_roman_numerals():
    assert [quarter_label(q) for q in (1, 2, 3, 4)] == ["TW I", "TW II", "TW III", "TW IV"]
    assert quarter_label(None) == ""
