from fastapi import APIRouter

from partners.api import cooperation, ecosystem, partners, projects, services

router = APIRouter(prefix="/v1")
router.include_router(partners.router)
router.include_router(cooperation.router)
router.include_router(services.router)
router.include_router(projects.router)
router.include_router(ecosystem.router)
