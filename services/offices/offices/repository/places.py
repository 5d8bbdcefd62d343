"""The area's places of service, read from the offices table (`offices.office`).

The office records themselves (CRUD, hours, leases) are another part of this service; this
module reads only the columns accessibility needs: id, area_id, kind, status,
municipality_code, name (jsonb {fi, sv?, en?}) and the opening and closing dates.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Date, Integer, String, and_, case, column, select, table
from sqlalchemy.dialects.postgresql import JSONB

from servicekit.db import Reads

_office = table(
    "office",
    column("id", Integer),
    column("area_id", String),
    column("kind", String),
    column("status", String),
    column("municipality_code", String),
    column("name", JSONB),
    column("opened_on", Date),
    column("closed_on", Date),
    schema="offices",
)


@dataclass(frozen=True)
class OpenPlace:
    id: int
    kind: str
    municipality_code: str
    name: str | None  # the Finnish name


async def open_places(
    reads: Reads, area_id: str, on: dt.date, kinds: Sequence[str]
) -> list[OpenPlace]:
    """The area's places of `kinds` open on `on`: opened by then (on its `opened_on`, or
    without one when its status is not `planned`) and not closed by then (`closed_on` is the
    first day closed; without one, when its status is not `closed`)."""
    c = _office.c
    opened = case((c.opened_on.is_(None), c.status != "planned"), else_=c.opened_on <= on)
    not_closed = case((c.closed_on.is_(None), c.status != "closed"), else_=c.closed_on > on)
    query = (
        select(c.id, c.kind, c.municipality_code, c.name["fi"].astext.label("name"))
        .where(and_(c.area_id == area_id, c.kind.in_(list(kinds)), opened, not_closed))
        .order_by(c.id)
    )
    return [OpenPlace(r.id, r.kind, r.municipality_code, r.name) for r in await reads.rows(query)]
