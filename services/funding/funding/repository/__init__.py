"""Every query of the funding service."""
