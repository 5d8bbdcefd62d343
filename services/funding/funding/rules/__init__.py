"""Pure rules of the funding service: no I/O, each tested on its edges."""
