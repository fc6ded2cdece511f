"""Which input column is the name, kind, country, address and id: as told by options, else guessed from headers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tradeguard.batch.model import BatchOptions, ColumnMap
from tradeguard.errors import InputError

# Header spellings per role, best first; compared after lower-casing and dropping everything but letters and digits.
_NAME_HEADERS = (
    "name", "fullname", "partyname", "legalname", "companyname", "customername", "suppliername", "vendorname",
    "entityname", "organizationname", "organisationname", "businessname", "accountname", "consigneename",
    "counterpartyname", "beneficiaryname", "party", "customer", "company", "supplier", "vendor", "entity",
    "organization", "organisation", "consignee", "counterparty", "beneficiary", "buyer", "payee", "client",
    "firma", "firmenname", "kunde", "raisonsociale", "nom", "nombre", "razonsocial", "empresa", "cliente",
)  # fmt: skip
_KIND_HEADERS = (
    "kind", "type", "partytype", "entitytype", "partykind", "entitykind", "customertype", "recordtype", "art", "typ",
)  # fmt: skip
_COUNTRY_HEADERS = (
    "country", "countrycode", "countryiso", "iso2", "nation", "nationality", "jurisdiction", "land", "pays", "pais",
)  # fmt: skip
_ADDRESS_HEADERS = (
    "address", "fulladdress", "street", "streetaddress", "address1", "addressline1", "addr", "anschrift", "adresse",
    "direccion", "strasse",
)  # fmt: skip
_ID_HEADERS = (
    "id", "partyid", "customerid", "supplierid", "vendorid", "recordid", "accountid", "customernumber",
    "accountnumber", "customerno", "key", "ref", "reference", "kundennr", "kundennummer",
)  # fmt: skip
# Headers holding "name" that are not the party's name.
_NOT_A_NAME = ("firstname", "lastname", "username", "filename", "givenname", "surname", "middlename", "shipname")


def _squash(header: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", header.casefold())


def _exact(headers: Sequence[str], wanted: Sequence[str], taken: set[str]) -> str | None:
    squashed = {_squash(header): header for header in reversed(headers) if header not in taken}
    for spelling in wanted:
        if spelling in squashed:
            return squashed[spelling]
    return None


def _containing(headers: Sequence[str], fragment: str, taken: set[str], excluded: Sequence[str] = ()) -> str | None:
    for header in headers:
        key = _squash(header)
        if header not in taken and fragment in key and not any(bad in key for bad in excluded):
            return header
    return None


def _given(headers: Sequence[str], column: str | None, option: str) -> str | None:
    if column is None:
        return None
    if column in headers:
        return column
    folded = [header for header in headers if header.casefold() == column.casefold()]
    if len(folded) == 1:
        return folded[0]
    raise InputError(f"{option} {column!r} is not a column of the input; columns are: {', '.join(headers)}")


def _guess_name(headers: Sequence[str], taken: set[str]) -> str:
    found = _exact(headers, _NAME_HEADERS, taken) or _containing(headers, "name", taken, _NOT_A_NAME)
    if found is None:
        raise InputError(
            f"cannot tell which column holds the party name (columns: {', '.join(headers)}); use --name-col"
        )
    return found


def detect_columns(headers: Sequence[str], options: BatchOptions) -> ColumnMap:
    """The column map: every column the options name (checked to exist), the rest guessed from the header names."""
    if not headers:
        raise InputError("the input has no header row, so no columns to screen")
    name = _given(headers, options.name_col, "--name-col")
    kind = _given(headers, options.kind_col, "--kind-col")
    country = _given(headers, options.country_col, "--country-col")
    address = _given(headers, options.address_col, "--address-col")
    row_id = _given(headers, options.id_col, "--id-col")
    taken = {column for column in (name, kind, country, address, row_id) if column is not None}
    if name is None:
        name = _guess_name(headers, taken)
        taken.add(name)
    # Auto-detection only fills roles the options left open, and never reuses a column for two roles.
    if kind is None:
        kind = _exact(headers, _KIND_HEADERS, taken)
        taken |= {kind} if kind else set()
    if country is None:
        country = _exact(headers, _COUNTRY_HEADERS, taken) or _containing(headers, "country", taken)
        taken |= {country} if country else set()
    if address is None:
        address = _exact(headers, _ADDRESS_HEADERS, taken) or _containing(headers, "address", taken)
        taken |= {address} if address else set()
    if row_id is None:
        row_id = _exact(headers, _ID_HEADERS, taken)
    return ColumnMap(name=name, kind=kind, country=country, address=address, id=row_id)
