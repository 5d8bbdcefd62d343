"""Adapters to outside sources of municipal reference data, each behind a small interface:
Statistics Finland's PxWeb tables (`statfin`, parsed by `jsonstat`) and municipal borders
derived from the municipal division's polygons (`borders`). They read and compute; the
`alue import` commands write what they return through the areas service's API."""
