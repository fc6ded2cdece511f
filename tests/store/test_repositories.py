"""The repositories over the store's portable SQL sessions (licenses, API keys) on every backend."""

from __future__ import annotations

from datetime import date

import pytest

from tradeguard.decide.licenses import HeldLicense
from tradeguard.errors import InputError, NotFoundError
from tradeguard.store.base import Store
from tradeguard.store.keys import create_key, list_keys, revoke_key, verify_key
from tradeguard.store.licenses import SQLiteLicenseBook

LICENSE = HeldLicense(
    number="D1234567",
    parties=("Huawei Technologies Co., Ltd.",),
    eccns=("5A992",),
    destination="cn",
    valid_from=date(2026, 1, 1),
    valid_to=date(2027, 12, 31),
    value_limit=1000.0,
)


def test_license_book_adds_draws_down_and_refuses_overdraft(store: Store) -> None:
    book = SQLiteLicenseBook(store)
    book.add(LICENSE)
    with pytest.raises(InputError, match="already recorded"):
        book.add(LICENSE)
    assert book.draw_down("D1234567", 600.0, 2, "order 1").remaining_value() == 400.0
    with pytest.raises(InputError, match="exceeds the remaining 400"):
        book.draw_down("D1234567", 401.0, 0, "order 2")
    [held] = book.list()
    assert (held.value_used, held.quantity_used, held.destination) == (600.0, 2.0, "CN")
    with pytest.raises(NotFoundError):
        book.get("nope")


def test_api_keys_create_verify_revoke(store: Store) -> None:
    key = create_key(store, "erp-prod")
    assert verify_key(store, key) == "erp-prod" and verify_key(store, key + "x") is None
    with pytest.raises(InputError, match="already exists"):
        create_key(store, "erp-prod")
    assert revoke_key(store, "erp-prod").revoked_at is not None
    assert verify_key(store, key) is None
    assert [(k.name, k.active) for k in list_keys(store)] == [("erp-prod", False)]
    with pytest.raises(NotFoundError):
        revoke_key(store, "erp-prod")
