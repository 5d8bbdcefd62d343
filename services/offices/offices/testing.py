"""Request bodies the offices tests share (here, not in tests/, so that every tests folder
imports them under pytest's importlib mode)."""

from typing import Any

import httpx

OFFICES = "/v1/areas/kymppi/offices"


def office(**changes: Any) -> dict[str, Any]:
    body = {
        "kind": "office",
        "name": {"fi": "Alajärven toimipiste", "sv": "Alajärvi verksamhetsställe"},
        "municipality_code": "005",
        "address": {"street": "Kauppatie 12", "postal_code": "62900", "post_office": "Alajärvi"},
        "lat": 63.0,
        "lon": 23.817,
        "status": "open",
        "services": ["job_matching", "multi_sectoral_services"],
    }
    return {**body, **changes}


async def create_office(
    client: httpx.AsyncClient, headers: dict[str, str], **changes: Any
) -> httpx.Response:
    response = await client.post(OFFICES, json=office(**changes), headers=headers)
    assert response.status_code == 201, response.text
    return response
