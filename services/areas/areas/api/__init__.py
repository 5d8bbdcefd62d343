from fastapi import APIRouter

from areas.api import (
    area_checks,
    areas,
    borders,
    eligibility,
    forecast,
    municipalities,
    plan_snapshots,
    plans,
    statistics,
)

router = APIRouter(prefix="/v1")
router.include_router(municipalities.router)
router.include_router(areas.router)
router.include_router(area_checks.router)
router.include_router(plans.router)
router.include_router(plan_snapshots.router)
router.include_router(statistics.router)
router.include_router(borders.router)
router.include_router(eligibility.router)
router.include_router(forecast.router)
