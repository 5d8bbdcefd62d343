"""Every query of the areas service, one module per topic."""
