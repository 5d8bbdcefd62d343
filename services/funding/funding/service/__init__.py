"""The funding service's rules applied to the database: each function a use case."""
