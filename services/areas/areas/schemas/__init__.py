"""Request and response models of the areas service, one module per topic."""
