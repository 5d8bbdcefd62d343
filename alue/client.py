"""How a command reaches the running system: the gateway's URL and a bearer token.

Every command that reads or writes through the services (the imports, submitting,
publishing) takes `--gateway` and `--token`; without a token it signs a short-lived admin
one with the local dev secret, as `alue token` does, so that it works against `alue run`.
"""

from __future__ import annotations

import os
from typing import Annotated

import httpx
import typer

from alue.paths import state_dir
from alue.registry import GATEWAY_PORT
from alue.signing import dev_secret
from alue.signing import token as mint

Gateway = Annotated[
    str,
    typer.Option(
        envvar="ALUE_GATEWAY_URL", help="The running system's gateway (ALUE_GATEWAY_URL)."
    ),
]
Token = Annotated[
    str | None,
    typer.Option(
        envvar="ALUE_TOKEN",
        help="Bearer token (ALUE_TOKEN); default: a 10-minute admin token signed with the "
        "local dev secret.",
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON document, for machines.")]

DEFAULT_GATEWAY = f"http://127.0.0.1:{GATEWAY_PORT}"
COMMAND_TIMEOUT_SECONDS = float(os.environ.get("ALUE_COMMAND_TIMEOUT_SECONDS", "60"))


def bearer(token: str | None) -> str:
    """The given token, or an admin one from the dev secret of this checkout's `.alue/`."""
    if token:
        return token
    return mint(dev_secret(state_dir()), roles=["admin"], areas=[], ttl_seconds=600)


def gateway_client(gateway: str, token: str | None) -> httpx.Client:
    """A client of the gateway that sends the bearer token on every request."""
    return httpx.Client(
        base_url=gateway.rstrip("/"),
        headers={"Authorization": f"Bearer {bearer(token)}"},
        timeout=COMMAND_TIMEOUT_SECONDS,
    )
