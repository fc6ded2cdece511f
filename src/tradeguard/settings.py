"""The one registry of settings: defaults, `TRADEGUARD_*` environment variables and an optional TOML config file.

Precedence, highest first: explicit overrides (command-line options), environment variables, the config file
(`TRADEGUARD_CONFIG`, else `config.toml` in the user config directory), then the defaults declared here.
Every setting is declared once in `REGISTRY`; the README's configuration table is checked against it by a test.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import platformdirs

from tradeguard.errors import ConfigError

APP_NAME = "tradeguard"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


def default_config_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


@dataclass(frozen=True)
class SettingSpec:
    """How one setting is named, typed, defaulted and documented."""

    name: str
    parse: Callable[[str], Any]
    default: Callable[[], Any]
    help: str

    @property
    def env_var(self) -> str:
        return "TRADEGUARD_" + self.name.upper()


def _bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"not a boolean: {text!r}")


def _share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"must be between 0 and 1, got {value}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError(f"must be a positive integer, got {value}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise ValueError(f"must be positive, got {value}")
    return value


def _code_list(text: str) -> tuple[str, ...]:
    # Accepts "a, b" from the environment and a TOML array (which reaches here as its str(), "['a', 'b']").
    return tuple(code.strip(" '\"") for code in text.strip("[] ").split(",") if code.strip(" '\""))


REGISTRY: tuple[SettingSpec, ...] = (
    SettingSpec(
        "db",
        str,
        lambda: str(default_data_dir() / "tradeguard.sqlite"),
        "Database: a SQLite file path, or a postgresql:// URL.",
    ),
    SettingSpec(
        "threshold",
        _share,
        lambda: 0.72,  # chosen on labelled pairs: docs/threshold.md
        "Default match threshold: a hit with score >= threshold is a potential match.",
    ),
    SettingSpec(
        "max_drop_share",
        _share,
        lambda: 0.20,
        "Refuse a list update that would remove more than this share of a dataset's entries.",
    ),
    SettingSpec(
        "stale_after_days",
        _positive_int,
        lambda: 7,
        "`lists status` warns when a dataset's active snapshot is older than this many days.",
    ),
    SettingSpec("download_timeout", _positive_float, lambda: 120.0, "Seconds before a list download is abandoned."),
    SettingSpec(
        "url_base",
        str,
        lambda: "",
        "If set, `lists update` fetches every dataset from this base URL instead of its official URL "
        "(a mirror; used by tests against a local server).",
    ),
    SettingSpec(
        "screen_limit",
        _positive_int,
        lambda: 10,
        "Most hits returned per screened party unless a request says otherwise.",
    ),
    SettingSpec("color", _bool, lambda: True, "Colour in terminal output (also off when NO_COLOR is set)."),
    SettingSpec(
        "update_datasets",
        _code_list,
        tuple,
        "Datasets `lists update` fetches when none are named, comma-separated (empty: every known dataset).",
    ),
    SettingSpec(
        "api_batch_limit", _positive_int, lambda: 100, "Most parties one `POST /v1/screen/batch` call may hold."
    ),
    SettingSpec("api_max_body_bytes", _positive_int, lambda: 1_000_000, "Largest JSON request body the API accepts."),
    SettingSpec("upload_max_bytes", _positive_int, lambda: 50_000_000, "Largest file the batch web page accepts."),
    SettingSpec(
        "require_api_key",
        _bool,
        lambda: False,
        "Require `Authorization: Bearer <key>` even on loopback (always required on other addresses).",
    ),
    SettingSpec("alert_webhook_url", str, lambda: "", "If set, monitoring POSTs its alerts (JSON) to this URL."),
    SettingSpec(
        "alert_webhook_secret", str, lambda: "", "HMAC-SHA256 key signing each webhook body (X-Tradeguard-Signature)."
    ),
    SettingSpec("alert_webhook_attempts", _positive_int, lambda: 4, "Webhook attempts before a failure is recorded."),
    SettingSpec(
        "alert_webhook_backoff", _positive_float, lambda: 1.0, "Seconds before the first webhook retry (doubles)."
    ),
    SettingSpec(
        "index_cache",
        str,
        lambda: "",
        "Folder for compiled screening indexes (empty: beside the SQLite file; `off`: never cache).",
    ),
)

_SPECS = {spec.name: spec for spec in REGISTRY}


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build with `load_settings()`."""

    db: str
    threshold: float
    max_drop_share: float
    stale_after_days: int
    download_timeout: float
    url_base: str
    screen_limit: int
    color: bool
    update_datasets: tuple[str, ...] = ()
    api_batch_limit: int = 100
    api_max_body_bytes: int = 1_000_000
    upload_max_bytes: int = 50_000_000
    require_api_key: bool = False
    alert_webhook_url: str = ""
    alert_webhook_secret: str = ""
    alert_webhook_attempts: int = 4
    alert_webhook_backoff: float = 1.0
    index_cache: str = ""

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with the non-None overrides applied (command-line options)."""
        return replace(self, **{key: value for key, value in overrides.items() if value is not None})


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    unknown = sorted(set(data) - set(_SPECS))
    if unknown:
        raise ConfigError(f"unknown setting(s) in {path}: {', '.join(unknown)}")
    return data


def _parse(spec: SettingSpec, raw: Any, origin: str) -> Any:
    try:
        return spec.parse(str(raw)) if not isinstance(raw, bool) or spec.parse is not _bool else raw
    except ValueError as exc:
        raise ConfigError(f"invalid value for {spec.name} ({origin}): {exc}") from exc


def load_settings(environ: Mapping[str, str] | None = None, config_file: Path | None = None) -> Settings:
    """Resolve every setting from defaults, config file and environment."""
    env = os.environ if environ is None else environ
    path = config_file or Path(env.get("TRADEGUARD_CONFIG", "") or default_config_file())
    from_file = _read_config_file(path)
    values: dict[str, Any] = {}
    for spec in REGISTRY:
        if spec.env_var in env:
            values[spec.name] = _parse(spec, env[spec.env_var], spec.env_var)
        elif spec.name in from_file:
            values[spec.name] = _parse(spec, from_file[spec.name], str(path))
        else:
            values[spec.name] = spec.default()
    if "NO_COLOR" in env:
        values["color"] = False
    return Settings(**values)
