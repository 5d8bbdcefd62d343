from fastapi import APIRouter

from areas.api import municipalities

router = APIRouter(prefix="/v1")
router.include_router(municipalities.router)
