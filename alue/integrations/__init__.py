"""The integration commands (`alue import ...`, `alue submit ...`): each reaches the running
system through the gateway (`alue.client`), which does the work."""
