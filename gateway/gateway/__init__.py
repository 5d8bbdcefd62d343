"""The gateway: one entry point that authenticates callers and routes them to the services."""
