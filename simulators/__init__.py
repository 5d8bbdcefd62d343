"""Local stand-ins of the external systems Alue talks to, each a small FastAPI app that
speaks the real wire format (issue 12): `alue run --simulators` starts them beside the
system, and the tests run the adapters against them."""
