"""Section 1, the area and its formation: who the members are and whether they meet the law.

From the areas service, in one read (the area's profile): the members on `on` with their
names, coordinates and latest population (the map's point sizes) and labour-force figures,
the borders among them, and the eligibility answer with each criterion and the
labour-force forecast for the plan's rates, as the service's formation read gives them.

Its overview columns need one call an area: the eligibility answer names the members
on `on`, each criterion and the labour-force figures found.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from gateway.plan import charts
from gateway.plan.area_record import AREAS
from gateway.plan.document import Source
from gateway.plan.downstream import Downstream
from gateway.plan.render import CRITERIA_FI
from gateway.plan.section import Column, OverviewColumns, PlanContext, Section, SectionData

# The fields the section reads from the areas service (its area profile).


class FigureRow(BaseModel):
    municipality_code: str
    period: str
    value: float
    source: str
    source_url: str | None
    is_estimate: bool


class CriterionRow(BaseModel):
    criterion: str
    status: str
    detail: str
    status_without_exemption: str | None = None
    exemption_reference: str | None = None
    missing_codes: list[str] = []
    components: list[list[str]] = []


class EligibilityAnswer(BaseModel):
    eligible: bool
    threshold: int
    labour_force_total: float
    criteria: list[CriterionRow]


class YearPoint(BaseModel):
    year: int
    labour_force: int


class RateForecast(BaseModel):
    annual_rate: float
    years_until_below: int | None
    first_year_below: int | None
    trajectory: list[YearPoint]


class ForecastAnswer(BaseModel):
    base_period: str
    base_year: int
    base_labour_force: float
    threshold: int
    horizon_years: int
    forecasts: list[RateForecast]


class BorderRow(BaseModel):
    municipality_code: str
    neighbour_code: str


class ProfileMember(BaseModel):
    code: str
    name_fi: str
    name_sv: str
    lat: float | None
    lon: float | None
    valid_from: dt.date
    valid_to: dt.date | None
    population: FigureRow | None
    labour_force: FigureRow | None


class ProfileHome(BaseModel):
    code: str
    name_fi: str


class AreaProfile(BaseModel):
    home_municipality: ProfileHome
    members: list[ProfileMember]
    borders: list[BorderRow]  # each border touching a member, once
    eligibility: EligibilityAnswer
    forecast: ForecastAnswer


# Its downstream call.


async def fetch_profile(
    downstream: Downstream, area_id: str, on: dt.date, as_of: str, rates: tuple[float, ...]
) -> AreaProfile:
    """Everything the section shows in one read: the service reads the members once."""
    params = {"on": on.isoformat(), "as_of": as_of, "annual_rates": ",".join(map(str, rates))}
    return await downstream.get(AREAS, f"/v1/areas/{area_id}/profile", AreaProfile, params)


# The data it returns.


class Member(BaseModel):
    code: str
    name_fi: str
    name_sv: str
    valid_from: dt.date
    valid_to: dt.date | None
    lat: float | None
    lon: float | None
    labour_force: FigureRow | None
    population: FigureRow | None


class Criterion(BaseModel):
    criterion: str
    status: str
    detail: str
    status_without_exemption: str | None
    exemption_reference: str | None
    missing_codes: list[str]
    components: list[list[str]]


class Eligibility(BaseModel):
    eligible: bool
    threshold: int
    labour_force_total: float
    criteria: list[Criterion]


class HomeMunicipality(BaseModel):
    code: str
    name_fi: str | None


class AreaData(SectionData):
    area_id: str
    name_fi: str
    name_sv: str
    organisation_form: str
    home_municipality: HomeMunicipality
    members: list[Member]
    borders: list[tuple[str, str]]  # pairs of member codes, each once, smaller code first
    eligibility: Eligibility
    forecast: ForecastAnswer

    def sources(self) -> list[Source]:
        figures = [f for m in self.members for f in (m.labour_force, m.population) if f]
        seen = {(f.source, f.period, f.is_estimate, f.source_url) for f in figures}
        return [
            Source(source=s, period=p, is_estimate=e, url=u)
            for s, p, e, u in sorted(seen, key=lambda t: (t[0], t[1], t[2], t[3] or ""))
        ]


async def fetch(context: PlanContext) -> AreaData:
    as_of = f"{context.on:%Y-%m}"  # figures as known in the month the plan looks at
    profile = await fetch_profile(
        context.downstream, context.area.id, context.on, as_of, context.annual_rates
    )
    return _area_data(context, profile)


def _area_data(context: PlanContext, profile: AreaProfile) -> AreaData:
    codes = {m.code for m in profile.members}
    among = {
        (min(b.municipality_code, b.neighbour_code), max(b.municipality_code, b.neighbour_code))
        for b in profile.borders
        if b.municipality_code in codes and b.neighbour_code in codes
    }
    area, eligibility = context.area, profile.eligibility
    return AreaData(
        area_id=area.id,
        name_fi=area.name_fi,
        name_sv=area.name_sv,
        organisation_form=area.organisation_form,
        home_municipality=HomeMunicipality(
            code=profile.home_municipality.code, name_fi=profile.home_municipality.name_fi
        ),
        members=[Member(**m.model_dump()) for m in profile.members],
        borders=sorted(among),
        eligibility=Eligibility(
            eligible=eligibility.eligible,
            threshold=eligibility.threshold,
            labour_force_total=eligibility.labour_force_total,
            criteria=[Criterion(**c.model_dump()) for c in eligibility.criteria],
        ),
        forecast=profile.forecast,
    )


def view(data: dict[str, Any]) -> dict[str, Any]:
    """The section's data for its fragment, with its charts and the members' map."""
    area = AreaData.model_validate(data)
    forecast = area.forecast
    years = [p.year for p in forecast.forecasts[0].trajectory] if forecast.forecasts else []
    lines = {
        rate_label(f.annual_rate): [p.labour_force for p in f.trajectory]
        for f in forecast.forecasts
    }
    with_figure = [m for m in area.members if m.labour_force is not None]
    return {
        "area": area,
        "rate_label": rate_label,
        # Every fifth year, and the last: the chart's numbers as a table.
        "trajectory_rows": [
            (year, [line[i] for line in lines.values()])
            for i, year in enumerate(years)
            if i % 5 == 0 or i == len(years) - 1
        ],
        "forecast_chart": charts.forecast_chart(
            title="Työvoimaennuste ja 20 000 hengen raja",
            years=years,
            lines=lines,
            limit=forecast.threshold,
        ),
        "labour_force_chart": charts.bar_chart(
            title="Työvoima jäsenkunnittain",
            labels=[m.name_fi for m in with_figure],
            values=[m.labour_force.value for m in with_figure if m.labour_force],
        ),
        "member_map": charts.member_map(
            title="Jäsenkunnat ja niiden yhteiset rajat (kaavamainen)",
            points=[
                charts.MapPoint(m.code, m.name_fi, m.lat, m.lon, _population(m))
                for m in area.members
                if m.lat is not None and m.lon is not None
            ],
            links=area.borders,
        ),
    }


def rate_label(rate: float) -> str:
    """-0.012 -> "-1,2 %/v" in Finnish: a comma for the decimal point, U+2212 for the minus."""
    percent = f"{rate * 100:+.1f}".replace(".", ",").replace("-", "\u2212")
    return f"{percent} %/v"


def _population(member: Member) -> float | None:
    return member.population.value if member.population else None


# Its overview columns.


class MembersEligibility(EligibilityAnswer):
    """The eligibility answer with the members it checked: all the overview reads of an area."""

    municipality_codes: list[str]


class AreaOverviewData(SectionData):
    answer: MembersEligibility


async def fetch_overview(context: PlanContext) -> AreaOverviewData:
    as_of = f"{context.on:%Y-%m}"
    params = {"on": context.on.isoformat(), "as_of": as_of}
    path = f"/v1/areas/{context.area.id}/eligibility"
    answer = await context.downstream.get(AREAS, path, MembersEligibility, params)
    return AreaOverviewData(answer=answer)


def overview_values(data: AreaOverviewData) -> dict[str, Any]:
    answer = data.answer
    statuses = {c.criterion: c.status for c in answer.criteria}
    failing = [c for c, s in statuses.items() if s == "failed"]
    unknown = [c for c, s in statuses.items() if s == "unknown"]
    missing = sorted(
        {
            code
            for c in answer.criteria
            if c.criterion == "labour_force_minimum"
            for code in c.missing_codes
        }
    )
    codes = sorted(answer.municipality_codes)
    # Not eligible once a criterion fails; unknown while one cannot be decided.
    eligibility = "eligible" if answer.eligible else "not_eligible" if failing else "unknown"
    return {
        "member_count": len(codes),
        "member_codes": codes,
        "eligibility": eligibility,
        "failing_criteria": failing,
        "unknown_criteria": unknown,
        # A member without a figure is never counted as zero: no total then.
        "labour_force": None if missing or not codes else answer.labour_force_total,
        "labour_force_missing": missing,
    }


OVERVIEW = OverviewColumns(
    columns=(
        Column("member_count", "Jäsenkuntia", "integer", "Members on `on`"),
        Column("member_codes", "Jäsenkunnat", "codes", "Their municipality codes"),
        Column(
            "eligibility",
            "Edellytykset",
            "text",
            "eligible, not_eligible (a criterion failed) or unknown (one cannot be decided)",
            {"eligible": "täyttyvät", "not_eligible": "eivät täyty", "unknown": "ei tiedossa"},
        ),
        Column("failing_criteria", "Ei täyty", "codes", "Criteria failed", CRITERIA_FI),
        Column(
            "unknown_criteria",
            "Ei tiedossa",
            "codes",
            "Criteria that cannot be decided (a figure or border data is missing)",
            CRITERIA_FI,
        ),
        Column(
            "labour_force",
            "Työvoima",
            "number",
            "The members' labour force; null when a member has no figure",
        ),
        Column(
            "labour_force_missing",
            "Työvoima puuttuu",
            "codes",
            "Members without a labour-force figure",
        ),
    ),
    values=overview_values,
    fetch=fetch_overview,
)


SECTION = Section(
    key="area",
    number=1,
    title_fi="Työllisyysalueen järjestäytyminen",
    service=AREAS,
    fetch=fetch,
    template="area.html.j2",
    view=view,
    overview=OVERVIEW,
)
