"""Names and patterns the partners service uses in more than one layer, each defined once.

Schemas validate with them, routes declare them as parameter patterns and the models derive
their CHECK constraints from them (the migrations keep frozen copies, as migrations must).
"""

from enum import StrEnum


class PartnerKind(StrEnum):
    """The kinds of partner the source plan names (DOMAIN.md §5; plan §3, §5-§8)."""

    education_provider = "education_provider"
    wellbeing_services_county = "wellbeing_services_county"
    kela = "kela"
    ely_centre = "ely_centre"
    keha_centre = "keha_centre"
    te_office = "te_office"
    municipality_unit = "municipality_unit"
    development_company = "development_company"
    entrepreneur_association = "entrepreneur_association"
    new_business_centre = "new_business_centre"
    workshop = "workshop"
    ohjaamo = "ohjaamo"
    association = "association"
    project = "project"
    employment_area = "employment_area"
    state_agency = "state_agency"
    regional_council = "regional_council"
    company = "company"
    other = "other"


class CooperationKind(StrEnum):
    """Forms of cooperation (plan §5, §5.1, §6.2: working and theme groups, letters of
    intent with other areas, joint procurement, networks, co-development)."""

    agreement = "agreement"
    working_group = "working_group"
    joint_procurement = "joint_procurement"
    network = "network"
    co_development = "co_development"
    letter_of_intent = "letter_of_intent"


class Theme(StrEnum):
    """What a cooperation or a project is about (plan §3.6-§3.8, §5-§7)."""

    youth = "youth"
    immigration = "immigration"
    employer_services = "employer_services"
    multi_sectoral = "multi_sectoral"
    structural_change = "structural_change"
    training = "training"
    wellbeing = "wellbeing"
    international_recruitment = "international_recruitment"
    change_security = "change_security"


class TargetGroup(StrEnum):
    """The customer roles of plan §3.4 (DOMAIN.md §3), in the plan's order: the
    employment authority's customers, then the groups the coordinated services add."""

    jobseekers = "jobseekers"
    activation = "activation"
    multi_sectoral = "multi_sectoral"
    integration = "integration"
    career_guidance = "career_guidance"
    training = "training"
    job_alternation_leave = "job_alternation_leave"
    start_up = "start_up"
    employers = "employers"
    young_people = "young_people"
    outside_labour_force = "outside_labour_force"
    employed = "employed"


class Channel(StrEnum):
    in_person = "in_person"
    remote = "remote"
    online = "online"


class ServiceStatus(StrEnum):
    active = "active"
    planned = "planned"
    ended = "ended"


class ProjectStatus(StrEnum):
    planned = "planned"
    active = "active"
    ended = "ended"


# Statistics Finland's municipality code: exactly three digits, leading zeros kept.
MUNICIPALITY_CODE_PATTERN = r"^[0-9]{3}$"
# Row ids are PostgreSQL integers: a larger number cannot name anything.
INT4_MAX = 2_147_483_647
# Euros of a project: up to twelve integer digits and two decimals (numeric(14, 2)).
EURO_PATTERN = r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$"
# Lists in one record: far more than any real partner, arrangement or service has.
MAX_LIST = 100
# A search: a few words; longer text is no query.
MAX_QUERY_LENGTH = 200
