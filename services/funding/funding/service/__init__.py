"""The funding service's rules applied to stored data: what routes call."""
