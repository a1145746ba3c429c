"""Reason codes and the rules they come from; the engine's import boundary; rule-ID coverage."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from catchments.reasons import REASON_SPECS, RULE_IDS, Reason, ReasonCode, Severity, reason

PACKAGE = Path(__file__).resolve().parents[2] / "catchments"
PURE_MODULES = ("reasons", "messages", "models", "capacity", "calendar", "rules")
RULE_ID = re.compile(r"R-(?:ORG|PLACE|TERR|CAP|DOC|CHAN|TIME|OUT|NOTE|EMERG)-\d")


def test_codes_are_rules_md_list() -> None:
    assert [code.value for code in ReasonCode] == [
        "HOME_VISIT_RISK",
        "ACKNOWLEDGEMENT_REQUIRED",
        "OUTSIDE_SETTLEMENT",
        "BORDER_AREA_EXCEPTION",
        "SUBURB_EXCEPTION",
        "CAPACITY_EXCEEDED",
        "DOCUMENTS_UNRELIABLE",
        "LEGAL_REPRESENTATION_MISSING",
        "MISSING_DOCUMENT",
        "CHANNEL_NOT_ALLOWED",
        "EDS_REQUIRED",
        "OUTSIDE_CAMPAIGN_NO_GROUND",
        "CLINIC_NOT_SHI_SUPPLIER",
        "NOT_A_PHC_ORGANIZATION",
        "ALREADY_ATTACHED_HERE",
    ]


@pytest.mark.parametrize(
    ("code", "rule", "severity"),
    [
        pytest.param(ReasonCode.NOT_A_PHC_ORGANIZATION, "R-ORG-1", "refuse", id="R-ORG-1/refuses"),
        pytest.param(ReasonCode.CLINIC_NOT_SHI_SUPPLIER, "R-ORG-2", "warn", id="R-ORG-2/warns"),
        pytest.param(ReasonCode.ALREADY_ATTACHED_HERE, "R-ORG-3", "warn", id="R-ORG-3/warns"),
        pytest.param(ReasonCode.OUTSIDE_SETTLEMENT, "R-TERR-1", "refuse", id="R-TERR-1/refuses"),
        pytest.param(
            ReasonCode.BORDER_AREA_EXCEPTION, "R-TERR-1", "warn", id="R-TERR-1/border-warns"
        ),
        pytest.param(ReasonCode.SUBURB_EXCEPTION, "R-PLACE-2", "warn", id="R-PLACE-2/suburb-warns"),
        pytest.param(ReasonCode.HOME_VISIT_RISK, "R-TERR-2", "warn", id="R-TERR-2/risk-warns"),
        pytest.param(
            ReasonCode.ACKNOWLEDGEMENT_REQUIRED,
            "R-TERR-2",
            "warn",
            id="R-TERR-2/ack-is-not-a-refusal",
        ),
        pytest.param(ReasonCode.CAPACITY_EXCEEDED, "R-CAP-1", "refuse", id="R-CAP-1/refuses"),
        pytest.param(ReasonCode.DOCUMENTS_UNRELIABLE, "R-DOC-1", "refuse", id="R-DOC-1/refuses"),
        pytest.param(
            ReasonCode.LEGAL_REPRESENTATION_MISSING, "R-DOC-2", "refuse", id="R-DOC-2/refuses"
        ),
        pytest.param(ReasonCode.MISSING_DOCUMENT, "R-DOC-3", "refuse", id="R-DOC-3/refuses"),
        pytest.param(ReasonCode.CHANNEL_NOT_ALLOWED, "R-CHAN-1", "refuse", id="R-CHAN-1/refuses"),
        pytest.param(ReasonCode.EDS_REQUIRED, "R-CHAN-3", "refuse", id="R-CHAN-3/refuses"),
        pytest.param(
            ReasonCode.OUTSIDE_CAMPAIGN_NO_GROUND, "R-TIME-2", "refuse", id="R-TIME-2/refuses"
        ),
    ],
)
def test_reason_specs(code: ReasonCode, rule: str, severity: str) -> None:
    spec = REASON_SPECS[code]
    assert (spec.rule, spec.severity.value) == (rule, severity)


def test_every_code_has_a_spec() -> None:
    assert set(REASON_SPECS) == set(ReasonCode)


def test_reason_builder_and_context() -> None:
    built = reason(
        ReasonCode.MISSING_DOCUMENT,
        rule="R-DOC-4",
        purpose="pensioner",
        documents=("pension_certificate",),
    )
    assert (built.code, built.rule, built.severity, built.refuses) == (
        ReasonCode.MISSING_DOCUMENT,
        "R-DOC-4",
        Severity.REFUSE,
        True,
    )
    assert built.values == {"purpose": "pensioner", "documents": ("pension_certificate",)}
    # Context order does not matter: reasons compare and hash by value.
    same = reason(
        ReasonCode.MISSING_DOCUMENT,
        {"documents": ("pension_certificate",)},
        rule="R-DOC-4",
        purpose="pensioner",
    )
    assert same == built
    assert hash(same) == hash(built)


def test_reason_rejects_unknown_rule() -> None:
    with pytest.raises(ValueError, match="unknown rule 'R-CAP-9'"):
        Reason(ReasonCode.CAPACITY_EXCEEDED, "R-CAP-9", Severity.REFUSE)


def test_rule_ids_are_those_of_rules_md() -> None:
    assert len(RULE_IDS) == len(set(RULE_IDS)) == 24
    assert all(RULE_ID.fullmatch(rule) for rule in RULE_IDS)


def test_every_rule_id_is_cited_by_a_test() -> None:
    """Each rule of RULES.md has at least one test whose id or name cites it."""
    cited: set[str] = set()
    for path in Path(__file__).parent.glob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        cited |= set(re.findall(r'id="(R-[A-Z]+-\d)/', text))
        cited |= {
            f"R-{m[0].upper()}-{m[1]}" for m in re.findall(r"def test_r_([a-z]+)_(\d)_", text)
        }
    assert set(RULE_IDS) - cited == set()


def test_every_rule_id_is_named_by_the_engine() -> None:
    """Rule to code: every rule ID appears in the engine's docstrings or reason specs."""
    source = "\n".join(
        (PACKAGE / f"{name}.py").read_text(encoding="utf-8") for name in PURE_MODULES
    )
    missing = [
        rule for rule in RULE_IDS if rule not in source and rule.replace("-", "_") not in source
    ]
    assert missing == []


@pytest.mark.parametrize("module", PURE_MODULES)
def test_engine_imports_only_stdlib_and_itself(module: str) -> None:
    """DESIGN.md: the rules engine is stdlib only; calendar.py may import ``holidays``."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    allowed = set(sys.stdlib_module_names) | ({"holidays"} if module == "calendar" else set())
    foreign = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level > 0:  # relative: another module of the engine
                assert node.module in PURE_MODULES, node.module
                continue
            names = [node.module or ""]
        else:
            continue
        foreign += [name for name in names if name.split(".")[0] not in allowed]
    assert foreign == []
