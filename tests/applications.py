"""The application the tests start from: DESIGN.md's JSON for one adult, changed per test."""

from __future__ import annotations

from typing import Any

NOW = "2026-09-21T10:00:00+05:00"  # a Monday inside the free-choice campaign


def application(**changes: Any) -> dict[str, Any]:
    """An adult's application to C-02 at a PSC during the campaign (DESIGN.md's JSON); ``changes``
    replace its top-level fields."""
    data: dict[str, Any] = {
        "clinic_id": "C-02",
        "residence": {"address": "Акбулак, ул. Абая 59"},
        "workplace": None,
        "basis": "residence",
        "applicant": {
            "birth_date": "1980-03-02",
            "categories": [],
            "documents": ["id_card"],
            "documents_reliable": True,
            "has_eds": False,
            "current_clinic_id": None,
        },
        "channel": "psc",
        "submitted_at": NOW,
        "ground": None,
        "home_visit_acknowledged": False,
    }
    data.update(changes)
    return data
