"""A stand-in of PTV, the Suomi.fi Finnish Service Catalogue (palvelutietovaranto), for
its Open API v11 ServiceLocation channels and the OAuth2 token endpoint its writes need.

`alue run --simulators` starts `APP` (a uvicorn factory) on `PORT`.
"""

NAME = "ptv"
APP = "simulators.ptv.app:build_app"
PORT = 8102
