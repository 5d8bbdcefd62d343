from fastapi import APIRouter

from funding.api import allocations, budgets, subsidies

router = APIRouter(prefix="/v1")
router.include_router(allocations.router)
router.include_router(subsidies.router)
router.include_router(budgets.router)
