from __future__ import annotations

import os
from pathlib import Path

import pytest

from wus_client.config import Environment
from wus_client.errors import ConfigurationError
from wus_client.settings import Settings, load_config_berichtsoorten


def test_flags_beat_environment_beat_config_file(tmp_path: Path) -> None:
    config = tmp_path / "wus.toml"
    config.write_text('profile = "sha256"\ntimeout = 12\ncert = "file.pem"\nkey = "file-key.pem"\n')
    env = {"WUS_PROFILE": "digipoort", "WUS_CERT": "env.pem"}
    s = Settings.load(flags={"cert": "flag.pem"}, environ=env, config_path=config)
    assert s.cert == "flag.pem"
    assert s.profile == "digipoort"
    assert s.key == "file-key.pem"
    assert s.timeout_seconds() == 12.0


def test_custom_urls_override_environment_name() -> None:
    s = Settings.load(
        environ={
            "WUS_ENVIRONMENT": "productie",
            "WUS_AANLEVER_URL": "https://127.0.0.1:1/a",
            "WUS_STATUS_URL": "https://127.0.0.1:1/s",
        }
    )
    env = s.environment_object()
    assert env.aanlever_url == "https://127.0.0.1:1/a" and env.ophaal_url is None
    assert (
        Settings.load(environ={"WUS_ENVIRONMENT": "productie"}).environment_object() is Environment.PRODUCTIE
    )


def test_missing_settings_name_the_variable() -> None:
    s = Settings.load(environ={})
    with pytest.raises(ConfigurationError, match="WUS_ENVIRONMENT"):
        s.environment_object()
    with pytest.raises(ConfigurationError, match="WUS_CERT"):
        s.credentials()
    with pytest.raises(ConfigurationError, match="WUS_RESPONSE_CERT"):
        s.response_certificates()
    with pytest.raises(ConfigurationError, match="WUS_AANLEVER_URL"):
        Settings.load(environ={"WUS_AANLEVER_URL": "https://x/a"}).environment_object()


def test_response_certs_split_on_pathsep() -> None:
    s = Settings.load(environ={"WUS_RESPONSE_CERT": f"a.pem{os.pathsep}b.pem"})
    assert s.response_certificates() == ["a.pem", "b.pem"]


def test_berichtsoorten_from_env_and_config(tmp_path: Path) -> None:
    config = tmp_path / "wus.toml"
    config.write_text('[berichtsoorten]\nziekteaangifte_zw = "from-file"\ncbc = "cbc-file"\n')
    s = Settings.load(environ={"WUS_BERICHTSOORT_CBC": "cbc-env"}, config_path=config)
    assert s.berichtsoorten == {"ZIEKTEAANGIFTE_ZW": "from-file", "CBC": "cbc-env"}
    assert load_config_berichtsoorten(config) == {"ZIEKTEAANGIFTE_ZW": "from-file", "CBC": "cbc-file"}


def test_passwords_never_in_repr_or_describe() -> None:
    s = Settings.load(environ={"WUS_KEY_PASSWORD": "hunter2", "WUS_PKCS12_PASSWORD": "p12secret"})
    assert "hunter2" not in repr(s) and "p12secret" not in repr(s)
    assert "hunter2" not in str(s.describe())


def test_bad_config_file_is_a_configuration_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("this is = = not toml")
    with pytest.raises(ConfigurationError, match=r"bad\.toml"):
        Settings.load(environ={}, config_path=bad)
    with pytest.raises(ConfigurationError, match="does not exist"):
        Settings.load(environ={}, config_path=tmp_path / "missing.toml")
