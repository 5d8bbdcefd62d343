"""`alue publish ptv`: an area's offices as PTV v11 ServiceLocation channels.

The offices service exports each office as a channel (`GET .../offices?format=ptv`); this
adds the area's PTV organisation and sends it: a create when the office has no `ptv_id`,
else an update of that channel. The id PTV issues on a create is written back to the
office (`PUT .../offices/{id}` with `If-Match`), so the next run updates it. A closed office
that was never published is left out (a create takes only Draft or Published); one that was
is updated to `Deleted`. A create PTV refuses because our `sourceId` is already its (a run
that stopped before writing the id back) updates that channel by `sourceId` instead.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any

import httpx
import typer

from alue.client import DEFAULT_GATEWAY, AsJson, Gateway, Token, gateway_client
from alue.integrations.console import (
    CommandFailed,
    count_progress,
    fail,
    print_json,
    problem_reason,
)
from alue.integrations.ptv import (
    DEFAULT_API_URL,
    DEFAULT_TOKEN_URL,
    SERVICE_LOCATION,
    PtvAuthError,
    PtvClient,
    PtvConfig,
    PtvError,
)

PAGE = 100
# The fields of an office as the offices service takes them back (its OfficeWrite).
OFFICE_WRITE_FIELDS = (
    "kind", "name", "municipality_code", "address", "lat", "lon", "status", "services",
    "accessibility_notes", "ptv_id", "opened_on", "closed_on", "note",
)  # fmt: skip


@dataclass
class Outcome:
    office_id: int
    name: str
    action: str  # created | updated | skipped | failed | would_create | would_update
    ptv_id: str | None = None
    reason: str | None = None
    request: dict[str, Any] | None = None


def _get(gateway: httpx.Client, path: str, **params: Any) -> httpx.Response:
    try:
        answer = gateway.get(path, params={k: v for k, v in params.items() if v is not None})
    except httpx.HTTPError as exc:
        raise CommandFailed(f"the gateway at {gateway.base_url} did not answer: {exc}") from exc
    if answer.status_code != 200:
        raise CommandFailed(f"GET {path}: {problem_reason(answer)}")
    return answer


def area_channels(gateway: httpx.Client, area: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every office of the area with its channel: the two listings page alike (by id)."""
    # The offices service lists no offices for an area it has none of, known or not.
    _get(gateway, f"/areas/v1/areas/{area}")
    path = f"/offices/v1/areas/{area}/offices"
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    cursor = None
    while True:
        offices = _get(gateway, path, limit=PAGE, cursor=cursor).json()
        channels = _get(gateway, path, limit=PAGE, cursor=cursor, format="ptv").json()
        if len(offices["items"]) != len(channels["items"]):
            raise CommandFailed("the offices changed while they were read; run it again")
        for office, channel in zip(offices["items"], channels["items"], strict=True):
            if channel["serviceChannelNames"][0]["value"] != office["name"]["fi"]:
                raise CommandFailed("the offices changed while they were read; run it again")
            pairs.append((office, channel))
        cursor = offices.get("next_cursor")
        if not cursor:
            return pairs


def store_ptv_id(gateway: httpx.Client, area: str, office_id: int, ptv_id: str) -> None:
    path = f"/offices/v1/areas/{area}/offices/{office_id}"
    current = _get(gateway, path)
    body = {name: current.json()[name] for name in OFFICE_WRITE_FIELDS}
    body["ptv_id"] = ptv_id
    answer = gateway.put(path, json=body, headers={"If-Match": current.headers["ETag"]})
    if answer.status_code != 200:
        raise CommandFailed(
            f"PTV issued {ptv_id} but the office kept no id: {problem_reason(answer)}"
        )


def _payload(channel: dict[str, Any], organization_id: str | None) -> dict[str, Any]:
    payload = {k: v for k, v in channel.items() if k != "id"}
    if organization_id:
        payload["organizationId"] = organization_id
    return payload


def _send(
    ptv: PtvClient,
    gateway: httpx.Client,
    area: str,
    office: dict[str, Any],
    payload: dict[str, Any],
) -> Outcome:
    outcome = Outcome(office_id=office["id"], name=office["name"]["fi"], action="")
    ptv_id = office.get("ptv_id")
    if ptv_id:
        outcome.action, outcome.ptv_id = "updated", ptv.update(ptv_id, payload)["id"]
        return outcome
    try:
        issued = ptv.create(payload)["id"]
        outcome.action = "created"
    except PtvError as refused:
        if "SourceId" not in refused.fields:
            raise
        issued = ptv.update_by_source(payload["sourceId"], payload)["id"]
        outcome.action = "updated"
    store_ptv_id(gateway, area, office["id"], issued)
    outcome.ptv_id = issued
    return outcome


def plan(office: dict[str, Any], channel: dict[str, Any], organization_id: str | None) -> Outcome:
    """What publishing the office means, before anything is sent."""
    outcome = Outcome(
        office_id=office["id"], name=office["name"]["fi"], action="", ptv_id=office.get("ptv_id")
    )
    if channel["publishingStatus"] == "Deleted" and not outcome.ptv_id:
        outcome.action, outcome.reason = "skipped", "closed and never published"
        return outcome
    payload = _payload(channel, organization_id)
    if outcome.ptv_id:
        outcome.action = "would_update"
        outcome.request = {
            "method": "PUT",
            "path": f"{SERVICE_LOCATION}/{outcome.ptv_id}",
            "body": payload,
        }
    else:
        outcome.action = "would_create"
        outcome.request = {"method": "POST", "path": SERVICE_LOCATION, "body": payload}
    return outcome


def publish(
    gateway: httpx.Client,
    ptv: PtvClient | None,
    *,
    area: str,
    organization_id: str | None,
    quiet: bool,
) -> list[Outcome]:
    """The area's offices sent to PTV (`ptv` None: only planned, for a dry run)."""
    pairs = area_channels(gateway, area)
    outcomes = []
    with count_progress(quiet=quiet) as progress:
        task = progress.add_task(f"PTV: {area}'s offices", total=len(pairs))
        for office, channel in pairs:
            planned = plan(office, channel, organization_id)
            if ptv is None or planned.action == "skipped":
                outcomes.append(planned)
            else:
                assert planned.request is not None
                try:
                    outcomes.append(_send(ptv, gateway, area, office, planned.request["body"]))
                except PtvAuthError:
                    raise
                except (PtvError, CommandFailed) as exc:
                    outcomes.append(
                        Outcome(office["id"], planned.name, "failed", planned.ptv_id, str(exc))
                    )
            progress.advance(task)
    return outcomes


PtvUrl = Annotated[
    str, typer.Option("--ptv-url", envvar="PTV_API_URL", help="PTV's API (PTV_API_URL).")
]
TokenUrl = Annotated[
    str,
    typer.Option(
        "--token-url", envvar="PTV_TOKEN_URL", help="PTV's OAuth2 token endpoint (PTV_TOKEN_URL)."
    ),
]
ClientId = Annotated[
    str | None,
    typer.Option("--client-id", envvar="PTV_CLIENT_ID", help="OAuth2 client id (PTV_CLIENT_ID)."),
]
ClientSecret = Annotated[
    str | None,
    typer.Option(
        "--client-secret",
        envvar="PTV_CLIENT_SECRET",
        help="OAuth2 client secret (PTV_CLIENT_SECRET).",
    ),
]
PtvToken = Annotated[
    str | None,
    typer.Option(
        "--ptv-token",
        envvar="PTV_ACCESS_TOKEN",
        help="A PTV token got elsewhere, instead of the client credentials.",
    ),
]
OrganizationId = Annotated[
    str | None,
    typer.Option(
        "--organization-id",
        envvar="PTV_ORGANIZATION_ID",
        help="The area's organisation in PTV, which owns its channels (PTV_ORGANIZATION_ID).",
    ),
]


def _print(outcomes: list[Outcome], *, area: str, dry_run: bool, as_json: bool) -> None:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.action] = counts.get(outcome.action, 0) + 1
    if as_json:
        print_json(
            {
                "area_id": area,
                "dry_run": dry_run,
                "counts": counts,
                "offices": [asdict(o) for o in outcomes],
            }
        )
        return
    if dry_run:
        print_json([{"office_id": o.office_id, **o.request} for o in outcomes if o.request])
    for outcome in outcomes:
        detail = outcome.ptv_id or ""
        if outcome.reason:
            detail = f"{detail} {outcome.reason}".strip()
        typer.echo(
            f"{outcome.action:<12} office {outcome.office_id:<4} {outcome.name}  {detail}".rstrip(),
            err=dry_run,
        )
    summary = ", ".join(f"{n} {action}" for action, n in sorted(counts.items()))
    typer.echo(f"PTV, {area}: {summary or 'no offices'}", err=dry_run)


def publish_ptv(
    area: Annotated[str, typer.Option(help="The employment area, e.g. kymppi.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the JSON it would send; send nothing.")
    ] = False,
    gateway: Gateway = DEFAULT_GATEWAY,
    token: Token = None,
    ptv_url: PtvUrl = DEFAULT_API_URL,
    token_url: TokenUrl = DEFAULT_TOKEN_URL,
    client_id: ClientId = None,
    client_secret: ClientSecret = None,
    ptv_token: PtvToken = None,
    organization_id: OrganizationId = None,
    as_json: AsJson = False,
) -> None:
    """Publish the area's offices to PTV as ServiceLocation channels (create, or update)."""
    if not organization_id and not dry_run:
        fail("no PTV organisation: set PTV_ORGANIZATION_ID or --organization-id")
    config = PtvConfig(ptv_url, token_url, client_id, client_secret, ptv_token, organization_id)
    try:
        with gateway_client(gateway, token) as system, httpx.Client(timeout=30) as http:
            ptv = None if dry_run else PtvClient(config, http)
            outcomes = publish(
                system, ptv, area=area, organization_id=organization_id, quiet=as_json
            )
    except (CommandFailed, PtvError) as exc:
        fail(str(exc))
    _print(outcomes, area=area, dry_run=dry_run, as_json=as_json)
    failed = [o for o in outcomes if o.action == "failed"]
    if failed:
        first = failed[0]
        fail(
            f"{len(failed)} of {len(outcomes)} offices not published; "
            f"first: office {first.office_id}: {first.reason}"
        )
