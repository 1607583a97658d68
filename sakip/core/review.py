"""The reviewed-submission lifecycle (decision 0011): a unit submits, a reviewer accepts it or
returns it with a note, the unit corrects and submits again.

The RKT form (SOP 1), the Rencana Aksi and the quarterly data (SOP 2) follow it. Each feature's
services configure one `ReviewFlow` and compose its steps in the order their own rules need
(a locked quarter or RKT is checked first; the quarter's reviewer may return accepted data too):

- `lock` — the fresh row under `select_for_update`, with the optimistic version check
  (decision 0003);
- `check_state` — refuse unless the object is in one of the allowed states; a decision taken
  meanwhile is named by the feature's `decided` lookup (who and when), else the given message;
- `require_note` — a return needs a note, keyed by the input it belongs to;
- `submit`, `accept`, `return_` — set the status and its stamps, count the version up, save, and
  write the audit event through the hook the feature passes in (the audit app is a layer above
  this one).

The flow raises plain ValidationError; features pass richer errors (AlreadyDoneError) through
their `decided` lookup.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .locking import lock_fresh
from .models import ReviewedSubmission, ReviewStatus

RETURN_NOTE_REQUIRED = _("Catatan wajib diisi saat mengembalikan.")

S = TypeVar("S", bound=ReviewedSubmission)


# Who acts is `sakip.accounts.types.Actor` (a User or None) in every caller; core sits below
# accounts (decision 0009) and cannot name the User model, so `actor` is Any here only.
Actor = Any


class AuditHook(Protocol):
    """How a feature records a state change (sakip.audit.services.audit_record)."""

    def __call__(
        self,
        *,
        actor: Actor,
        instance: Any,
        action: str,
        changes: Mapping[str, Any] | None = ...,
        note: str = ...,
        at: datetime.datetime | None = ...,
    ) -> object: ...


def _person(actor: Actor) -> Any:
    """The user stamped on the object; the system (None, or a user not saved) stamps nobody."""
    return actor if getattr(actor, "pk", None) else None


@dataclass(frozen=True)
class ReviewFlow(Generic[S]):
    """The lifecycle of one kind of reviewed submission.

    `audit` records each transition; `note_key` is the input a missing return note is shown
    next to; `accept_action` names the audit action of an acceptance; with `keep_first_submission`
    `submitted_at`/`submitted_by` keep the first sending (lateness is judged on it) and the
    feature records resubmissions itself."""

    audit: AuditHook
    note_key: str = "review_note"
    return_note_required: Any = RETURN_NOTE_REQUIRED
    accept_action: str = "accept"
    keep_first_submission: bool = False

    # --- reading and checking -----------------------------------------------------------------

    def lock(self, instance: S, expected_version: int | None = None) -> S:
        """The row, fresh and locked; StaleEditError if it changed since `expected_version`."""
        return lock_fresh(instance, expected_version)

    def check_state(
        self,
        instance: S,
        allowed: Collection[str],
        refusal: Any,
        decided: Callable[[S], ValidationError | None] | None = None,
    ) -> None:
        """Refuse unless `instance.status` is one of `allowed`: with the decision taken meanwhile
        (`decided`, naming who and when) if there is one, else with `refusal`."""
        if instance.status in allowed:
            return
        error = decided(instance) if decided is not None else None
        raise error or ValidationError(refusal)

    def check_submitted(
        self,
        instance: S,
        refusal: Any,
        decided: Callable[[S], ValidationError | None] | None = None,
    ) -> None:
        """Only a submitted object is reviewed."""
        self.check_state(instance, (ReviewStatus.SUBMITTED,), refusal, decided)

    def require_note(self, note: str | None) -> str:
        """The return note, stripped; a return without one is refused."""
        note = (note or "").strip()
        if not note:
            raise ValidationError({self.note_key: self.return_note_required})
        return note

    # --- transitions ----------------------------------------------------------------------------

    def submit(
        self,
        instance: S,
        *,
        actor: Actor,
        now: datetime.datetime | None = None,
        changes: Mapping[str, Any] | None = None,
        fields: Collection[str] = (),
    ) -> S:
        """The submitter hands it in: from now on only the reviewer acts on it."""
        before = instance.status
        instance.status = ReviewStatus.SUBMITTED
        if not self.keep_first_submission or instance.submitted_at is None:
            instance.submitted_at = now or timezone.now()
            instance.submitted_by = _person(actor)
        self._save(instance, ["status", "submitted_at", "submitted_by", *fields])
        self.audit(
            at=now,
            actor=actor,
            instance=instance,
            action="submit",
            changes={"status": [before, instance.status], **(changes or {})},
        )
        return instance

    def accept(
        self,
        instance: S,
        *,
        actor: Actor,
        now: datetime.datetime | None = None,
        note: str | None = None,
        changes: Mapping[str, Any] | None = None,
    ) -> S:
        """The reviewer accepts it; `note` (when given) replaces the review note."""
        before = instance.status
        instance.status = ReviewStatus.ACCEPTED
        instance.reviewed_at = now or timezone.now()
        instance.reviewed_by = _person(actor)
        fields = ["status", "reviewed_at", "reviewed_by"]
        if note is not None:
            instance.review_note = note
            fields.append("review_note")
        self._save(instance, fields)
        self.audit(
            at=now,
            actor=actor,
            instance=instance,
            action=self.accept_action,
            changes={"status": [before, instance.status], **(changes or {})},
            note=note or "",
        )
        return instance

    def return_(
        self,
        instance: S,
        *,
        actor: Actor,
        note: str,
        now: datetime.datetime | None = None,
        changes: Mapping[str, Any] | None = None,
        action: str = "return",
    ) -> S:
        """The reviewer sends it back to the submitter with the note saying what to correct."""
        before = instance.status
        instance.status = ReviewStatus.RETURNED
        instance.review_note = note
        instance.reviewed_at = now or timezone.now()
        instance.reviewed_by = _person(actor)
        self._save(instance, ["status", "review_note", "reviewed_at", "reviewed_by"])
        self.audit(
            at=now,
            actor=actor,
            instance=instance,
            action=action,
            changes={"status": [before, instance.status], **(changes or {})},
            note=note,
        )
        return instance

    @staticmethod
    def _save(instance: S, fields: Collection[str]) -> None:
        instance.version += 1
        instance.save(update_fields=[*fields, "version", "updated_at"])
