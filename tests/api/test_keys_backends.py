"""The API key lifecycle on every store backend (SQLite and a real PostgreSQL server)."""

from __future__ import annotations

import pytest

from store.backends import postgres_url, pytest_generate_tests, store, store_url
from tradeguard.errors import InputError, NotFoundError
from tradeguard.store.base import Store
from tradeguard.store.keys import create_key, list_keys, revoke_key, verify_key

__all__ = ["postgres_url", "pytest_generate_tests", "store", "store_url"]


def test_key_lifecycle(store: Store) -> None:
    key = create_key(store, "erp-prod")
    assert verify_key(store, key) == "erp-prod"
    with pytest.raises(InputError, match="already exists"):
        create_key(store, "erp-prod")
    assert revoke_key(store, "erp-prod").revoked_at is not None
    assert verify_key(store, key) is None
    with pytest.raises(NotFoundError):
        revoke_key(store, "erp-prod")
    again = create_key(store, "erp-prod")
    assert verify_key(store, again) == "erp-prod"
    assert [(item.name, item.active) for item in list_keys(store)] == [("erp-prod", False), ("erp-prod", True)]
