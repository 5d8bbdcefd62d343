"""The source plan's chapters whose services do not exist yet.

Each prints as not configured until its service is in the registry and its own
module here replaces its entry (with its calls, its model and its fragment).
"""

from gateway.plan.section import Section

RESOURCES = Section("resources", 2, "Taloudelliset ja henkilöstövoimavarat", "funding")
SERVICES = Section("services", 3, "Palvelujen tuottaminen ja kohdentaminen", "caseload")
OFFICES = Section("offices", 4, "Toimipisteiden määrä ja sijoittuminen", "offices")
COOPERATION = Section("cooperation", 5, "Yhteistyötahot ja -muodot", "partners")
MATCHING = Section("matching", 6, "Työperäinen maahanmuutto, kohtaanto ja liikkuvuus", "caseload")
STRUCTURAL_CHANGE = Section("structural_change", 7, "Varautuminen rakennemuutoksiin", "caseload")
ECOSYSTEM = Section("ecosystem", 8, "Alueellinen työllisyyden hoidon ekosysteemi", "partners")
