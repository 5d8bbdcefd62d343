"""Demo data: Kymppi's TE state subsidies as allocation runs, and its 2026 budget.

No source gives the state subsidy per municipality (reference data README), so the demo
derives it openly and says so in every run's `label` and `source`:

- the pool is chosen, not found: the national base-task variant of 450 M€
  (mikkokesa.fi/te-rahoitus, reference vos_criteria.csv) times the ten members' share of
  the mainland population (municipalities_mainland.csv);
- the criteria are the plan's (§2.1; DOMAIN.md §2): 50 % working-age population, 50 %
  unemployed. Stand-ins: the whole population of 2024-25 for the working-age population
  (the age band is not settled and no source gives it per municipality), and for the
  unemployed the ELY unemployment rate of August 2024 times the labour force estimated as
  the areas demo does (the plan's 28,616 of June 2023 split by population).

The figures are read from the areas service's demo files (services/areas/areas/demo/, the
reference data copied unchanged), found as files: the areas package is not imported, and
nothing is asked over the network while loading. The members are those ten codes.

The 2025 run gives the members' `final` subsidies for 2025; the same figures serve as the
spring-2025 preliminary calculation for 2026 (no 2026 figure exists), which the 2026
budget's cap counts. The budget has a line in every category, two planning years, and was
proposed on 26.8.2025 and approved on 8.10.2025, before the plan's deadlines (31.8, 15.10).
Loading again adds only what is missing and never overwrites an edit made through the API.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import uuid
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from funding.demo_benefits import load_benefit_demo
from funding.models import (
    AllocationRun,
    Budget,
    BudgetLine,
    BudgetPlanningYear,
    Subsidy,
    SubsidySet,
)
from funding.repository import budgets as budget_repository
from funding.repository import subsidies as subsidy_repository
from funding.rules.budget import (
    BudgetStatus,
    Line,
    blocking,
    budget_findings,
    cap_of,
)
from funding.schemas.allocations import AllocationCreate
from funding.service.allocations import create_run
from funding.vocabulary import DEFAULT_CAP_SHARE, BudgetCategory, SubsidyKind
from servicekit.money import largest_remainder

AREA_ID = "kymppi"
DEMO_USER = "alue-demo"
NAMESPACE = uuid.UUID("6f1c2d0e-8b1a-4c55-9a43-0f6a3e0b8a10")
# Plan §1.2 / §2.3: the area's labour force in June 2023.
AREA_LABOUR_FORCE_2023_06 = 28_616
# mikkokesa.fi/te-rahoitus (reference vos_criteria.csv): base-task funding variant, €.
NATIONAL_BASE_VARIANT_EUR = 450_000_000
VOS_URL = "https://mikkokesa.fi/te-rahoitus/"
PROPOSED_ON = dt.date(2025, 8, 26)
APPROVED_ON = dt.date(2025, 10, 8)


def areas_demo_dir() -> Path:
    """The areas service's demo folder, located without importing its package."""
    spec = importlib.util.find_spec("areas")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the areas package's demo files are needed for the funding demo")
    return Path(next(iter(spec.submodule_search_locations))) / "demo"


def _read(name: str) -> list[dict[str, str]]:
    with (areas_demo_dir() / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class DemoFigures:
    codes: list[str]
    population: dict[str, int]
    unemployed: dict[str, Decimal]
    pool_eur: Decimal
    mainland_population: int


def demo_figures() -> DemoFigures:
    kymppi = _read("kymppi_municipalities.csv")
    mainland = {row["code"]: int(row["population"]) for row in _read("municipalities_mainland.csv")}
    codes = sorted(row["code"] for row in kymppi)
    population = {code: mainland[code] for code in codes}
    labour_force = largest_remainder(AREA_LABOUR_FORCE_2023_06, population)
    rates = {row["code"]: Decimal(row["unemployment_rate_pct_2024_08"]) for row in kymppi}
    unemployed = {code: labour_force[code] * rates[code] / 100 for code in codes}
    share = Decimal(sum(population.values())) / Decimal(sum(mainland.values()))
    pool = (NATIONAL_BASE_VARIANT_EUR * share).quantize(Decimal(1), rounding=ROUND_DOWN)
    return DemoFigures(codes, population, unemployed, pool, sum(mainland.values()))


def allocation_body(figures: DemoFigures, year: int) -> AllocationCreate:
    members_population = sum(figures.population.values())
    source = (
        f"Pool chosen for the demo, not a figure from any source: the national base-task "
        f"variant of {NATIONAL_BASE_VARIANT_EUR:,} € ({VOS_URL}) x the ten members' share of "
        f"the mainland population ({members_population:,} / {figures.mainland_population:,}, "
        "municipalities_mainland.csv), rounded down to whole euros. Criteria as the plan "
        "(§2.1): 50 % working-age population, stood in for by the whole population of "
        "2024-25 (Kuntatyyppiverkostot_Manner-Suomi.csv), 50 % unemployed, estimated as the "
        "ELY unemployment rate of August 2024 (kymppi_municipalities.csv) x the labour force "
        f"estimated as the plan's {AREA_LABOUR_FORCE_2023_06:,} (June 2023) split by "
        "population. Estimates throughout."
    )
    if year == 2026:
        source += " The 2025 figures repeated: no 2026 calculation exists in our sources."
    return AllocationCreate.model_validate(
        {
            "year": year,
            "pool_eur": figures.pool_eur,
            "criteria": [
                {"name": "working_age_population", "weight": "0.5"},
                {"name": "unemployed", "weight": "0.5"},
            ],
            "values": {
                code: {
                    "working_age_population": figures.population[code],
                    "unemployed": figures.unemployed[code],
                }
                for code in figures.codes
            },
            "label": f"Kymppi {year}: ESTIMATE for the demo (pool chosen, figures derived)",
            "source": source,
        }
    )


async def _run(session: AsyncSession, figures: DemoFigures, year: int) -> tuple[AllocationRun, int]:
    """The year's run, and 1 when it was added now."""
    run_id = uuid.uuid5(NAMESPACE, f"kymppi-allocation-{year}")
    run = await session.get(AllocationRun, run_id)
    if run is not None:
        return run, 0
    body = allocation_body(figures, year)
    return await create_run(session, data=body, created_by=DEMO_USER, run_id=run_id), 1


async def _subsidies(
    session: AsyncSession, run: AllocationRun, *, year: int, kind: SubsidyKind
) -> int:
    if await subsidy_repository.get_subsidy_set(session, area_id=AREA_ID, year=year):
        return 0
    source = f"Allocation run {run.id}: {run.label}"
    rows = [
        Subsidy(
            area_id=AREA_ID,
            year=year,
            municipality_code=part["municipality_code"],
            kind=kind,
            te_subsidy_eur=Decimal(part["amount_eur"]),
            source=source,
            allocation_id=run.id,
        )
        for part in run.parts
    ]
    await subsidy_repository.add_subsidy_set(
        session, SubsidySet(area_id=AREA_ID, year=year, revision=1, subsidies=rows)
    )
    return 1 + len(rows)


NOTE = "Demo estimate, not from the plan: "
BUDGET_2026 = [
    (BudgetCategory.personnel, "2900000.00", "about 40 FTE moving from the state (plan §2.3)"),
    (BudgetCategory.premises, "420000.00", "leases taken over in Alajärvi, Kauhava, Ähtäri (§4)"),
    (BudgetCategory.ict, "380000.00", "customer-information system and workstations"),
    (BudgetCategory.procured_services, "900000.00", "coaching and labour market training"),
    (
        BudgetCategory.change_security_reserve,
        "150000.00",
        "change security, structural change (§7)",
    ),
    (BudgetCategory.other, "200000.00", "administration of the joint authority"),
]


def budget_lines() -> list[BudgetLine]:
    return [
        BudgetLine(position=i, category=category, amount_eur=Decimal(amount), note=NOTE + note)
        for i, (category, amount, note) in enumerate(BUDGET_2026)
    ]


def planning_years(pool: Decimal) -> list[BudgetPlanningYear]:
    return [
        BudgetPlanningYear(
            year=2027, contributions_total_eur=pool, expenditure_eur=Decimal("5000000.00")
        ),
        BudgetPlanningYear(
            year=2028, contributions_total_eur=pool, expenditure_eur=Decimal("5050000.00")
        ),
    ]


async def _budget(session: AsyncSession, figures: DemoFigures, preliminary: AllocationRun) -> int:
    if await budget_repository.latest_version(session, area_id=AREA_ID, year=2026) is not None:
        return 0
    lines, years = budget_lines(), planning_years(figures.pool_eur)
    cap = cap_of(preliminary.total_eur, DEFAULT_CAP_SHARE)
    findings = budget_findings(
        year=2026,
        members=figures.codes,
        preliminary={p["municipality_code"]: Decimal(p["amount_eur"]) for p in preliminary.parts},
        cap_eur=cap,
        lines=[Line(BudgetCategory(x.category), x.amount_eur) for x in lines],
        planning_years=[y.year for y in years],
    )
    if blocked := blocking(findings):
        raise RuntimeError(f"the demo budget would not pass its own checks: {blocked}")
    budget = Budget(
        area_id=AREA_ID,
        year=2026,
        version=1,
        status=BudgetStatus.approved,
        cap_share=DEFAULT_CAP_SHARE,
        proposed_on=PROPOSED_ON,
        approved_on=APPROVED_ON,
        revision=1,
        lines=lines,
        planning_years=years,
    )
    await budget_repository.add_budget(session, budget)
    return 1 + len(lines) + len(years)


async def load_demo_data(session: AsyncSession) -> int:
    """Returns how many records (runs, subsidy sets and rows, budget parts, the Kela import)
    it added."""
    figures = demo_figures()
    run_2025, added_2025 = await _run(session, figures, 2025)
    run_2026, added_2026 = await _run(session, figures, 2026)
    added = added_2025 + added_2026
    added += await _subsidies(session, run_2025, year=2025, kind=SubsidyKind.final)
    added += await _subsidies(session, run_2026, year=2026, kind=SubsidyKind.preliminary_spring)
    added += await _budget(session, figures, run_2026)
    _, imported = await load_benefit_demo(session)
    return added + imported
