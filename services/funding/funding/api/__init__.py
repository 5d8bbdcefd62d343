from fastapi import APIRouter

from funding.api import benefit_compensation, benefits, kela_imports

router = APIRouter(prefix="/v1")
router.include_router(benefits.router)
router.include_router(kela_imports.router)
router.include_router(benefit_compensation.router)
