"""The funding service: what an employment area lives on and what it spends (DOMAIN.md §2)."""
