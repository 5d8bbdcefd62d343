"""The areas service: who an employment area is and whether it meets the law."""
