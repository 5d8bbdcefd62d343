"""`alue import kela FILE`: Kela's open data on the municipal share of unemployment
benefits, streamed into the funding service's import, and its reconciliation report.

The funding service reads the file as Kela publishes it (README "Unemployment benefits",
DOMAIN.md §2): `POST /funding/v1/unemployment-benefit/kela-imports` with the file as a
`text/csv` body, sent here in chunks as it is read (never whole in memory) with a bar of
the bytes sent. Its answer is the report: rows, municipalities, periods, the municipal share
in euros and the subtotal checks (each benefit's day classes against its `Yhteensä` row,
each class's benefits against the `etuus = Yhteensä` row), every mismatch with its line.
The same file again answers its first import (200), so running it twice changes nothing.

With `--area`, the report is also the area's: its members' costs by Kela's figures for each
year the file covers (`GET .../unemployment-benefit/costs?area_id=`), the members Kela's
imported files have no rows for, and only the mismatches of its members.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from alue.client import DEFAULT_GATEWAY, AsJson, Gateway, Token, gateway_client
from alue.integrations.console import CommandFailed, byte_progress, fail, print_json, problem_reason

IMPORTS = "/funding/v1/unemployment-benefit/kela-imports"
COSTS = "/funding/v1/unemployment-benefit/costs"
CHUNK_BYTES = 64 * 1024


def _chunks(path: Path, advance: Any) -> Iterator[bytes]:
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            advance(len(chunk))
            yield chunk


def send_file(
    gateway: httpx.Client, path: Path, *, source: str | None, quiet: bool
) -> tuple[dict[str, Any], bool]:
    """The import's answer, and whether this file was new to the funding service."""
    with byte_progress(quiet=quiet) as progress:
        task = progress.add_task(f"Kela: {path.name}", total=path.stat().st_size)
        try:
            answer = gateway.post(
                IMPORTS,
                content=_chunks(path, lambda n: progress.advance(task, n)),
                params={"source": source} if source else None,
                headers={"Content-Type": "text/csv; charset=utf-8"},
            )
        except httpx.HTTPError as exc:
            raise CommandFailed(f"the gateway at {gateway.base_url} did not answer: {exc}") from exc
    if answer.status_code not in (200, 201):
        raise CommandFailed(f"Kela's file was not imported: {problem_reason(answer)}")
    report: dict[str, Any] = answer.json()
    return report, answer.status_code == 201


def area_costs(gateway: httpx.Client, area: str, years: list[int]) -> list[dict[str, Any]]:
    costs = []
    for year in years:
        answer = gateway.get(
            COSTS, params={"area_id": area, "year": year, "group_by": "municipality"}
        )
        if answer.status_code != 200:
            raise CommandFailed(f"the costs of {area} in {year}: {problem_reason(answer)}")
        costs.append(answer.json())
    return costs


def _area_part(report: dict[str, Any], costs: list[dict[str, Any]]) -> dict[str, Any]:
    members = sorted({code for year in costs for code in year["codes"]})
    mismatches = [
        m for m in report["checks"]["mismatches"] or [] if m["municipality_code"] in members
    ]
    return {
        "members": members,
        "years": [
            {
                "year": year["year"],
                "total_eur": year["total_eur"],
                "basis": year["basis"],
                "municipalities": [
                    {"code": g["key"], "cost_eur": g["cost_eur"]} for g in year["groups"]
                ],
                "without_figures": year["without_figures"],
            }
            for year in costs
        ],
        "mismatches": mismatches,
    }


def _print_report(document: dict[str, Any]) -> None:
    report = document["import"]
    checks = report["checks"]
    state = "imported" if document["new"] else "already imported (the same file, by SHA-256)"
    typer.echo(f"Kela import {report['id']}: {state}")
    typer.echo(
        f"  {report['rows']} rows ({report['detail_rows']} detail, "
        f"{report['subtotal_rows']} Yhteensä), {report['municipalities']} municipalities, "
        f"municipal share {report['municipal_share_eur']} €"
    )
    periods = ", ".join(
        f"{p['year']}-{p['month']:02d} {'month' if p['period_type'] == 'month' else 'year to date'}"
        for p in report["periods"]
    )
    typer.echo(f"  periods: {periods}")
    verdict = "passed" if checks["passed"] else f"{checks['mismatch_count']} mismatches"
    typer.echo(
        f"  checks within {checks['tolerance_eur']} €: {verdict} "
        f"({checks['day_class_groups']} day-class sums, {checks['benefit_groups']} benefit sums)"
    )
    area = document.get("area")
    shown = area["mismatches"] if area else checks["mismatches"] or []
    for m in shown:
        typer.echo(
            f"  mismatch line {m['line']}: {m['municipality_code']} {m['year']}-{m['month']:02d} "
            f"{m['check']} {m['benefit'] or 'all benefits'}/{m['day_class'] or 'all classes'}: "
            f"subtotal {m['subtotal_eur']} €, parts {m['parts_eur']} €"
        )
    if area:
        typer.echo(f"  area {document['area_id']}: members {', '.join(area['members'])}")
        for year in area["years"]:
            typer.echo(
                f"    {year['year']}: {year['total_eur']} € ({year['basis'] or 'no figures'})"
            )
            for municipality in year["municipalities"]:
                typer.echo(f"      {municipality['code']}: {municipality['cost_eur']} €")
            if year["without_figures"]:
                typer.echo(
                    f"      no figures in Kela's files: {', '.join(year['without_figures'])}"
                )


def import_kela(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, readable=True, help="Kela's file as published (CSV)."
        ),
    ],
    area: Annotated[
        str | None, typer.Option(help="Report this employment area's members too.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Where the file comes from (stored with it).")
    ] = None,
    gateway: Gateway = DEFAULT_GATEWAY,
    token: Token = None,
    as_json: AsJson = False,
) -> None:
    """Import Kela's file of the municipal share of unemployment benefits; print its checks."""
    try:
        with gateway_client(gateway, token) as system:
            report, new = send_file(system, file, source=source, quiet=as_json)
            document: dict[str, Any] = {"file": str(file), "new": new, "import": report}
            if area:
                years = sorted({p["year"] for p in report["periods"]})
                document["area_id"] = area
                document["area"] = _area_part(report, area_costs(system, area, years))
    except CommandFailed as exc:
        fail(str(exc))
    if as_json:
        print_json(document)
    else:
        _print_report(document)
