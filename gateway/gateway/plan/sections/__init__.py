"""The plan's sections in the order the document lists and prints them.

A new section is its module here and one entry in `SECTIONS`.
"""

from gateway.plan.section import Section
from gateway.plan.sections import area, narrative, planned

SECTIONS: tuple[Section, ...] = (
    narrative.SECTION,
    area.SECTION,
    planned.RESOURCES,
    planned.SERVICES,
    planned.OFFICES,
    planned.COOPERATION,
    planned.MATCHING,
    planned.STRUCTURAL_CHANGE,
    planned.ECOSYSTEM,
)
