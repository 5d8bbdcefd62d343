from fastapi import APIRouter

from funding.api import (
    allocations,
    benefit_compensation,
    benefits,
    budgets,
    kela_imports,
    subsidies,
)

router = APIRouter(prefix="/v1")
router.include_router(allocations.router)
router.include_router(subsidies.router)
router.include_router(budgets.router)
router.include_router(benefits.router)
router.include_router(kela_imports.router)
router.include_router(benefit_compensation.router)
