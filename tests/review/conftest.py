"""Review tests that take `store_url` run against every store backend (fixtures from tests/store/backends.py)."""

from __future__ import annotations

from store.backends import postgres_url, pytest_generate_tests, store_url

__all__ = ["postgres_url", "pytest_generate_tests", "store_url"]
