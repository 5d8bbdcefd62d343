"""One OpenAPI document for the system: the merge, and `GET /openapi.json` on the gateway."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from gateway.openapi_merge import merge_documents
from gateway.testing import SettingsFactory, StandInService, gateway_client, unused_port

PROBLEM = {"type": "object", "properties": {"type": {"type": "string"}}}
BEARER = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def operation(operation_id: str, schema: str, tag: str = "plans") -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "tags": [tag],
        "security": [{"HTTPBearer": []}],
        "responses": {
            "200": {"content": {"application/json": {"schema": ref(schema)}}},
            "404": {"content": {"application/problem+json": {"schema": ref("Problem")}}},
        },
    }


def document(paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "x", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {"HTTPBearer": BEARER}},
    }


GATEWAY = document(
    {"/v1/plans/{area_id}": {"get": operation("get_plan", "PlanRead")}},
    {
        "PlanRead": {"type": "object", "properties": {"sections": {"type": "array"}}},
        "Problem": PROBLEM,
    },
)
AREAS = document(
    {
        "/v1/areas/{area_id}/plans/{plan_id}": {"get": operation("get_plan", "PlanRead")},
        "/v1/areas/{area_id}/plans": {"get": operation("list_plans", "Page_PlanRead_")},
        "/readyz": {"get": operation("readyz", "Problem")},
    },
    {
        "PlanRead": {"type": "object", "properties": {"status": {"type": "string"}}},
        "Page_PlanRead_": {"type": "object", "properties": {"items": {"items": ref("PlanRead")}}},
        "Problem": PROBLEM,
    },
)


def operations(merged: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {op["operationId"]: op for item in merged["paths"].values() for op in item.values()}


def test_service_operations_are_under_the_gateway_prefix_with_prefixed_ids() -> None:
    merged = merge_documents(GATEWAY, {"areas": AREAS})
    assert set(merged["paths"]) == {
        "/v1/plans/{area_id}",
        "/areas/v1/areas/{area_id}/plans/{plan_id}",
        "/areas/v1/areas/{area_id}/plans",
    }  # /readyz is not reachable through the gateway
    assert set(operations(merged)) == {"get_plan", "areas_get_plan", "areas_list_plans"}
    assert operations(merged)["areas_list_plans"]["tags"] == ["areas: plans"]


def test_a_clashing_component_is_renamed_and_every_ref_to_it_rewritten() -> None:
    merged = merge_documents(GATEWAY, {"areas": AREAS})
    schemas = merged["components"]["schemas"]
    assert schemas["PlanRead"] == GATEWAY["components"]["schemas"]["PlanRead"]
    assert schemas["AreasPlanRead"] == AREAS["components"]["schemas"]["PlanRead"]
    ok = operations(merged)["areas_get_plan"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"] == ref("AreasPlanRead")
    # The page that refers to the renamed schema does not clash itself, and keeps its name.
    assert schemas["Page_PlanRead_"]["properties"]["items"]["items"] == ref("AreasPlanRead")
    # The gateway's own operation still points at its own schema.
    own = operations(merged)["get_plan"]["responses"]["200"]["content"]["application/json"]
    assert own["schema"] == ref("PlanRead")


def test_identical_components_are_kept_once_under_their_name() -> None:
    merged = merge_documents(GATEWAY, {"areas": AREAS, "funding": AREAS})
    schemas = merged["components"]["schemas"]
    assert schemas["Problem"] == PROBLEM
    assert not any(name.endswith("Problem") and name != "Problem" for name in schemas)
    assert merged["components"]["securitySchemes"] == {"HTTPBearer": BEARER}
    # The second service's PlanRead equals the first one's renamed copy, not the gateway's.
    assert "FundingPlanRead" in schemas
    assert operations(merged)["funding_get_plan"]["security"] == [{"HTTPBearer": []}]


def test_a_schema_referring_to_a_renamed_one_is_renamed_when_it_then_differs() -> None:
    own = document({}, {"Item": {"type": "string"}, "Box": {"items": ref("Item")}})
    theirs = document(
        {"/v1/box": {"get": operation("get_box", "Box")}},
        {"Item": {"type": "integer"}, "Box": {"items": ref("Item")}},
    )
    merged = merge_documents(own, {"areas": theirs})
    schemas = merged["components"]["schemas"]
    # Box reads the same text, but its Item is another schema: it clashes after the rename.
    assert schemas["AreasBox"] == {"items": ref("AreasItem")}
    assert schemas["Box"] == {"items": ref("Item")}
    get_box = operations(merged)["areas_get_box"]["responses"]["200"]
    assert get_box["content"]["application/json"]["schema"] == ref("AreasBox")


def test_a_clashing_security_scheme_is_renamed_in_the_requirements_too() -> None:
    theirs = document({"/v1/x": {"get": operation("get_x", "Problem")}}, {"Problem": PROBLEM})
    theirs["components"]["securitySchemes"] = {"HTTPBearer": {"type": "http", "scheme": "basic"}}
    merged = merge_documents(GATEWAY, {"areas": theirs})
    assert merged["components"]["securitySchemes"]["AreasHTTPBearer"]["scheme"] == "basic"
    assert operations(merged)["areas_get_x"]["security"] == [{"AreasHTTPBearer": []}]


def test_an_operation_id_still_clashing_after_the_prefix_gets_a_number() -> None:
    own = document({"/v1/a": {"get": operation("areas_get_plan", "Problem")}}, {"Problem": PROBLEM})
    merged = merge_documents(own, {"areas": AREAS})
    assert {"areas_get_plan", "areas_get_plan_2"} <= set(operations(merged))


def test_a_link_names_the_operation_it_leads_to_by_its_merged_id() -> None:
    create = {
        **operation("create_plan", "PlanRead"),
        "responses": {
            "201": {
                "content": {"application/json": {"schema": ref("PlanRead")}},
                "links": {"get_plan": {"operationId": "get_plan", "parameters": {"plan_id": "x"}}},
            }
        },
    }
    theirs = document(
        {
            "/v1/areas/{area_id}/plans": {"post": create},
            "/v1/areas/{area_id}/plans/{plan_id}": {"get": operation("get_plan", "PlanRead")},
        },
        AREAS["components"]["schemas"],
    )
    merged = merge_documents(GATEWAY, {"areas": theirs})
    links = operations(merged)["areas_create_plan"]["responses"]["201"]["links"]
    # The link follows the service's own get_plan, not the gateway's operation of that id.
    assert links == {
        "areas_get_plan": {"operationId": "areas_get_plan", "parameters": {"plan_id": "x"}}
    }


def test_the_merge_leaves_its_inputs_alone() -> None:
    before = repr(AREAS)
    merge_documents(GATEWAY, {"areas": AREAS})
    assert repr(AREAS) == before


async def test_the_gateway_serves_the_merged_document_and_leaves_out_a_service_that_is_down(
    make_gateway_settings: SettingsFactory,
) -> None:
    async def openapi(request: web.Request) -> web.StreamResponse:
        return web.json_response(AREAS)

    async with StandInService(openapi) as areas:
        down = f"http://127.0.0.1:{unused_port()}"
        settings = make_gateway_settings({"areas": areas.url, "funding": down})
        async with gateway_client(settings) as gateway:
            response = await gateway.get("/openapi.json")
            docs = await gateway.get("/docs")

    assert response.status_code == 200
    merged = response.json()
    assert "/areas/v1/areas/{area_id}/plans" in merged["paths"]
    assert not any(path.startswith("/funding/") for path in merged["paths"])
    assert "Left out for now (they did not answer): funding." in merged["info"]["description"]
    assert "publish_plan" in operations(merged)
    assert merged["components"]["securitySchemes"]["HTTPBearer"]["bearerFormat"] == "JWT"
    assert docs.status_code == 200
    assert "/openapi.json" in docs.text


async def test_a_service_down_at_start_up_is_asked_again_and_then_included(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    answering = False

    async def openapi(request: web.Request) -> web.StreamResponse:
        if not answering:
            return web.json_response({"title": "Service Unavailable"}, status=503)
        return web.json_response(AREAS)

    async with StandInService(openapi) as areas:
        settings = make_gateway_settings({"areas": areas.url}, openapi_fetch_at_startup=True)
        async with gateway_client(settings) as gateway:
            assert [r.raw_path for r in areas.received] == ["/openapi.json"]  # at start-up
            answering = True
            services = await gateway.get("/v1/services", headers=viewer_auth)
            assert services.status_code == 200
            merged = (await gateway.get("/openapi.json")).json()

    assert "areas_list_plans" in operations(merged)
    assert "Left out" not in merged["info"]["description"]
    # Fetched at start-up and on /v1/services; /openapi.json then had it and asked nothing.
    assert [r.raw_path for r in areas.received] == ["/openapi.json", "/openapi.json"]
