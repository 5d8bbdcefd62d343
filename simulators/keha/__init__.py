"""The KEHA centre's national platform, as reached over the Suomi.fi Data Exchange Layer.

`openapi.yaml` is the contract (ours: the platform's customer-information services have no
public one, DOMAIN.md §6); `app.py` implements exactly it behind an X-Road security
server's REST interface; `data.py` is what it serves, Kymppi's demo figures.
"""
