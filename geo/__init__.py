"""Geometry and geodata of a region; knows nothing of the rules or the UI."""
