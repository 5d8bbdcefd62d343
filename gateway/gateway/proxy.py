"""Forwarding `/{service}/v1/{path}` to the service as `/v1/{path}`, unchanged.

Method, path (still percent-encoded), query string, body and end-to-end headers
go through as they came; so do the service's status, headers and body on the way
back. Bodies pass as bytes and are never parsed. Hop-by-hop headers concern only
one connection and stop here in both directions (RFC 9110 section 7.6.1).
`X-Forwarded-Prefix: /{service}` tells the service the prefix its links need.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import unquote_to_bytes

from fastapi import Request, Response
from starlette.types import Scope

from gateway.clients import ServiceReply, Upstreams
from gateway.errors import DotSegmentInPath
from servicekit.context import request_id_var
from servicekit.links import FORWARDED_PREFIX_HEADER

Headers = list[tuple[bytes, bytes]]

HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
    }
)
# Set by the gateway or its HTTP stack for the next hop rather than copied from the last one.
_OWN_REQUEST_HEADERS = frozenset(
    {b"host", b"content-length", b"expect", b"x-request-id", FORWARDED_PREFIX_HEADER}
)
# Uvicorn writes its own Date and Server; the request-id middleware writes X-Request-ID.
_OWN_RESPONSE_HEADERS = frozenset({b"date", b"server", b"x-request-id"})


def end_to_end_headers(
    headers: Sequence[tuple[bytes, bytes]], *, also_drop: frozenset[bytes] = frozenset()
) -> Headers:
    """The headers meant for the far end: without hop-by-hop ones and those Connection names."""
    dropped = set(HOP_BY_HOP | also_drop)
    for name, value in headers:
        if name.lower() == b"connection":
            dropped.update(token.strip().lower() for token in value.split(b","))
    return [(name.lower(), value) for name, value in headers if name.lower() not in dropped]


def upstream_path(scope: Scope) -> bytes:
    """`/areas/v1/x%2Fy` -> `/v1/x%2Fy`: the raw path, so encoded characters stay encoded."""
    raw: bytes = scope.get("raw_path") or scope["path"].encode()
    path = b"/" + raw.partition(b"?")[0].split(b"/", 2)[2]
    # URL normalisation would turn /v1/../metrics into /metrics: only /v1 paths are forwarded.
    for segment in path.split(b"/"):
        if (b"." in segment or b"%" in segment) and unquote_to_bytes(segment) in (b".", b".."):
            raise DotSegmentInPath()
    return path


async def forward(request: Request, *, service: str, upstreams: Upstreams) -> Response:
    url = upstreams.url(service, upstream_path(request.scope), request.scope["query_string"])
    headers = end_to_end_headers(request.headers.raw, also_drop=_OWN_REQUEST_HEADERS)
    request_id = request_id_var.get()
    if request_id is not None:
        # The id the gateway answers with, so one id follows the request through every log.
        headers.append((b"x-request-id", request_id.encode()))
    # The caller's own value never reaches the service: the links it builds must be ours.
    headers.append((FORWARDED_PREFIX_HEADER, b"/" + service.encode()))
    outgoing = upstreams.build_request(
        request.method, url, headers=headers, content=await request.body()
    )
    return to_response(await upstreams.send(service, outgoing))


def to_response(reply: ServiceReply) -> Response:
    response = Response(content=reply.body, status_code=reply.status)
    headers = end_to_end_headers(reply.headers, also_drop=_OWN_RESPONSE_HEADERS)
    if not any(name == b"content-length" for name, _ in headers):
        # A chunked reply arrives without a length; Starlette computed one for the whole body.
        headers += [h for h in response.raw_headers if h[0] == b"content-length"]
    # Raw headers, not a dict: repeated ones (Set-Cookie, Link) must all pass.
    response.raw_headers = headers
    return response
