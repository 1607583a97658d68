"""The table of typed numbers and how they must be read (issue 8, UX.md "Numbers").

One table for every place a person types a number: the parser itself, the form field and the
Excel import each run through it. `None` means the entry is refused with a message.
"""

from decimal import Decimal

# (language, typed text, expected value or None for a refusal)
CASES: list[tuple[str, str, Decimal | None]] = [
    # Indonesian: "." groups thousands, "," marks decimals.
    ("id", "1.250", Decimal("1250")),
    ("id", "1.250,5", Decimal("1250.5")),
    ("id", "12,5", Decimal("12.5")),
    ("id", "1250", Decimal("1250")),
    ("id", "1.250.000", Decimal("1250000")),
    ("id", "1.004.422.800", Decimal("1004422800")),
    ("id", "95,56", Decimal("95.56")),
    ("id", "0,5", Decimal("0.5")),
    ("id", "-3,5", Decimal("-3.5")),
    ("id", "0", Decimal("0")),
    ("id", " 12,5 ", Decimal("12.5")),
    ("id", "1,250", Decimal("1.25")),  # a decimal comma: one and a quarter
    ("id", "1.25", None),  # 125 or 1,25? ambiguous
    ("id", "1.2345", None),
    ("id", "1,250.5", None),  # English grouping in Indonesian
    ("id", "12,5,3", None),
    ("id", "1.250.5", None),
    ("id", "1 250", None),
    ("id", "12.5.", None),
    ("id", "abc", None),
    ("id", "1e5", None),
    ("id", "NaN", None),
    ("id", "Infinity", None),
    ("id", "1_000", None),
    ("id", "١٢", None),  # Arabic-Indic digits
    ("id", "--5", None),
    # English: "," groups thousands, "." marks decimals.
    ("en", "1,250", Decimal("1250")),
    ("en", "1,250.5", Decimal("1250.5")),
    ("en", "12.5", Decimal("12.5")),
    ("en", "1250", Decimal("1250")),
    ("en", "1.25", Decimal("1.25")),
    ("en", "1,004,422,800", Decimal("1004422800")),
    ("en", "12,5", None),
    ("en", "1.250,5", None),
    ("en", "1.250.000", None),
    ("en", "12,5,3", None),
]
