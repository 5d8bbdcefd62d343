"""Request and response models of the funding service."""
