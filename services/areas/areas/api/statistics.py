"""Routes for municipal statistics with provenance."""

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import Row

from areas.api import examples
from areas.api.deps import Admin, AnyReader, Session
from areas.api.municipalities import CodesQuery, code_list
from areas.api.params import MunicipalityCodePath
from areas.errors import BadRows, MunicipalityNotFound
from areas.indicators import Indicator
from areas.rules.periods import PERIOD_PATTERN
from areas.schemas.statistics import (
    StatisticRead,
    StatisticsBulkWrite,
    StatisticsWritten,
)
from areas.service import statistics as service
from servicekit.bodies import LARGEST_BODY_LIMIT, body_limit
from servicekit.errors import FieldError, UnprocessableContent, raises
from servicekit.http import Page, PageParams

router = APIRouter(tags=["statistics"])

PeriodQuery = Query(pattern=PERIOD_PATTERN, description="A month YYYY-MM or a year YYYY")
AsOfQuery = Query(
    pattern=PERIOD_PATTERN,
    description="Only each municipality's latest figure at or before this period "
    "(a year counts as its December); each item says its own period and source",
)


@router.put("/statistics", openapi_extra=examples.WRITE_STATISTICS)
@raises(BadRows)
# MAX_BULK_ROWS rows of about 250 bytes each are about 25 MB (bench_areas_eligibility).
@body_limit(LARGEST_BODY_LIMIT)
async def upsert_statistics(
    body: StatisticsBulkWrite, session: Session, _: Admin
) -> StatisticsWritten:
    """Inserts or replaces statistics by (municipality_code, indicator, period): all or none.

    One bad row (a bad field, an unknown municipality, a key given twice) answers 422 naming
    each bad row by index and field, and nothing is written. No If-Match: this is an
    idempotent bulk upsert keyed by each row, not a replacement of the collection as one
    representation (which has no ETag); sending the same rows again changes nothing.
    """
    written = await service.upsert_statistics(session, rows=body.statistics)
    return StatisticsWritten(written=written)


@router.get("/statistics")
async def list_statistics(
    session: Session,
    _: AnyReader,
    page: PageParams,
    codes: CodesQuery = None,
    indicator: Indicator | None = None,
    period: Annotated[str | None, PeriodQuery] = None,
    as_of: Annotated[str | None, AsOfQuery] = None,
) -> Page[StatisticRead]:
    if period is not None and as_of is not None:
        raise UnprocessableContent(
            "Give period or as_of, not both.",
            [FieldError("as_of", "cannot be combined with period", in_="query")],
        )
    if as_of is not None:
        rows = await service.list_latest_statistics(
            session,
            indicator=indicator,
            codes=code_list(codes),
            as_of=as_of,
            page=page.keyset(str, str),
        )
        return page.build(StatisticRead, rows, key=_series_key)
    rows = await service.list_statistics(
        session,
        indicator=indicator,
        codes=code_list(codes),
        period=period,
        page=page.keyset(*_FULL_KEY),
    )
    return page.build(StatisticRead, rows, key=_full_key)


@router.get("/municipalities/{code}/statistics")
@raises(MunicipalityNotFound)
async def list_municipality_statistics(
    code: MunicipalityCodePath,
    session: Session,
    _: AnyReader,
    page: PageParams,
    indicator: Indicator | None = None,
    from_period: Annotated[str | None, Query(alias="from", pattern=PERIOD_PATTERN)] = None,
    to_period: Annotated[str | None, Query(alias="to", pattern=PERIOD_PATTERN)] = None,
) -> Page[StatisticRead]:
    """A municipality's statistics by indicator and period, `from` and `to` inclusive.

    `from=2023` starts at January 2023; a yearly figure counts as its December, so
    `to=2023-06` leaves out the figure of the year 2023.
    """
    rows = await service.list_municipality_statistics(
        session,
        code=code,
        indicator=indicator,
        from_period=from_period,
        to_period=to_period,
        page=page.keyset(*_FULL_KEY),
    )
    return page.build(StatisticRead, rows, key=_full_key)


# The repository's orders: indicator, municipality, period as compared, period itself; and
# for the latest figure of each series, indicator and municipality.
_FULL_KEY = (str, str, str, str)


def _full_key(s: Row[Any]) -> tuple[str, str, str, str]:
    return (s.indicator, s.municipality_code, s.period_key, s.period)


def _series_key(s: Row[Any]) -> tuple[str, str]:
    return (s.indicator, s.municipality_code)
