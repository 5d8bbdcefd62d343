"""The offices service's problem types: each is served as `/problems/<slug>` by the gateway."""
