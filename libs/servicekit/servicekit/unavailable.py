"""A database that does not answer: the request fails fast with a 503 problem.

With the database frozen, stopped or restarting, a request would otherwise wait on its
connection forever (the gateway then answers 504 without knowing why) or end as a 500.
Every connect and statement is bounded (`db_timeout_seconds`, servicekit.db.create_engine),
and what that bound, a refused connection or a server going away raises is answered
`service-unavailable` here: no internals in the body, the particulars in the log.
"""

from __future__ import annotations

import logging

import asyncpg
import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from servicekit.errors import PROBLEM_JSON, ServiceUnavailable, error_body

log = logging.getLogger("servicekit.unavailable")

# asyncpg's own, raised unwrapped while connecting: SQLSTATE class 08 (connection
# exception) and 57 (operator intervention: shutting down, starting up, cancelled).
_DRIVER_ERRORS = (asyncpg.PostgresConnectionError, asyncpg.exceptions.OperatorInterventionError)
UNAVAILABLE = (
    TimeoutError,  # a connect or a statement past its bound
    ConnectionError,  # refused or reset: the server is not there
    sqlalchemy.exc.TimeoutError,  # no pooled connection came free within the bound
    sqlalchemy.exc.DBAPIError,  # only those below; another is the 500 it always was
    *_DRIVER_ERRORS,
)
RETRY_AFTER_SECONDS = 1


def database_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, sqlalchemy.exc.DBAPIError):
        return exc.connection_invalidated or isinstance(exc.orig, (*_DRIVER_ERRORS, OSError))
    return isinstance(exc, UNAVAILABLE)


def install_database_unavailable(app: FastAPI) -> None:
    async def unavailable(request: Request, exc: Exception) -> JSONResponse:
        if not database_unavailable(exc):
            raise exc
        log.warning("database unavailable on %s %s: %r", request.method, request.url.path, exc)
        error = ServiceUnavailable(
            "The service's database did not answer in time; nothing was written. Retry later."
        )
        return JSONResponse(
            error_body(error, request.scope),
            status_code=error.status,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            media_type=PROBLEM_JSON,
        )

    for exception in UNAVAILABLE:
        app.add_exception_handler(exception, unavailable)
