"""The audit trail: read whole by administrators only (a person reads an object's history on its
own page), changed by nobody."""

from sakip.audit.models import AuditEvent
from sakip.audit.services import audit_record


def test_only_administrators_read_the_trail_and_nobody_changes_it(organization):
    o = organization
    audit_record(actor=o["kabid.ikp"], instance=o.ikp, action="update", changes={})
    own = AuditEvent.objects.filter(actor=o["kabid.ikp"])
    assert own.restrict(o["admin"], "view").count() == 1
    for username in ("kabid.ikp", "kadis", "staf.evaluasi"):
        assert not own.restrict(o[username], "view").exists(), username
    for username in ("admin", "kabid.ikp"):
        assert not AuditEvent.objects.restrict(o[username], "change").exists(), username
