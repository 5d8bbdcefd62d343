"""`alue import keha` and `alue submit keha`: the KEHA national platform, over X-Road.

The caseload service holds the adapter and each area's X-Road connection; these commands
ask it through the gateway (`POST /caseload/v1/areas/{area}/imports/keha` and
`.../submissions/keha`), as a scheduler would. Each prints what happened, or one line saying
why not (exit 1); `--json` prints the service's answer as it is.
"""

from __future__ import annotations

import json
import re
import time
from enum import StrEnum
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console

from alue.client import DEFAULT_GATEWAY, AsJson, Gateway, Token, gateway_client

MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
Area = Annotated[str, typer.Option(help="The employment area's id, e.g. kymppi.")]


class What(StrEnum):
    customers = "customers"
    staff = "staff"


def _month(value: str) -> str:
    if not MONTH.match(value):
        raise typer.BadParameter(f"expected YYYY-MM, got {value!r}")
    return value


def import_keha(
    area: Area,
    from_month: Annotated[
        str, typer.Option("--from", callback=_month, help="First month, YYYY-MM.")
    ],
    to_month: Annotated[str, typer.Option("--to", callback=_month, help="Last month, YYYY-MM.")],
    what: Annotated[
        What | None,
        typer.Option(help="Only customer counts or only the staff transfer list (default both)."),
    ] = None,
    gateway: Gateway = DEFAULT_GATEWAY,
    token: Token = None,
    as_json: AsJson = False,
) -> None:
    """Import customer counts and the staff transfer list from the KEHA national platform."""
    body: dict[str, Any] = {"from": from_month, "to": to_month}
    if what is not None:
        body["what"] = what.value
    kinds = what.value if what else "customer counts and staff transfers"
    report = _post(
        gateway,
        token,
        f"/caseload/v1/areas/{area}/imports/keha",
        body,
        f"Importing {kinds} {from_month}..{to_month} for {area} from KEHA",
    )
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
        return
    typer.echo(f"KEHA import for {area}, {report['from']}..{report['to']} (one transaction):")
    for key, unit in (("customers", "months"), ("staff", "positions")):
        counts = report.get(key)
        if counts is None:
            continue
        typer.echo(
            f"  {key} ({unit}): {counts['new']} new, {counts['changed']} changed, "
            f"{counts['unchanged']} unchanged, {counts['rejected']} rejected"
        )
        for rejection in counts["rejections"]:
            typer.echo(f"    rejected {rejection['item']}: {'; '.join(rejection['reasons'])}")


def submit_keha(
    area: Area,
    year: Annotated[int, typer.Option(help="The plan's year.")],
    version: Annotated[int, typer.Option(help="The published version to submit.", min=1)],
    gateway: Gateway = DEFAULT_GATEWAY,
    token: Token = None,
    as_json: AsJson = False,
) -> None:
    """Submit a published version of the approved organisation plan to the KEHA platform."""
    receipt = _post(
        gateway,
        token,
        f"/caseload/v1/areas/{area}/submissions/keha",
        {"year": year, "version": version},
        f"Submitting version {version} of the {year} plan of {area} to KEHA",
    )
    if as_json:
        typer.echo(json.dumps(receipt, ensure_ascii=False))
        return
    already = " (already submitted: the platform's first receipt)" if receipt["replayed"] else ""
    typer.echo(
        f"Submitted version {receipt['version']} of the {receipt['year']} plan of {area}"
        f"{already}: submission {receipt['submission_id']}, received {receipt['received_at']}, "
        f"SHA-256 {receipt['sha256']}"
    )


def _post(gateway: str, token: str | None, path: str, body: dict[str, Any], doing: str) -> Any:
    """The service's JSON answer; on any failure one line on stderr and exit 1."""
    started = time.monotonic()
    console = Console(stderr=True)
    try:
        with gateway_client(gateway, token) as client, console.status(f"{doing} ..."):
            response = client.post(path, json=body)
    except httpx.HTTPError as exc:
        _fail(f"could not reach the gateway at {gateway}: {exc}")
    if response.status_code >= 400:
        _fail(_problem_line(response))
    console.print(f"{doing}: done in {time.monotonic() - started:.1f} s", highlight=False)
    return response.json()


def _problem_line(response: httpx.Response) -> str:
    try:
        problem = response.json()
    except ValueError:
        return f"the gateway answered {response.status_code}"
    if not isinstance(problem, dict):
        return f"the gateway answered {response.status_code}"
    detail = problem.get("detail") or problem.get("title") or ""
    slug = str(problem.get("type", "")).rsplit("/", 1)[-1]
    fields = "; ".join(f"{e.get('field')}: {e.get('message')}" for e in problem.get("errors", []))
    return f"{response.status_code} {slug}: {detail}" + (f" ({fields})" if fields else "")


def _fail(reason: str) -> None:
    typer.echo(f"Error: {' '.join(reason.split())}", err=True)
    raise typer.Exit(1)
