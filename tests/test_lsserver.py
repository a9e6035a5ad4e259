"""Tests of scripts/lsserver.py: fast ones with stand-in executables, and one real server."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import time
from pathlib import Path

import pytest

from ls_thematic.label_config.errors import LabelStudioError
from ls_thematic.scripts import lsserver
from ls_thematic.scripts.lsserver import (
    LabelStudioServer,
    find_label_studio,
    free_port,
    read_state,
    start_label_studio,
    stop_process,
    wait_healthy,
    write_state,
)


def _script(path: Path, body: str) -> Path:
    """Write an executable shell script standing in for `label-studio`."""
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _alive(pid: int) -> bool:
    """True if ``pid`` runs; a zombie (exited, not yet reaped by its parent) counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat_file = Path(f"/proc/{pid}/stat")
    return not (stat_file.exists() and stat_file.read_text().rsplit(")", 1)[1].split()[0] == "Z")


@pytest.fixture
def server_record(tmp_path: Path) -> LabelStudioServer:
    return LabelStudioServer(
        url="http://127.0.0.1:8123",
        api_key="0123456789abcdef0123456789abcdef01234567",
        username="coder@example.com",
        password="secret",
        pid=4321,
        data_dir=tmp_path / "data",
        log_path=tmp_path / "data" / "label-studio.log",
    )


def test_find_label_studio_names_the_path_and_make_target(tmp_path: Path) -> None:
    with pytest.raises(
        LabelStudioError, match=r"not installed at .*nowhere/bin/label-studio.*make venv-ls"
    ):
        find_label_studio(tmp_path / "nowhere")


def test_find_label_studio_reads_the_environment_variable(tmp_path, monkeypatch) -> None:
    fake = _script(tmp_path / "label-studio", "exit 0\n")
    monkeypatch.setenv(lsserver.EXECUTABLE_ENV, str(fake))
    assert find_label_studio() == fake
    monkeypatch.setenv(lsserver.EXECUTABLE_ENV, str(tmp_path / "missing"))
    with pytest.raises(LabelStudioError, match=r"\$LS_THEMATIC_LABEL_STUDIO"):
        find_label_studio()


def test_free_port_can_be_bound() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_state_round_trip_is_private(tmp_path: Path, server_record: LabelStudioServer) -> None:
    path = tmp_path / "run" / "state.json"
    write_state(path, server_record)
    assert read_state(path) == server_record
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temporary file left


def test_read_state_missing_and_corrupt(tmp_path: Path) -> None:
    assert read_state(tmp_path / "absent.json") is None
    broken = tmp_path / "broken.json"
    broken.write_text('{"url": "http://127.0.0.1:1"}')
    with pytest.raises(LabelStudioError, match=r"broken.json is not a Label Studio state file"):
        read_state(broken)


def test_environment_is_clean_and_offline(tmp_path: Path, monkeypatch) -> None:
    for name, value in {
        "HOST": "evil",
        "PORT": "1",
        "USERNAME": "x",
        "SENTRY_DSN": "https://x",
    }.items():
        monkeypatch.setenv(name, value)
    fake = _script(
        tmp_path / "label-studio", 'env > "$LABEL_STUDIO_BASE_DATA_DIR/env.txt"\nexit 3\n'
    )
    data_dir = tmp_path / "data"
    with pytest.raises(LabelStudioError, match=r"exited with code 3"):
        start_label_studio(data_dir, executable=fake, username="me@example.com", password="pw")
    env = dict(line.split("=", 1) for line in (data_dir / "env.txt").read_text().splitlines())
    assert "HOST" not in env and "PORT" not in env and "USERNAME" not in env
    assert env["SENTRY_DSN"] == "" and env["COLLECT_ANALYTICS"] == "false"
    assert env["LATEST_VERSION_CHECK"] == "false"
    assert env["LABEL_STUDIO_USERNAME"] == "me@example.com"
    assert env["LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN"] == "true"
    assert env["USE_DEFAULT_BANNED_SUBNETS"] == "false"
    token = env["LABEL_STUDIO_USER_TOKEN"]
    assert len(token) == 40 and int(token, 16) >= 0
    assert (data_dir / "ls_thematic_token").read_text().strip() == token


def test_early_exit_quotes_the_log(tmp_path: Path) -> None:
    fake = _script(
        tmp_path / "label-studio", 'echo "django.db.utils.OperationalError: boom"\nexit 2\n'
    )
    log_path = tmp_path / "logs" / "ls.log"
    with pytest.raises(LabelStudioError, match=r"(?s)exited with code 2.*OperationalError: boom"):
        start_label_studio(tmp_path / "data", executable=fake, log_path=log_path)


def test_timeout_stops_the_server(tmp_path: Path) -> None:
    fake = _script(
        tmp_path / "label-studio", 'echo $$ > "$LABEL_STUDIO_BASE_DATA_DIR/pid"\nexec sleep 60\n'
    )
    data_dir = tmp_path / "data"
    with pytest.raises(LabelStudioError, match=r"did not answer http://127\.0\.0\.1:\d+/health"):
        start_label_studio(data_dir, executable=fake, timeout=1)
    assert not _alive(int((data_dir / "pid").read_text()))


def test_busy_port_is_refused(tmp_path: Path) -> None:
    fake = _script(tmp_path / "label-studio", "exit 0\n")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(LabelStudioError, match=rf"Port {port} on 127.0.0.1 is in use"):
            start_label_studio(tmp_path / "data", port=port, executable=fake)


def test_token_of_a_data_dir_cannot_change(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "ls_thematic_token").write_text("a" * 40 + "\n")
    fake = _script(tmp_path / "label-studio", "exit 0\n")
    with pytest.raises(LabelStudioError, match=r"first started with another API token"):
        start_label_studio(data_dir, api_key="b" * 40, executable=fake)


def _venv_script(tmp_path: Path, body: str) -> Path:
    """A stand-in `label-studio` inside its own venv-like folder (the template goes beside bin/)."""
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    return _script(tmp_path / "venv" / "bin" / "label-studio", body)


def test_database_template_is_migrated_once_and_seeds_new_directories(tmp_path: Path) -> None:
    fake = _venv_script(
        tmp_path,
        f'echo "$1 $COLLECT_ANALYTICS" >> "{tmp_path}/calls"\n'
        'if [ "$1" = version ]; then printf migrated > label_studio.sqlite3; exit 0; fi\n'
        "exit 3\n",
    )
    template = lsserver.prepare_database_template(fake)
    assert template == tmp_path / "venv" / "ls-thematic-empty.sqlite3"
    assert template.read_text() == "migrated"
    assert lsserver.prepare_database_template(fake) == template  # kept, not migrated again
    assert (tmp_path / "calls").read_text() == "version false\n"

    data_dir = tmp_path / "data"
    with pytest.raises(LabelStudioError, match="exited with code 3"):
        start_label_studio(data_dir, executable=fake)
    database = data_dir / "label_studio.sqlite3"
    assert database.read_text() == "migrated"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600

    database.write_text("coded data")  # a directory's own database is never replaced
    with pytest.raises(LabelStudioError, match="exited with code 3"):
        start_label_studio(data_dir, executable=fake)
    assert database.read_text() == "coded data"


def test_failed_migrations_leave_no_template(tmp_path: Path) -> None:
    fake = _venv_script(tmp_path, 'echo "django.db.utils.OperationalError: locked"\nexit 4\n')
    with pytest.raises(LabelStudioError, match=r"(?s)migrations failed \(exit code 4\).*locked"):
        lsserver.prepare_database_template(fake)
    slow = _venv_script(tmp_path / "slow", "exec sleep 60\n")
    with pytest.raises(LabelStudioError, match=r"did not finish within 1 s"):
        lsserver.prepare_database_template(slow, timeout=1)
    assert not list(tmp_path.glob("**/ls-thematic-empty.sqlite3"))


def test_stop_process_kills_the_group(tmp_path: Path) -> None:
    # A shell that ignores SIGTERM, with a child: both must be gone afterwards.
    child_pid_file = tmp_path / "child"
    proc = subprocess.Popen(
        ["sh", "-c", f"trap '' TERM; sleep 60 & echo $! > {child_pid_file}; wait"],
        start_new_session=True,
    )
    while not child_pid_file.exists() or not child_pid_file.read_text().strip():
        time.sleep(0.05)
    child = int(child_pid_file.read_text())
    assert stop_process(proc.pid, timeout=0.5) is True
    assert proc.poll() is not None
    assert stop_process(proc.pid) is False
    for _ in range(50):  # the orphaned child is reaped by init
        if not _alive(child):
            break
        time.sleep(0.1)
    assert not _alive(child)


def test_stop_process_checks_the_command_line(tmp_path: Path) -> None:
    proc = subprocess.Popen(["sleep", "60"], start_new_session=True)
    try:
        if Path(f"/proc/{proc.pid}/cmdline").exists():
            assert stop_process(proc.pid, cmdline_contains="label-studio") is False
            assert proc.poll() is None
    finally:
        assert stop_process(proc.pid) is True
        assert proc.poll() is not None


@pytest.mark.e2e
def test_real_label_studio_start_token_restart(tmp_path: Path) -> None:
    try:
        executable = find_label_studio()
    except LabelStudioError as err:
        pytest.skip(str(err))
    import httpx
    from label_studio_sdk import LabelStudio
    from label_studio_sdk.core.api_error import ApiError

    http = httpx.Client(timeout=30, trust_env=False)
    data_dir = tmp_path / "ls"
    server = start_label_studio(data_dir, executable=executable, username="coder@example.com")
    try:
        assert server.url.startswith("http://127.0.0.1:")
        client = LabelStudio(base_url=server.url, api_key=server.api_key, httpx_client=http)
        assert client.users.whoami().email == "coder@example.com"
        project = client.projects.create(title="lsserver test", label_config=_LABEL_CONFIG)
        assert [p.id for p in client.projects.list()] == [project.id]
        stranger = LabelStudio(base_url=server.url, api_key="f" * 40, httpx_client=http)
        with pytest.raises(ApiError) as refused:
            stranger.projects.list()
        assert refused.value.status_code == 401
        write_state(tmp_path / "state.json", server)
        assert read_state(tmp_path / "state.json") == server
    finally:
        assert stop_process(server.pid, cmdline_contains="label-studio") is True
    with pytest.raises(LabelStudioError, match="did not answer"):
        wait_healthy(server.url, 0)

    again = start_label_studio(data_dir, executable=executable, username="coder@example.com")
    try:
        assert again.api_key == server.api_key
        client = LabelStudio(base_url=again.url, api_key=again.api_key, httpx_client=http)
        assert [p.title for p in client.projects.list()] == ["lsserver test"]
    finally:
        stop_process(again.pid)
        http.close()


_LABEL_CONFIG = """<View>
  <Labels name="code" toName="text"><Label value="Trust"/></Labels>
  <Text name="text" value="$text"/>
</View>"""
