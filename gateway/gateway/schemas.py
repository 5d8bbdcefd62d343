from pydantic import BaseModel, Field

from gateway.clients import Readiness


class ServiceRead(BaseModel):
    name: str = Field(description="The path segment that routes to it: /{name}/v1/...")
    status: Readiness = Field(
        description="ready: its /readyz answered 200; not_ready: it answered otherwise; "
        "unreachable: it did not answer in time"
    )
