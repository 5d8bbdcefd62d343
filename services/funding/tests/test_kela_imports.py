"""POST/GET /v1/unemployment-benefit/kela-imports: Kela's files as published, streamed."""

import hashlib
from collections.abc import Callable
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from funding.kela_testing import (
    CSV,
    KYMPPI_YEAR,
    MONTHLY_SAMPLE,
    detail_sum,
    in_chunks,
    kela_rows,
)
from funding.repository import benefits as repository
from funding.service import kela_imports

Auth = Callable[..., dict[str, str]]
PATH = "/v1/unemployment-benefit/kela-imports"
HEADER = (
    "aikatyyppi;vuosi;kuukausi_nro;vuosikuukausi;kunta_nro;"
    "etuus;kertymaluokka;saajat;kuntaosuus_eur"
)


async def stored(db_connection: AsyncConnection) -> tuple[int, int]:
    imports = await db_connection.scalar(text("SELECT count(*) FROM funding.kela_import"))
    rows = await db_connection.scalar(text("SELECT count(*) FROM funding.kela_share_row"))
    return int(imports or 0), int(rows or 0)


async def test_the_real_kymppi_year_imports_with_every_check_passing(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection
) -> None:
    content = KYMPPI_YEAR.read_bytes()
    answer = await client.post(PATH, content=content, headers={**auth("admin"), **CSV})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    rows = kela_rows(content)
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["rows"] == len(rows) == 218
    assert body["lines"] == 219
    subtotals = sum(1 for r in rows if "Yhteensä" in (r["etuus"], r["kertymaluokka"]))
    assert (body["subtotal_rows"], body["detail_rows"]) == (subtotals, len(rows) - subtotals)
    assert body["municipalities"] == 10
    assert body["periods"] == [
        {"period_type": "year_to_date", "year": 2025, "month": 12, "rows": 218}
    ]
    assert Decimal(body["municipal_share_eur"]) == detail_sum(KYMPPI_YEAR)
    checks = body["checks"]
    assert checks["passed"] is True
    assert checks["mismatches"] == []
    # Ten municipalities x (3 benefits + the etuus Yhteensä) blocks of classes.
    assert checks["day_class_groups"] == 40
    assert answer.headers["Location"] == f"{PATH}/{body['id']}"
    assert await stored(db_connection) == (1, 218)


async def test_the_same_file_again_answers_the_first_import(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection
) -> None:
    content = KYMPPI_YEAR.read_bytes()
    first = await client.post(PATH, content=content, headers={**auth("admin"), **CSV})
    again = await client.post(
        PATH, content=in_chunks(content, 4096), headers={**auth("admin", sub="other"), **CSV}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["imported_by"] == "tester"
    assert await stored(db_connection) == (1, 218)


async def test_a_bom_and_chunks_cut_inside_characters_read_the_same(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    content = b"\xef\xbb\xbf" + MONTHLY_SAMPLE.read_bytes()
    # 7-byte chunks split the BOM, the "ä"s and the lines anywhere.
    answer = await client.post(
        PATH, content=in_chunks(content, 7), headers={**auth("admin"), **CSV}
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["rows"] == 778
    assert body["municipalities"] == 37
    assert body["checks"]["passed"] is True
    # 37 x 4 benefit blocks, less 072's missing Peruspäiväraha (the sample's .source.md).
    assert body["checks"]["day_class_groups"] == 147
    listed = await client.get(PATH, headers=auth("viewer"))
    assert listed.status_code == 200
    assert [i["id"] for i in listed.json()["items"]] == [body["id"]]
    assert listed.json()["items"][0]["checks"]["mismatches"] is None
    one = await client.get(f"{PATH}/{body['id']}", headers=auth("viewer"))
    assert one.json()["checks"]["mismatch_count"] == 0


async def test_every_mismatch_is_reported_and_the_file_still_stored(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    lines = MONTHLY_SAMPLE.read_text(encoding="utf-8").splitlines()
    # Line 2 is 005 Ansiopäiväraha 101-200 (1706.49): one euro more breaks its benefit's
    # class sum (Yhteensä at line 6) and its class's benefit sum (etuus Yhteensä, line 18).
    assert lines[1].endswith(";101-200;27;1706.49")
    lines[1] = lines[1].replace("1706.49", "1707.49")
    content = ("\n".join(lines) + "\n").encode()
    answer = await client.post(PATH, content=content, headers={**auth("admin"), **CSV})
    assert answer.status_code == 201, answer.text
    checks = answer.json()["checks"]
    assert checks["passed"] is False
    found = {(m["check"], m["line"], m["difference_eur"]) for m in checks["mismatches"]}
    assert found == {("day_classes", 6, "1.00"), ("benefits", 18, "1.00")}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("aikatyyppi;vuosi\n", "line.1.header"),
        (
            f"{HEADER}\nKuukausi;2025;10;202510;005;Ansiopäiväraha;101-200;27;17,06\n",
            "line.2.kuntaosuus_eur",
        ),
        (f"{HEADER}\n", "line.2.line"),
        ("", "line.1.header"),
    ],
)
async def test_a_bad_line_is_422_naming_it_and_nothing_is_stored(
    client: httpx.AsyncClient,
    auth: Auth,
    db_connection: AsyncConnection,
    body: str,
    field: str,
) -> None:
    answer = await client.post(PATH, content=body.encode(), headers={**auth("admin"), **CSV})
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["type"] == "/problems/bad-kela-file"
    assert problem["errors"][0]["field"] == field
    assert await stored(db_connection) == (0, 0)


async def test_bad_rows_deep_in_a_file_are_all_named_by_line(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection
) -> None:
    lines = MONTHLY_SAMPLE.read_text(encoding="utf-8").splitlines()
    lines[500] = lines[500].replace("Kuukausi", "Kuukaus")
    lines[700] = lines[700].replace("2025;10;202510", "2025;10;202511")
    content = ("\n".join(lines) + "\n").encode()
    answer = await client.post(
        PATH, content=in_chunks(content, 1000), headers={**auth("admin"), **CSV}
    )
    assert answer.status_code == 422
    problem = answer.json()
    assert [e["field"] for e in problem["errors"]] == [
        "line.501.aikatyyppi",
        "line.701.vuosikuukausi",
    ]
    assert problem["first_bad_line"] == 501
    assert await stored(db_connection) == (0, 0)


async def test_a_crash_in_the_middle_of_an_import_leaves_nothing_stored(
    client: httpx.AsyncClient,
    auth: Auth,
    db_connection: AsyncConnection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copies = 0
    copy = repository.copy_share_rows

    async def copy_then_fail(*args: object, **kwargs: object) -> None:
        nonlocal copies
        copies += 1
        if copies == 3:
            raise RuntimeError("the database went away")
        await copy(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kela_imports, "BATCH_ROWS", 100)
    monkeypatch.setattr(repository, "copy_share_rows", copy_then_fail)
    answer = await client.post(
        PATH, content=MONTHLY_SAMPLE.read_bytes(), headers={**auth("admin"), **CSV}
    )
    assert answer.status_code == 500
    assert copies == 3  # two batches were written before it failed
    assert await stored(db_connection) == (0, 0)


async def test_only_admins_import_and_only_csv(client: httpx.AsyncClient, auth: Auth) -> None:
    content = KYMPPI_YEAR.read_bytes()
    planner = await client.post(
        PATH, content=content, headers={**auth("planner", areas=["kymppi"]), **CSV}
    )
    assert planner.status_code == 403
    json_body = await client.post(
        PATH, content=content, headers={**auth("admin"), "Content-Type": "application/json"}
    )
    assert json_body.status_code == 415
    assert json_body.json()["type"] == "/problems/kela-file-not-csv"
    latin1 = await client.post(
        PATH,
        content=content,
        headers={**auth("admin"), "Content-Type": "text/csv; charset=latin-1"},
    )
    assert latin1.status_code == 415
    anonymous = await client.get(PATH)
    assert anonymous.status_code == 401
    missing = await client.get(f"{PATH}/999999", headers=auth("viewer"))
    assert missing.status_code == 404
    assert missing.json()["type"] == "/problems/kela-import-not-found"


async def test_imports_are_listed_newest_first_in_pages(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    ids = []
    for content in (KYMPPI_YEAR.read_bytes(), MONTHLY_SAMPLE.read_bytes()):
        answer = await client.post(PATH, content=content, headers={**auth("admin"), **CSV})
        ids.append(answer.json()["id"])
    first = await client.get(PATH, params={"limit": 1}, headers=auth("viewer"))
    assert [i["id"] for i in first.json()["items"]] == [ids[1]]
    cursor = first.json()["next_cursor"]
    second = await client.get(PATH, params={"limit": 1, "cursor": cursor}, headers=auth("viewer"))
    assert [i["id"] for i in second.json()["items"]] == [ids[0]]
    assert second.json()["next_cursor"] is None


@pytest.mark.parametrize(
    "content",
    [
        # What schemathesis sent through the gateway: UTF-8 with a carriage return inside a
        # line, a NUL and other control characters.
        "\U000dc951\U0002e575"
        "8\x06\xfe;\U00022f6dl\U000173bb\xa7\xa4\x1b]\x1f\rE\U000c5877"
        "\x00D\xbc\x99\x12\U00041a71\x1c\xf4'CG<\xb7\x17\x84\x12\xe8X".encode(),
        b"\xff\xfe not UTF-8",
    ],
)
async def test_a_file_with_nul_or_not_utf8_is_422_and_nothing_is_stored(
    client: httpx.AsyncClient, auth: Auth, db_connection: AsyncConnection, content: bytes
) -> None:
    response = await client.post(
        PATH,
        params={"source": "Y\u0097"},
        content=content,
        headers={**auth("admin"), "Content-Type": "text/csv"},
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["type"] == "/problems/bad-kela-file"
    assert problem["errors"][0]["field"] == "line.1.line"
    assert await stored(db_connection) == (0, 0)
