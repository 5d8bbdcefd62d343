"""A minimal service built with servicekit, so that each of its parts is tested in use."""

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request, Response, status
from pydantic import BaseModel, Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from servicekit.app import create_app
from servicekit.auth import Principal, area_reader, area_writer, current_principal, require_role
from servicekit.db import DbSession, schema_metadata
from servicekit.errors import Conflict
from servicekit.http import Page, PageParams, etag_of, require_if_match
from servicekit.idempotency import idempotency_table
from servicekit.settings import ServiceSettings

SCHEMA = "sk_sample"
ROLE = "alue_sk_sample"
MIGRATIONS_DIR = Path(__file__).parent / "sample_migrations"


class Base(DeclarativeBase):
    metadata = schema_metadata(SCHEMA)


IdempotencyKey = idempotency_table(Base.metadata)


class Item(Base):
    __tablename__ = "item"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    colour: Mapped[str] = mapped_column(String(20))


class ItemCreate(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    colour: str = Field(pattern=r"^[a-z]+$", max_length=20)


class ItemRead(BaseModel):
    name: str
    colour: str


class SampleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SAMPLE_", extra="ignore")


Session = DbSession
router = APIRouter(prefix="/v1")


@router.get("/items")
async def list_items(
    session: Session, _: Annotated[Principal, Depends(current_principal)], page: PageParams
) -> Page[ItemRead]:
    query = page.keyset(str).apply(select(Item.name, Item.colour), Item.name)
    rows = (await session.execute(query)).all()
    return page.build(ItemRead, rows, key=lambda item: (item.name,))


@router.post("/items", status_code=status.HTTP_201_CREATED)
async def create_item(
    body: ItemCreate,
    session: Session,
    _: Annotated[Principal, Depends(require_role("admin"))],
) -> ItemRead:
    if await session.get(Item, body.name) is not None:
        raise Conflict(f"Item {body.name} exists.")
    session.add(Item(name=body.name, colour=body.colour))
    await session.flush()
    return ItemRead(**body.model_dump())


@router.put("/items/{name}")
async def replace_item(
    name: str, body: ItemCreate, request: Request, response: Response, session: Session
) -> ItemRead:
    item = await session.get(Item, name)
    if item is None:
        from servicekit.errors import NotFound

        raise NotFound(f"No item {name}.")
    require_if_match(request, etag_of(ItemRead(name=item.name, colour=item.colour)))
    item.colour = body.colour
    read = ItemRead(name=item.name, colour=item.colour)
    response.headers["ETag"] = etag_of(read)
    return read


@router.post("/items-then-fail", status_code=status.HTTP_201_CREATED)
async def create_item_then_fail(body: ItemCreate, session: Session) -> ItemRead:
    session.add(Item(name=body.name, colour=body.colour))
    await session.flush()
    raise RuntimeError("secret internal detail")


@router.get("/areas/{area_id}/things")
async def read_area_things(
    area_id: str, _: Annotated[Principal, Depends(area_reader)]
) -> dict[str, str]:
    return {"area": area_id}


@router.post("/areas/{area_id}/things")
async def write_area_things(
    area_id: str, _: Annotated[Principal, Depends(area_writer)]
) -> dict[str, str]:
    return {"area": area_id}


def build_app(settings: SampleSettings) -> FastAPI:
    return create_app(
        name="sample",
        settings=settings,
        routers=[router],
        schema=SCHEMA,
        migrations_dir=MIGRATIONS_DIR,
        idempotency_table=IdempotencyKey,
    )
