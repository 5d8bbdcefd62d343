"""Bearer-token verification and the access rules built on its claims.

Tokens are JWTs signed with HS256 (a local secret, development) or RS256 (keys
from the identity provider's JWKS URL, production). A principal may hold the
roles viewer, planner, admin and reviewer, and lists the employment areas it
belongs to. Access to an area that is not the principal's answers 404, as if
the area did not exist.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

import anyio
import jwt
from fastapi import Depends, Path, Request

from servicekit.context import ALL_AREAS, DatabaseScope, database_scope_var
from servicekit.errors import Forbidden, NotFound, Unauthorized, raises
from servicekit.openapi import reads_bearer_token
from servicekit.settings import AuthSettings

Role = Literal["viewer", "planner", "admin", "reviewer"]
ROLES: frozenset[str] = frozenset({"viewer", "planner", "admin", "reviewer"})
WRITER_ROLES: frozenset[str] = frozenset({"planner", "admin"})
# An employment area's id: the tenancy key in a token's `areas` and in every area path.
AREA_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
AREA_ID_MAX_LENGTH = 50
AreaIdPath = Annotated[
    str, Path(pattern=AREA_ID_PATTERN, max_length=AREA_ID_MAX_LENGTH, description="e.g. kymppi")
]


@dataclass(frozen=True)
class AccessCheck:
    """One rule an access dependency applies, and the status it answers when it fails.

    Declared on the dependency (`checks`) so that the tenancy gate derives what each route
    answers each caller from the route's dependencies (servicekit.gates), in the order
    FastAPI runs them:

        role           the principal holds one of `roles`                          403
        area_readable  it may read the `area_id` of the path                       404
        area_writable  it may write that area: a planner of it, or an admin        403
        area_planner   it is a planner whose token names the area                  403
    """

    kind: Literal["role", "area_readable", "area_writable", "area_planner"]
    status: int
    roles: frozenset[str] = frozenset()


AREA_READABLE = AccessCheck("area_readable", 404)
AREA_WRITABLE = AccessCheck("area_writable", 403)
AREA_PLANNER = AccessCheck("area_planner", 403)
_CHECKS_ATTRIBUTE = "__servicekit_access_checks__"
D = TypeVar("D", bound=Callable[..., Any])


def checks(*rules: AccessCheck) -> Callable[[D], D]:
    """Declares the access rules a dependency applies, in the order it applies them."""

    def mark(dependency: D) -> D:
        setattr(dependency, _CHECKS_ATTRIBUTE, rules)
        return dependency

    return mark


def declared_checks(dependency: object) -> tuple[AccessCheck, ...]:
    return tuple(getattr(dependency, _CHECKS_ATTRIBUTE, ()))


@dataclass(frozen=True)
class Principal:
    sub: str
    roles: frozenset[str]
    areas: frozenset[str]

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def readable_areas(self) -> frozenset[str] | None:
        """The areas this principal may read; None: every area (DESIGN.md, security).

        Reviewers (the ministry, the KEHA centre) and admins read every area; viewers and
        planners only the areas in their token; a token with neither reads none.
        """
        if self.has_role("reviewer", "admin"):
            return None
        if self.has_role("viewer", "planner"):
            return self.areas
        return frozenset()

    def may_read_area(self, area_id: str) -> bool:
        readable = self.readable_areas()
        return readable is None or area_id in readable

    def may_write_area(self, area_id: str) -> bool:
        return self.has_role("admin") or (area_id in self.areas and self.has_role("planner"))


class TokenVerifier:
    """Verifies a bearer token against the configured key source and returns its principal.

    A verified token is remembered, keyed by the token itself, so that a client sending the
    same token again costs a dictionary look-up instead of a signature check. The cache
    holds at most `cache_size` tokens (the least recently used go first) and each for at
    most `cache_seconds`, never past the token's `exp`: a remembered token is refused as
    expired exactly when verifying it again would refuse it. Failures are not remembered.

    Key rotation: an HS256 secret comes from the settings, and changing it restarts the
    process, which empties the cache. With a JWKS no token is remembered for longer than
    `jwks_cache_seconds`, the lifetime of the key cache itself, so a key the identity
    provider withdraws stops admitting a remembered token at most that long after the
    token was verified (without this cache: at most that long after the keys were fetched).
    """

    def __init__(
        self,
        settings: AuthSettings,
        *,
        cache_size: int = 4096,
        cache_seconds: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self._jwks: jwt.PyJWKClient | None = None
        if settings.jwks_url:
            self._jwks = jwt.PyJWKClient(
                settings.jwks_url, cache_keys=True, lifespan=settings.jwks_cache_seconds
            )
            cache_seconds = min(cache_seconds, settings.jwks_cache_seconds)
        self._cache_size = cache_size
        self._cache_seconds = cache_seconds
        self._clock = clock
        # token -> (principal, its exp, when the entry must be verified again)
        self._verified: OrderedDict[str, tuple[Principal, float, float]] = OrderedDict()

    async def verify(self, token: str) -> Principal:
        now = self._clock()
        entry = self._verified.get(token)
        if entry is not None:
            principal, expires, renew_at = entry
            if now < min(expires, renew_at):
                self._verified.move_to_end(token)
                return principal
            del self._verified[token]
            if now >= expires:
                raise Unauthorized("The token has expired.")
        claims = await self._verified_claims(token)
        principal = _principal_from_claims(claims)
        self._remember(token, principal, expires=float(claims["exp"]), now=now)
        return principal

    def _remember(self, token: str, principal: Principal, *, expires: float, now: float) -> None:
        if self._cache_size <= 0:
            return
        self._verified[token] = (principal, expires, now + self._cache_seconds)
        if len(self._verified) > self._cache_size:
            self._verified.popitem(last=False)

    async def _verified_claims(self, token: str) -> dict[str, Any]:
        try:
            if self._jwks is not None:
                # PyJWKClient fetches over blocking HTTP: keep it off the event loop.
                signing_key = await anyio.to_thread.run_sync(
                    self._jwks.get_signing_key_from_jwt, token
                )
                key: Any = signing_key.key
                algorithms = ["RS256"]
            else:
                key, algorithms = self.settings.jwt_secret, ["HS256"]
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self.settings.jwt_audience,
                issuer=self.settings.jwt_issuer,
                options={"require": ["sub", "exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("The token has expired.") from exc
        except (jwt.PyJWTError, ValueError) as exc:
            raise Unauthorized(f"The token is not valid: {exc}") from exc
        return claims


def _principal_from_claims(claims: dict[str, Any]) -> Principal:
    roles, areas = claims.get("roles", []), claims.get("areas", [])
    # What a principal owns (idempotency keys, authorship) is keyed by its subject.
    if not isinstance(claims["sub"], str) or not claims["sub"].strip():
        raise Unauthorized("The token's sub must name its subject.")
    if not _is_str_list(roles) or not set(roles) <= ROLES:
        raise Unauthorized(f"The token's roles must be a subset of {sorted(ROLES)}.")
    if not _is_str_list(areas):
        raise Unauthorized("The token's areas must be a list of area ids.")
    return Principal(sub=claims["sub"], roles=frozenset(roles), areas=frozenset(areas))


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def mint_token(
    settings: AuthSettings,
    *,
    sub: str,
    roles: Iterable[str],
    areas: Iterable[str] = (),
    ttl_seconds: int = 3600,
) -> str:
    """An HS256 token for local use (the CLI and tests); production tokens come from the IdP."""
    now = int(time.time())
    claims = {
        "sub": sub,
        "roles": sorted(roles),
        "areas": sorted(areas),
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + ttl_seconds,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization")
    if not header:
        raise Unauthorized("An Authorization: Bearer token is required.", error="invalid_request")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("The Authorization header must be 'Bearer <token>'.")
    return token.strip()


# No FastAPI security dependency: the OpenAPI declares the scheme from the mark, and the
# token is checked here so that every failure answers 401 problem+json with a challenge.
@reads_bearer_token
@raises(Unauthorized)
async def current_principal(request: Request) -> Principal:
    """Any valid token. The verified principal is kept on the request for later dependencies."""
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    verifier: TokenVerifier = request.app.state.token_verifier
    principal = await verifier.verify(bearer_token(request))
    request.state.principal = principal
    database_scope_var.set(database_scope(principal))
    return principal


def database_scope(principal: Principal) -> DatabaseScope:
    """The rows the principal's transactions see (servicekit.tenancy): the areas it may read,
    or every area for reviewers and admins."""
    readable = principal.readable_areas()
    area = ALL_AREAS if readable is None else ",".join(sorted(readable))
    return DatabaseScope(area=area, sub=principal.sub)


def require_role(*roles: Role) -> Callable[..., Any]:
    @checks(AccessCheck("role", 403, frozenset(roles)))
    @raises(Forbidden)
    async def dependency(principal: Principal = Depends(current_principal)) -> Principal:
        if not principal.has_role(*roles):
            raise Forbidden(f"This action needs one of the roles: {', '.join(roles)}.")
        return principal

    return dependency


def ensure_area_readable(principal: Principal, area_id: str) -> None:
    if not principal.may_read_area(area_id):
        raise NotFound(f"No employment area '{area_id}'.")


def ensure_area_writable(principal: Principal, area_id: str) -> None:
    ensure_area_readable(principal, area_id)
    if not principal.may_write_area(area_id):
        raise Forbidden(f"Writing to area '{area_id}' needs the planner role in it, or admin.")


@checks(AREA_READABLE)
@raises(NotFound)
async def area_reader(
    area_id: AreaIdPath, principal: Principal = Depends(current_principal)
) -> Principal:
    """May read area `area_id` (path parameter): its viewers and planners, reviewers, admins."""
    ensure_area_readable(principal, area_id)
    return principal


@checks(AREA_READABLE, AREA_WRITABLE)
@raises(NotFound, Forbidden)
async def area_writer(
    area_id: AreaIdPath, principal: Principal = Depends(current_principal)
) -> Principal:
    """May write area `area_id`: its planners, and admins."""
    ensure_area_writable(principal, area_id)
    return principal


@checks(AREA_READABLE, AccessCheck("role", 403, frozenset({"admin"})))
@raises(NotFound, Forbidden)
async def area_admin(
    area_id: AreaIdPath, principal: Principal = Depends(current_principal)
) -> Principal:
    """May change area `area_id` itself (its record, members, exemptions): admins only.

    The area's other readers get 403; anyone who may not read it, 404 as usual.
    """
    ensure_area_readable(principal, area_id)
    if not principal.has_role("admin"):
        raise Forbidden(f"Changing area '{area_id}' itself needs the admin role.")
    return principal
