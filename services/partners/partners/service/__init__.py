"""The partners service's rules, between the routes and the queries."""
