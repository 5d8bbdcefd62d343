"""The README's "Problem types" table lists every problem type there is."""

import importlib
from pathlib import Path

import gateway.errors
import gateway.plan.errors
from alue.registry import SERVICES
from servicekit.errors import problem_catalogue, problem_types_in

README = Path(__file__).parents[1] / "README.md"


def test_the_readme_lists_every_problem_type_with_its_status() -> None:
    section = README.read_text().split("## Problem types", 1)[1].split("\n## ", 1)[0]
    rows = {
        line.split("|")[1].strip().strip("`"): line.split("|")[2].strip()
        for line in section.splitlines()
        if line.startswith("| `")
    }
    types = problem_catalogue(
        [
            *problem_types_in(gateway.errors),
            *problem_types_in(gateway.plan.errors),
            *(
                cls
                for spec in SERVICES
                for cls in problem_types_in(importlib.import_module(f"{spec.package}.errors"))
            ),
        ]
    )
    assert {cls.slug: str(cls.status) for cls in types} == rows
