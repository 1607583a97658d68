"""The shared "Riwayat" rows: before → after, values spelt out for people, newest first."""

from sakip.audit.history import history_entries, plain_value
from sakip.audit.services import audit_record


def test_values_are_spelt_out_the_indonesian_way():
    assert plain_value(None) == "—"
    assert plain_value("95.5600") == "95,56"
    assert plain_value("1004422800.00") == "1.004.422.800"
    assert plain_value(True) == "Ya"
    assert plain_value("returned", {"returned": "Dikembalikan"}) == "Dikembalikan"
    assert plain_value(["80", "90"]) == "80 · 90"


def test_entries_are_newest_first_with_labels(organization):
    unit = organization.ikp
    actor = organization["staf.evaluasi"]
    audit_record(actor=actor, instance=unit, action="update", changes={"name": ["A", "B"]})
    audit_record(actor=None, instance=unit, action="lock", note="selesai")
    entries = history_entries(
        unit, action_labels={"update": "Diubah", "lock": "Dikunci"}, field_labels={"name": "Nama"}
    )
    assert [e.action for e in entries[:2]] == ["Dikunci", "Diubah"]
    assert entries[0].actor == "Sistem" and entries[0].note == "selesai"
    change = entries[1].changes[0]
    assert (change.label, change.before, change.after) == ("Nama", "A", "B")
