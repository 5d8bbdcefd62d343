from fastapi import APIRouter

from areas.api import areas, municipalities, plan_snapshots, plans

router = APIRouter(prefix="/v1")
router.include_router(municipalities.router)
router.include_router(areas.router)
router.include_router(plans.router)
router.include_router(plan_snapshots.router)
