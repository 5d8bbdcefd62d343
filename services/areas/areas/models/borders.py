from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from areas.models.base import Base


class Border(Base):
    """A shared border, stored once in each direction so either end finds its neighbours."""

    __tablename__ = "border"
    __table_args__ = (CheckConstraint("municipality_code <> neighbour_code", name="not_self"),)

    municipality_code: Mapped[str] = mapped_column(
        String(3, collation="C"), ForeignKey("municipality.code"), primary_key=True
    )
    neighbour_code: Mapped[str] = mapped_column(
        String(3, collation="C"), ForeignKey("municipality.code"), primary_key=True
    )
    source: Mapped[str | None] = mapped_column(Text)
