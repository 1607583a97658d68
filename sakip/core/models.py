"""Abstract base models shared by every app; the one concrete model, the background import job,
lives with the import framework (sakip.core.imports.models) and is registered here."""

from django.conf import settings
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


class ReviewStatus(models.TextChoices):
    """Where a reviewed submission stands (decision 0011): the submitter holds it while it is a
    draft or returned; the reviewer decides on it once submitted."""

    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Dikirim")
    RETURNED = "returned", _("Dikembalikan")
    ACCEPTED = "accepted", _("Diterima")


class ReviewedSubmission(TimeStampedModel):
    """Something a unit fills, submits and a reviewer accepts or returns with a note (decision
    0011): the RKT form, the Rencana Aksi, the quarterly data. `sakip.core.review.ReviewFlow`
    moves it between the states; the model names its own status labels through `status`'s
    choices (same values as ReviewStatus)."""

    # The states in which the submitter may change and submit it.
    EDITABLE = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)

    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikirim oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diperiksa oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note = models.TextField(_("catatan pemeriksa"), blank=True)

    class Meta:
        abstract = True


class DataStamp(models.Model):
    """A token rewritten, in the writing transaction, by every change to the rows it watches
    (core/data_stamp.py): what is computed from those rows is kept in the cache under it."""

    name = models.CharField(max_length=16, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"


# The background import job (decision 0014): a model of this app, kept with the imports.
from sakip.core.imports.models import ImportJob  # noqa: E402,F401
