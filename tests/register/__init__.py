"""Tests of the attachment register (catchments.register, iin, access, register_cli)."""
