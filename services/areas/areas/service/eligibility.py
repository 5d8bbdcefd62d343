"""The formation check of a set of municipalities (DOMAIN.md §1), with its figures read here."""

from collections.abc import Collection, Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from areas.rules.formation import (
    LABOUR_FORCE_MINIMUM,
    FormationCheck,
    MembershipConflict,
    check_formation,
)
from areas.service.labour_force import read_members


async def check_eligibility(
    session: AsyncSession,
    *,
    municipality_codes: Sequence[str],
    as_of: str | None = None,
    threshold: int = LABOUR_FORCE_MINIMUM,
    exemptions: Collection[str] | Mapping[str, str | None] = (),
    membership_conflicts: Sequence[MembershipConflict] | None = None,
    field: str = "municipality_codes",
) -> FormationCheck:
    """Checks any set of municipalities; an area passes its exemptions and conflicts too.

    `exemptions`: the exempted criteria, optionally mapped to decision references.
    `membership_conflicts`: None for a what-if set (no single_membership criterion); for a
    recorded area, the members that belong to another area at the same time (may be empty).
    `field` names the input in 422 answers (unknown, repeated or no codes).
    """
    members = await read_members(
        session,
        municipality_codes=municipality_codes,
        as_of=as_of,
        field=field,
        with_borders=True,
    )
    return check_formation(
        municipality_codes=municipality_codes,
        labour_force=members.figures,
        borders=members.borders,
        threshold=threshold,
        exemptions=exemptions,
        membership_conflicts=membership_conflicts,
    )
