"""Names and patterns the areas service uses in more than one layer, each defined once.

Schemas validate with them, routes declare them as parameter patterns and the models derive
their CHECK constraints from them (the migrations keep frozen copies, as migrations must).
The criteria of the formation check and the plan statuses live with their rules
(`rules.formation.Criterion`, `rules.plans.PlanStatus`), the statistic indicators in
`indicators`.
"""

from enum import StrEnum

from servicekit.auth import AREA_ID_MAX_LENGTH, AREA_ID_PATTERN

# Area ids and plan-section keys: lowercase letters, digits and single hyphens. An area id
# is the tenancy key every token names, so servicekit defines it; a section key is alike.
SLUG_PATTERN = AREA_ID_PATTERN
SLUG_MAX_LENGTH = AREA_ID_MAX_LENGTH

# Statistics Finland's municipality code: exactly three digits, leading zeros kept.
MUNICIPALITY_CODE_PATTERN = r"^[0-9]{3}$"
MUNICIPALITY_CODE_LIST_PATTERN = r"^[0-9]{3}(,[0-9]{3})*$"

# Finland's bounding box (mainland and Åland), WGS84: a coordinate outside it is a typo.
LATITUDE_RANGE = (59.5, 70.1)
LONGITUDE_RANGE = (19.0, 31.6)

# The years a plan record may be for.
PLAN_YEARS = (2000, 2100)


class OrganisationForm(StrEnum):
    """DOMAIN.md §1: kuntayhtymä, vastuukuntamalli, or a municipality large enough alone."""

    joint_municipal_authority = "joint_municipal_authority"
    lead_municipality = "lead_municipality"
    single_municipality = "single_municipality"


class SectionLanguage(StrEnum):
    """The language a narrative section of a plan is written in."""

    fi = "fi"
    sv = "sv"
    en = "en"
