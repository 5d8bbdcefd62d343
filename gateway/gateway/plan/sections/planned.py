"""The source plan's chapters whose sections are not written yet.

Each prints as not configured until its own module replaces its entry here (with its
calls, its model and its fragment). Chapter 4 waits for the offices service.
"""

from gateway.plan.section import Section
from gateway.plan.sections.chapters import CHAPTERS_FI

OFFICES = Section("offices", 4, CHAPTERS_FI[4], "offices")
