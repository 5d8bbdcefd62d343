"""Pure rules of the offices service: no I/O, each with its own unit tests."""
