"""The plan's sections in the order the document lists and prints them.

A new section is its module here and one entry in `SECTIONS`. A chapter filled by
several services has one section for each, in the order its parts print (chapter 2:
2.1 and 2.2 from funding, 2.3 from caseload).
"""

from gateway.plan.section import Section
from gateway.plan.sections import (
    area,
    benefits,
    cooperation,
    ecosystem,
    matching,
    narrative,
    network,
    resources,
    scenarios,
    services,
    staff,
    structural_change,
)

SECTIONS: tuple[Section, ...] = (
    narrative.SECTION,
    area.SECTION,
    resources.SECTION,
    benefits.SECTION,
    staff.SECTION,
    services.SECTION,
    network.SECTION,
    cooperation.SECTION,
    matching.SECTION,
    structural_change.SECTION,
    scenarios.SECTION,
    ecosystem.SECTION,
)
