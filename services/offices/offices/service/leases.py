"""Leases of premises, notice deadlines and the area's rents (DOMAIN.md §4; plan §4)."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from offices.errors import LeaseNotFound, OfficeNotFound
from offices.models import Lease
from offices.repository import leases as repository
from offices.repository import offices as office_repository
from offices.repository.rows import Source
from offices.rules import notice as rules
from offices.rules.premises import month_rents, year_total
from offices.schemas.leases import (
    LeaseCost,
    LeaseRead,
    LeaseWrite,
    MonthRentRead,
    NoticeRead,
    OfficeCost,
    PremisesCosts,
    UpcomingNotice,
    UpcomingNotices,
    terms_of,
)
from servicekit.http import Keyset, Preconditions
from servicekit.money import euro_text

RULE = (
    "Commercial leases act 482/1995 (DOMAIN.md §4): notice runs from the last day of the "
    "month in which it is given, so the lease ends on the last day of the month "
    "notice_months after it; without an agreed period the tenant's is 1 month. A fixed "
    "term ends on its end date and is ended early only by an agreed notice right."
)


def _columns(data: LeaseWrite) -> dict[str, Any]:
    return data.model_dump()


async def _ensure_office(session: AsyncSession, area_id: str, office_id: int) -> None:
    if await office_repository.get_office(session, area_id=area_id, office_id=office_id) is None:
        raise OfficeNotFound(area_id, office_id)


async def create_lease(
    session: AsyncSession, *, area_id: str, office_id: int, data: LeaseWrite
) -> Lease:
    await _ensure_office(session, area_id, office_id)
    lease = Lease(area_id=area_id, office_id=office_id, **_columns(data))
    await office_repository.save(session, lease)
    return lease


async def list_leases(
    session: AsyncSession, source: Source, *, area_id: str, office_id: int, page: Keyset
) -> Sequence[Row[Any]]:
    await _ensure_office(session, area_id, office_id)
    return await repository.list_leases(source, area_id=area_id, office_id=office_id, page=page)


async def get_lease(session: AsyncSession, *, area_id: str, office_id: int, lease_id: int) -> Lease:
    lease = await repository.get_lease(
        session, area_id=area_id, office_id=office_id, lease_id=lease_id
    )
    if lease is None:
        raise LeaseNotFound(office_id, lease_id)
    return lease


async def replace_lease(
    session: AsyncSession,
    *,
    area_id: str,
    office_id: int,
    lease_id: int,
    data: LeaseWrite,
    guard: Preconditions,
) -> Lease:
    lease: Lease = await guard.lock(
        session,
        repository.select_lease(area_id=area_id, office_id=office_id, lease_id=lease_id),
        model=LeaseRead,
        not_found=LeaseNotFound(office_id, lease_id),
    )
    for name, value in _columns(data).items():
        setattr(lease, name, value)
    await office_repository.save(session, lease)
    return lease


def notice_answer(lease: Lease, *, end_by: dt.date | None, given_on: dt.date | None) -> NoticeRead:
    """`end_by` → when notice must be given; else `given_on` → when the lease ends."""
    terms = terms_of(lease)
    if end_by is not None:
        notice = rules.notice_to_end_by(terms, end_by)
    else:
        assert given_on is not None
        notice = rules.end_after_notice(terms, given_on)
    return NoticeRead(
        lease_id=lease.id,
        lease_type=terms.lease_type,
        notice_applies=notice.notice_applies,
        notice_months=terms.notice_months,
        end_date=terms.end_date,
        end_by=end_by,
        given_on=given_on if end_by is None else None,
        notice_by=notice.notice_by,
        ends_on=notice.ends_on,
        rule=RULE,
    )


def _upcoming(
    row: Row[Any], notice: rules.Notice, end_by: dt.date, today: dt.date
) -> UpcomingNotice:
    return UpcomingNotice(
        lease_id=row.id,
        office_id=row.office_id,
        office_name_fi=row.office_name["fi"],
        municipality_code=row.municipality_code,
        landlord=row.landlord,
        lease_type=notice.terms.lease_type,
        notice_applies=notice.notice_applies,
        notice_months=notice.terms.notice_months,
        rent_eur_month=euro_text(row.rent_eur_month),
        end_by=end_by,
        notice_by=notice.notice_by,
        ends_on=notice.ends_on,
        deadline=notice.deadline,
        days_left=(notice.deadline - today).days,
    )


async def upcoming_notices(
    source: Source, *, area_id: str, today: dt.date, within_days: int, end_by: dt.date | None
) -> UpcomingNotices:
    """The running leases whose deadline to act for an end (`end_by`, else each lease's
    next year end) falls from `today` to `today + within_days`, soonest first."""
    last = today + dt.timedelta(days=within_days)
    items = []
    for row in await repository.running_leases(source, area_id=area_id, first=today):
        terms = terms_of(row)
        if end_by is not None:
            notice, chosen = rules.notice_to_end_by(terms, end_by), end_by
        else:
            notice = rules.next_year_end_notice(terms, today)
            chosen = notice.ends_on if notice.notice_by is None else _year_end(notice)
        if today <= notice.deadline <= last:
            items.append(_upcoming(row, notice, chosen, today))
    items.sort(key=lambda item: (item.deadline, item.lease_id))
    return UpcomingNotices(
        area_id=area_id, today=today, within_days=within_days, end_by=end_by, items=items
    )


def _year_end(notice: rules.Notice) -> dt.date:
    return dt.date(notice.ends_on.year, 12, 31)


async def premises_costs(source: Source, *, area_id: str, year: int) -> PremisesCosts:
    """The year's rent of every lease, by office and in total, to the cent."""
    rows = await repository.running_leases(
        source, area_id=area_id, first=dt.date(year, 1, 1), last=dt.date(year, 12, 31)
    )
    offices: dict[int, OfficeCost] = {}
    totals: dict[int, Decimal] = {}
    for row in rows:
        rents = month_rents(row.rent_eur_month, row.start_date, row.end_date, year)
        total = year_total(rents)
        office = offices.setdefault(
            row.office_id,
            OfficeCost(
                office_id=row.office_id,
                office_name_fi=row.office_name["fi"],
                municipality_code=row.municipality_code,
                kind=row.kind,
                total_eur="0.00",
                leases=[],
            ),
        )
        totals[row.office_id] = totals.get(row.office_id, Decimal("0.00")) + total
        office.leases.append(
            LeaseCost(
                lease_id=row.id,
                landlord=row.landlord,
                rent_eur_month=euro_text(row.rent_eur_month),
                total_eur=euro_text(total),
                months=[
                    MonthRentRead(
                        month=r.month,
                        days=r.days,
                        days_in_month=r.days_in_month,
                        eur=euro_text(r.eur),
                    )
                    for r in rents
                ],
            )
        )
    for office_id, office in offices.items():
        office.total_eur = euro_text(totals[office_id])
    return PremisesCosts(
        area_id=area_id,
        year=year,
        total_eur=euro_text(sum(totals.values(), Decimal("0.00"))),
        offices=list(offices.values()),
    )
