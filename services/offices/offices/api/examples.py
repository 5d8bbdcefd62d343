"""Example requests of the main operations, shown in the OpenAPI document.

Schemathesis sends every request example to the running service (its examples phase), so
these stay valid requests (against the demo area `kymppi`).
"""

from servicekit.openapi import examples

CREATE_OFFICE = examples(
    request={
        "kind": "local_service_point",
        "name": {"fi": "Vimpelin lähipalvelupiste", "sv": "Vindala närservicepunkt"},
        "municipality_code": "934",
        "address": {"street": "Vimpelintie 1", "postal_code": "62800", "post_office": "Vimpeli"},
        "lat": 63.1617,
        "lon": 23.817,
        "status": "open",
        "services": ["job_matching", "youth"],
        "accessibility_notes": "Esteetön sisäänkäynti pihan puolelta.",
    },
    status=201,
)
PUT_HOURS = examples(
    request={
        "weekly": [
            {"weekday": 1, "opens": "08:00", "closes": "12:00"},
            {"weekday": 1, "opens": "13:00", "closes": "16:00"},
            {"weekday": 3, "opens": "09:00", "closes": "15:00"},
        ],
        "exceptions": [
            {"date": "2025-12-24", "closed": True},
            {"date": "2025-12-31", "closed": False, "opens": "09:00", "closes": "12:00"},
        ],
    }
)
CREATE_LEASE = examples(
    request={
        "landlord": "Kiinteistö Oy Esimerkki",
        "start_date": "2025-01-01",
        "end_date": None,
        "tenant_notice_months": 6,
        "rent_eur_month": "2450.00",
        "area_m2": 180.5,
        "indexation": "Elinkustannusindeksi, tarkistus vuosittain 1.1.",
        "note": "Taken over from the TE office (plan §4).",
    },
    status=201,
)
