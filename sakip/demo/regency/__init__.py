"""A regency to test and benchmark with: the demo agency copied in bulk (see generate.py)."""

from .generate import (
    RegencyError,
    RegencyExistsError,
    RegencySummary,
    agency_code,
    generate_regency,
    regency_generated,
    username_for,
)

__all__ = [
    "RegencyError",
    "RegencyExistsError",
    "RegencySummary",
    "agency_code",
    "generate_regency",
    "regency_generated",
    "username_for",
]
