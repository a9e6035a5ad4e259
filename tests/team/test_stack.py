"""The team stack's services together, and Label Studio's settings for them."""

from __future__ import annotations

import os
import stat

import pytest

from ls_thematic.scripts.lsserver import process_record
from ls_thematic.scripts.team import stack
from ls_thematic.scripts.team.redis_server import find_redis


@pytest.fixture
def needs_services(needs_postgres):
    if find_redis() is None and os.geteuid() != 0:
        pytest.skip("redis-server is missing and only root installs it")


def test_services_start_and_stop(stack_dir, needs_services, monkeypatch):
    monkeypatch.setenv("LABEL_STUDIO_HOST", "https://coding.example.org")
    monkeypatch.setenv("LABEL_STUDIO_PRIVATE", "not for Label Studio")
    postgres, redis = stack.start_services(stack_dir)
    try:
        assert process_record(postgres.pid) is not None
        assert process_record(redis.pid) is not None
        env = stack.team_label_studio_environment(
            stack_dir, stack_dir / "label-studio", postgres, redis,
            username="a@example.org", password="p" * 12, api_key="0" * 40,
        )  # fmt: skip
        assert env["DJANGO_DB"] == "default"
        assert env["POSTGRE_NAME"] == env["POSTGRE_USER"] == "ls_thematic"
        assert env["POSTGRE_PASSWORD"] == postgres.password
        assert env["POSTGRE_HOST"] == "127.0.0.1"
        assert env["POSTGRE_PORT"] == str(postgres.port)
        assert env["REDIS_LOCATION"] == f"redis://:{redis.password}@127.0.0.1:{redis.port}/0"
        assert env["LABEL_STUDIO_BASE_DATA_DIR"] == str(stack_dir / "label-studio")
        assert env["COLLECT_ANALYTICS"] == "false"  # the offline settings are kept
        assert env["DEBUG"] == "false"
        assert env["LABEL_STUDIO_HOST"] == "https://coding.example.org"  # a proxy setting
        assert "LABEL_STUDIO_PRIVATE" not in env
        secret = stack_dir / stack.SECRET_KEY_FILE
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        assert env["SECRET_KEY"] == secret.read_text().strip()
    finally:
        assert stack.stop_services(stack_dir) == ["PostgreSQL", "Redis"]
    assert process_record(postgres.pid) is None
    assert process_record(redis.pid) is None
    assert stack.stop_services(stack_dir) == []
