"""The integration commands (`alue import …`, `alue submit …`, `alue publish …`): each
reaches the system through the gateway (`alue.client`) and the outside system through a
small adapter that speaks its wire format; `alue/cli.py` only registers them."""
