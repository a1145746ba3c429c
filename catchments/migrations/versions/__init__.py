"""Revisions of the register schema, oldest first."""
