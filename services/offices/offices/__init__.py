"""The offices service: the employment area's network of offices and service points, their hours,
leases and accessibility (DOMAIN.md §4)."""
