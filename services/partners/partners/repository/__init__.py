"""Every query of the partners service."""
