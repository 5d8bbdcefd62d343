"""Names and patterns the caseload service uses in more than one layer, each defined once.

Schemas validate with them, routes declare them as parameter patterns and the models derive
their CHECK constraints from them (the migrations keep frozen copies, as migrations must).
"""

import datetime as dt
from enum import StrEnum
from typing import NamedTuple


class StaffFunction(StrEnum):
    """What a position does (plan §2.3: personal customer service and common services)."""

    customer_service = "customer_service"
    common_services = "common_services"
    management = "management"


class StaffOrigin(StrEnum):
    """Where a position came from: moved from the state's TE office on 1.1.2025 (plan §2.3),
    from a member municipality, or a new hire of the area."""

    state_transfer = "state_transfer"
    municipal = "municipal"
    new_hire = "new_hire"


class Segment(StrEnum):
    """Customer segments. `all` is a service line's total; the others are parts of it (a
    person may be in several: a long-term unemployed person over 50 is in both), the
    jobseeker structure the plan's figure 8 and its office placement criteria use (§3, §4)."""

    all = "all"
    long_term_unemployed = "long_term_unemployed"
    under_25 = "under_25"
    over_50 = "over_50"
    foreign_language = "foreign_language"


class CaseloadStatus(StrEnum):
    within_target = "within_target"
    over_target = "over_target"
    no_target = "no_target"
    no_staff = "no_staff"


class DefaultServiceLine(NamedTuple):
    key: str
    name_fi: str
    target_customers_per_fte: int | None


# The lines a new area starts with. Targets: plan §2.3 (DOMAIN.md §3): at most 170
# customers per official in competence services, at most 130 in multi-sectoral services;
# the plan sets no target for the other lines.
DEFAULT_SERVICE_LINES: tuple[DefaultServiceLine, ...] = (
    DefaultServiceLine("competence_services", "Osaamispalvelut", 170),
    DefaultServiceLine("multi_sectoral_services", "Monialaiset palvelut", 130),
    DefaultServiceLine("job_matching", "Työnvälityspalvelut", None),
    DefaultServiceLine("employer_services", "Työnantajapalvelut", None),
    DefaultServiceLine("integration", "Kotoutumispalvelut", None),
    DefaultServiceLine("youth", "Nuorten palvelut", None),
    DefaultServiceLine("career_guidance", "Ammatinvalinta- ja uraohjaus", None),
)

# A service line's key: lowercase words joined by underscores (`multi_sectoral_services`).
SERVICE_LINE_KEY_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
SERVICE_LINE_KEY_MAX_LENGTH = 50
MAX_SERVICE_LINES = 30
# Customers per FTE: a target above this is a typo (the plan's range is 130-230).
MAX_TARGET = 10_000
# Customers in one row of counts or one scenario change: far above any area's jobseekers.
MAX_CUSTOMERS = 10_000_000
# Row ids are PostgreSQL integers; an office id is the offices service's row id, alike.
INT4_MAX = 2_147_483_647
# Euros of an annual cost: up to ten integer digits and two decimals (numeric(12, 2)).
EURO_PATTERN = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$"

# Statistics Finland's municipality code: exactly three digits, leading zeros kept.
MUNICIPALITY_CODE_PATTERN = r"^[0-9]{3}$"

# A month `YYYY-MM` from 2000-01 to 2100-12 (the pattern holds the range); dates stay
# within the same years, so that month arithmetic never leaves what PostgreSQL and Python
# can both hold.
MONTH_PATTERN = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"
YEARS = (2000, 2100)
EARLIEST_DATE = dt.date(YEARS[0], 1, 1)
LATEST_DATE = dt.date(YEARS[1], 12, 31)

# FTE of one position: 0 < fte <= 1, with at most three decimals (an eighth of a full
# post is 0.125; a finer share is no real contract).
FTE_DECIMALS = 3
