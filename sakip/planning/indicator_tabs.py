"""More tabs on the indicator page, filled by the layers above planning (decision 0009).

The indicator page (planning) shows the definition, targets, cascade and history; the quarterly
data (realisasi, capaian, kendala/solusi, evidence) belongs to sakip.monitoring, which sits above
planning. It registers a builder here on start-up; the page asks every builder for its tabs.
A builder reads a fixed number of queries whatever the number of years, quarters or files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sakip.accounts.types import Viewer

if TYPE_CHECKING:
    from .models import Indicator, Renstra


@dataclass
class IndicatorTab:
    """One tab: its id (for the HTML ids), label, count badge (None: none), template and data."""

    key: str
    label: str
    template: str
    data: Any = None
    count: int | None = None


TabBuilder = Callable[[Viewer, "Indicator", "Renstra"], list[IndicatorTab]]

_builders: dict[str, TabBuilder] = {}


def register(name: str, builder: TabBuilder) -> None:
    """Register (or replace, on a reload) the builder called ``name``."""
    _builders[name] = builder


def tabs_for(user: Viewer, indicator: Indicator, renstra: Renstra) -> list[IndicatorTab]:
    tabs: list[IndicatorTab] = []
    for builder in _builders.values():
        tabs.extend(builder(user, indicator, renstra))
    return tabs
