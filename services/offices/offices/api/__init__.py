from fastapi import APIRouter

from offices.api import accessibility, distances, placement

router = APIRouter(prefix="/v1")
router.include_router(distances.router)
router.include_router(accessibility.router)
router.include_router(placement.router)
