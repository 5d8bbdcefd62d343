"""Every query of the caseload service."""
