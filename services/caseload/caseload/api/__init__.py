from fastapi import APIRouter

from caseload.api import caseload, customers, keha, scenarios, service_lines, staff

router = APIRouter(prefix="/v1")
router.include_router(service_lines.router)
router.include_router(staff.router)
router.include_router(customers.router)
router.include_router(caseload.router)
router.include_router(scenarios.router)
router.include_router(keha.router)
