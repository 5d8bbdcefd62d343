"""The funding data generation, which the gateway's kept plans are checked against."""

from fastapi import FastAPI

from servicekit.testing import assert_commits_advance_generation

# A Kela import's shape: its row and a few thousand share rows in one transaction.
KELA_IMPORT = """
WITH imported AS (
    INSERT INTO funding.kela_import (source, imported_by)
    VALUES ('generation-test', 'generation-test') RETURNING id
)
INSERT INTO funding.kela_share_row (
    import_id, line, period_type, year, month, municipality_code, benefit, day_class,
    recipients, municipal_share_eur
)
SELECT imported.id, line, 'month', 2025, 10, '091', 'basic_allowance', '101-200', 1, 1.00
FROM imported, generate_series(2, 5001) AS line
"""


async def test_a_committed_kela_import_advances_the_generation_once(app: FastAPI) -> None:
    await assert_commits_advance_generation(
        app,
        write=KELA_IMPORT,
        undo="DELETE FROM funding.kela_import WHERE source = 'generation-test'",
    )
