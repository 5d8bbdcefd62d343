"""What the PTV tests share (here, not in tests/, so that every tests folder imports it
under pytest's importlib mode): a client of the stand-in and a channel as PTV takes one."""

from __future__ import annotations

from typing import Any

from servicekit.contract import served as served  # re-exported: the stand-ins' tests use it
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
