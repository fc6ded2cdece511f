"""One error hierarchy for tradeguard; the CLI and the HTTP API each map it once.

TradeguardError                 exit 1, HTTP 500
├── ConfigError                 exit 2, HTTP 500   a setting or config file is invalid
├── InputError                  exit 2, HTTP 422   a request, party, transaction or option is invalid
│   └── ParseError              exit 2, HTTP 422   a file cannot be read (names file and line where known)
├── NotFoundError               exit 3, HTTP 404   an entry, snapshot, record or key does not exist
├── AuthError                   exit 4, HTTP 401   missing or invalid API key
├── UpdateRefusedError          exit 5, HTTP 409   a list update failed a safety rule; nothing changed
├── FetchError                  exit 6, HTTP 502   a download failed; nothing changed
└── StoreError                  exit 7, HTTP 500   the database is unusable or inconsistent
"""

from __future__ import annotations


class TradeguardError(Exception):
    """Base of every error tradeguard raises on purpose."""

    exit_code: int = 1
    http_status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(TradeguardError):
    """A setting or configuration file is invalid."""

    exit_code = 2


class InputError(TradeguardError):
    """A request, party, transaction or command-line option is invalid."""

    exit_code = 2
    http_status = 422


class ParseError(InputError):
    """A file cannot be parsed; the message names the file and, where known, the line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + message)
        self.path = path
        self.line = line


class NotFoundError(TradeguardError):
    """An entry, snapshot, record or key does not exist."""

    exit_code = 3
    http_status = 404


class AuthError(TradeguardError):
    """A request lacks a valid API key."""

    exit_code = 4
    http_status = 401


class UpdateRefusedError(TradeguardError):
    """A list update broke a safety rule (empty, truncated, too many removals); nothing changed."""

    exit_code = 5
    http_status = 409


class FetchError(TradeguardError):
    """A download failed or was incomplete; nothing changed."""

    exit_code = 6
    http_status = 502


class StoreError(TradeguardError):
    """The database is unusable or inconsistent."""

    exit_code = 7
