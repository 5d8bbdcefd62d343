"""New Alembic revisions for one service, named `YYYY-MM-DD_slug` with sequential ids."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.script import Script

from alue.database import service_config
from alue.registry import ServiceSpec
from servicekit.migrations import AUTOGENERATE, alembic_config, head_revision

# `%%`: Alembic's config is a ConfigParser, which would interpolate a single `%`.
FILE_TEMPLATE = "%%(year)d-%%(month).2d-%%(day).2d_%%(slug)s"


def next_revision_id(head: str | None) -> str | None:
    """`0007` after `0006`; None (Alembic picks a random id) when the head is not a number."""
    if head is None:
        return "0001"
    if head.isdigit():
        return f"{int(head) + 1:0{len(head)}d}"
    return None


def create_revision(
    spec: ServiceSpec, message: str, *, service_url: str, autogenerate: bool
) -> Path:
    """Writes the revision file; with autogenerate, from the difference between the models
    and the database at `service_url` (which must be at head)."""
    migrations_dir: Path = service_config(spec).MIGRATIONS_DIR
    config = alembic_config(migrations_dir, service_url, spec.schema)
    config.set_main_option("file_template", FILE_TEMPLATE)
    config.attributes[AUTOGENERATE] = autogenerate
    script = command.revision(
        config,
        message=message,
        autogenerate=autogenerate,
        rev_id=next_revision_id(head_revision(migrations_dir)),
    )
    if not isinstance(script, Script):
        raise RuntimeError("Alembic wrote more than one revision")
    path = Path(script.path)
    _tidy(path)
    return path


def _tidy(path: Path) -> None:
    """Alembic writes long lines and single quotes: bring the file to the project's style."""
    ruff = str(Path(sys.executable).parent / "ruff")
    subprocess.run([ruff, "check", "--fix", "--quiet", str(path)], check=False)
    subprocess.run([ruff, "format", "--quiet", str(path)], check=False)
