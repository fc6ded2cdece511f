"""The settings registry: precedence, validation, and the README documenting every setting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tradeguard.errors import ConfigError
from tradeguard.settings import REGISTRY, Settings, load_settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_defaults_apply_without_environment_or_file(tmp_path: Path) -> None:
    settings = load_settings(environ={}, config_file=tmp_path / "absent.toml")
    assert settings.max_drop_share == 0.20
    assert settings.db.endswith("tradeguard.sqlite")


def test_environment_beats_config_file_which_beats_default(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("threshold = 0.7\nstale_after_days = 3\n")
    settings = load_settings(environ={"TRADEGUARD_THRESHOLD": "0.9"}, config_file=config)
    assert settings.threshold == 0.9  # environment wins
    assert settings.stale_after_days == 3  # from the file


def test_invalid_values_name_the_setting_and_origin(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"threshold \(TRADEGUARD_THRESHOLD\)"):
        load_settings(environ={"TRADEGUARD_THRESHOLD": "1.5"}, config_file=tmp_path / "absent.toml")
    config = tmp_path / "config.toml"
    config.write_text("thresold = 0.7\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(environ={}, config_file=config)
    config.write_text("threshold = [\n")
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(environ={}, config_file=config)


def test_no_color_environment_turns_colour_off(tmp_path: Path) -> None:
    assert load_settings(environ={"NO_COLOR": "1"}, config_file=tmp_path / "absent.toml").color is False


def test_overrides_ignore_none(settings: Settings) -> None:
    changed = settings.with_overrides(threshold=0.5, db=None)
    assert changed.threshold == 0.5
    assert changed.db == settings.db


def test_every_setting_is_a_settings_field_and_documented_in_readme() -> None:
    fields = set(Settings.__dataclass_fields__)
    readme = README.read_text(encoding="utf-8")
    for spec in REGISTRY:
        assert spec.name in fields, spec.name
        assert re.search(rf"`{spec.env_var}`", readme), f"README does not document {spec.env_var}"
    assert fields == {spec.name for spec in REGISTRY}
