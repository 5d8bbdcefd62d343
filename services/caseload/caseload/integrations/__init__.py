"""Adapters to systems outside Alue, each behind a small interface (DESIGN.md: Integrations)."""
