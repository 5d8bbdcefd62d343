"""The indicators a municipal statistic may have (DOMAIN.md §2 and §7)."""

from typing import Literal, get_args

Indicator = Literal[
    "population",
    "working_age_population",
    "labour_force",
    "unemployed_jobseekers",
    "broad_unemployment",
    "jobseekers",
    "foreign_language_speakers",
    "employed",
    "workplaces",
    "companies",
]
INDICATORS: tuple[str, ...] = get_args(Indicator)
