"""How close two municipal boundaries must run, and for how long, to be a shared border
(`areas.integrations.borders`): the rule alone, without the geometry libraries, so that
the command can state its defaults without loading them."""

# Gaps narrower than this are bridged. The division's polygons come from one topology, so
# neighbours share their vertices and the true gap is nil; what is left is rounding and
# reprojection (millimetres to decimetres) and, in polygons digitised apart, the few metres
# of a 1:10,000 map. 10 m bridges those, and no real border is missed or invented by it:
# two municipalities that a third lies between are always far more than 10 m apart.
DEFAULT_TOLERANCE_M = 10.0
# Through the tolerance a corner-only touch shows as a short stretch of boundary, about two
# tolerances long at a right angle and longer at sharper ones; a shared border must be
# clearly longer than that. Ten tolerances (100 m by default) is still far shorter than any
# real municipal border.
MIN_LENGTH_PER_TOLERANCE = 10.0


def minimum_length(tolerance_m: float, min_length_m: float | None) -> float:
    """The given minimum length, or ten tolerances (any positive length with none)."""
    return MIN_LENGTH_PER_TOLERANCE * tolerance_m if min_length_m is None else min_length_m
