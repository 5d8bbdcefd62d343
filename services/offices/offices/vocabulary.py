"""Names and patterns the offices service uses in more than one layer, each defined once.

Schemas validate with them, routes declare them as parameter patterns and the models derive
their CHECK constraints from them (the migrations keep frozen copies, as migrations must).
"""

import datetime as dt
from enum import StrEnum


class OfficeKind(StrEnum):
    """A place of service (DOMAIN.md §4: offices and local service points; plan §4), a
    mobile service point (a bus that visits) or an online-only channel."""

    office = "office"
    local_service_point = "local_service_point"
    mobile = "mobile"
    online = "online"


# Kinds that are a fixed place: they need an address and coordinates. A mobile point
# moves and an online channel has no place, so for them both are optional.
FIXED_KINDS = (OfficeKind.office, OfficeKind.local_service_point)


class OfficeStatus(StrEnum):
    planned = "planned"
    open = "open"
    closed = "closed"


class NameLanguage(StrEnum):
    """The languages an office's name may be given in; Finnish is required."""

    fi = "fi"
    sv = "sv"
    en = "en"


class ExportFormat(StrEnum):
    """What `GET .../offices` answers: this service's own JSON, Open Referral HSDS 3.0
    locations, or PTV v11 ServiceLocation channels (DOMAIN.md §6)."""

    json = "json"
    hsds = "hsds"
    ptv = "ptv"


# A service-line key as the caseload service names its lines (`multi_sectoral_services`):
# lowercase words joined by underscores. The keys are free, as an area may add lines there;
# the lines every area starts with are these (caseload's DEFAULT_SERVICE_LINES, plan §2.3).
SERVICE_LINE_KEY_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
SERVICE_LINE_KEY_MAX_LENGTH = 50
MAX_SERVICES = 30
KNOWN_SERVICE_LINES = (
    "competence_services",
    "multi_sectoral_services",
    "job_matching",
    "employer_services",
    "integration",
    "youth",
    "career_guidance",
)

# Statistics Finland's municipality code: exactly three digits, leading zeros kept.
MUNICIPALITY_CODE_PATTERN = r"^[0-9]{3}$"
# A Finnish postal code: five digits (Posti).
POSTAL_CODE_PATTERN = r"^[0-9]{5}$"
# Finland's bounding box (mainland and Åland), WGS84, as the areas service checks its
# municipalities: a coordinate outside it is a typo. A box is coarse (it covers some sea
# and a strip of the neighbours), which is what a typo check needs.
LATITUDE_RANGE = (59.5, 70.1)
LONGITUDE_RANGE = (19.0, 31.6)

# "HH:MM" local time; a range may close at 24:00, the end of its day.
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
CLOSING_TIME_PATTERN = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
MAX_WEEKLY_RULES = 100
MAX_EXCEPTIONS = 1000
# How far `GET .../hours?from=&to=` and `.../open` look: a year and a day.
MAX_HOURS_DAYS = 366

# Dates any field takes: within years both PostgreSQL and Python hold, and far from their
# ends, so that adding a notice period or a window never leaves them.
YEARS = (2000, 2100)
EARLIEST_DATE = dt.date(YEARS[0], 1, 1)
LATEST_DATE = dt.date(YEARS[1], 12, 31)

# Notice periods in months, and the window of upcoming notice deadlines, in days.
MAX_NOTICE_MONTHS = 120
MAX_WITHIN_DAYS = 3660
# Euros of a monthly rent: up to ten integer digits and two decimals (numeric(12, 2)).
EURO_PATTERN = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$"
# Square metres of premises: up to seven integer digits and one decimal (numeric(8, 1)).
MAX_AREA_M2 = 9_999_999

# Row ids are PostgreSQL integers: a larger number cannot name anything.
INT4_MAX = 2_147_483_647
