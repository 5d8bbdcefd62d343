"""The development signing secret and the tokens minted with it.

The secret is generated on the first run and kept in `.alue/jwt_secret` (mode
0600), so `alue run` and `alue token` agree on it without any setup.
`ALUE_JWT_SECRET` in the environment takes precedence over the file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from servicekit.auth import mint_token
from servicekit.settings import AuthSettings

SECRET_FILE = "jwt_secret"


def dev_secret(state_dir: Path) -> str:
    given = os.environ.get("ALUE_JWT_SECRET")
    if given:
        return given
    path = state_dir / SECRET_FILE
    if not path.exists():
        _write_new_secret(path)
    return path.read_text(encoding="ascii").strip()


def _write_new_secret(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two commands started at once must not each write their own secret.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_urlsafe(48) + "\n")


def auth_settings(secret: str) -> AuthSettings:
    """Settings as the running services read them (issuer and audience from the environment)."""
    return AuthSettings.model_validate({"ALUE_JWT_SECRET": secret, "ALUE_DEV_MODE": True})


def token(
    secret: str,
    *,
    roles: Iterable[str],
    areas: Iterable[str] = (),
    ttl_seconds: int = 3600,
    sub: str | None = None,
) -> str:
    """A token; without `sub`, a subject of its own (`alue-cli-planner-3f9c...`), so that two
    tokens never share what is scoped by subject, such as idempotency keys."""
    roles = list(roles)
    subject = sub or f"alue-cli-{'-'.join(sorted(roles)) or 'none'}-{secrets.token_hex(6)}"
    return mint_token(
        auth_settings(secret), sub=subject, roles=roles, areas=areas, ttl_seconds=ttl_seconds
    )
