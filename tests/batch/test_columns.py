"""Column auto-detection and the options that override it."""

from __future__ import annotations

import pytest

from tradeguard.batch import BatchOptions, ColumnMap, detect_columns
from tradeguard.errors import InputError


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["id", "name", "country"], ColumnMap(name="name", country="country", id="id")),
        (
            ["Customer No", "Customer Name", "Type", "Country Code", "Street Address"],
            ColumnMap(
                name="Customer Name", kind="Type", country="Country Code", address="Street Address", id="Customer No"
            ),
        ),
        (
            ["Supplier", "Supplier ID", "Ship-to country"],
            ColumnMap(name="Supplier", country="Ship-to country", id="Supplier ID"),
        ),
        # "first name" is not the party's name; "company_name" is, even though it comes later.
        (["first_name", "company_name", "iso2"], ColumnMap(name="company_name", country="iso2")),
        (
            ["party", "entity_type", "address_line_1"],
            ColumnMap(name="party", kind="entity_type", address="address_line_1"),
        ),
        (
            ["Legal Name", "registered address", "kind"],
            ColumnMap(name="Legal Name", kind="kind", address="registered address"),
        ),
    ],
)
def test_columns_are_detected_from_common_header_names(headers: list[str], expected: ColumnMap) -> None:
    assert detect_columns(headers, BatchOptions()) == expected


def test_options_win_and_a_column_is_never_used_for_two_roles() -> None:
    found = detect_columns(["name", "company", "country"], BatchOptions(name_col="company"))
    assert found.name == "company"
    assert found.country == "country"
    assert found.kind is None


def test_option_matches_a_header_ignoring_case() -> None:
    assert detect_columns(["Party", "Land"], BatchOptions(name_col="party", country_col="LAND")) == ColumnMap(
        name="Party", country="Land"
    )


def test_unknown_column_option_names_the_columns_there_are() -> None:
    with pytest.raises(InputError, match=r"--country-col 'nation'.*columns are: name, land"):
        detect_columns(["name", "land"], BatchOptions(country_col="nation"))


def test_no_name_column_asks_for_name_col() -> None:
    with pytest.raises(InputError, match="--name-col"):
        detect_columns(["id", "amount", "date"], BatchOptions())


def test_describe_lists_the_choice() -> None:
    assert ColumnMap(name="Customer", country="cc").describe() == "name='Customer', country='cc'"
