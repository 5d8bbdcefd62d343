"""A stand-in of Statistics Finland's PxWeb (API v1 and 2.0, JSON-stat2), answering from
the recorded tables in services/areas/tests/fixtures/pxweb.

`alue run --simulators` starts `APP` (a uvicorn factory) on `PORT`; `--base-url` is then
`http://127.0.0.1:8103/PxWeb/api/v1/fi/StatFin` (v1) or `http://127.0.0.1:8103/api/v2`.
"""

NAME = "pxweb"
APP = "simulators.pxweb.app:create_app"
PORT = 8103
