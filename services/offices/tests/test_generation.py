"""The offices data generation, which the gateway's kept plans are checked against."""

from fastapi import FastAPI

from servicekit.testing import assert_commits_advance_generation


async def test_a_committed_write_advances_the_generation(app: FastAPI) -> None:
    # 998 and 999 are no municipality's codes: the pair is the test's own.
    await assert_commits_advance_generation(
        app,
        write="INSERT INTO offices.distance (code_a, code_b, km, minutes, source) "
        "VALUES ('998', '999', 1.0, 1.0, 'generation-test')",
        undo="DELETE FROM offices.distance WHERE source = 'generation-test'",
    )
