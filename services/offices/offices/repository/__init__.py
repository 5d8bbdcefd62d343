"""Every query of the offices service."""
