from sqlalchemy import CheckConstraint, Float, String
from sqlalchemy.orm import Mapped, mapped_column

from areas.models.base import Base
from areas.vocabulary import LATITUDE_RANGE as LAT
from areas.vocabulary import LONGITUDE_RANGE as LON
from areas.vocabulary import MUNICIPALITY_CODE_PATTERN


class Municipality(Base):
    __tablename__ = "municipality"
    __table_args__ = (
        CheckConstraint(f"code ~ '{MUNICIPALITY_CODE_PATTERN}'", name="code_three_digits"),
        CheckConstraint(f"lat IS NULL OR lat BETWEEN {LAT[0]} AND {LAT[1]}", name="lat_in_finland"),
        CheckConstraint(f"lon IS NULL OR lon BETWEEN {LON[0]} AND {LON[1]}", name="lon_in_finland"),
    )

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name_fi: Mapped[str] = mapped_column(String(100))
    name_sv: Mapped[str] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
