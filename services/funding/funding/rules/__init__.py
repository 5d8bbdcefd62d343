"""Pure computations of the funding service: no I/O, each tested directly."""
