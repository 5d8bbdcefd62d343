"""The rules of the areas service, one module per topic."""
