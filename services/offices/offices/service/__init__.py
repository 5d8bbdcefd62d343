"""The rules of the offices service, one module per topic."""
