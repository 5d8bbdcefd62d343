"""The `alue` command: runs, migrates and seeds the whole system, and mints local tokens."""
