"""Fixtures of the planning command's tests: the demo region prepared once a module."""

from __future__ import annotations

from pathlib import Path

import pytest

from catchments import planning_cli
from catchments.planning import PlanningRegion, prepare
from geo.package import read_region

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


@pytest.fixture(scope="module")
def planning() -> PlanningRegion:
    return prepare(read_region(DEMO, validate=False))


@pytest.fixture
def prepared(planning: PlanningRegion, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands plan on the module's prepared region instead of reading it again."""
    monkeypatch.setattr(planning_cli, "read_region", lambda _path: None)
    monkeypatch.setattr(planning_cli, "prepare", lambda _region, mode: planning)
