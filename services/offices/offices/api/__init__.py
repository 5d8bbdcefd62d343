from fastapi import APIRouter

from offices.api import hours, leases, offices

router = APIRouter(prefix="/v1")
router.include_router(offices.router)
router.include_router(hours.router)
router.include_router(leases.router)
