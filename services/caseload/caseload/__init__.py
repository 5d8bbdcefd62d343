"""The caseload service: the staff an employment area has, the customers it serves, and whether
their caseload stays under target (DOMAIN.md §3)."""
