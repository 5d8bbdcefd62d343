"""Every query of the offices service, one module per topic."""
