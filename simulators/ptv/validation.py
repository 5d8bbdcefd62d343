"""What PTV's Open API v11 checks in a ServiceLocation channel before it stores one.

The rules are those of PTV's own models (github.com/vrk-kpa/ptv-releases,
`src/PTV.Domain.Model/Models/OpenApi/V11/V11VmOpenApiServiceLocationChannelIn.cs` for a
create, `...InBase.cs` for an update, and the address, area and service-hour models they
name). A refusal is ASP.NET's model-state dictionary, as PTV's swagger documents every
400: each offending property's path (`Addresses[0].StreetAddress.PostalCode`) to its
messages. Properties PTV does not know are ignored, as its JSON reader ignores them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

Errors = dict[str, list[str]]

PUBLISHING_ON_CREATE = ("Draft", "Published")
PUBLISHING_ON_UPDATE = ("Draft", "Published", "Deleted", "Modified")
NAME_TYPES = ("Name", "AlternativeName")
DESCRIPTION_TYPES = ("Description", "Summary")
SUMMARY_MAX_LENGTH = 150
DESCRIPTION_MAX_LENGTH = 2500
AREA_TYPES = ("Nationwide", "NationwideExceptAlandIslands", "LimitedType")
AREA_KINDS = ("Municipality", "Region", "BusinessSubRegion", "HospitalDistrict")
ADDRESS_TYPES = ("Location", "Postal")
ADDRESS_SUB_TYPES = ("Single", "Street", "PostOfficeBox", "Abroad", "Other")
SERVICE_HOUR_TYPES = ("DaysOfTheWeek", "Exceptional", "OverMidnight")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
POSTAL_CODE = re.compile(r"^\d{5}$")
MUNICIPALITY_CODE = re.compile(r"^\d{3}$")
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
GUID_MESSAGE = "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."


def _required(errors: Errors, key: str) -> None:
    errors.setdefault(key, []).append(f"The {key} field is required.")


def _add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _one_of(errors: Errors, key: str, allowed: tuple[str, ...]) -> None:
    _add(errors, key, f"The field is invalid. Please use one of these: '{', '.join(allowed)}'.")


def is_guid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36


def _list(
    errors: Errors, body: Mapping[str, Any], field: str, key: str, *, required: bool
) -> list[Any]:
    value = body.get(field)
    if value is None or value == []:
        if required:
            _required(errors, key)
        return []
    if not isinstance(value, list):
        _add(errors, key, "The field is invalid.")
        return []
    return value


def _items(errors: Errors, items: Iterable[Any], key: str) -> Iterable[tuple[str, dict[str, Any]]]:
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield f"{key}[{index}]", item
        else:
            _add(errors, f"{key}[{index}]", "The field is invalid.")


def _localized(
    errors: Errors, items: list[Any], key: str, types: tuple[str, ...]
) -> list[dict[str, Any]]:
    valid = []
    for at, item in _items(errors, items, key):
        if not isinstance(item.get("value"), str) or not item["value"].strip():
            _add(errors, f"{at}.Value", "The Value field is required.")
        if item.get("type") not in types:
            _one_of(errors, f"{at}.Type", types)
        if not isinstance(item.get("language"), str) or not LANGUAGE_CODE.match(item["language"]):
            _add(errors, f"{at}.Language", "The field is invalid. Use a two letter language code.")
        valid.append(item)
    return valid


def _names(errors: Errors, body: Mapping[str, Any], *, create: bool) -> None:
    names = _list(errors, body, "serviceChannelNames", "ServiceChannelNames", required=create)
    items = _localized(errors, names, "ServiceChannelNames", NAME_TYPES)
    if create and names and not any(i.get("type") == "Name" for i in items):
        _add(errors, "ServiceChannelNames", "The list must contain an item with Type 'Name'.")
    display = _list(errors, body, "displayNameType", "DisplayNameType", required=create)
    for at, item in _items(errors, display, "DisplayNameType"):
        if item.get("type") not in NAME_TYPES:
            _one_of(errors, f"{at}.Type", NAME_TYPES)
        if not isinstance(item.get("language"), str) or not LANGUAGE_CODE.match(item["language"]):
            _add(errors, f"{at}.Language", "The field is invalid. Use a two letter language code.")


def _descriptions(errors: Errors, body: Mapping[str, Any], *, create: bool) -> None:
    key = "ServiceChannelDescriptions"
    given = _list(errors, body, "serviceChannelDescriptions", key, required=create)
    items = _localized(errors, given, key, DESCRIPTION_TYPES)
    if create and given:
        for wanted in DESCRIPTION_TYPES:
            if not any(i.get("type") == wanted for i in items):
                _add(errors, key, f"The list must contain an item with Type '{wanted}'.")
    for index, item in enumerate(items):
        value = item.get("value")
        if not isinstance(value, str):
            continue
        limit = SUMMARY_MAX_LENGTH if item.get("type") == "Summary" else DESCRIPTION_MAX_LENGTH
        if len(value) > limit:
            _add(errors, f"{key}[{index}].Value", f"Maximum length of property is {limit}.")


def _languages(errors: Errors, body: Mapping[str, Any], *, create: bool) -> None:
    for index, code in enumerate(_list(errors, body, "languages", "Languages", required=create)):
        if not isinstance(code, str) or not LANGUAGE_CODE.match(code):
            _add(
                errors,
                f"Languages[{index}]",
                "The field is invalid. Use a two letter language code.",
            )


def _street(errors: Errors, street: Any, at: str) -> None:
    if not isinstance(street, dict):
        _required(errors, f"{at}.StreetAddress")
        return
    if not isinstance(street.get("postalCode"), str) or not POSTAL_CODE.match(street["postalCode"]):
        _add(
            errors,
            f"{at}.StreetAddress.PostalCode",
            "The field is invalid. Use five digits, for example 00100.",
        )
    municipality = street.get("municipality")
    if municipality is not None and (
        not isinstance(municipality, str) or not MUNICIPALITY_CODE.match(municipality)
    ):
        _add(
            errors,
            f"{at}.StreetAddress.Municipality",
            "The field is invalid. Use a municipality code, for example 091.",
        )
    names = street.get("street") or []
    for item_at, item in _items(
        errors, names if isinstance(names, list) else [names], f"{at}.StreetAddress.Street"
    ):
        if not isinstance(item.get("value"), str) or not item["value"].strip():
            _add(errors, f"{item_at}.Value", "The Value field is required.")
    for coordinate in ("latitude", "longitude"):
        value = street.get(coordinate)
        if value is None:
            continue
        try:
            float(value)
        except (TypeError, ValueError):
            _add(errors, f"{at}.StreetAddress.{coordinate.capitalize()}", "The field is invalid.")


def _addresses(errors: Errors, body: Mapping[str, Any], *, create: bool) -> None:
    addresses = _list(errors, body, "addresses", "Addresses", required=create)
    items = list(_items(errors, addresses, "Addresses"))
    if create and addresses and not any(item.get("type") == "Location" for _, item in items):
        _add(errors, "Addresses", "The list must contain an item with Type 'Location'.")
    for at, item in items:
        if item.get("type") not in ADDRESS_TYPES:
            _one_of(errors, f"{at}.Type", ADDRESS_TYPES)
        sub_type = item.get("subType")
        if sub_type not in ADDRESS_SUB_TYPES:
            _one_of(errors, f"{at}.SubType", ADDRESS_SUB_TYPES)
        elif sub_type in ("Single", "Street"):
            _street(errors, item.get("streetAddress"), at)


def _areas(errors: Errors, body: Mapping[str, Any]) -> None:
    area_type = body.get("areaType")
    if area_type is not None and area_type not in AREA_TYPES:
        _one_of(errors, "AreaType", AREA_TYPES)
    areas = _list(errors, body, "areas", "Areas", required=area_type == "LimitedType")
    for at, item in _items(errors, areas, "Areas"):
        if item.get("type") not in AREA_KINDS:
            _one_of(errors, f"{at}.Type", AREA_KINDS)
        codes = item.get("areaCodes")
        if not isinstance(codes, list) or not codes:
            _required(errors, f"{at}.AreaCodes")


def _service_hours(errors: Errors, body: Mapping[str, Any]) -> None:
    for at, hour in _items(
        errors, _list(errors, body, "serviceHours", "ServiceHours", required=False), "ServiceHours"
    ):
        if hour.get("serviceHourType") not in SERVICE_HOUR_TYPES:
            _one_of(errors, f"{at}.ServiceHourType", SERVICE_HOUR_TYPES)
        opening = hour.get("openingHour") or []
        for opening_at, time in _items(
            errors, opening if isinstance(opening, list) else [opening], f"{at}.OpeningHour"
        ):
            for bound in ("from", "to"):
                if not isinstance(time.get(bound), str) or not CLOCK.match(time[bound]):
                    _add(
                        errors,
                        f"{opening_at}.{bound.capitalize()}",
                        "The field is invalid. Use the form HH:mm, for example 10:00.",
                    )
            day = time.get("dayFrom")
            if day is not None and day not in WEEKDAYS:
                _one_of(errors, f"{opening_at}.DayFrom", WEEKDAYS)


def _publishing_status(errors: Errors, body: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    status = body.get("publishingStatus")
    if status is None:
        _required(errors, "PublishingStatus")
    elif status not in allowed:
        _one_of(errors, "PublishingStatus", allowed)


def service_location_errors(body: Any, *, create: bool, organizations: Iterable[str]) -> Errors:
    """The model-state errors of a ServiceLocation channel: a create's (`POST`, every
    required list and Draft or Published) or an update's (`PUT`, only what is given)."""
    errors: Errors = {}
    if not isinstance(body, dict):
        return {"": ["A non-empty request body is required."]}
    organization = body.get("organizationId")
    if create and not organization:
        _required(errors, "OrganizationId")
    elif organization is not None:
        if not is_guid(organization):
            _add(errors, "OrganizationId", GUID_MESSAGE)
        elif str(uuid.UUID(organization)) not in set(organizations):
            _add(errors, "OrganizationId", f"Organization with id '{organization}' not found.")
    _names(errors, body, create=create)
    _descriptions(errors, body, create=create)
    _languages(errors, body, create=create)
    _addresses(errors, body, create=create)
    _areas(errors, body)
    _service_hours(errors, body)
    _publishing_status(errors, body, PUBLISHING_ON_CREATE if create else PUBLISHING_ON_UPDATE)
    return errors
