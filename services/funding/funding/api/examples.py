"""Example requests of the main operations, shown in the OpenAPI document.

Schemathesis sends every request example to the running service (its examples phase), so
these stay valid requests.
"""

from servicekit.openapi import examples

CREATE_ALLOCATION = examples(
    request={
        "year": 2025,
        "pool_eur": "1000000.00",
        "criteria": [
            {"name": "working_age_population", "weight": "0.5"},
            {"name": "broad_unemployment", "weight": "0.5"},
        ],
        "values": {
            "005": {"working_age_population": 4900, "broad_unemployment": 420},
            "010": {"working_age_population": 5800, "broad_unemployment": 610},
        },
        "label": "Example",
        "source": "Figures made up for the example",
    }
)
PUT_SUBSIDIES = examples(
    request={
        "subsidies": [
            {
                "municipality_code": "005",
                "te_subsidy_eur": "512000.00",
                "kind": "preliminary_spring",
                "source": "TEM preliminary calculation, spring",
            },
            {
                "municipality_code": "005",
                "te_subsidy_eur": "509800.00",
                "kind": "final",
                "source": "State subsidy decision",
            },
        ]
    }
)
CREATE_BUDGET = examples(request={"year": 2027, "cap_share": "0.95"})
PUT_BUDGET_LINES = examples(
    request={
        "lines": [
            {"category": "personnel", "amount_eur": "2400000.00", "note": "40 FTE"},
            {"category": "change_security_reserve", "amount_eur": "150000.00", "note": ""},
        ],
        "planning_years": [
            {
                "year": 2028,
                "contributions_total_eur": "5400000.00",
                "expenditure_eur": "5000000.00",
            },
            {
                "year": 2029,
                "contributions_total_eur": "5400000.00",
                "expenditure_eur": "5050000.00",
            },
        ],
    }
)
TRANSITION_BUDGET = examples(request={"to": "proposed", "on": "2026-08-20"})
