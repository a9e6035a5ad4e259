"""Redis of the team stack: start with a password on loopback, keep data across a restart, stop
without leaving a process, and clear messages when it cannot run."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest

from ls_thematic.scripts.lsserver import process_record
from ls_thematic.scripts.team import StackError, system
from ls_thematic.scripts.team import redis_server as rs


@pytest.fixture
def needs_redis():
    if rs.find_redis() is None and os.geteuid() != 0:
        pytest.skip("redis-server is missing and only root installs it")


def _cli(server: rs.RedisServer, *args: str, password: str | None = None) -> str:
    done = subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", str(server.port), *args],
        env={"PATH": os.environ["PATH"], "REDISCLI_AUTH": password or server.password},
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    return done.stdout.strip()


def test_start_store_stop_restart_keeps_data(stack_dir, needs_redis):
    server = rs.start_redis(stack_dir)
    try:
        assert server.url == f"redis://:{server.password}@127.0.0.1:{server.port}/0"
        assert _cli(server, "set", "coded", "3654") == "OK"
        assert _cli(server, "config", "get", "bind").splitlines() == ["bind", "127.0.0.1"]
        assert "NOAUTH" in _cli(server, "get", "coded", password="wrong") or "WRONGPASS" in _cli(
            server, "get", "coded", password="wrong"
        )
        assert rs.start_redis(stack_dir).pid == server.pid  # running: reused
    finally:
        assert rs.stop_redis(stack_dir) is True
    assert process_record(server.pid) is None
    assert rs.stop_redis(stack_dir) is False

    again = rs.start_redis(stack_dir)
    try:
        assert again.pid != server.pid
        assert (again.password, again.port) == (server.password, server.port)
        assert _cli(again, "get", "coded") == "3654"
    finally:
        rs.stop_redis(stack_dir)
    assert process_record(again.pid) is None


def test_files_are_private(stack_dir, needs_redis):
    server = rs.start_redis(stack_dir)
    try:
        folder = stack_dir / rs.REDIS_DIR
        owner = "redis" if os.geteuid() == 0 else system.OsUser.current().name
        assert folder.owner() == owner
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE((folder / rs.CONFIG_FILE).stat().st_mode) == 0o600
        assert stat.S_IMODE((stack_dir / rs.PASSWORD_FILE).stat().st_mode) == 0o600
        assert server.password not in (server.cmdline or "")
    finally:
        rs.stop_redis(stack_dir)


def test_config_is_loopback_with_password(tmp_path):
    text = rs.redis_config(tmp_path, 6399, "secret")
    lines = text.splitlines()
    assert "bind 127.0.0.1" in lines
    assert "requirepass secret" in lines
    assert "port 6399" in lines
    assert f"dir {tmp_path}" in lines


def test_missing_redis_not_root(monkeypatch, tmp_path):
    monkeypatch.setattr(rs, "find_redis", lambda: None)
    monkeypatch.setattr(system, "is_root", lambda: False)
    with pytest.raises(StackError, match=r"Redis \(redis-server and redis-cli\) is not installed\. "
                       r"Install Debian's package with `sudo apt-get install redis-server`"):  # fmt: skip
        rs.start_redis(tmp_path / "data")


def test_busy_port(stack_dir, needs_redis):
    server = rs.start_redis(stack_dir)
    try:
        with pytest.raises(StackError, match=rf"Port {server.port} on 127\.0\.0\.1 is in use"):
            rs.start_redis(stack_dir.parent / "other", port=server.port)
    finally:
        rs.stop_redis(stack_dir)
