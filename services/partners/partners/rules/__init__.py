"""Pure rules of the partners service: no I/O, tested directly."""
