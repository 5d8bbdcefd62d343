"""The offices service's rules over its data: what the routes call."""
