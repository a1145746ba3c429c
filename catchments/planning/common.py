"""What every planning module shares: the error type, model families and who a district serves.

A district's *model* (R-CAP-1) says which norm applies and which ages it serves. Planning works
with two *families* of models, because the therapist's (or GP's) and the pediatrician's
districts of one clinic cover the same houses for different ages:

========== ============================ =========================================
family     models                       a building belongs to
========== ============================ =========================================
adult      gp, therapist                exactly one adult district
pediatric  pediatric_0_6, pediatric_0_14 one pediatric district where its clinic has them
========== ============================ =========================================

Which age bands a district serves is :func:`catchments.capacity.serves` (R-CAP-2), the
definition the rules engine decides applications with: a therapist serves 15 and over, a
pediatric district the children of its range, and a GP district everyone its clinic's pediatric
districts do not (so a GP district of a clinic with 0-6 pediatricians serves 7 and over).
:func:`served_bands` is that table as booleans over ``geo.schema.AGE_BANDS``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from catchments.capacity import serves
from catchments.models import DistrictModel

from .wording import problem_text

__all__ = [
    "AGE_BANDS",
    "BAND_AGES",
    "FAMILIES",
    "FAMILY_OF_MODEL",
    "Family",
    "PlanningError",
    "cp_sat_solver",
    "served_bands",
]

AGE_BANDS: Final = ("pop_0_6", "pop_7_14", "pop_15_17", "pop_18_62", "pop_63_plus")
"""The population columns of ``buildings`` (``geo.schema.AGE_BANDS``, repeated so the numeric
core needs no ``geo`` import; a test keeps them equal)."""
BAND_AGES: Final = (0, 7, 15, 18, 63)
"""The first age of each band of :data:`AGE_BANDS`. Every age of a band is served alike (the
ages of :data:`catchments.capacity.AGES` start and end on band edges; a test checks it), so a
band is served when its first age is."""

Family = Literal["adult", "pediatric"]
FAMILIES: Final[tuple[Family, ...]] = ("adult", "pediatric")
FAMILY_OF_MODEL: Final[dict[str, Family]] = {
    DistrictModel.GP.value: "adult",
    DistrictModel.THERAPIST.value: "adult",
    DistrictModel.PEDIATRIC_0_6.value: "pediatric",
    DistrictModel.PEDIATRIC_0_14.value: "pediatric",
}


class PlanningError(ValueError):
    """Input planning cannot use; the message names the function, what is wrong and the fix.

    Problems a planner can cause from a form (a what-if scenario's point or doctors) also carry
    a ``code`` and its ``params``, so a page words them in its language (:meth:`text`); the
    English message stays what ``str()`` gives, for logs and the command line.
    """

    def __init__(
        self, message: str, *, code: str | None = None, params: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.params: dict[str, object] = dict(params or {})

    def text(self, lang: str) -> str:
        """The problem in ``lang`` (kk, ru, en) when it has a code, else the English message."""
        if self.code is None:
            return str(self)
        return problem_text(self.code, self.params, lang)


def served_bands(model: str, clinic_models: Iterable[str]) -> NDArray[np.bool_]:
    """Which of the five age bands a district of ``model`` serves, given its clinic's models.

    Parameters
    ----------
    model
        The district's model (``gp``, ``therapist``, ``pediatric_0_6``, ``pediatric_0_14``).
    clinic_models
        Every model the clinic has districts of (``model`` included or not).

    Returns
    -------
    numpy.ndarray of bool, shape (5,)
        Over ``AGE_BANDS`` (0-6, 7-14, 15-17, 18-62, 63+).

    Raises
    ------
    PlanningError
        For an unknown model.

    Examples
    --------
    >>> served_bands("gp", ["gp", "pediatric_0_6"]).astype(int).tolist()
    [0, 1, 1, 1, 1]
    """
    known = {m.value: m for m in DistrictModel}
    if model not in known:
        names = ", ".join(known)
        raise PlanningError(f"served_bands: unknown district model {model!r}; expected {names}")
    # An unknown model among the clinic's serves nobody, so it changes no GP district's bands.
    others = [known[other] for other in clinic_models if other in known]
    return np.array([serves(known[model], age, others) for age in BAND_AGES], dtype=bool)


def cp_sat_solver() -> cp_model.CpSolver:
    """A CP-SAT solver that leaves Ctrl-C to Python.

    With its default ``catch_sigint_signal``, CP-SAT handles SIGINT for the length of a search
    and then resets it to the system's default, so the next Ctrl-C kills the process: no
    ``KeyboardInterrupt``, no message, and no way to stop a rebalancing search and keep its plan
    (:class:`~catchments.planning.solver.SearchStop` stops searches instead).
    """
    solver = cp_model.CpSolver()
    solver.parameters.catch_sigint_signal = False
    return solver
