"""Projects (the plan's two) and the ecosystem graph as JSON and GraphML."""

import httpx
import networkx as nx

URL = "/v1/areas/kymppi/projects"


async def test_the_plans_two_projects_and_active_on(
    client: httpx.AsyncClient, demo: None, planner: dict[str, str], viewer: dict[str, str]
) -> None:
    listed = (await client.get(URL, headers=viewer)).json()["items"]
    by_name = {p["name"]: p for p in listed}
    assert set(by_name) == {"Kymppi-valmisteluhanke", "Welcome2EP"}
    assert by_name["Kymppi-valmisteluhanke"]["funder"] == "AKKE"
    assert by_name["Kymppi-valmisteluhanke"]["amount_eur"] is None  # the plan gives none
    created = await client.post(
        URL,
        json={
            "name": "Osaajat kotiin",
            "funder": "ESF+",
            "amount_eur": "250000.5",
            "start_date": "2026-01-01",
            "end_date": "2027-12-31",
            "themes": ["international_recruitment"],
            "status": "active",
        },
        headers=planner,
    )
    assert created.status_code == 201, created.text
    assert created.json()["amount_eur"] == "250000.50"
    before = (await client.get(f"{URL}?active_on=2025-06-01", headers=viewer)).json()["items"]
    assert "Osaajat kotiin" not in {p["name"] for p in before}
    during = (await client.get(f"{URL}?active_on=2026-06-01", headers=viewer)).json()["items"]
    assert "Osaajat kotiin" in {p["name"] for p in during}
    themed = (await client.get(f"{URL}?theme=immigration", headers=viewer)).json()["items"]
    assert [p["name"] for p in themed] == ["Welcome2EP"]
    url = created.headers["Location"]
    bad = await client.put(
        url,
        json={"name": "x", "status": "active", "amount_eur": "1.234"},
        headers={**planner, "If-Match": created.headers["ETag"]},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "amount_eur"
    assert (
        await client.put(url, json={"name": "x", "status": "ended"}, headers=planner)
    ).status_code == 428


async def test_the_ecosystem_links_providers_places_cooperation_and_funders(
    client: httpx.AsyncClient, demo: None, viewer: dict[str, str]
) -> None:
    graph = (await client.get("/v1/areas/kymppi/ecosystem", headers=viewer)).json()
    nodes = {n["id"]: n for n in graph["nodes"]}
    edges = {(e["source"], e["target"], e["kind"]) for e in graph["edges"]}
    assert sum(n["kind"] == "municipality" for n in nodes.values()) == 10
    assert nodes["municipality:233"]["label"] == "Kauhava"
    council = next(n for n in nodes.values() if n["label"] == "Etelä-Pohjanmaan liitto")
    akke = next(n for n in nodes.values() if n["label"] == "Kymppi-valmisteluhanke")
    assert (council["id"], akke["id"], "funds") in edges
    typ = next(n for n in nodes.values() if n["label"].startswith("Monialainen yhteispalvelu"))
    assert any(e[1] == typ["id"] and e[2] == "provides" for e in edges)
    assert (typ["id"], "municipality:759", "serves") in edges
    letter = next(n for n in nodes.values() if n["label"].startswith("Aiesopimus"))
    assert ("municipality:005", letter["id"], "cooperates_in") in edges
    assert "area:seinajoki-ilmajoki-isokyro" in nodes
    assert all(e[0] in nodes and e[1] in nodes for e in edges)


async def test_graphml_reads_back_as_the_same_graph(
    client: httpx.AsyncClient, demo: None, viewer: dict[str, str]
) -> None:
    as_json = (await client.get("/v1/areas/kymppi/ecosystem", headers=viewer)).json()
    answer = await client.get("/v1/areas/kymppi/ecosystem?format=graphml", headers=viewer)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/graphml+xml")
    graph = nx.parse_graphml(answer.text, force_multigraph=True)
    assert set(graph.nodes) == {n["id"] for n in as_json["nodes"]}
    assert graph.number_of_edges() == len(as_json["edges"])
    assert graph.nodes["municipality:989"]["label"] == "Ähtäri"
