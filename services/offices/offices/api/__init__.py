from fastapi import APIRouter

from offices.api import accessibility, distances, hours, leases, offices, placement

router = APIRouter(prefix="/v1")
router.include_router(offices.router)
router.include_router(hours.router)
router.include_router(leases.router)
router.include_router(distances.router)
router.include_router(accessibility.router)
router.include_router(placement.router)
