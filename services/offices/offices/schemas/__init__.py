"""Request and response models of the offices service, one module per topic."""
