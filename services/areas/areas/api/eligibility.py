"""The what-if formation check: any set of municipalities, readable by any valid token."""

from fastapi import APIRouter

from areas.api import examples
from areas.api.deps import AnyReader, Session
from areas.errors import BadMunicipalitySet
from areas.schemas.eligibility import EligibilityRead, EligibilityRequest
from areas.service import eligibility as service
from servicekit.errors import raises

router = APIRouter(tags=["eligibility"])


@router.post("/eligibility", openapi_extra=examples.ELIGIBILITY)
@raises(BadMunicipalitySet)
async def check_eligibility(
    body: EligibilityRequest, session: Session, _: AnyReader
) -> EligibilityRead:
    """Would these municipalities meet the criteria of an employment area (DOMAIN.md §1)?

    Reports `labour_force_minimum` (with each member's figure, period and source) and
    `contiguity`; `single_membership` belongs to a recorded area and is left out here.
    Writes nothing, so it needs no Idempotency-Key.
    """
    check = await service.check_eligibility(
        session,
        municipality_codes=body.municipality_codes,
        as_of=body.as_of,
        threshold=body.threshold,
    )
    return EligibilityRead.of(check, as_of=body.as_of)
