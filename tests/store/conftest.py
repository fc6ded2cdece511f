"""Store tests run against every backend: the fixtures live in backends.py, shared with the audit tests."""

from __future__ import annotations

from store.backends import postgres_url, pytest_generate_tests, store, store_url

__all__ = ["postgres_url", "pytest_generate_tests", "store", "store_url"]
