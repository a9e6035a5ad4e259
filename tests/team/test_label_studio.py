"""Label Studio under gunicorn for the team stack, the backend's worker count, and the CLI's
``up --team`` / ``down`` without a running Label Studio."""

from __future__ import annotations

import json
import os
import socket
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from ls_thematic.label_config.errors import LabelStudioError
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.demo import backend_command
from ls_thematic.scripts.lsserver import HOST, process_record
from ls_thematic.scripts.team import label_studio, stack
from ls_thematic.scripts.team.postgres import PostgresServer


def fake_label_studio(folder: Path, with_gunicorn: bool = True) -> Path:
    """A virtual environment's bin/ with a label-studio (and a gunicorn) that do nothing."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(parents=True)
    names = ["label-studio", "gunicorn"] if with_gunicorn else ["label-studio"]
    for name in names:
        (bin_dir / name).write_text("#!/bin/sh\nexit 0\n")
        (bin_dir / name).chmod(0o755)
    return bin_dir / "label-studio"


def test_gunicorn_command_serves_label_studio_with_workers_on_loopback(tmp_path):
    executable = fake_label_studio(tmp_path)
    command = label_studio.gunicorn_command(executable, 18123, workers=3)
    assert command[0] == str(tmp_path / "bin" / "gunicorn")
    assert command[command.index("-w") + 1] == "3"
    assert command[command.index("-b") + 1] == "127.0.0.1:18123"
    assert command[-1] == "label_studio.core.wsgi:application"
    assert "label-studio" in " ".join(command)  # what `down` checks in the command line
    env = label_studio.wsgi_environment({"PATH": "/bin"}, Path("/x/label_studio"))
    assert env["DJANGO_SETTINGS_MODULE"] == "label_studio.core.settings.label_studio"
    assert env["PYTHONPATH"] == "/x/label_studio" and env["PATH"] == "/bin"


def test_gunicorn_missing_or_no_workers_is_a_clear_error(tmp_path):
    executable = fake_label_studio(tmp_path / "a", with_gunicorn=False)
    with pytest.raises(LabelStudioError, match=r"gunicorn is not installed .*make venv-ls"):
        label_studio.gunicorn_command(executable, 18123)
    executable = fake_label_studio(tmp_path / "b")
    with pytest.raises(LabelStudioError, match="at least 1 worker process; got 0"):
        label_studio.gunicorn_command(executable, 18123, workers=0)


def test_a_port_someone_listens_on_is_refused():
    with socket.socket() as busy:
        busy.bind((HOST, 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        with pytest.raises(LabelStudioError, match=f"Port {port} on 127.0.0.1 is in use"):
            label_studio._choose_port(port)
    assert label_studio._choose_port(port) == port  # free again


def test_backend_command_takes_a_worker_count():
    assert backend_command(9999)[backend_command(9999).index("-w") + 1] == "1"
    command = backend_command(9999, workers=2)
    assert command[command.index("-w") + 1] == "2"


def test_label_studio_environment_without_redis(tmp_path):
    server = PostgresServer(
        url="postgresql://u:pw@127.0.0.1:5999/label_studio", port=5999, pid=1, data_dir=tmp_path,
        user="u", password="pw", database="label_studio", socket_dir=tmp_path,
        bin_dir=tmp_path, log_path=tmp_path / "log",
    )  # fmt: skip
    env = stack.team_label_studio_environment(
        tmp_path, tmp_path / "ls", server, username="a@example.org", password="p" * 12,
        api_key="0" * 40,
    )  # fmt: skip
    assert "REDIS_LOCATION" not in env
    assert env["POSTGRE_NAME"] == "label_studio" and env["POSTGRE_PORT"] == "5999"
    assert stat.S_IMODE((tmp_path / stack.SECRET_KEY_FILE).stat().st_mode) == 0o600


def test_up_team_refuses_no_backend_and_down_of_an_empty_folder(tmp_path):
    runner = CliRunner()
    refused = runner.invoke(main, ["up", "--team", "--no-backend", "--data", str(tmp_path)])
    assert refused.exit_code == 2
    assert "--team always starts the backend; leave out --no-backend." in refused.output
    assert not stack.is_team(tmp_path)
    down = runner.invoke(main, ["down", "--data", str(tmp_path)])
    assert down.exit_code == 0 and down.output == "Nothing was running.\n"


def test_a_failed_start_stops_what_it_started(stack_dir, needs_postgres):
    with socket.socket() as busy:
        busy.bind((HOST, 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        try:
            with pytest.raises(LabelStudioError, match=f"Port {port} on 127.0.0.1 is in use"):
                stack.start_team(stack_dir, port=port, backend_port=port + 1)
            record = json.loads((stack_dir / "postgres.json").read_text())
        finally:
            stack.stop_team(stack_dir)  # nothing, when start_team cleaned up
    assert stack.is_team(stack_dir)
    assert os.stat(stack_dir).st_mode & 0o001  # o+x for PostgreSQL's user
    assert record["pid"] == 0  # stopped again, the cluster kept
    assert (stack_dir / "postgres" / "PG_VERSION").exists()
    assert not (stack_dir / "label-studio.json").exists()
    cluster = f"-D {stack_dir / 'postgres'} "
    assert [pid for pid in _pids() if cluster in _cmdline(pid)] == []


def _pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _cmdline(pid: int) -> str:
    record = process_record(pid)
    return (record and record.cmdline) or ""
