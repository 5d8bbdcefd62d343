"""Pydantic schemas of the offices API: `XWrite` in, `XRead` out."""
