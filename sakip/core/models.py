"""Abstract base models shared by every app (no concrete models live here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Creation and last-change times, and a version counter that detects racing edits."""

    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)
    # Optimistic locking: an edit form carries the version it was loaded with; a save whose
    # version no longer matches was overtaken by someone else's change and is refused.
    version = models.PositiveIntegerField(_("versi"), default=1)

    class Meta:
        abstract = True
