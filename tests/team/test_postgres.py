"""PostgreSQL of the team stack: start, connect over TCP with the password, keep data across a
restart, stop without leaving a process, and clear messages when it cannot run."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from ls_thematic.scripts.lsserver import process_record
from ls_thematic.scripts.team import StackError, start_postgres, stop_postgres, system
from ls_thematic.scripts.team import postgres as pg


def _psql(server: pg.PostgresServer, sql: str) -> str:
    """Run ``sql`` through psql over TCP with the server's URL (role and password)."""
    done = subprocess.run(
        [str(server.bin_dir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
         server.url, "-c", sql],
        capture_output=True, text=True, timeout=60, env={"PATH": os.environ["PATH"]},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _processes_using(folder: Path) -> list[int]:
    """Pids of processes whose command line names ``folder``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            record = process_record(int(entry.name))
            if record and record.cmdline and str(folder) in record.cmdline:
                found.append(record.pid)
    return found


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_start_create_table_stop_restart_keeps_data(stack_dir, needs_postgres):
    server = start_postgres(stack_dir)
    try:
        assert server.url == (
            f"postgresql://ls_thematic:{server.password}@127.0.0.1:{server.port}/ls_thematic"
        )
        _psql(server, "CREATE TABLE kept (x integer); INSERT INTO kept VALUES (42)")
        assert _psql(server, "SHOW listen_addresses") == "127.0.0.1"
        assert _psql(server, "SELECT current_user") == "ls_thematic"
        assert start_postgres(stack_dir).pid == server.pid  # running: reused, not restarted
    finally:
        assert stop_postgres(stack_dir) is True
    assert process_record(server.pid) is None
    assert _processes_using(stack_dir) == []
    assert stop_postgres(stack_dir) is False

    reusable = _free(server.port)  # another test may have taken it meanwhile
    again = start_postgres(stack_dir)
    try:
        assert again.pid != server.pid
        assert again.password == server.password
        assert again.port == server.port or not reusable  # the last port, when free
        assert "password" not in repr(again) and again.password not in repr(again)
        assert _psql(again, "SELECT x FROM kept") == "42"
    finally:
        stop_postgres(stack_dir)
    assert _processes_using(stack_dir) == []


def test_files_are_private(stack_dir, needs_postgres):
    server = start_postgres(stack_dir)
    try:
        password_file = stack_dir / pg.PASSWORD_FILE
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        assert password_file.read_text().strip() == server.password
        assert len(server.password) == 32
        cluster = stack_dir / pg.CLUSTER_DIR
        assert stat.S_IMODE(cluster.stat().st_mode) == 0o700
        owner = "postgres" if os.geteuid() == 0 else system.OsUser.current().name
        assert cluster.owner() == owner
        assert server.socket_dir == cluster
        assert (cluster / f".s.PGSQL.{server.port}").is_socket()
        assert stat.S_IMODE((stack_dir / pg.STATE_FILE).stat().st_mode) == 0o600
    finally:
        stop_postgres(stack_dir)


def test_wrong_password_is_refused(stack_dir, needs_postgres):
    server = start_postgres(stack_dir)
    try:
        wrong = server.url.replace(server.password, "0" * 32)
        done = subprocess.run(
            [str(server.bin_dir / "psql"), "-X", wrong, "-c", "SELECT 1"],
            capture_output=True, text=True, timeout=60, env={"PATH": os.environ["PATH"]},
        )  # fmt: skip
        assert done.returncode != 0
        assert "password authentication failed" in done.stderr
    finally:
        stop_postgres(stack_dir)


def test_ensure_database(stack_dir, needs_postgres):
    server = start_postgres(stack_dir)
    try:
        url = pg.ensure_database(server, "backend_store")
        assert url.endswith(f"@127.0.0.1:{server.port}/backend_store")
        assert pg.ensure_database(server, "backend_store") == url  # twice: no error
        with pytest.raises(StackError, match=r"Database name 'Bad-Name' is not allowed"):
            pg.ensure_database(server, "Bad-Name")
    finally:
        stop_postgres(stack_dir)


def test_missing_binaries_not_root(monkeypatch, tmp_path):
    monkeypatch.setattr(pg, "find_postgres_bin", lambda: None)
    monkeypatch.setattr(system, "is_root", lambda: False)
    with pytest.raises(StackError, match=r"PostgreSQL .* is not installed\. Install Debian's "
                       r"package with `sudo apt-get install postgresql`"):  # fmt: skip
        start_postgres(tmp_path / "data")


def test_missing_binaries_no_apt(monkeypatch, tmp_path):
    monkeypatch.setattr(pg, "find_postgres_bin", lambda: None)
    monkeypatch.setattr(system, "is_root", lambda: True)
    monkeypatch.setattr(system.shutil, "which", lambda name: None)
    with pytest.raises(StackError, match=r"there is no apt-get on this machine to install "
                       r"the Debian package 'postgresql'"):  # fmt: skip
        start_postgres(tmp_path / "data")


def test_bin_folder_from_environment_must_hold_the_programs(monkeypatch, tmp_path):
    monkeypatch.setenv(pg.BIN_ENV, str(tmp_path))
    with pytest.raises(StackError, match=r"LS_THEMATIC_PG_BIN is .* which does not hold "
                       r"PostgreSQL's programs initdb, postgres"):  # fmt: skip
        start_postgres(tmp_path / "data")


def test_debian_binaries_preferred(needs_postgres):
    found = pg.find_postgres_bin()
    assert found is not None
    assert found.parent.parent == pg.DEBIAN_ROOT  # /usr/lib/postgresql/<version>/bin


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs PostgreSQL as another user")
def test_unreachable_data_folder(tmp_path, needs_postgres):
    blocked = tmp_path / "blocked"
    blocked.mkdir(mode=0o700)
    blocked.chmod(0o700)
    with pytest.raises(StackError, match=r"PostgreSQL runs as the OS user 'postgres', which "
                       r"cannot reach .*: the folder .* \(mode 0700\) is not searchable"):  # fmt: skip
        start_postgres(blocked / "data")
