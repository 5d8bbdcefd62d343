"""Pure rules of the offices service: plain functions, no I/O, tested directly."""
