"""The source plan's chapters, or parts of chapters, whose services do not exist yet.

Each prints as not configured until its service is in the registry and its own
module here replaces its entry (with its calls, its model and its fragment). A part
(`Section.part`) prints under its own heading in a chapter another service's sections
fill too: 2.3 staff beside funding's 2.1 and 2.2, and the structural-change scenarios
beside funding's change-security reserve in chapter 7.
"""

from gateway.plan.section import Part, Section
from gateway.plan.sections.chapters import CHAPTERS_FI

STAFF = Section(
    "staff", 2, CHAPTERS_FI[2], "caseload", part=Part("Henkilöstövoimavarat", number="2.3")
)
SERVICES = Section("services", 3, CHAPTERS_FI[3], "caseload")
OFFICES = Section("offices", 4, CHAPTERS_FI[4], "offices")
COOPERATION = Section("cooperation", 5, CHAPTERS_FI[5], "partners")
MATCHING = Section("matching", 6, CHAPTERS_FI[6], "caseload")
STRUCTURAL_CHANGE_SCENARIOS = Section(
    "structural_change_scenarios",
    7,
    CHAPTERS_FI[7],
    "caseload",
    part=Part("Rakennemuutosskenaariot ja niiden vaatimat voimavarat"),
)
ECOSYSTEM = Section("ecosystem", 8, CHAPTERS_FI[8], "partners")
