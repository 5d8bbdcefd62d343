"""Local stand-ins of the external systems Alue talks to, each speaking the real wire format.

Each is a small FastAPI app serving its system's contract from demo data (DOMAIN.md §6), so
that the adapters are tested against something that refuses what the real system refuses,
never a mock that accepts anything. `simulators.registry` lists them; `alue run
--simulators` starts them beside the system and points the services at them.
"""
