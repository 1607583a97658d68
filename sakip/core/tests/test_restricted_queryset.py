"""Every domain model's queryset offers `.restrict(user, action)` (docs/decisions/0002), and the
base class keeps its promises: anonymous and deactivated users get nothing, an unknown action is a
programming error, and so is a model that states no rule."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from sakip.audit.models import AuditEvent
from sakip.core.querysets import RestrictedQuerySet

# "Every domain model": the models of these apps (Django's own apps and the task queue are not
# the product's data).
DOMAIN_APPS = {
    "accounts",
    "audit",
    "organization",
    "procedures",
    "planning",
    "monitoring",
    "reports",
}


def domain_models():
    return [m for m in apps.get_models() if m._meta.app_label in DOMAIN_APPS]


def test_the_domain_has_the_models_the_issue_counts():
    assert len(domain_models()) >= 46


@pytest.mark.parametrize("model", domain_models(), ids=lambda m: m._meta.label)
def test_every_domain_model_restricts(model, organization):
    """Each model states its rule for both actions; nobody logged out sees a row of it."""
    queryset = model._default_manager.all()
    assert isinstance(queryset, RestrictedQuerySet), f"{model._meta.label} cannot restrict()"
    for username in ("admin", "kadis", "kabid.ikp", "outsider"):
        for action in ("view", "change"):
            # Evaluated, so a model without a rule (NotImplementedError) fails here.
            list(model._default_manager.restrict(organization[username], action)[:1])
    assert not model._default_manager.restrict(AnonymousUser(), "view").exists()


def test_deactivated_users_see_nothing(organization):
    admin = organization["admin"]
    AuditEvent.objects.create(object_type="x", object_id="1", object_repr="x", action="create")
    assert AuditEvent.objects.restrict(admin).filter(object_type="x").count() == 1
    admin.is_active = False
    assert AuditEvent.objects.restrict(admin).filter(object_type="x").count() == 0


def test_an_unknown_action_is_refused(organization):
    with pytest.raises(ValueError, match="delete"):
        AuditEvent.objects.restrict(organization["admin"], "delete")  # type: ignore[arg-type]


def test_a_model_without_a_rule_is_an_error_not_an_open_door(organization):
    queryset: RestrictedQuerySet[AuditEvent] = RestrictedQuerySet(model=AuditEvent)
    with pytest.raises(NotImplementedError, match="AuditEvent"):
        queryset.restrict(organization["admin"])
