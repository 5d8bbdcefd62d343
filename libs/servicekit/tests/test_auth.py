import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from servicekit.auth import TokenVerifier, mint_token
from servicekit.errors import Unauthorized
from servicekit.settings import AuthSettings
from servicekit.testing import TEST_JWT_SECRET

Auth = Callable[..., dict[str, str]]
SETTINGS = AuthSettings.model_validate({"ALUE_JWT_SECRET": TEST_JWT_SECRET})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def claims(**override: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "sub": "u",
        "roles": ["viewer"],
        "areas": [],
        "iss": "alue",
        "aud": "alue",
        "exp": now + 60,
    }
    return {**base, **override}


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "missing"),
        ({"Authorization": "Basic dXNlcjpwdw=="}, "wrong scheme"),
        ({"Authorization": "Bearer not.a.jwt"}, "malformed"),
        (
            bearer(jwt.encode(claims(), "another-secret-that-is-long-enough-000", "HS256")),
            "bad signature",
        ),
        (bearer(jwt.encode(claims(exp=int(time.time()) - 5), TEST_JWT_SECRET, "HS256")), "expired"),
        (bearer(jwt.encode(claims(aud="elsewhere"), TEST_JWT_SECRET, "HS256")), "audience"),
        (bearer(jwt.encode(claims(iss="elsewhere"), TEST_JWT_SECRET, "HS256")), "issuer"),
        (bearer(jwt.encode(claims(roles=["superuser"]), TEST_JWT_SECRET, "HS256")), "unknown role"),
        (
            bearer(
                jwt.encode(
                    {k: v for k, v in claims().items() if k != "sub"}, TEST_JWT_SECRET, "HS256"
                )
            ),
            "no sub",
        ),
    ],
)
async def test_bad_credentials_are_401_with_challenge(
    client: httpx.AsyncClient, headers: dict[str, str], reason: str
) -> None:
    response = await client.get("/v1/items", headers=headers)
    assert response.status_code == 401, reason
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="alue"')
    assert response.headers["content-type"] == "application/problem+json"


async def test_missing_role_is_403(client: httpx.AsyncClient, auth: Auth) -> None:
    response = await client.post(
        "/v1/items", json={"name": "a", "colour": "red"}, headers=auth("planner")
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("roles", "areas", "read", "write"),
    [
        (["viewer"], ["kymppi"], 200, 403),
        (["planner"], ["kymppi"], 200, 200),
        (["planner"], ["other"], 404, 404),
        (["viewer"], ["other"], 404, 404),
        (["reviewer"], [], 200, 403),
        (["admin"], [], 200, 200),
    ],
)
async def test_area_access_follows_token(
    client: httpx.AsyncClient, auth: Auth, roles: list[str], areas: list[str], read: int, write: int
) -> None:
    headers = auth(*roles, areas=areas)
    assert (await client.get("/v1/areas/kymppi/things", headers=headers)).status_code == read
    assert (await client.post("/v1/areas/kymppi/things", headers=headers)).status_code == write


@pytest.mark.parametrize("sub", ["", "   "])
async def test_a_token_without_a_subject_is_401(sub: str) -> None:
    token = mint_token(SETTINGS, sub=sub, roles=["admin"], areas=[], ttl_seconds=30)
    with pytest.raises(Unauthorized):
        await TokenVerifier(SETTINGS).verify(token)


async def test_minted_token_round_trips() -> None:
    token = mint_token(SETTINGS, sub="p", roles=["planner"], areas=["kymppi"], ttl_seconds=30)
    principal = await TokenVerifier(SETTINGS).verify(token)
    assert principal.sub == "p"
    assert principal.roles == {"planner"}
    assert principal.areas == {"kymppi"}


@pytest.fixture(scope="module")
def jwks_server() -> Iterator[tuple[str, Any, list[str]]]:
    """A stand-in identity provider: serves a JWKS document over real HTTP on loopback."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    document = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()
    fetches: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fetches.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(document)))
            self.end_headers()
            self.wfile.write(document)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/jwks.json", key, fetches
    server.shutdown()
    server.server_close()


async def test_rs256_tokens_verify_against_jwks_and_keys_are_cached(
    jwks_server: tuple[str, Any, list[str]],
) -> None:
    url, key, fetches = jwks_server
    verifier = TokenVerifier(AuthSettings.model_validate({"ALUE_JWKS_URL": url}))
    token = jwt.encode(claims(roles=["reviewer"]), key, "RS256", headers={"kid": "k1"})
    assert (await verifier.verify(token)).roles == {"reviewer"}
    assert (await verifier.verify(token)).sub == "u"
    assert fetches == ["/jwks.json"]

    forged = jwt.encode(claims(), TEST_JWT_SECRET, "HS256", headers={"kid": "k1"})
    with pytest.raises(Unauthorized):
        await verifier.verify(forged)


class FakeClock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


async def test_a_remembered_token_is_still_refused_after_its_exp() -> None:
    clock = FakeClock()
    verifier = TokenVerifier(SETTINGS, clock=clock)
    token = jwt.encode(claims(exp=int(clock.now) + 30), TEST_JWT_SECRET, "HS256")
    first = await verifier.verify(token)
    clock.now += 20
    assert await verifier.verify(token) is first  # remembered, not verified again
    clock.now += 11
    with pytest.raises(Unauthorized, match="expired"):
        await verifier.verify(token)


async def test_the_token_cache_keeps_the_most_recently_used_tokens_up_to_its_size() -> None:
    verifier = TokenVerifier(SETTINGS, cache_size=2)
    tokens = [jwt.encode(claims(sub=f"u{n}"), TEST_JWT_SECRET, "HS256") for n in range(3)]
    first, second, third = [await verifier.verify(token) for token in tokens]
    assert await verifier.verify(tokens[2]) is third
    assert await verifier.verify(tokens[1]) is second
    again = await verifier.verify(tokens[0])  # pushed out by the third token
    assert again == first
    assert again is not first


async def test_a_remembered_token_is_verified_again_after_the_cache_lifetime() -> None:
    clock = FakeClock()
    verifier = TokenVerifier(SETTINGS, cache_seconds=10, clock=clock)
    token = jwt.encode(claims(), TEST_JWT_SECRET, "HS256")
    first = await verifier.verify(token)
    clock.now += 10
    assert await verifier.verify(token) is not first


async def test_a_jwks_token_is_not_remembered_past_the_key_cache_lifetime(
    jwks_server: tuple[str, Any, list[str]],
) -> None:
    url, key, _ = jwks_server
    settings = AuthSettings.model_validate({"ALUE_JWKS_URL": url, "ALUE_JWKS_CACHE_SECONDS": 30})
    clock = FakeClock()
    verifier = TokenVerifier(settings, cache_seconds=300, clock=clock)
    token = jwt.encode(claims(exp=int(clock.now) + 3600), key, "RS256", headers={"kid": "k1"})
    first = await verifier.verify(token)
    clock.now += 29
    assert await verifier.verify(token) is first
    clock.now += 1
    assert await verifier.verify(token) is not first
