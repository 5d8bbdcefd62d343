"""The pure parts of forwarding: which headers pass, which path the service sees, what failed."""

import aiohttp
import httpx
import pytest

from gateway.clients import Failure, Upstreams, classify
from gateway.config import GatewaySettings
from gateway.errors import DotSegmentInPath
from gateway.proxy import end_to_end_headers, upstream_path
from servicekit.testing import test_auth_env


def test_hop_by_hop_headers_and_those_connection_names_are_dropped() -> None:
    headers = [
        (b"Connection", b"close, X-Private"),
        (b"connection", b"X-Also"),
        (b"X-Private", b"1"),
        (b"x-also", b"2"),
        (b"Keep-Alive", b"timeout=5"),
        (b"Transfer-Encoding", b"chunked"),
        (b"Proxy-Authorization", b"Basic abc"),
        (b"TE", b"trailers"),
        (b"Trailer", b"X-Sum"),
        (b"Upgrade", b"h2c"),
        (b"Set-Cookie", b"a=1"),
        (b"Set-Cookie", b"b=2"),
        (b"ETag", b'"v1"'),
    ]

    assert end_to_end_headers(headers) == [
        (b"set-cookie", b"a=1"),
        (b"set-cookie", b"b=2"),
        (b"etag", b'"v1"'),
    ]


def test_the_extra_names_to_drop_are_dropped_too() -> None:
    headers = [(b"host", b"gateway"), (b"accept", b"*/*")]

    assert end_to_end_headers(headers, also_drop=frozenset({b"host"})) == [(b"accept", b"*/*")]


@pytest.mark.parametrize(
    ("raw_path", "expected"),
    [
        (b"/areas/v1/municipalities", b"/v1/municipalities"),
        (b"/areas/v1/", b"/v1/"),
        (b"/areas/v1/a%2Fb/%C3%A4", b"/v1/a%2Fb/%C3%A4"),
        (b"/areas/v1/x?q=1", b"/v1/x"),
    ],
)
def test_the_service_sees_the_raw_path_without_the_service_segment(
    raw_path: bytes, expected: bytes
) -> None:
    assert upstream_path({"type": "http", "raw_path": raw_path, "path": ""}) == expected


@pytest.mark.parametrize(
    "raw_path", [b"/areas/v1/../../metrics", b"/areas/v1/%2E%2e/x", b"/areas/v1/a/./b"]
)
def test_a_path_with_dot_segments_is_refused(raw_path: bytes) -> None:
    with pytest.raises(DotSegmentInPath):
        upstream_path({"type": "http", "raw_path": raw_path, "path": ""})


def test_dots_inside_a_segment_are_ordinary_characters() -> None:
    scope = {"type": "http", "raw_path": b"/areas/v1/files/report..v2.pdf", "path": ""}

    assert upstream_path(scope) == b"/v1/files/report..v2.pdf"


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("http://127.0.0.1:8001", "http://127.0.0.1:8001/v1/x?a=1"),
        ("http://areas.internal/prefix", "http://areas.internal/prefix/v1/x?a=1"),
    ],
)
def test_the_service_url_keeps_the_base_url_path(base_url: str, expected: str) -> None:
    settings = GatewaySettings.model_validate({"services": {"areas": base_url}, **test_auth_env()})
    upstreams = Upstreams.from_settings(
        settings, httpx.MockTransport(lambda r: httpx.Response(200))
    )

    assert str(upstreams.url("areas", b"/v1/x", b"a=1")) == expected


def test_a_refused_connection_is_told_from_a_timeout_despite_the_transport_mapping() -> None:
    key = aiohttp.client_reqrep.ConnectionKey("127.0.0.1", 1, False, True, None, None, None, None)
    refused = httpx.ConnectTimeout("refused")
    refused.__cause__ = aiohttp.ClientConnectorError(key, ConnectionRefusedError(111, "refused"))
    dropped = httpx.ConnectTimeout("dropped")
    dropped.__cause__ = aiohttp.ServerDisconnectedError()

    assert classify(refused) is Failure.UNREACHABLE
    assert classify(dropped) is Failure.BROKEN
    assert classify(httpx.ConnectTimeout("slow")) is Failure.CONNECT_TIMEOUT
    assert classify(httpx.ReadTimeout("slow")) is Failure.TIMEOUT


def test_services_come_from_json_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in test_auth_env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GATEWAY_SERVICES", '{"areas": "http://127.0.0.1:8001/"}')
    monkeypatch.setenv("GATEWAY_REQUEST_TIMEOUT_SECONDS", "2.5")

    settings = GatewaySettings()

    assert settings.services == {"areas": "http://127.0.0.1:8001"}
    assert settings.request_timeout_seconds == 2.5
    assert settings.connect_timeout_seconds == 0.5


@pytest.mark.parametrize(
    "services",
    [{"Areas": "http://127.0.0.1:8001"}, {"areas": "ftp://x"}, {"areas": "http://h:1/?q=1"}],
)
def test_a_bad_service_entry_is_refused_at_startup(services: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="service"):
        GatewaySettings.model_validate({"services": services, **test_auth_env()})
