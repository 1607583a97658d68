"""Copying a set of rows many times in bulk: one `bulk_create` per model (per tree level), with
every foreign key remapped to the copy of its target.

A `Step` names a model and the template rows to copy (a queryset). Steps run in dependency order;
each copy `c` of the template keeps, per model, the map old id → new id of what it created, and a
foreign key of a copied row points to the copy of its target when the target was copied, to the
same row otherwise (the regency unit, the administrator, the regency reader: rows the copies
share).

Some rows are copied several times within one copy (`replicated`): the objectives of the plan and
everything that hangs on them (indicators, targets, Rencana Aksi lines, realisasi...), so an agency
can have more indicators than the template. A replicated row's foreign keys use the map of its own
replica for replicated targets and the agency's single map for the others.

Timestamps (`auto_now`, `auto_now_add`) are copied as they are, not reset to the moment of the copy:
a copied submission was sent when the template's was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db.models import ForeignKey, Model, QuerySet

Row = dict[str, Any]
# (model, copy index, replica index) → {template id: new id}
IdMaps = dict[tuple[type[Model], int, int], dict[Any, Any]]


@dataclass(frozen=True)
class Copy:
    """One copy of the template: its 1-based index and how many replicas of the replicated rows."""

    index: int
    replicas: int


@dataclass
class Step:
    """Copy `rows()` of `model`; `rewrite(row, copy, replica)` changes the fields that must differ
    (unique codes, names) in place, after the foreign keys were remapped."""

    model: type[Model]
    rows: Callable[[], QuerySet[Any]]
    replicated: bool = False
    rewrite: Callable[[Row, Copy, int], None] | None = None
    # Rows of a model whose foreign key points to the same model (a unit's parent) are created
    # level by level, parents first; `self_fk` is that field's attname.
    self_fk: str | None = field(default=None)


@contextmanager
def keeping_timestamps(model: type[Model]) -> Iterator[None]:
    """Turn off `auto_now`/`auto_now_add` of `model` while its copies are inserted."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]  # type: ignore[attr-defined]
    for f in fields:
        f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add  # type: ignore[attr-defined]


def _foreign_keys(model: type[Model]) -> list[ForeignKey]:
    return [f for f in model._meta.concrete_fields if isinstance(f, ForeignKey)]


def _levels(rows: list[Row], self_fk: str | None) -> list[list[Row]]:
    """The rows in levels: those whose parent is not among them first, then their children..."""
    if self_fk is None:
        return [rows]
    ids = {row["id"] for row in rows}
    placed: set[Any] = set()
    levels: list[list[Row]] = []
    remaining = rows
    while remaining:
        level = [r for r in remaining if r[self_fk] not in ids or r[self_fk] in placed]
        if not level:
            raise ValueError(f"a cycle in {self_fk}")
        levels.append(level)
        placed.update(r["id"] for r in level)
        remaining = [r for r in remaining if r["id"] not in placed]
    return levels


class Cloner:
    """Runs the steps for all copies at once; `maps` keeps what each copy created."""

    def __init__(self, copies: Sequence[Copy], replicated: set[type[Model]]) -> None:
        self.copies = list(copies)
        self.replicated = replicated
        self.maps: IdMaps = {}
        self.created: dict[type[Model], int] = {}

    def new_id(self, model: type[Model], copy: Copy, old: Any, replica: int = 0) -> Any:
        key = (model, copy.index, replica if model in self.replicated else 0)
        return self.maps.get(key, {}).get(old, old)

    def run(self, steps: Sequence[Step]) -> None:
        for step in steps:
            self._run(step)

    def _run(self, step: Step) -> None:
        model = step.model
        attnames = [f.attname for f in model._meta.concrete_fields]
        pk_name = model._meta.pk.attname  # type: ignore[union-attr]
        rows = list(step.rows().order_by(pk_name).values(*attnames))
        for row in rows:
            row.setdefault("id", row[pk_name])
        fks = _foreign_keys(model)
        for level in _levels(rows, step.self_fk):
            objects: list[Model] = []
            keys: list[tuple[Copy, int, Any]] = []
            for copy in self.copies:
                for replica in range(copy.replicas if step.replicated else 1):
                    for row in level:
                        values = dict(row)
                        values.pop(pk_name)
                        values.pop("id", None)
                        for fk in fks:
                            old = values[fk.attname]
                            if old is not None:
                                target = fk.related_model
                                values[fk.attname] = self.new_id(target, copy, old, replica)  # type: ignore[arg-type]
                        if step.rewrite is not None:
                            step.rewrite(values, copy, replica)
                        objects.append(model(**values))
                        keys.append((copy, replica, row[pk_name]))
            with keeping_timestamps(model):
                model.objects.bulk_create(objects, batch_size=2000)  # type: ignore[attr-defined]
            for obj, (copy, replica, old) in zip(objects, keys, strict=True):
                self.maps.setdefault((model, copy.index, replica), {})[old] = obj.pk
            self.created[model] = self.created.get(model, 0) + len(objects)
