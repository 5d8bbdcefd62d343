"""The one call the composer makes itself: the area, before any section is asked for anything.

No area, no plan: its 404 is the plan's 404, and the areas service failing is the
plan's 502/504.
"""

from __future__ import annotations

from pydantic import BaseModel

from gateway.plan.downstream import Downstream

AREAS = "areas"


class AreaRecord(BaseModel):
    """The fields of the areas service's `AreaRead` the plan reads."""

    id: str
    name_fi: str
    name_sv: str
    organisation_form: str
    home_municipality_code: str


async def fetch_area(downstream: Downstream, area_id: str) -> AreaRecord:
    return await downstream.get(AREAS, f"/v1/areas/{area_id}", AreaRecord)
