from sqlalchemy import CheckConstraint, Float, String
from sqlalchemy.orm import Mapped, mapped_column

from areas.models.base import Base


class Municipality(Base):
    __tablename__ = "municipality"
    __table_args__ = (
        CheckConstraint("code ~ '^[0-9]{3}$'", name="code_three_digits"),
        CheckConstraint("lat IS NULL OR lat BETWEEN 59.5 AND 70.1", name="lat_in_finland"),
        CheckConstraint("lon IS NULL OR lon BETWEEN 19.0 AND 31.6", name="lon_in_finland"),
    )

    # Statistics Finland's municipality code: three digits, leading zeros kept.
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name_fi: Mapped[str] = mapped_column(String(100))
    name_sv: Mapped[str] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
