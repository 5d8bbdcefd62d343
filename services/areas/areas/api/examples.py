"""Example requests and answers of the main operations, shown in the OpenAPI document.

Schemathesis sends every request example to the running service (its examples phase), so
these stay valid requests.
"""

from typing import Any

from servicekit.openapi import examples

ALAJARVI: dict[str, Any] = {
    "code": "005",
    "name_fi": "Alajärvi",
    "name_sv": "Alajärvi",
    "region": "Etelä-Pohjanmaa",
    "lat": 62.9999,
    "lon": 23.8167,
}
READ_MUNICIPALITY = examples(response=ALAJARVI)
CREATE_MUNICIPALITY = examples(
    request={"code": "999", "name_fi": "Esimerkki", "name_sv": "Exempel"},
    response={
        "code": "999",
        "name_fi": "Esimerkki",
        "name_sv": "Exempel",
        "region": None,
        "lat": None,
        "lon": None,
    },
    status=201,
)

_KYMPPI = {
    "id": "kymppi",
    "name_fi": "Kympin työllisyysalue",
    "name_sv": "Kymppi sysselsättningsområde",
    "organisation_form": "joint_municipal_authority",
    "home_municipality_code": "233",
}
CREATE_AREA = examples(
    request=_KYMPPI,
    response={
        **_KYMPPI,
        "created_at": "2025-01-01T08:00:00Z",
        "updated_at": "2025-01-01T08:00:00Z",
    },
    status=201,
)
ADD_MEMBER = examples(
    request={"municipality_code": "005", "valid_from": "2025-01-01"},
    response={
        "id": 1,
        "area_id": "kymppi",
        "municipality_code": "005",
        "valid_from": "2025-01-01",
        "valid_to": None,
        "created_at": "2025-01-01T08:00:00Z",
        "updated_at": "2025-01-01T08:00:00Z",
    },
    status=201,
)

_FIGURE = {
    "municipality_code": "005",
    "period": "2024",
    "value": 4410.0,
    "source": "Tilastokeskus, työssäkäyntitilasto",
    "source_url": None,
    "is_estimate": False,
}
ELIGIBILITY = examples(
    response={
        "municipality_codes": ["005"],
        "as_of": "2024",
        "threshold": 20000,
        "eligible": False,
        "labour_force_total": 4410.0,
        "criteria": [
            {
                "criterion": "labour_force_minimum",
                "status": "failed",
                "detail": "The labour force is 4,410, below 20,000.",
                "status_without_exemption": None,
                "exemption_reference": None,
                "figures": [_FIGURE],
                "missing_codes": [],
                "components": [],
                "conflicts": [],
            }
        ],
    }
)
FORECAST = examples(
    response={
        "municipality_codes": ["005"],
        "as_of": None,
        "threshold": 20000,
        "horizon_years": 1,
        "base_period": "2024",
        "base_year": 2024,
        "base_labour_force": 4410.0,
        "figures": [_FIGURE],
        "forecasts": [
            {
                "annual_rate": -0.012,
                "years_until_below": 0,
                "first_year_below": 2024,
                "trajectory": [
                    {"years_from_base": 0, "year": 2024, "labour_force": 4410},
                    {"years_from_base": 1, "year": 2025, "labour_force": 4357},
                ],
            }
        ],
    }
)
WRITE_STATISTICS = examples(
    request={
        "statistics": [
            {
                "municipality_code": "005",
                "indicator": "labour_force",
                "period": "2024",
                "value": 4410,
                "unit": "persons",
                "source": "Tilastokeskus, työssäkäyntitilasto",
                "is_estimate": False,
                "retrieved_at": "2025-03-01T09:00:00Z",
            }
        ]
    },
    response={"written": 1},
)
