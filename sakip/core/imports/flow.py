"""The two requests of every Excel import: upload → preview, then confirm → apply, all or nothing.

Between them the upload waits under VAR_DIR/imports/<uuid>.xlsx (sakip.core.uploads), named by a
token kept in the user's session with the fingerprint of the preview. The confirmation trusts
nothing from the preview but the file: it parses it again and applies it only if the preview is
still what the user saw; when the stored data changed meanwhile it shows the new preview (or, for
an import that says so, refuses). An upload that cannot be applied (errors, or nothing to change)
is not kept.

A confirmation of many rows (at least ``background_rows()``, settings.IMPORT_BACKGROUND_ROWS)
does not write in the request when the import has a background job (``job_kind``, decision
0014): it queues an ImportJob and shows its page, whose progress bar polls the job; the worker
runs ``run_job``, which makes the same checks as the confirmation above (the file parsed again,
refused whole if the data changed since the preview) and applies everything in one transaction,
or nothing.

A feature subclasses ImportFlow with its parser, its applier (through its services), its pages'
names and messages; its views check access first (another unit's object is a 404) and then hand
the request to ``upload`` or ``confirm``. One preview template serves every import
(core/imports/preview.html); a feature's page extends it with its breadcrumb and title.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from django.conf import settings
from django.contrib import messages as flash
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django_htmx.http import HTMX_STOP_POLLING

from sakip.core.uploads import remove_stale_uploads, store_upload, upload_path

from . import jobs
from . import messages as import_messages
from .forms import ExcelUploadForm
from .models import ImportJob
from .preview import Preview
from .rowcache import cache_path

logger = logging.getLogger(__name__)

# A confirmation of at least this many new or changed rows is applied by the background worker
# (when the import has a job): about half a second of work at 500 rows, the most a request keeps
# the user waiting without a progress bar (settings.IMPORT_BACKGROUND_ROWS overrides it).
BACKGROUND_ROWS = 500


def _remove(path: Path) -> None:
    """Delete an upload and the rows its preview kept (rowcache)."""
    path.unlink(missing_ok=True)
    cache_path(path).unlink(missing_ok=True)


def background_rows() -> int:
    return int(getattr(settings, "IMPORT_BACKGROUND_ROWS", BACKGROUND_ROWS))


if TYPE_CHECKING:
    # Dev-only (django-stubs): the annotations name it, nothing runs it.
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")  # what the import writes into: a Renstra, an ActionPlan, a UnitSubmission
P = TypeVar("P", bound=Preview)
# The request the feature's views hand over: theirs sit behind login_required, so their request's
# user is signed in (sakip.accounts.types.AuthenticatedHttpRequest, a layer above this one).
R = TypeVar("R", bound=HttpRequest)


class ApplyRefused(Exception):
    """Nothing was written: the messages go on top of the page, which shows the preview again
    (with the rows' errors) or, with ``redirect``, sends the user there."""

    def __init__(self, messages: Sequence[Any], *, redirect: str | None = None) -> None:
        super().__init__(*messages)
        self.messages = [str(m) for m in messages]
        self.redirect = redirect


@dataclass
class Pending:
    """The upload waiting for its confirmation."""

    path: Path
    state: dict[str, Any]

    @property
    def filename(self) -> str:
        return str(self.state.get("filename", ""))


class ImportFlow(Generic[T, P, R]):
    """Configure per import: the templates, the messages and the hooks below."""

    form_class: type[ExcelUploadForm] = ExcelUploadForm
    form_template: str
    preview_template: str
    # The prefix of the preview's element ids ("import-apply", "excel-apply"): pages and tests
    # find the parts of the page by them.
    element_prefix = "import"
    session_prefix: str

    expired: StrOrPromise
    has_errors_message: StrOrPromise
    nothing_to_apply: StrOrPromise
    # None: data that changed after the preview refuses the confirmation like an error, instead
    # of showing the new preview to confirm again.
    changed_since_preview: StrOrPromise | None = None

    # The background apply (decision 0014): None keeps every confirmation in the request.
    job_kind: str | None = None
    job_template = "core/imports/job.html"

    # --- hooks -----------------------------------------------------------------------------

    def session_key(self, request: R, target: T | None) -> str:
        return f"{self.session_prefix}{request.user.pk}"

    def parse(self, request: R, path: Path, target: T) -> P:
        """The preview of the file at ``path`` for ``target``, as ``request.user`` may see it."""
        raise NotImplementedError

    def state(self, target: T) -> dict[str, Any]:
        """What the confirmation needs besides the file (ids, the version previewed)."""
        return {}

    def pending_target(self, request: R, target: T | None, state: dict[str, Any]) -> T | None:
        """The object the pending upload is for, or None when it is not this one."""
        return target

    def before_apply(self, request: R, target: T, pending: Pending) -> None:
        """Raise ApplyRefused when the upload may no longer be applied (before it is parsed)."""

    def apply(self, request: R, target: T, preview: P, pending: Pending) -> str:
        """Write the preview through the services, all or nothing; the success message.
        Raise ApplyRefused (with the rows' errors added to ``preview``) when nothing was written."""
        raise NotImplementedError

    def upload_url(self, target: T | None) -> str:
        raise NotImplementedError

    def form_url(self, target: T) -> str:
        """Where the upload form posts (the upload page by default)."""
        return self.upload_url(target)

    def confirm_url(self, target: T) -> str:
        raise NotImplementedError

    def done_url(self, target: T) -> str:
        raise NotImplementedError

    def job_url(self, job: ImportJob) -> str:
        """The page of a background job (an import with ``job_kind`` has one)."""
        raise NotImplementedError

    def enqueue(self, job_id: int) -> Any:
        """Queue the feature's django-tasks task, which calls ``run_job(job_id)``."""
        raise NotImplementedError

    def job_target_id(self, target: T) -> int:
        return int(getattr(target, "pk", 0) or 0)

    def confirm_question(self, preview: P) -> str:
        """What the Terapkan button asks before it applies."""
        return ""

    def context(self, request: R, target: T) -> dict[str, Any]:
        """What the feature's pages show besides the form or the preview."""
        return {}

    # --- the pending upload ----------------------------------------------------------------

    def pending(self, request: R, target: T | None, token: str) -> Pending | None:
        state = request.session.get(self.session_key(request, target)) or {}
        if not token or token != state.get("token"):
            return None
        try:
            path = upload_path(token)
        except ValueError:
            return None
        return Pending(path, state) if path.exists() else None

    def discard(self, request: R, target: T | None) -> None:
        """Forget the pending upload and delete its file."""
        state = request.session.pop(self.session_key(request, target), None)
        if state:
            with contextlib.suppress(ValueError, OSError, KeyError):
                _remove(upload_path(state["token"]))

    # --- pages -----------------------------------------------------------------------------

    def form_page(self, request: R, target: T, form: ExcelUploadForm | None = None) -> HttpResponse:
        context = {
            "form": form or self.form_class(),
            "form_url": self.form_url(target),
            "cancel_url": self.done_url(target),
            "import_jobs": self.recent_jobs(request),
            **self.context(request, target),
        }
        return render(request, self.form_template, context)

    def recent_jobs(self, request: R) -> list[tuple[ImportJob, str]]:
        """The user's last background imports of this kind, to come back to (with their pages)."""
        if not self.job_kind:
            return []
        recent = ImportJob.objects.filter(created_by_id=request.user.pk, kind=self.job_kind)
        return [(job, self.job_url(job)) for job in recent[:5]]

    def preview_page(
        self, request: R, target: T, preview: P, *, token: str | None, filename: str
    ) -> HttpResponse:
        can_apply = token is not None and not preview.has_errors and preview.has_changes
        context = {
            "preview": preview,
            "counts": preview.counts,
            "token": token,
            "filename": filename,
            "can_apply": can_apply,
            "ids": self.element_prefix,
            "upload_url": self.upload_url(target),
            "confirm_url": self.confirm_url(target),
            "confirm_question": self.confirm_question(preview) if can_apply else "",
            "in_background": can_apply
            and bool(self.job_kind)
            and preview.change_count >= background_rows(),
            **self.context(request, target),
        }
        return render(request, self.preview_template, context)

    # --- the requests ----------------------------------------------------------------------

    def upload(self, request: R, target: T) -> HttpResponse:
        """GET: the upload form. POST: check, keep and parse the file, then show the preview."""
        if request.method != "POST":
            return self.form_page(request, target)
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self.form_page(request, target, form)
        self.discard(request, target)
        remove_stale_uploads()
        upload = form.cleaned_data["file"]
        filename = str(upload.name)
        token = store_upload(upload)
        path = upload_path(token)
        preview = self.parse(request, path, target)
        if preview.has_errors or not preview.has_changes:
            _remove(path)  # nothing to confirm: the file is of no further use
            return self.preview_page(request, target, preview, token=None, filename=filename)
        request.session[self.session_key(request, target)] = {
            "token": token,
            "filename": filename,
            "digest": preview.digest(),
            "changes": preview.change_count,
            **self.state(target),
        }
        return self.preview_page(request, target, preview, token=token, filename=filename)

    def confirm(self, request: R, target: T | None) -> HttpResponse:
        """Parse the pending upload again and apply it if the preview still holds."""
        asked = target
        pending = self.pending(request, target, request.POST.get("token", ""))
        if pending is not None:
            target = self.pending_target(request, target, pending.state)
        if pending is None or target is None:
            flash.error(request, self.expired)
            return redirect(self.upload_url(asked))
        try:
            self.before_apply(request, target, pending)
        except ApplyRefused as refused:
            return self._refused(request, target, refused, None, pending)
        if self.job_kind and int(pending.state.get("changes", 0)) >= background_rows():
            return self._start_job(request, target, pending)

        preview = self.parse(request, pending.path, target)
        digest = preview.digest()
        changed = digest != pending.state.get("digest")
        if preview.has_errors or (changed and self.changed_since_preview is None):
            self.discard(request, target)
            flash.error(request, self.has_errors_message)
            return self.preview_page(
                request, target, preview, token=None, filename=pending.filename
            )
        if changed:
            assert self.changed_since_preview is not None
            pending.state["digest"] = digest
            request.session[self.session_key(request, target)] = pending.state
            flash.warning(request, self.changed_since_preview)
            token = pending.state["token"]
            return self.preview_page(
                request, target, preview, token=token, filename=pending.filename
            )
        if not preview.has_changes:
            self.discard(request, target)
            flash.info(request, self.nothing_to_apply)
            return redirect(self.done_url(target))
        try:
            message = self.apply(request, target, preview, pending)
        except ApplyRefused as refused:
            return self._refused(request, target, refused, preview, pending)
        self.discard(request, target)
        flash.success(request, message)
        return redirect(self.done_url(target))

    def _refused(
        self,
        request: R,
        target: T,
        refused: ApplyRefused,
        preview: P | None,
        pending: Pending,
    ) -> HttpResponse:
        self.discard(request, target)
        for message in refused.messages:
            flash.error(request, message)
        if refused.redirect is not None or preview is None:
            return redirect(refused.redirect or self.upload_url(target))
        return self.preview_page(request, target, preview, token=None, filename=pending.filename)

    # --- the background apply (decision 0014) ------------------------------------------------

    def _start_job(self, request: R, target: T, pending: Pending) -> HttpResponse:
        """Hand the pending upload to a background job and show its page; the session forgets
        the upload (the job owns its file now and removes it when it ends)."""
        assert self.job_kind is not None
        state = {
            **pending.state,
            "upload_url": self.upload_url(target),
            "done_url": self.done_url(target),
        }
        request.session.pop(self.session_key(request, target), None)
        job = jobs.import_job_start(
            kind=self.job_kind,
            actor=request.user,
            target_id=self.job_target_id(target),
            state=state,
            enqueue=self.enqueue,
        )
        return redirect(self.job_url(job))

    def job_page(self, request: R, pk: int) -> HttpResponse:
        """The job's page, and (for htmx, every second) its status partial; a job no longer on
        its way answers the partial with HTTP 286, which stops the polling."""
        assert self.job_kind is not None
        job = jobs.import_job_for_user(request.user, pk, self.job_kind)
        context = {
            "job": job,
            "job_url": self.job_url(job),
            "upload_url": job.state.get("upload_url", ""),
            "done_url": job.state.get("done_url", ""),
        }
        if request.headers.get("HX-Request"):
            status = 200 if job.is_active else HTMX_STOP_POLLING
            return render(request, "core/imports/_job_status.html", context, status=status)
        return render(request, self.job_template, context)

    def run_job(self, job_id: int) -> ImportJob | None:
        """In the worker: the confirmation's checks and the apply, for the job's owner."""
        job = jobs.import_job_claim(job_id)
        if job is None:
            return None
        state = dict(job.state)
        path = None
        with translation.override(settings.LANGUAGE_CODE):
            try:
                path = upload_path(str(state.get("token", "")))
                result, failed, errors = self._run(job, state, path)
            except Exception:
                logger.exception("Import job %s (%s) failed", job.pk, job.kind)
                result, failed, errors = str(jobs.UNEXPECTED_ERROR), True, []
            jobs.import_job_finish(job, result=result, failed=failed, errors=errors)
        if path is not None:
            _remove(path)
        return job

    def _run(
        self, job: ImportJob, state: dict[str, Any], path: Path
    ) -> tuple[str, bool, list[str]]:
        progress = jobs.import_job_progress(job)
        request = HttpRequest()
        request.method = "POST"
        request.user = job.created_by
        as_request = cast(R, request)
        try:
            target = self.pending_target(as_request, None, state)
        except Http404:
            target = None
        if target is None or not path.exists():
            return str(self.expired), True, []
        pending = Pending(path, state)
        try:
            self.before_apply(as_request, target, pending)
        except ApplyRefused as refused:
            return " ".join(refused.messages), True, []
        progress(10, jobs.READING)
        preview = self.parse(as_request, path, target)
        if preview.has_errors:
            return str(self.has_errors_message), True, preview.issues
        if preview.digest() != state.get("digest"):
            return str(import_messages.CHANGED_BEFORE_JOB), True, []
        if not preview.has_changes:
            return str(self.nothing_to_apply), False, []
        progress(60, jobs.WRITING)
        try:
            message = self.apply(as_request, target, preview, pending)
        except ApplyRefused as refused:
            return " ".join(refused.messages), True, preview.issues
        return message, False, []
