"""The caseload data generation, which the gateway's kept plans are checked against."""

from fastapi import FastAPI

from servicekit.testing import assert_commits_advance_generation


async def test_a_committed_write_advances_the_generation(app: FastAPI) -> None:
    await assert_commits_advance_generation(
        app,
        write="INSERT INTO caseload.area (id) VALUES ('generation-test')",
        undo="DELETE FROM caseload.area WHERE id = 'generation-test'",
    )
