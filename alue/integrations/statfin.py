"""`alue import statfin`: a Statistics Finland PxWeb table into the municipal statistics.

The adapter (`areas.integrations.statfin`) queries the table and maps its cells; this
command picks the municipalities (an area's members today, or the codes given), configures
the adapter and writes the rows through the gateway's `PUT /areas/v1/statistics`.
"""

from __future__ import annotations

import asyncio
import enum
from dataclasses import asdict
from typing import Annotated, Any

import httpx
import typer

from alue.client import (
    COMMAND_TIMEOUT_SECONDS,
    DEFAULT_GATEWAY,
    AsJson,
    Gateway,
    Token,
    gateway_client,
)
from alue.integrations.console import CommandFailed, print_json
from alue.integrations.gateway_calls import checked, failures_reported, get_all, progress
from areas.integrations import statfin
from areas.schemas.statistics import MAX_BULK_ROWS


class PxWebApi(enum.StrEnum):
    v1 = "v1"
    v2 = "v2"


def import_statfin(
    table: Annotated[
        str, typer.Option(help=f"The PxWeb table, one of: {', '.join(statfin.MAPPINGS)}.")
    ],
    from_month: Annotated[str, typer.Option("--from", help="First month, e.g. 2023M01.")],
    to_month: Annotated[str, typer.Option("--to", help="Last month, e.g. 2023M12.")],
    area: Annotated[
        str | None, typer.Option(help="An employment area id: its members today.")
    ] = None,
    codes: Annotated[
        str | None, typer.Option(help="Comma-separated municipality codes, e.g. 005,010.")
    ] = None,
    api: Annotated[
        PxWebApi,
        typer.Option(envvar="ALUE_STATFIN_API", help="PxWeb API v1 or 2.0 (ALUE_STATFIN_API)."),
    ] = PxWebApi.v1,
    base_url: Annotated[
        str | None,
        typer.Option(
            envvar="ALUE_STATFIN_URL",
            help=f"The PxWeb database (ALUE_STATFIN_URL); v1 default {statfin.V1_BASE_URL}, "
            "API 2.0 has none: give its base, the part before /tables.",
        ),
    ] = None,
    language: Annotated[
        str, typer.Option(envvar="ALUE_STATFIN_LANGUAGE", help="API 2.0's `lang`.")
    ] = "fi",
    max_cells: Annotated[
        int, typer.Option(envvar="ALUE_STATFIN_MAX_CELLS", min=1, help="Cells a query.")
    ] = statfin.MAX_CELLS,
    max_requests: Annotated[
        int,
        typer.Option(envvar="ALUE_STATFIN_MAX_REQUESTS", min=2, help="Queries a window."),
    ] = statfin.MAX_REQUESTS,
    window_seconds: Annotated[
        float,
        typer.Option(envvar="ALUE_STATFIN_WINDOW_SECONDS", min=0.01, help="The window."),
    ] = statfin.WINDOW_SECONDS,
    gateway: Gateway = DEFAULT_GATEWAY,
    token: Token = None,
    as_json: AsJson = False,
) -> None:
    """Import a StatFin table's figures for some municipalities and months (JSON-stat2)."""
    with failures_reported():
        mapping = statfin.MAPPINGS.get(table)
        if mapping is None:
            raise CommandFailed(
                f"no mapping for table {table!r}; known: {', '.join(statfin.MAPPINGS)}"
            )
        if (area is None) == (codes is None):
            raise CommandFailed("give either --area or --codes")
        if api is PxWebApi.v2 and not base_url:
            raise CommandFailed("PxWeb API 2.0 needs its base URL (--base-url, ALUE_STATFIN_URL)")
        months = statfin.months_between(from_month, to_month)
        with gateway_client(gateway, token) as client:
            municipalities = _municipalities(client, area, codes)
            with progress(f"PxWeb {table}", quiet=as_json) as advance:
                result = asyncio.run(
                    _fetch(
                        api,
                        base_url or statfin.V1_BASE_URL,
                        table,
                        language,
                        mapping,
                        municipalities,
                        months,
                        max_cells=max_cells,
                        pacer=statfin.request_pacer(max_requests, window_seconds),
                        on_query=advance,
                    )
                )
            written = _write(client, result.rows)
        _report(table, api, municipalities, months, result, written, as_json)


def _municipalities(client: httpx.Client, area: str | None, codes: str | None) -> list[str]:
    if codes is not None:
        listed = [c.strip() for c in codes.split(",") if c.strip()]
        if not listed or not all(c.isdigit() and len(c) == 3 for c in listed):
            raise CommandFailed(f"--codes: three-digit codes separated by commas, not {codes!r}")
        return listed
    members = get_all(client, f"/areas/v1/areas/{area}/members", f"members of {area}")
    if not members:
        raise CommandFailed(f"area {area} has no members today")
    return sorted({m["municipality_code"] for m in members})


async def _fetch(
    api: PxWebApi,
    base_url: str,
    table_id: str,
    language: str,
    mapping: statfin.TableMapping,
    municipalities: list[str],
    months: list[str],
    **options: Any,
) -> statfin.StatfinImport:
    async with httpx.AsyncClient(timeout=COMMAND_TIMEOUT_SECONDS) as http:
        table: statfin.PxWebTable
        if api is PxWebApi.v1:
            table = statfin.PxWebV1Table(http, base_url, table_id)
        else:
            table = statfin.PxWebV2Table(http, base_url, table_id, language)
        try:
            return await statfin.fetch_statistics(
                table, mapping, municipality_codes=municipalities, months=months, **options
            )
        except statfin.PxWebError as e:
            raise CommandFailed(str(e)) from None


def _write(client: httpx.Client, rows: list[dict[str, Any]]) -> int:
    written = 0
    for start in range(0, len(rows), MAX_BULK_ROWS):
        body = {"statistics": rows[start : start + MAX_BULK_ROWS]}
        response = client.put("/areas/v1/statistics", json=body)
        written += checked(response, "writing the statistics").json()["written"]
    return written


def _report(
    table: str,
    api: PxWebApi,
    municipalities: list[str],
    months: list[str],
    result: statfin.StatfinImport,
    written: int,
    as_json: bool,
) -> None:
    missing = [asdict(m) for m in result.missing]
    report = {
        "table": table,
        "api": api.value,
        "municipalities": municipalities,
        "months": [months[0], months[-1]],
        "queries": result.queries,
        "cells": result.cells,
        "written": written,
        "missing": missing,
        "not_municipal": result.not_municipal,
    }
    lines = [
        f"StatFin {table} ({api.value}), {months[0]} to {months[-1]}, "
        f"{len(municipalities)} municipalities: {_count(result.queries, 'query', 'queries')}, "
        f"{result.cells} cells, "
        f"{written} statistics written."
    ]
    if missing:
        lines.append(f"Left out {len(missing)} missing cells (no figure; not written as 0):")
        lines += [
            f"  {m['municipality_code']} {m['indicator']} {m['period']}: status {m['status']!r}"
            for m in missing
        ]
    if as_json:
        print_json(report)
    else:
        for line in lines:
            typer.echo(line)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
