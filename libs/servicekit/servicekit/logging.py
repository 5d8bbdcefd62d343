"""JSON log lines, each carrying the request id of the request that wrote it."""

from __future__ import annotations

import logging
import sys
from typing import IO, Any

from pythonjsonlogger.orjson import OrjsonFormatter

from servicekit.context import request_id_var


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def configure_logging(service: str, level: str = "INFO", stream: IO[str] | None = None) -> None:
    """Route every logger (uvicorn's included) through one JSON handler on stderr."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(_RequestIdFilter())
    fields: dict[str, Any] = {"service": service}
    # orjson: the access line is written on every request, and the stdlib encoder cost
    # about twice as much per line.
    handler.setFormatter(
        OrjsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"levelname": "level", "asctime": "time", "name": "logger"},
            static_fields=fields,
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    # Our own access line (servicekit.access) carries the route and request id.
    logging.getLogger("uvicorn.access").disabled = True
