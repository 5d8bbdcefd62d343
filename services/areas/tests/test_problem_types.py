"""Every error of the areas service is a problem type a client can tell apart."""

from collections.abc import Callable

import httpx

from areas import errors
from servicekit.errors import FieldError, ServiceError, problem_types_in

Auth = Callable[..., dict[str, str]]


def test_every_error_class_has_its_own_slug_and_description() -> None:
    classes = problem_types_in(errors)
    assert len(classes) >= 18
    slugs = [cls.slug for cls in classes]
    assert len(set(slugs)) == len(slugs)
    for cls in classes:
        assert "slug" in vars(cls), cls.__name__
        assert "description" in vars(cls), cls.__name__
        assert cls.type_uri() == f"/problems/{cls.slug}"


def test_classes_with_extension_members_declare_them() -> None:
    assert set(errors.MembershipOverlap.all_members()) == {
        "conflicting_area_id",
        "conflicting_membership_id",
    }
    assert set(errors.IllegalPlanTransition.all_members()) == {
        "current_status",
        "allowed_statuses",
    }
    assert set(errors.BadMunicipalitySet.all_members()) == {"errors", "errors_left_out"}


async def test_the_catalogue_lists_the_service_types_with_the_generic_ones(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/problems")
    assert response.status_code == 200
    slugs = {entry["slug"] for entry in response.json()["items"]}
    assert {"membership-overlap", "area-not-found", "not-found", "invalid-fields"} <= slugs
    assert {cls.slug for cls in problem_types_in(errors)} <= slugs


async def test_an_unknown_municipality_is_its_own_type(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    response = await client.get("/v1/municipalities/999", headers=auth("viewer"))
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/municipality-not-found"


async def test_400_duplicate_codes_list_50_errors_and_say_how_many_were_left_out(
    client: httpx.AsyncClient, auth: Auth, demo: None
) -> None:
    response = await client.post(
        "/v1/eligibility", json={"municipality_codes": ["005"] * 400}, headers=auth("viewer")
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["type"] == "/problems/bad-municipality-set"
    assert len(problem["errors"]) == 50
    assert problem["errors_left_out"] == 349
    assert "349 more" in problem["detail"]
    assert len(response.content) < 10_000


def test_a_short_municipality_set_lists_every_error_and_leaves_none_out() -> None:
    error: ServiceError = errors.BadMunicipalitySet([FieldError("a", "bad"), FieldError("b", "x")])
    assert len(error.extra["errors"]) == 2
    assert "errors_left_out" not in error.extra
