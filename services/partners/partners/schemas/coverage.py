"""The coverage matrix: target groups x member municipalities (plan §8)."""

import datetime as dt

from pydantic import BaseModel, Field

from partners.schemas.services import MunicipalityProviderRead, PartnerProviderRead
from partners.vocabulary import TargetGroup


class CoverageMunicipality(BaseModel):
    code: str
    name_fi: str | None


class CoverageCell(BaseModel):
    municipality_code: str
    service_ids: list[int] = Field(description="The active services in the cell, ascending")


class CoverageRow(BaseModel):
    target_group: TargetGroup
    services: int = Field(description="Distinct services in the row")
    covered: int = Field(description="Municipalities with at least one service")
    gaps: int = Field(description="Municipalities with none")
    cells: list[CoverageCell]


class CoverageColumn(BaseModel):
    municipality_code: str
    services: int = Field(description="Distinct services in the column")
    covered: int = Field(description="Target groups with at least one service")
    gaps: int = Field(description="Target groups with none")


class CoverageGap(BaseModel):
    target_group: TargetGroup
    municipality_code: str


class CoverageService(BaseModel):
    id: int
    name: str
    provider: PartnerProviderRead | MunicipalityProviderRead


class CoverageTotals(BaseModel):
    cells: int
    covered: int
    gaps: int
    services: int


class Coverage(BaseModel):
    area_id: str
    on: dt.date
    target_groups: list[TargetGroup]
    municipalities: list[CoverageMunicipality] = Field(description="The members on `on`")
    rows: list[CoverageRow]
    columns: list[CoverageColumn]
    gaps: list[CoverageGap] = Field(description="Cells with no active service, row by row")
    services: list[CoverageService] = Field(description="The active services in some cell")
    totals: CoverageTotals
