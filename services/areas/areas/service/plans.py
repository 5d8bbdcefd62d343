"""Rules for plan records: the status workflow, narrative sections and published snapshots."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from areas.errors import (
    IllegalPlanTransition,
    NoPlanForYear,
    PlanApproved,
    PlanExists,
    PlanNotFound,
    SectionNotFound,
    SnapshotNotFound,
)
from areas.models import Plan, PlanSection, PlanSnapshot
from areas.repository import plans as repository
from areas.rules.plans import (
    NEXT_STATUSES,
    PlanStatus,
    canonical_json,
    may_transition,
    sections_editable,
    sha256_hex,
)
from areas.schemas.plans import PlanCreate, PlanRead, SectionPut, SectionRead
from areas.service.areas import get_area
from servicekit.errors import FieldError, UnprocessableContent
from servicekit.http import Keyset, Preconditions

# A snapshot is a plan document, not a data dump: refuse anything past this (UTF-8 bytes).
MAX_SNAPSHOT_BYTES = 5_000_000


async def create_plan(session: AsyncSession, *, area_id: str, data: PlanCreate) -> Plan:
    await get_area(session, area_id=area_id)
    plan = Plan(area_id=area_id, year=data.year, title=data.title, status=PlanStatus.draft)
    if not await repository.add_plan(session, plan):
        raise PlanExists(area_id, data.year)
    return plan


async def list_plans(session: AsyncSession, *, area_id: str, page: Keyset) -> Sequence[Row[Any]]:
    await get_area(session, area_id=area_id)
    return await repository.list_plans(session, area_id=area_id, page=page)


async def get_plan(
    session: AsyncSession, *, area_id: str, plan_id: int, for_update: bool = False
) -> Plan:
    plan = await repository.get_plan(
        session, area_id=area_id, plan_id=plan_id, for_update=for_update
    )
    if plan is None:
        await get_area(session, area_id=area_id)
        raise PlanNotFound(area_id, plan_id)
    return plan


async def transition_plan(
    session: AsyncSession, *, area_id: str, plan_id: int, to: PlanStatus, guard: Preconditions
) -> Plan:
    """Moves the locked plan to `to` when the workflow allows it and a sent ETag matches."""
    plan = await guard.lock(
        session,
        repository.select_plan(area_id=area_id, plan_id=plan_id),
        model=PlanRead,
        not_found=PlanNotFound(area_id, plan_id),
    )
    current = PlanStatus(plan.status)
    if not may_transition(current, to):
        raise IllegalPlanTransition(current, to, [s.value for s in NEXT_STATUSES[current]])
    plan.status = to
    await session.flush()
    return plan


async def get_plan_of_year(
    session: AsyncSession, *, area_id: str, year: int
) -> tuple[Plan, Sequence[Row[Any]]]:
    """The area's plan for `year` and all its sections, in their order."""
    plan = await repository.get_plan_by_year(session, area_id=area_id, year=year)
    if plan is None:
        await get_area(session, area_id=area_id)
        raise NoPlanForYear(area_id, year)
    return plan, await repository.all_sections(session, plan_id=plan.id)


def ensure_sections_editable(plan: Plan) -> None:
    if not sections_editable(PlanStatus(plan.status)):
        raise PlanApproved(plan.id)


async def get_section(session: AsyncSession, *, plan: Plan, key: str) -> PlanSection:
    section = await repository.get_section(session, plan_id=plan.id, key=key)
    if section is None:
        raise SectionNotFound(plan.id, key)
    return section


async def list_sections(session: AsyncSession, *, plan: Plan, page: Keyset) -> Sequence[Row[Any]]:
    return await repository.list_sections(session, plan_id=plan.id, page=page)


async def put_section(
    session: AsyncSession,
    *,
    area_id: str,
    plan_id: int,
    key: str,
    data: SectionPut,
    guard: Preconditions,
) -> tuple[PlanSection, bool]:
    """Creates or replaces section `key`; returns it and whether it was created.

    The plan's lock serialises creating a section, which has no row of its own to lock yet.
    """
    plan = await get_plan(session, area_id=area_id, plan_id=plan_id, for_update=True)
    ensure_sections_editable(plan)
    existing = await guard.lock_or_create(
        session, repository.select_section(plan_id=plan.id, key=key), model=SectionRead
    )
    section = existing or PlanSection(plan_id=plan.id, key=key)
    section.title, section.body, section.language = data.title, data.body, data.language
    await repository.save_section(session, section)
    return section, existing is None


def _canonical_document(document: dict[str, Any]) -> str:
    try:
        canonical = canonical_json(document)
        size = len(canonical.encode("utf-8"))
    except ValueError as exc:  # NaN, an infinity, or a lone surrogate in a string
        raise UnprocessableContent(
            "The document is not storable JSON.", [FieldError("document", str(exc))]
        ) from exc
    if size > MAX_SNAPSHOT_BYTES:
        raise UnprocessableContent(
            "The document is too large.",
            [FieldError("document", f"{size} bytes; at most {MAX_SNAPSHOT_BYTES}")],
        )
    return canonical


async def publish_snapshot(
    session: AsyncSession, *, plan: Plan, document: dict[str, Any], published_by: str
) -> PlanSnapshot:
    """Stores the document for good as the plan's next version (1, 2, ...). The caller holds
    the plan's lock, so two publications cannot take the same version number."""
    canonical = _canonical_document(document)
    snapshot = PlanSnapshot(
        plan_id=plan.id,
        version=await repository.next_snapshot_version(session, plan_id=plan.id),
        canonical_document=canonical,
        sha256=sha256_hex(canonical),
        plan_status=plan.status,
        created_by=published_by,
    )
    await repository.add_snapshot(session, snapshot)
    return snapshot


async def get_snapshot(session: AsyncSession, *, plan: Plan, version: int) -> PlanSnapshot:
    snapshot = await repository.get_snapshot(session, plan_id=plan.id, version=version)
    if snapshot is None:
        raise SnapshotNotFound(plan.id, version)
    return snapshot


async def list_snapshots(session: AsyncSession, *, plan: Plan, page: Keyset) -> Sequence[Row[Any]]:
    return await repository.list_snapshots(session, plan_id=plan.id, page=page)
