"""The gateway forwards requests to a real HTTP server standing in for a service."""

import json

from aiohttp import web

from gateway.testing import SettingsFactory, StandInService, gateway_client


async def test_method_path_query_and_body_reach_the_service_unchanged(
    stand_in: StandInService, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    body = b'{"name_fi": "\xc3\x84ht\xc3\xa4ri", "n": 1.50}'
    async with gateway_client(make_gateway_settings({"areas": stand_in.url})) as gateway:
        response = await gateway.post(
            "/areas/v1/municipalities/a%2Fb?q=%C3%A4&x=1&x=2",
            content=body,
            headers={**viewer_auth, "Content-Type": "application/json"},
        )

    assert response.status_code == 200
    [received] = stand_in.received
    assert received.method == "POST"
    assert received.raw_path == "/v1/municipalities/a%2Fb?q=%C3%A4&x=1&x=2"
    assert received.body == body
    assert received.header("content-type") == "application/json"
    assert received.header("content-length") == str(len(body))


async def test_a_method_the_path_does_not_take_is_the_service_s_405_with_its_allow(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    # Only the service knows which methods a path of its takes (schemathesis's ST205 holds
    # the gateway's Allow to the system OpenAPI); the gateway must not answer for it.
    async def not_allowed(request: web.Request) -> web.StreamResponse:
        return web.Response(status=405, headers={"Allow": "GET, PUT"})

    async with (
        StandInService(not_allowed) as areas,
        gateway_client(make_gateway_settings({"areas": areas.url})) as gateway,
    ):
        answers = [
            await gateway.request(method, "/areas/v1/municipalities/005", headers=viewer_auth)
            for method in ("OPTIONS", "TRACE")
        ]

    assert [a.status_code for a in answers] == [405, 405]
    assert [a.headers["allow"] for a in answers] == ["GET, PUT", "GET, PUT"]
    assert [r.method for r in areas.received] == ["OPTIONS", "TRACE"]


async def test_end_to_end_request_headers_are_forwarded(
    stand_in: StandInService, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    sent = {
        "If-Match": '"abc"',
        "If-None-Match": '"def"',
        "Idempotency-Key": "key-1",
        "Accept": "application/json",
        "Accept-Language": "fi",
    }
    async with gateway_client(make_gateway_settings({"areas": stand_in.url})) as gateway:
        await gateway.put(
            "/areas/v1/municipalities/005", headers={**viewer_auth, **sent}, content=b"{}"
        )

    [received] = stand_in.received
    assert received.method == "PUT"
    assert received.header("authorization") == viewer_auth["Authorization"]
    for name, value in sent.items():
        assert received.header(name) == value, name


async def test_hop_by_hop_request_headers_stop_at_the_gateway(
    stand_in: StandInService, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    hop_by_hop = {
        "Connection": "keep-alive, X-Secret-Hop",
        "X-Secret-Hop": "for the gateway only",
        "Keep-Alive": "timeout=5",
        "TE": "trailers",
        "Trailer": "X-Checksum",
        "Upgrade": "websocket",
        "Proxy-Authorization": "Basic Zm9vOmJhcg==",
    }
    async with gateway_client(make_gateway_settings({"areas": stand_in.url})) as gateway:
        await gateway.get("/areas/v1/x", headers={**viewer_auth, **hop_by_hop, "X-Kept": "yes"})

    [received] = stand_in.received
    leaked = {name.lower() for name in hop_by_hop} - {"connection"}
    assert not leaked & received.header_names
    # The gateway's own connection to the service may say keep-alive; never the caller's tokens.
    assert "x-secret-hop" not in (received.header("connection") or "").lower()
    assert received.header("x-kept") == "yes"


async def test_the_service_status_headers_and_body_come_back_unchanged(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    payload = b'{"code": "005", "name_fi": "Alaj\xc3\xa4rvi"}'

    async def created(request: web.Request) -> web.StreamResponse:
        response = web.Response(status=201, body=payload)
        response.headers["Content-Type"] = "application/json; charset=utf-8"
        response.headers["ETag"] = '"v1"'
        response.headers["Location"] = "/v1/municipalities/005"
        response.headers["Idempotent-Replayed"] = "true"
        response.headers.add("Link", '</v1/municipalities?cursor=a>; rel="next"')
        response.headers.add("Link", '</v1/municipalities>; rel="first"')
        return response

    async with (
        StandInService(created) as areas,
        gateway_client(make_gateway_settings({"areas": areas.url})) as gateway,
    ):
        response = await gateway.post(
            "/areas/v1/municipalities", headers=viewer_auth, content=b"{}"
        )

    assert response.status_code == 201
    assert response.content == payload
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.headers["etag"] == '"v1"'
    assert response.headers["location"] == "/v1/municipalities/005"
    assert response.headers["idempotent-replayed"] == "true"
    assert response.headers.get_list("link") == [
        '</v1/municipalities?cursor=a>; rel="next"',
        '</v1/municipalities>; rel="first"',
    ]
    assert response.headers.get_list("content-length") == [str(len(payload))]


async def test_a_problem_from_the_service_passes_through_as_it_is(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    problem = {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No 999."}

    async def not_found(request: web.Request) -> web.StreamResponse:
        body = json.dumps(problem).encode()
        return web.Response(
            status=404, body=body, headers={"Content-Type": "application/problem+json"}
        )

    async with (
        StandInService(not_found) as areas,
        gateway_client(make_gateway_settings({"areas": areas.url})) as gateway,
    ):
        response = await gateway.get("/areas/v1/municipalities/999", headers=viewer_auth)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == problem


async def test_hop_by_hop_response_headers_stop_at_the_gateway(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async def with_hop_headers(request: web.Request) -> web.StreamResponse:
        response = web.Response(body=b"ok")
        response.headers.update(
            {
                "Connection": "keep-alive, X-Service-Hop",
                "X-Service-Hop": "for the gateway only",
                "Keep-Alive": "timeout=5",
                "Proxy-Authenticate": "Basic",
                "Trailer": "X-Checksum",
                "Upgrade": "h2c",
                "X-Kept": "yes",
            }
        )
        return response

    async with (
        StandInService(with_hop_headers) as areas,
        gateway_client(make_gateway_settings({"areas": areas.url})) as gateway,
    ):
        response = await gateway.get("/areas/v1/x", headers=viewer_auth)

    assert response.status_code == 200
    for name in ("connection", "x-service-hop", "keep-alive", "proxy-authenticate", "trailer"):
        assert name not in response.headers, name
    assert "upgrade" not in response.headers
    assert response.headers["x-kept"] == "yes"


async def test_a_chunked_answer_is_passed_on_whole_with_its_length(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    parts = [b'{"items": [', b"1, 2, 3", b"]}"]

    async def chunked(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        for part in parts:
            await response.write(part)
        await response.write_eof()
        return response

    async with (
        StandInService(chunked) as areas,
        gateway_client(make_gateway_settings({"areas": areas.url})) as gateway,
    ):
        response = await gateway.get("/areas/v1/x", headers=viewer_auth)

    assert response.content == b"".join(parts)
    assert "transfer-encoding" not in response.headers
    assert response.headers["content-length"] == str(len(b"".join(parts)))


async def test_a_gzipped_answer_passes_through_still_compressed(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async def compressed(request: web.Request) -> web.StreamResponse:
        response = web.json_response({"text": "a" * 2000})
        response.enable_compression(web.ContentCoding.gzip)
        return response

    async with (
        StandInService(compressed) as areas,
        gateway_client(make_gateway_settings({"areas": areas.url})) as gateway,
    ):
        response = await gateway.get(
            "/areas/v1/x", headers={**viewer_auth, "Accept-Encoding": "gzip"}
        )

    assert areas.received[0].header("accept-encoding") == "gzip"
    assert response.headers["content-encoding"] == "gzip"
    assert int(response.headers["content-length"]) < 2000  # the compressed bytes, not re-encoded
    assert json.loads(response.content) == {"text": "a" * 2000}  # httpx decodes it for us


async def test_no_accept_encoding_is_added_when_the_caller_sent_none(
    stand_in: StandInService, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async with gateway_client(make_gateway_settings({"areas": stand_in.url})) as gateway:
        # Drop the test client's own defaults, so the request arrives without them.
        gateway.headers.pop("accept-encoding")
        gateway.headers.pop("user-agent")
        await gateway.get("/areas/v1/x", headers=viewer_auth)

    [received] = stand_in.received
    assert "accept-encoding" not in received.header_names
    assert "user-agent" not in received.header_names


async def test_the_request_id_is_forwarded_and_echoed(
    stand_in: StandInService, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async with gateway_client(make_gateway_settings({"areas": stand_in.url})) as gateway:
        given = await gateway.get("/areas/v1/x", headers={**viewer_auth, "X-Request-ID": "req-42"})
        generated = await gateway.get("/areas/v1/x", headers=viewer_auth)

    assert given.headers.get_list("x-request-id") == ["req-42"]
    assert stand_in.received[0].header("x-request-id") == "req-42"
    new_id = generated.headers["x-request-id"]
    assert new_id
    assert stand_in.received[1].header("x-request-id") == new_id


async def test_set_cookie_from_a_service_is_not_replayed_to_other_callers(
    make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async def sets_cookie(request: web.Request) -> web.StreamResponse:
        response = web.Response(body=b"ok")
        response.set_cookie("session", "first-callers")
        return response

    async with (
        StandInService(sets_cookie) as areas,
        gateway_client(make_gateway_settings({"areas": areas.url})) as gateway,
    ):
        first = await gateway.get("/areas/v1/x", headers=viewer_auth)
        gateway.cookies.clear()
        await gateway.get("/areas/v1/x", headers=viewer_auth)

    assert "session=first-callers" in first.headers["set-cookie"]
    assert "cookie" not in areas.received[1].header_names


async def test_a_dot_segment_path_is_refused_before_forwarding(
    stand_in: StandInService, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async with gateway_client(make_gateway_settings({"areas": stand_in.url})) as gateway:
        request = gateway.build_request("GET", "http://gateway.test/", headers=viewer_auth)
        # httpx would normalise the URL itself; a raw target reaches the gateway as sent.
        request.url = request.url.copy_with(raw_path=b"/areas/v1/%2e%2e/metrics")
        response = await gateway.send(request)

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert stand_in.received == []


async def test_head_answers_the_service_headers_without_a_body(
    stand_in: StandInService, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async with gateway_client(make_gateway_settings({"areas": stand_in.url})) as gateway:
        response = await gateway.head("/areas/v1/municipalities", headers=viewer_auth)

    assert response.status_code == 200
    assert [r.method for r in stand_in.received] == ["HEAD"]
    assert response.content == b""


async def test_the_service_is_told_its_prefix_and_a_callers_own_is_dropped(
    stand_in: StandInService, make_gateway_settings: SettingsFactory, viewer_auth: dict[str, str]
) -> None:
    async with gateway_client(make_gateway_settings({"areas": stand_in.url})) as gateway:
        response = await gateway.get(
            "/areas/v1/municipalities",
            headers={**viewer_auth, "X-Forwarded-Prefix": "/elsewhere"},
        )

    assert response.status_code == 200
    [received] = stand_in.received
    assert [v for k, v in received.headers if k == "x-forwarded-prefix"] == ["/areas"]


async def test_a_services_openapi_document_is_forwarded_without_a_token(
    stand_in: StandInService, make_gateway_settings: SettingsFactory
) -> None:
    async with gateway_client(make_gateway_settings({"areas": stand_in.url})) as gateway:
        response = await gateway.get("/areas/openapi.json")
        other = await gateway.get("/areas/docs")

    assert response.status_code == 200
    [received] = stand_in.received
    assert received.raw_path == "/openapi.json"
    assert received.header("x-forwarded-prefix") == "/areas"
    assert other.status_code == 404  # only the document, not every path of the service
