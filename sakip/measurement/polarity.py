"""Polarity of an indicator: which direction of realisasi is good (DOMAIN.md §3 rules 1-2)."""

from __future__ import annotations

from enum import StrEnum


class Polarity(StrEnum):
    HIGHER = "higher"  # higher is better, e.g. number of documents published
    LOWER = "lower"  # lower is better, e.g. complaint count, response time
