"""Who the KEHA platform is on X-Road (kept apart from the app: `alue` reads it at start-up)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Identity:
    """Who the platform is on X-Road: the provider part of every path."""

    instance: str = "FI"
    member_class: str = "GOV"
    member_code: str = "0000000-0"
    subsystem: str = "asiakastieto"

    @property
    def path(self) -> str:
        return f"/r1/{self.instance}/{self.member_class}/{self.member_code}/{self.subsystem}"
