"""What the PTV tests share (here, not in tests/, so that every tests folder imports it
under pytest's importlib mode): a client of the stand-in and a channel as PTV takes one."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI

from simulators.ptv.app import DEMO_ORGANIZATION_ID

CLIENT = ("alue-test", "test-secret-" + "x" * 20)
LOCATIONS = "/api/v11/ServiceChannel/ServiceLocation"
# A channel as PTV's swagger shows one (V11VmOpenApiServiceLocationChannelIn), written here
# from PTV's models, not from the offices service's export.
CHANNEL: dict[str, Any] = {
    "organizationId": DEMO_ORGANIZATION_ID,
    "sourceId": "alue-test-1",
    "serviceChannelNames": [{"type": "Name", "language": "fi", "value": "Lapuan toimipiste"}],
    "displayNameType": [{"type": "Name", "language": "fi"}],
    "serviceChannelDescriptions": [
        {"type": "Summary", "language": "fi", "value": "Työllisyyspalvelujen toimipiste"},
        {"type": "Description", "language": "fi", "value": "Työllisyyspalvelujen toimipiste."},
    ],
    "languages": ["fi"],
    "areaType": "LimitedType",
    "areas": [{"type": "Municipality", "areaCodes": ["408"]}],
    "addresses": [
        {
            "type": "Location",
            "subType": "Single",
            "country": "FI",
            "streetAddress": {
                "street": [{"language": "fi", "value": "Kauppakatu"}],
                "streetNumber": "1",
                "postalCode": "62100",
                "municipality": "408",
                "latitude": "62.97",
                "longitude": "23.01",
            },
        }
    ],
    "serviceHours": [
        {
            "serviceHourType": "DaysOfTheWeek",
            "isClosed": False,
            "openingHour": [{"dayFrom": "Monday", "from": "09:00", "to": "15:00"}],
        }
    ],
    "publishingStatus": "Published",
}


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread: its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"{app.title} did not start")
        threading.Event().wait(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
