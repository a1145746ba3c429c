"""Reason codes of RULES.md and the frozen :class:`Reason` every rule returns.

A reason is data, not text: its stable ``code`` (kept apart from any wording, the way pycodestyle
keeps ``E501`` apart from its message), the ``rule`` ID of RULES.md that produced it, whether it
refuses or only warns, and the context values a message is filled from. Wording lives in
:mod:`catchments.messages`, in three languages, so the engine, the CLI's JSON, the app and the
tests all speak the same codes.

This module imports nothing of ours: every other module of the rules engine builds on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = [
    "REASON_SPECS",
    "RULE_IDS",
    "ContextValue",
    "Reason",
    "ReasonCode",
    "ReasonSpec",
    "Severity",
    "reason",
]

ContextValue = str | int | float | bool | None | tuple[str, ...]
"""The values a reason may carry: JSON-friendly, hashable, so a :class:`Reason` stays frozen."""


class ReasonCode(StrEnum):
    """The one list of reason codes of RULES.md ("Reason codes")."""

    HOME_VISIT_RISK = "HOME_VISIT_RISK"
    ACKNOWLEDGEMENT_REQUIRED = "ACKNOWLEDGEMENT_REQUIRED"
    OUTSIDE_SETTLEMENT = "OUTSIDE_SETTLEMENT"
    BORDER_AREA_EXCEPTION = "BORDER_AREA_EXCEPTION"
    SUBURB_EXCEPTION = "SUBURB_EXCEPTION"
    CAPACITY_EXCEEDED = "CAPACITY_EXCEEDED"
    DOCUMENTS_UNRELIABLE = "DOCUMENTS_UNRELIABLE"
    LEGAL_REPRESENTATION_MISSING = "LEGAL_REPRESENTATION_MISSING"
    MISSING_DOCUMENT = "MISSING_DOCUMENT"
    CHANNEL_NOT_ALLOWED = "CHANNEL_NOT_ALLOWED"
    EDS_REQUIRED = "EDS_REQUIRED"
    OUTSIDE_CAMPAIGN_NO_GROUND = "OUTSIDE_CAMPAIGN_NO_GROUND"
    CLINIC_NOT_SHI_SUPPLIER = "CLINIC_NOT_SHI_SUPPLIER"
    NOT_A_PHC_ORGANIZATION = "NOT_A_PHC_ORGANIZATION"
    ALREADY_ATTACHED_HERE = "ALREADY_ATTACHED_HERE"


class Severity(StrEnum):
    """What a reason does to the outcome: ``refuse`` decides it, ``warn`` only informs."""

    REFUSE = "refuse"
    WARN = "warn"


RULE_IDS: Final[tuple[str, ...]] = (
    "R-ORG-1",
    "R-ORG-2",
    "R-ORG-3",
    "R-PLACE-1",
    "R-PLACE-2",
    "R-PLACE-3",
    "R-TERR-1",
    "R-TERR-2",
    "R-CAP-1",
    "R-CAP-2",
    "R-DOC-1",
    "R-DOC-2",
    "R-DOC-3",
    "R-DOC-4",
    "R-CHAN-1",
    "R-CHAN-2",
    "R-CHAN-3",
    "R-TIME-1",
    "R-TIME-2",
    "R-TIME-3",
    "R-TIME-4",
    "R-OUT-1",
    "R-NOTE-1",
    "R-EMERG-1",
)
"""Every rule ID of RULES.md, in its order; the tests check each is cited by at least one test."""


@dataclass(frozen=True)
class ReasonSpec:
    """The fixed part of a reason code: the rule that usually raises it and its severity.

    Parameters
    ----------
    rule
        The rule ID reported when a check does not name a more specific one (``MISSING_DOCUMENT``
        comes from R-DOC-3 or R-DOC-4, ``SUBURB_EXCEPTION`` from R-TERR-1 read with R-PLACE-2).
    severity
        Fixed per code, so a code never refuses in one place and warns in another.
    """

    rule: str
    severity: Severity


REASON_SPECS: Final[Mapping[ReasonCode, ReasonSpec]] = {
    ReasonCode.NOT_A_PHC_ORGANIZATION: ReasonSpec("R-ORG-1", Severity.REFUSE),
    ReasonCode.CLINIC_NOT_SHI_SUPPLIER: ReasonSpec("R-ORG-2", Severity.WARN),
    # A repeated application to one's own clinic changes nothing (R-ORG-3: one organization at a
    # time); the closed list of refusal grounds of the sources does not include it, so it warns.
    ReasonCode.ALREADY_ATTACHED_HERE: ReasonSpec("R-ORG-3", Severity.WARN),
    ReasonCode.OUTSIDE_SETTLEMENT: ReasonSpec("R-TERR-1", Severity.REFUSE),
    ReasonCode.BORDER_AREA_EXCEPTION: ReasonSpec("R-TERR-1", Severity.WARN),
    ReasonCode.SUBURB_EXCEPTION: ReasonSpec("R-PLACE-2", Severity.WARN),
    ReasonCode.HOME_VISIT_RISK: ReasonSpec("R-TERR-2", Severity.WARN),
    # Not a refusal: the application is simply not submitted until acknowledged; the engine turns
    # this code into the outcome ``needs_acknowledgement``.
    ReasonCode.ACKNOWLEDGEMENT_REQUIRED: ReasonSpec("R-TERR-2", Severity.WARN),
    ReasonCode.CAPACITY_EXCEEDED: ReasonSpec("R-CAP-1", Severity.REFUSE),
    ReasonCode.DOCUMENTS_UNRELIABLE: ReasonSpec("R-DOC-1", Severity.REFUSE),
    ReasonCode.LEGAL_REPRESENTATION_MISSING: ReasonSpec("R-DOC-2", Severity.REFUSE),
    ReasonCode.MISSING_DOCUMENT: ReasonSpec("R-DOC-3", Severity.REFUSE),
    ReasonCode.CHANNEL_NOT_ALLOWED: ReasonSpec("R-CHAN-1", Severity.REFUSE),
    ReasonCode.EDS_REQUIRED: ReasonSpec("R-CHAN-3", Severity.REFUSE),
    ReasonCode.OUTSIDE_CAMPAIGN_NO_GROUND: ReasonSpec("R-TIME-2", Severity.REFUSE),
}
"""Rule and severity of every code. A missing document refuses: without it the package is
incomplete and the registrar cannot attach (the sources' refusal grounds assume a complete one)."""


@dataclass(frozen=True)
class Reason:
    """One reason of a decision (R-OUT-1: a refusal names every reason that applies).

    Parameters
    ----------
    code
        The stable reason code.
    rule
        The RULES.md rule ID that produced it, e.g. ``R-CAP-1``.
    severity
        ``refuse`` or ``warn``.
    context
        ``(name, value)`` pairs the message is filled from, sorted by name so two equal reasons
        compare and hash equal whatever order they were built in.
    variant
        Which wording of the code applies (``""`` for the usual one), e.g. ``no_district`` for a
        capacity refusal where no district of the clinic serves the applicant's age at all.
    """

    code: ReasonCode
    rule: str
    severity: Severity
    context: tuple[tuple[str, ContextValue], ...] = ()
    variant: str = ""

    def __post_init__(self) -> None:
        if self.rule not in RULE_IDS:
            raise ValueError(
                f"Reason {self.code}: unknown rule {self.rule!r}; expected one of RULE_IDS"
            )
        object.__setattr__(self, "context", tuple(sorted(self.context)))

    @property
    def values(self) -> dict[str, ContextValue]:
        """The context as a dict, for message templates and JSON."""
        return dict(self.context)

    @property
    def refuses(self) -> bool:
        """Whether this reason alone decides the outcome ``refused``."""
        return self.severity is Severity.REFUSE


def reason(
    code: ReasonCode,
    context: Mapping[str, ContextValue] | None = None,
    /,
    *,
    rule: str | None = None,
    variant: str = "",
    **values: ContextValue,
) -> Reason:
    """Build a :class:`Reason` with the code's fixed severity and (unless given) its usual rule.

    Parameters
    ----------
    code
        The reason code.
    context
        Context values given as a mapping (merged with ``values``).
    rule
        A more specific rule ID than :data:`REASON_SPECS` names, e.g. ``R-DOC-4``.
    variant
        The wording variant; see :class:`Reason`.
    **values
        The values its message is filled from.
    """
    spec = REASON_SPECS[code]
    return Reason(
        code=code,
        rule=rule or spec.rule,
        severity=spec.severity,
        context=tuple({**(context or {}), **values}.items()),
        variant=variant,
    )
