"""The source plan's chapters whose sections are not written yet.

Each prints as not configured until its own module replaces its entry here (with its
calls, its model and its fragment). Chapter 6's matching is the caseload service's, but
that service has no figures for it yet; chapters 5 and 8 wait for the partners service.
"""

from gateway.plan.section import Section
from gateway.plan.sections.chapters import CHAPTERS_FI

COOPERATION = Section("cooperation", 5, CHAPTERS_FI[5], "partners")
MATCHING = Section("matching", 6, CHAPTERS_FI[6], "caseload")
ECOSYSTEM = Section("ecosystem", 8, CHAPTERS_FI[8], "partners")
