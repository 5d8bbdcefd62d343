"""The caseload service's rules: what is checked and decided before anything is written."""
