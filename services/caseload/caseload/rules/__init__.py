"""The caseload service's pure computations: no I/O, tested directly."""
