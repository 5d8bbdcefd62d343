"""Names and patterns the funding service uses in more than one layer, each defined once.

Schemas validate with them, routes declare them as parameter patterns and the models derive
their CHECK constraints from them (the migrations keep frozen copies, as migrations must).
"""

from decimal import Decimal
from enum import StrEnum

# Statistics Finland's municipality code: exactly three digits, leading zeros kept.
MUNICIPALITY_CODE_PATTERN = r"^[0-9]{3}$"

# The years a subsidy, an allocation or a budget may be for.
FUNDING_YEARS = (2000, 2100)

# Euro amounts: at most twelve digits before the point (a national pool is ~10^9 €).
EURO_DIGITS = 14

# An allocation criterion's name: a snake_case word, e.g. working_age_population.
CRITERION_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
CRITERION_NAME_MAX_LENGTH = 64

# Plan §2.1 (DOMAIN.md §2): the budget may count at most 95 % of the members' TE state
# subsidy of the previous spring's preliminary calculation. A parameter of each budget.
DEFAULT_CAP_SHARE = Decimal("0.95")


class SubsidyKind(StrEnum):
    """DOMAIN.md §2: the spring's preliminary calculation (ennakkolaskelma), which the cap
    uses, and the final figure, which a member's contribution uses where both exist."""

    preliminary_spring = "preliminary_spring"
    final = "final"


class BudgetCategory(StrEnum):
    personnel = "personnel"
    premises = "premises"
    ict = "ict"
    procured_services = "procured_services"
    # Plan §7: the yearly budget reserves an appropriation for change security and sudden
    # structural change.
    change_security_reserve = "change_security_reserve"
    other = "other"


class CostSharingKey(StrEnum):
    """How a lead-municipality area divides its approved expenditure among the members."""

    population = "population"
    subsidy_criteria = "subsidy_criteria"
