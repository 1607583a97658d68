"""The code behind SOP steps: a step's `action` key names a StepHandler; a SOP's `workflow` names
WorkflowHooks. The steps themselves stay data (DOMAIN.md §1: "never hard-code a step list").

Feature apps register their handlers in their AppConfig.ready(), e.g. planning registers
"rkt.fill", "rkt.submit", "rkt.compile", "rkt.review" and the "rkt" workflow hooks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sakip.accounts.types import Actor

if TYPE_CHECKING:
    from sakip.organization.models import Unit

    from .models import ProcedureRun, SopStep, Task


class StepHandler:
    """Default behaviour: a task is completed with a note and optional output files."""

    key = ""

    def on_open(self, task: Task) -> None:
        """The task became open (its inputs are ready); prepare what the assignee works on."""

    def blockers(self, task: Task) -> list[str]:
        """Why the task cannot be completed yet, in Indonesian; empty when it can."""
        return []

    def work_url(self, task: Task) -> str | None:
        """The page where the assignee does the work; None means the generic task page."""
        return None

    def work_urls(self, tasks: Sequence[Task]) -> dict[int, str | None]:
        """`work_url` of many tasks of this handler's step (the inbox), by task id. A handler whose
        URL needs a query overrides this to answer for all the tasks in one."""
        return {task.pk: self.work_url(task) for task in tasks}

    def on_complete(self, task: Task, *, actor: Actor) -> None:
        """Side effects of completing the task (inside the completing transaction)."""

    def on_return(self, task: Task, *, actor: Actor) -> None:
        """Side effects of a decision step returning the work (inside the transaction)."""

    def fan_out_units(self, run: ProcedureRun, step: SopStep) -> list[Unit] | None:
        """The units of a per-unit step; None uses the step's fan_out_unit_kinds."""
        return None


class WorkflowHooks:
    """Behaviour of a whole SOP workflow (Sop.workflow)."""

    key = ""

    def on_run_start(self, run: ProcedureRun, *, actor: Actor) -> None:
        """Create the run's working objects (e.g. the year's RKT document)."""

    def on_run_complete(self, run: ProcedureRun, *, actor: Actor) -> None:
        """Finish the run's working objects (e.g. lock the RKT and publish documents)."""


# Called once the transaction that completed a run of the workflow has committed: for what must
# not run inside it (rendering documents for seconds, mail), e.g. queuing a background job.
RunCompletedListener = Callable[["ProcedureRun", Any], None]

_STEP_HANDLERS: dict[str, StepHandler] = {}
_RUN_COMPLETED: dict[str, list[RunCompletedListener]] = defaultdict(list)
_WORKFLOW_HOOKS: dict[str, WorkflowHooks] = {}
_DEFAULT_HANDLER = StepHandler()
_DEFAULT_HOOKS = WorkflowHooks()


def register_step_handler(handler: StepHandler) -> StepHandler:
    _STEP_HANDLERS[handler.key] = handler
    return handler


def register_workflow_hooks(hooks: WorkflowHooks) -> WorkflowHooks:
    _WORKFLOW_HOOKS[hooks.key] = hooks
    return hooks


def on_run_completed(workflow: str, listener: RunCompletedListener) -> RunCompletedListener:
    """Call `listener(run, actor)` after the commit of every completion of a `workflow` run."""
    if listener not in _RUN_COMPLETED[workflow]:
        _RUN_COMPLETED[workflow].append(listener)
    return listener


def run_completed_listeners(workflow: str) -> list[RunCompletedListener]:
    return list(_RUN_COMPLETED.get(workflow, ()))


def handler_for(step: SopStep) -> StepHandler:
    return _STEP_HANDLERS.get(step.action, _DEFAULT_HANDLER)


def hooks_for(workflow: str) -> WorkflowHooks:
    return _WORKFLOW_HOOKS.get(workflow, _DEFAULT_HOOKS)


def registered_actions() -> list[str]:
    return sorted(_STEP_HANDLERS)
