"""``clinics.packages`` as the schema reads it: one parser for the validator and the app.

``catchments.service`` reads the column through :func:`geo.schema.package_names`; the package
validator refuses every value with an item that reading would drop (:func:`package_parts`).
"""

from __future__ import annotations

import pytest

from geo.schema import PACKAGE_SEPARATORS, SHI_PACKAGES, package_names, package_parts


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("gobmp,osms", {"gobmp", "osms"}),
        ("GOBMP; OSMS", {"gobmp", "osms"}),
        ("osms, gobmp,", {"gobmp", "osms"}),
        ("gobmp", {"gobmp"}),
        ("", set()),
        (None, set()),
        (float("nan"), set()),
        ("gobmp osms", set()),
        ("ГОБМП, ОСМС", set()),
        ("gobmp, pmsp", {"gobmp"}),
    ],
)
def test_package_names_are_read_as_the_app_reads_them(value: object, names: set[str]) -> None:
    assert package_names(value) == names


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("gobmp,osms", ("gobmp", "osms")),
        (" GOBMP ;osms; ", ("gobmp", "osms")),
        ("gobmp osms", ("gobmp osms",)),
        ("ГОБМП, ОСМС", ("гобмп", "осмс")),
        ("", ()),
        (None, ()),
    ],
)
def test_package_parts_keep_what_is_not_a_package(value: object, parts: tuple[str, ...]) -> None:
    assert package_parts(value) == parts


def test_a_value_whose_parts_are_all_packages_loses_nothing_when_read() -> None:
    for value in ("gobmp,osms", "osms;gobmp", "GOBMP", "", None):
        assert set(package_parts(value)) == package_names(value) <= set(SHI_PACKAGES)
    assert PACKAGE_SEPARATORS == (",", ";")


def test_the_packages_are_the_app_s() -> None:
    # catchments.models.Package holds the same names; geo may not import it, the tests may.
    from catchments.models import Package

    assert set(SHI_PACKAGES) == {package.value for package in Package}
