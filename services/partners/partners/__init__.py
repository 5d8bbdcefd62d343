"""The partners service: the organisations an employment area works with, its cooperation, service
inventory and projects (DOMAIN.md §5)."""
