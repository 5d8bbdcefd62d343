"""A minimal service built with servicekit, so that each of its parts is tested in use."""

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from servicekit.app import create_app
from servicekit.auth import Principal, area_reader, area_writer, current_principal, require_role
from servicekit.bodies import body_limit
from servicekit.db import DbSession, schema_metadata
from servicekit.errors import Conflict, NotFound
from servicekit.generation import RememberedRead, generation_table
from servicekit.http import ETaggedWrite, FreshRead, IfMatch, Page, PageParams
from servicekit.idempotency import IdempotentRoute, idempotency_table, idempotent
from servicekit.settings import ServiceSettings

SCHEMA = "sk_sample"
ROLE = "alue_sk_sample"
MIGRATIONS_DIR = Path(__file__).parent / "sample_migrations"


class Base(DeclarativeBase):
    metadata = schema_metadata(SCHEMA)


IdempotencyKey = idempotency_table(Base.metadata)
DataGeneration = generation_table(Base.metadata)


class Item(Base):
    __tablename__ = "item"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    colour: Mapped[str] = mapped_column(String(20))


class ItemCreate(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    colour: str = Field(pattern=r"^[a-z]+$", max_length=20)


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    colour: str


class SampleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SAMPLE_", extra="ignore")


Session = DbSession
router = APIRouter(prefix="/v1", route_class=IdempotentRoute)
IdempotentAdmin = Annotated[Principal, Depends(idempotent(require_role("admin")))]


@router.get("/items")
async def list_items(
    session: Session, _: Annotated[Principal, Depends(current_principal)], page: PageParams
) -> Page[ItemRead]:
    query = page.keyset(str).apply(select(Item.name, Item.colour), Item.name)
    rows = (await session.execute(query)).all()
    return page.build(ItemRead, rows, key=lambda item: (item.name,))


class Colours(BaseModel):
    counts: dict[str, int]


# How often the colours were counted: a remembered answer is not counted again.
COMPUTED = {"colours": 0}


@router.get("/colours", response_model=Colours)
async def count_colours(session: Session, remembered: RememberedRead) -> Response:
    async def count() -> Colours:
        COMPUTED["colours"] += 1
        rows = await session.execute(select(Item.colour, func.count()).group_by(Item.colour))
        return Colours(counts=dict(rows.all()))

    return await remembered.answer((), count)


@router.post("/items", status_code=status.HTTP_201_CREATED)
async def create_item(
    body: ItemCreate, session: Session, _: IdempotentAdmin, written: ETaggedWrite
) -> ItemRead:
    if await session.get(Item, body.name) is not None:
        raise Conflict(f"Item {body.name} exists.")
    item = Item(name=body.name, colour=body.colour)
    session.add(item)
    await session.flush()
    return written.read(ItemRead, item)


@router.get("/items/{name}")
async def get_item(name: str, session: Session, fresh: FreshRead) -> ItemRead:
    item = await session.get(Item, name)
    if item is None:
        raise NotFound(f"No item {name}.")
    return fresh.read(ItemRead, item)


@router.put("/items/{name}")
async def replace_item(
    name: str, body: ItemCreate, session: Session, preconditions: IfMatch
) -> ItemRead:
    item = await preconditions.lock(
        session,
        select(Item).where(Item.name == name),
        model=ItemRead,
        not_found=NotFound(f"No item {name}."),
    )
    item.colour = body.colour
    return preconditions.read(ItemRead, item)


@router.post("/items/what-if")
async def what_if_item(body: ItemCreate, session: Session) -> dict[str, bool]:
    """Read-only: answers whether the item exists; an Idempotency-Key does not apply."""
    return {"exists": await session.get(Item, body.name) is not None}


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
    area_id: str, principal: Annotated[Principal, Depends(idempotent(area_writer))]
) -> dict[str, str]:
    return {"area": area_id, "by": principal.sub}


# A file upload: streamed, with a body limit of its own (servicekit.bodies).
UPLOAD_LIMIT = 64 * 1024


@router.post("/uploads")
@body_limit(UPLOAD_LIMIT)
async def upload(request: Request) -> dict[str, int]:
    return {"bytes": sum([len(chunk) async for chunk in request.stream()])}


def build_app(settings: SampleSettings) -> FastAPI:
    return create_app(
        name="sample",
        settings=settings,
        routers=[router],
        schema=SCHEMA,
        migrations_dir=MIGRATIONS_DIR,
        idempotency_table=IdempotencyKey,
        generation_table=DataGeneration,
    )
