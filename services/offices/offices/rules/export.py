"""Offices as Open Referral HSDS 3.0 locations and PTV v11 ServiceLocation channels
(DOMAIN.md §6): pure mappings from an office's fields and hours.

Ids are stable UUIDs: uuid5 over a fixed namespace and the place's area and id (and what
the entry is), so an export names the same place the same way every time and in every
system that reads it.

HSDS schedules are RFC 5545-style weekly rules: one per set of weekdays sharing their
times (`byday: "MO,TU,WE"`), with `opens_at`/`closes_at` as HH:MM plus the UTC offset of
the dates they are valid for. Finland's offset changes twice a year, so each export is for
a day (`on`): its weekly schedules are valid from the last change before it to the day
before the next (`valid_from`/`valid_to`, `timezone` the offset in hours), and each
exception in that period is a one-day schedule. PTV keeps local times: `DaysOfTheWeek`
and `Exceptional` service hours. A range closing at 24:00 is written 23:59 in both, as
HH:MM has no 24.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from offices.rules.hours import MINUTES_A_DAY, DatedException, WeeklyRange, clock_of
from servicekit.clock import FINNISH_TIME

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:alue:offices")
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PTV_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LANGUAGE_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}
KIND_LABELS = {
    "office": {
        "fi": "Työllisyyspalvelujen toimipiste",
        "sv": "Sysselsättningstjänsternas verksamhetsställe",
        "en": "Employment services office",
    },
    "local_service_point": {
        "fi": "Työllisyyspalvelujen lähipalvelupiste",
        "sv": "Sysselsättningstjänsternas närservicepunkt",
        "en": "Local employment service point",
    },
    "mobile": {
        "fi": "Liikkuva työllisyyspalvelujen palvelupiste",
        "sv": "Mobil servicepunkt för sysselsättningstjänster",
        "en": "Mobile employment service point",
    },
    "online": {
        "fi": "Työllisyyspalvelujen verkkopalvelu",
        "sv": "Sysselsättningstjänsternas nättjänst",
        "en": "Online employment services",
    },
}
# The Finnish names of the service lines every area starts with (the caseload service's
# defaults, plan §2.3); another key is printed as it is.
SERVICE_LINE_NAMES_FI = {
    "competence_services": "Osaamispalvelut",
    "multi_sectoral_services": "Monialaiset palvelut",
    "job_matching": "Työnvälityspalvelut",
    "employer_services": "Työnantajapalvelut",
    "integration": "Kotoutumispalvelut",
    "youth": "Nuorten palvelut",
    "career_guidance": "Ammatinvalinta- ja uraohjaus",
}
PTV_STATUS = {"planned": "Draft", "open": "Published", "closed": "Deleted"}
_STREET_NUMBER = re.compile(r"^(?P<street>.*\D)\s+(?P<number>\d+\S*(?:\s+\S{1,3})?)$")


def stable_id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


@dataclass(frozen=True)
class Place:
    """What an export reads of an office."""

    area_id: str
    id: int
    kind: str
    status: str
    name: Mapping[str, str]
    municipality_code: str
    street: str | None
    postal_code: str | None
    post_office: str | None
    lat: float | None
    lon: float | None
    services: Sequence[str]
    accessibility_notes: str | None
    ptv_id: uuid.UUID | None
    weekly: Sequence[WeeklyRange]
    exceptions: Sequence[DatedException]

    @property
    def location_id(self) -> uuid.UUID:
        return stable_id("location", self.area_id, self.id)

    @property
    def languages(self) -> list[str]:
        return [language for language in ("fi", "sv", "en") if self.name.get(language)]


def _hhmm(minutes: int) -> str:
    return clock_of(min(minutes, MINUTES_A_DAY - 1))


def _offset_hours(day: dt.date) -> float:
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=FINNISH_TIME)
    offset = noon.utcoffset()
    assert offset is not None
    return offset.total_seconds() / 3600


def offset_period(on: dt.date) -> tuple[dt.date, dt.date]:
    """The days around `on` that share its UTC offset (at noon): from the last change of
    daylight saving before it to the day before the next."""
    offset = _offset_hours(on)
    first, last = on, on
    while _offset_hours(first - dt.timedelta(days=1)) == offset and (on - first).days < 400:
        first -= dt.timedelta(days=1)
    while _offset_hours(last + dt.timedelta(days=1)) == offset and (last - on).days < 400:
        last += dt.timedelta(days=1)
    return first, last


def _offset_text(hours: float) -> str:
    sign = "+" if hours >= 0 else "-"
    minutes = int(abs(hours) * 60)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def hsds_schedules(place: Place, on: dt.date) -> list[dict[str, Any]]:
    first, last = offset_period(on)
    offset = _offset_hours(on)
    suffix = _offset_text(offset)
    by_times: dict[tuple[int, int], list[int]] = {}
    for rule in place.weekly:
        by_times.setdefault((rule.opens, rule.closes), []).append(rule.weekday)
    schedules = []
    for (opens, closes), weekdays in sorted(by_times.items(), key=lambda kv: (min(kv[1]), kv[0])):
        byday = ",".join(BYDAY[d - 1] for d in sorted(set(weekdays)))
        schedules.append(
            {
                "id": stable_id("schedule", place.area_id, place.id, first, byday, opens, closes),
                "location_id": place.location_id,
                "valid_from": first.isoformat(),
                "valid_to": last.isoformat(),
                "dtstart": first.isoformat(),
                "timezone": offset,
                "freq": "WEEKLY",
                "interval": 1,
                "wkst": "MO",
                "byday": byday,
                "opens_at": _hhmm(opens) + suffix,
                "closes_at": _hhmm(closes) + suffix,
            }
        )
    for exception in place.exceptions:
        if on <= exception.date <= last:
            schedules.append(_hsds_exception(place, exception))
    return schedules


def _hsds_exception(place: Place, exception: DatedException) -> dict[str, Any]:
    day = exception.date
    offset = _offset_hours(day)
    schedule: dict[str, Any] = {
        "id": stable_id("exception", place.area_id, place.id, day, exception.opens),
        "location_id": place.location_id,
        "valid_from": day.isoformat(),
        "valid_to": day.isoformat(),
        "dtstart": day.isoformat(),
        "timezone": offset,
        "freq": "WEEKLY",
        "interval": 1,
        "count": 1,
        "byday": BYDAY[day.isoweekday() - 1],
    }
    if exception.closed or exception.opens is None or exception.closes is None:
        schedule["description"] = "Suljettu / Closed"
    else:
        schedule["opens_at"] = _hhmm(exception.opens) + _offset_text(offset)
        schedule["closes_at"] = _hhmm(exception.closes) + _offset_text(offset)
        schedule["description"] = "Poikkeava aukiolo / Exceptional hours"
    return schedule


def hsds_location(place: Place, on: dt.date) -> dict[str, Any]:
    location_id = place.location_id
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "virtual" if place.kind == "online" else "physical",
        "name": place.name["fi"],
        "alternate_name": place.name.get("sv") or place.name.get("en"),
        "description": KIND_LABELS[place.kind]["fi"],
        "latitude": place.lat,
        "longitude": place.lon,
        "languages": [
            {
                "id": stable_id("language", place.area_id, place.id, code),
                "location_id": location_id,
                "name": LANGUAGE_NAMES[code],
                "code": code,
            }
            for code in place.languages
        ],
        "addresses": [],
        "accessibility": [],
        "schedules": hsds_schedules(place, on),
        "service_at_location": [
            {
                "id": stable_id("service_at_location", place.area_id, place.id, key),
                "service_id": stable_id("service", place.area_id, key),
                "location_id": location_id,
                "description": SERVICE_LINE_NAMES_FI.get(key, key),
            }
            for key in place.services
        ],
    }
    if place.ptv_id is not None:
        location["external_identifier"] = str(place.ptv_id)
        location["external_identifier_type"] = "PTV"
    if place.street is not None:
        location["addresses"].append(
            {
                "id": stable_id("address", place.area_id, place.id),
                "location_id": location_id,
                "address_1": place.street,
                "city": place.post_office,
                "state_province": "",
                "postal_code": place.postal_code,
                "country": "FI",
                "address_type": "physical",
            }
        )
    if place.accessibility_notes:
        location["accessibility"].append(
            {
                "id": stable_id("accessibility", place.area_id, place.id),
                "location_id": location_id,
                "description": place.accessibility_notes,
            }
        )
    return location


def _ptv_address(place: Place) -> list[dict[str, Any]]:
    if place.street is None:
        return []
    match = _STREET_NUMBER.match(place.street)
    street, number = (match["street"], match["number"]) if match else (place.street, None)
    return [
        {
            "type": "Location",
            "sub_type": "Single",
            "country": "FI",
            "street_address": {
                "street": [{"language": "fi", "value": street}],
                "street_number": number,
                "postal_code": place.postal_code,
                "municipality": place.municipality_code,
                "latitude": None if place.lat is None else str(place.lat),
                "longitude": None if place.lon is None else str(place.lon),
            },
        }
    ]


def _ptv_hours(place: Place) -> list[dict[str, Any]]:
    hours: list[dict[str, Any]] = []
    if place.weekly:
        ordered = sorted(place.weekly, key=lambda r: (r.weekday, r.opens))
        hours.append(
            {
                "service_hour_type": "DaysOfTheWeek",
                "valid_for_now": True,
                "is_closed": False,
                "opening_hour": [
                    {
                        "day_from": PTV_DAYS[r.weekday - 1],
                        "from_": _hhmm(r.opens),
                        "to": _hhmm(r.closes),
                    }
                    for r in ordered
                ],
            }
        )
    dated: dict[dt.date, list[DatedException]] = {}
    for exception in place.exceptions:
        dated.setdefault(exception.date, []).append(exception)
    for day, entries in sorted(dated.items()):
        midnight = dt.datetime.combine(day, dt.time()).isoformat()
        ranges = sorted(
            (e.opens, e.closes)
            for e in entries
            if not e.closed and e.opens is not None and e.closes is not None
        )
        hours.append(
            {
                "service_hour_type": "Exceptional",
                "valid_from": midnight,
                "valid_to": midnight,
                "is_closed": not ranges,
                "opening_hour": [
                    {
                        "day_from": PTV_DAYS[day.isoweekday() - 1],
                        "from_": _hhmm(opens),
                        "to": _hhmm(closes),
                    }
                    for opens, closes in ranges
                ],
            }
        )
    return hours


def ptv_channel(place: Place) -> dict[str, Any]:
    languages = place.languages
    labels = KIND_LABELS[place.kind]
    lines = ", ".join(SERVICE_LINE_NAMES_FI.get(k, k) for k in place.services)
    descriptions = []
    for language in languages:
        descriptions.append({"type": "Summary", "language": language, "value": labels[language]})
        text = labels[language] + (f". {lines}." if lines and language == "fi" else ".")
        descriptions.append({"type": "Description", "language": language, "value": text})
    return {
        "id": place.ptv_id,
        "source_id": str(place.location_id),
        "service_channel_names": [
            {"type": "Name", "language": language, "value": place.name[language]}
            for language in languages
        ],
        # PTV requires a display name type per name language on a create
        # (V11VmOpenApiServiceLocationChannelIn.DisplayNameType, [ListRequired]).
        "display_name_type": [{"type": "Name", "language": language} for language in languages],
        "service_channel_descriptions": descriptions,
        "languages": languages,
        "area_type": "LimitedType",
        "areas": [{"type": "Municipality", "area_codes": [place.municipality_code]}],
        "addresses": _ptv_address(place),
        "service_hours": _ptv_hours(place),
        "publishing_status": PTV_STATUS[place.status],
    }
