"""The backend's settings (backend/config.py): read once from the environment, checked."""

from __future__ import annotations

import pytest

from ls_thematic.backend.app import create_app
from ls_thematic.backend.config import Settings, redact_url

from .helpers import make_settings

# --------------------------------------------------------------------------- configuration


def test_settings_defaults_from_an_empty_environment():
    settings = Settings.from_env({})
    assert settings.cold_start_segments == 5 and settings.cold_start_similarity == 0.55
    assert settings.model_dir.as_posix() == "data/models"
    assert settings.encoder == "minilm"
    assert settings.skip_interviewer is True
    assert settings.max_body_bytes == 20 * 1024 * 1024
    assert settings.basic_auth is False


def test_settings_from_the_environment(tmp_path):
    settings = Settings.from_env(
        {
            "MODEL_DIR": str(tmp_path),
            "ENCODER": "fake",
            "SUGGEST_MIN_SCORE": "0.4",
            "SKIP_INTERVIEWER": "no",
            "LABEL_STUDIO_URL": "http://127.0.0.1:8080",
            "LABEL_STUDIO_API_KEY": "abc",
            "BASIC_AUTH_USER": "u",
            "BASIC_AUTH_PASS": " p ",
            "MAX_BODY_BYTES": "2048",
            "SUGGEST_MAX_CODES": "2",
            "EXPLAIN_K": "2",
            "COLD_START_SEGMENTS": "5",
            "COLD_START_SIMILARITY": "0.6",
        }
    )
    assert settings.cold_start_segments == 5 and settings.cold_start_similarity == 0.6
    assert settings.model_dir == tmp_path and settings.encoder == "fake"
    assert settings.suggest_min_score == 0.4 and settings.skip_interviewer is False
    assert settings.basic_auth and settings.basic_auth_pass == " p "
    assert settings.max_body_bytes == 2048 and settings.max_codes_per_unit == 2
    assert "abc" not in repr(settings) and " p " not in repr(settings)


@pytest.mark.parametrize(
    "env, message",
    [
        ({"SUGGEST_MIN_SCORE": "high"}, "SUGGEST_MIN_SCORE must be a number"),
        ({"SUGGEST_MIN_SCORE": "1.5"}, "between 0 and 1"),
        ({"SKIP_INTERVIEWER": "maybe"}, "SKIP_INTERVIEWER must be true or false"),
        ({"MAX_BODY_BYTES": "10MB"}, "MAX_BODY_BYTES must be an integer"),
        ({"BASIC_AUTH_USER": "u"}, "must be set together"),
        ({"SUGGEST_MAX_CODES": "0"}, "SUGGEST_MAX_CODES must be an integer >= 1"),
        ({"COLD_START_SIMILARITY": "strong"}, "COLD_START_SIMILARITY must be a number"),
        ({"COLD_START_SIMILARITY": "1.2"}, "cosine similarity between -1 and 1"),
        ({"COLD_START_SEGMENTS": "-1"}, "COLD_START_SEGMENTS must be an integer >= 0"),
    ],
)
def test_bad_settings_say_which_variable_and_what_is_allowed(env, message):
    with pytest.raises(ValueError, match=message):
        Settings.from_env(env)


def test_an_unknown_encoder_fails_at_start(tmp_path):
    with pytest.raises(ValueError, match="Unknown encoder"):
        create_app(make_settings(tmp_path, encoder="no-such-model"))


def test_backend_database_url_is_read_once_and_never_shown_with_its_password():
    assert Settings.from_env({}).database_url is None
    settings = Settings.from_env({"BACKEND_DATABASE_URL": " postgresql://lst:pa:ss@db:5432/lst "})
    assert settings.database_url == "postgresql://lst:pa:ss@db:5432/lst"
    assert settings.database_label == "postgresql://lst:***@db:5432/lst"
    assert "pa:ss" not in repr(settings)
    assert redact_url("postgres://u@h/d?sslmode=require&password=x") == (
        "postgres://u@h/d?sslmode=require&password=***"
    )


def test_backend_database_url_must_be_postgresql():
    with pytest.raises(
        ValueError,
        match=r"BACKEND_DATABASE_URL must be a PostgreSQL URL.*got 'mysql://u:\*\*\*@h/d'",
    ):
        Settings.from_env({"BACKEND_DATABASE_URL": "mysql://u:secret@h/d"})
