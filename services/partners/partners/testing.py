"""What the system's gates need to know of the partners service."""

from typing import Any

from servicekit.contract import BulkWrite, MutableResource

DOCUMENTS = 20


def _cooperation(n: int) -> dict[str, Any]:
    return {"kind": "agreement", "title": f"Portti {n}", "valid_from": "2026-01-01"}


# The concurrency gate's resource (servicekit.contract.MutableResource): a cooperation
# arrangement; its bulk write replaces the arrangement with all of its documents at once.
MUTABLE_RESOURCE = MutableResource(
    collection="/v1/areas/kymppi/cooperation",
    new=_cooperation,
    replaced=lambda body, i: {**body, "title": f"Kierros {i}"},
    bulk=BulkWrite(
        path="{resource}",
        body=lambda mark: {
            **_cooperation(0),
            "documents": [
                {"title": f"{mark}", "url": f"https://example.org/{mark}/{i}"}
                for i in range(DOCUMENTS)
            ],
        },
        marks=lambda answer: [document["title"] for document in answer["documents"]],
        rows=DOCUMENTS,
    ),
    areas=("kymppi",),
)
