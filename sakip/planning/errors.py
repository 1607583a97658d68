"""Error messages of the planning rules, as constants that services raise and tests assert."""

from django.utils.translation import gettext_lazy as _

RANGE_NEEDS_HIGH = _("A range target needs both a low and a high value.")
RANGE_LOW_ABOVE_HIGH = _("The low value of a range cannot be greater than the high value.")
SINGLE_HAS_HIGH = _("A single-value target has no high value; choose the range kind for a range.")
YEAR_OUTSIDE_RENSTRA = _("Year %(year)s is outside the Renstra period %(start)s–%(end)s.")
TARGET_REQUIRED = _("Enter a target value.")
NEGATIVE_BUDGET = _("The budget ceiling (pagu) cannot be negative.")
UNIT_OUTSIDE_AGENCY = _("The responsible unit must belong to the agency of this Renstra.")
PARENT_OTHER_RENSTRA = _("The parent indicator must belong to the same Renstra.")
PARENT_IS_SELF = _("An indicator cannot be its own parent.")
CODE_TAKEN = _("This code is already used here; choose another.")
RENSTRA_YEAR_TAKEN = _("This agency already has a Renstra starting in %(year)s.")
STALE_EDIT = _(
    "Someone else changed this data while you were editing it (by %(actor)s). "
    "Reload the page to see their change, then apply yours again."
)
