"""Recorded pids (scripts/lsserver.py, scripts/demo.py): a pid given to another process since is
neither signalled by `down` nor reused by `up`.

Real processes stand in for the servers: a Python sleeping under the name ``label-studio`` or
``gunicorn`` (so the old command-line check alone would take it for ours). A pid cannot be made
to be reused on demand, so the reuse is faked: the state file records a process that has exited
(its start time and command line) with the pid of another live process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ls_thematic.label_config.errors import LabelStudioError
from ls_thematic.scripts import demo
from ls_thematic.scripts.lsserver import (
    LabelStudioServer,
    ProcessRecord,
    is_recorded_process,
    process_record,
    read_state,
    stop_process,
    write_state,
)

SLEEP = "import time; time.sleep(120)"


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def _spawn(name: str) -> subprocess.Popen:
    """A live process whose command line starts with ``name``."""
    return subprocess.Popen([name, "-c", SLEEP], executable=sys.executable, start_new_session=True)


@pytest.fixture
def processes():
    started: list[subprocess.Popen] = []

    def spawn(name: str) -> subprocess.Popen:
        process = _spawn(name)
        started.append(process)
        deadline = time.monotonic() + 10
        while process_record(process.pid).cmdline.split()[:1] != [name]:  # until exec is done
            assert time.monotonic() < deadline
            time.sleep(0.01)
        return process

    yield spawn
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture
def exited(processes) -> dict[str, ProcessRecord]:
    """The records of a `label-studio` and a `gunicorn` that have exited (servers of the past)."""
    records = {}
    for name in ("label-studio", "gunicorn"):
        process = processes(name)
        records[name] = process_record(process.pid)
        process.kill()
        process.wait()
    time.sleep(0.05)  # the next processes start at least 5 clock ticks later
    return records


def _state(data: Path, name: str, record: ProcessRecord) -> None:
    if name == "label-studio":
        write_state(
            data / "label-studio.json",
            LabelStudioServer(
                url="http://127.0.0.1:9", api_key="a" * 40, username="u@example.org",
                password="pw", pid=record.pid, data_dir=data / "label-studio",
                log_path=data / "label-studio.log", start_time=record.start_time,
                cmdline=record.cmdline,
            ),
        )  # fmt: skip
    else:
        state = {"url": "http://127.0.0.1:9", "pid": record.pid,
                 "start_time": record.start_time, "cmdline": record.cmdline}  # fmt: skip
        (data / "backend.json").write_text(json.dumps(state))


def test_process_record_is_start_time_and_command_line(processes):
    process = processes("label-studio")
    record = process_record(process.pid)
    fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    assert record.start_time == int(fields[19]) > 0  # field 22 of /proc/<pid>/stat
    assert record.cmdline.split() == ["label-studio", "-c", *SLEEP.split()]
    assert is_recorded_process(process.pid, record.start_time, record.cmdline)
    assert not is_recorded_process(process.pid, record.start_time - 1, record.cmdline)
    assert not is_recorded_process(process.pid, record.start_time, "gunicorn -c x")


def test_stop_process_spares_another_process_with_the_pid(processes, exited):
    impostor = processes("label-studio")  # the same command line, started later
    old = exited["label-studio"]
    now = process_record(impostor.pid)
    assert now.cmdline == old.cmdline and now.start_time != old.start_time
    assert stop_process(impostor.pid, start_time=old.start_time, cmdline=old.cmdline) is False
    assert stop_process(impostor.pid, start_time=now.start_time, cmdline="sleep 60") is False
    assert _alive(impostor.pid)
    assert stop_process(impostor.pid, start_time=now.start_time, cmdline=now.cmdline) is True
    assert impostor.poll() is not None


def test_down_leaves_pids_that_other_processes_were_given(tmp_path, processes, exited):
    servers = {name: processes(name) for name in ("label-studio", "gunicorn")}
    for name, process in servers.items():
        old = exited[name]
        _state(tmp_path, name, ProcessRecord(process.pid, old.start_time, old.cmdline))
    assert demo.down(tmp_path) == []
    assert all(_alive(p.pid) for p in servers.values())
    assert not (tmp_path / "backend.json").exists()  # the stale records are gone
    assert not (tmp_path / "label-studio.json").exists()


def test_down_stops_the_recorded_processes(tmp_path, processes):
    servers = {name: processes(name) for name in ("label-studio", "gunicorn")}
    for name, process in servers.items():
        _state(tmp_path, name, process_record(process.pid))
    stopped = demo.down(tmp_path)
    assert stopped == [f"backend (pid {servers['gunicorn'].pid})",
                       f"Label Studio (pid {servers['label-studio'].pid})"]  # fmt: skip
    assert all(p.poll() is not None for p in servers.values())


class _Started(Exception):
    pass


def test_up_does_not_reuse_a_pid_another_process_was_given(tmp_path, processes, exited,
                                                           monkeypatch):  # fmt: skip
    impostor = processes("label-studio")
    old = exited["label-studio"]
    _state(tmp_path, "label-studio", ProcessRecord(impostor.pid, old.start_time, old.cmdline))
    monkeypatch.setattr(demo, "wait_healthy", lambda url, timeout: None)  # "it answers"

    def start(*args, **kwargs):
        raise _Started

    monkeypatch.setattr(demo, "start_label_studio", start)
    with pytest.raises(_Started):  # a new server is started: the recorded one is not reused
        demo.up(tmp_path, with_backend=False)
    assert _alive(impostor.pid)
    assert read_state(tmp_path / "label-studio.json").pid == impostor.pid


def test_a_corrupt_backend_state_is_named(tmp_path):
    (tmp_path / "backend.json").write_text('{"url": "x"}')
    with pytest.raises(LabelStudioError, match=r"backend.json is not a backend state file"):
        demo.down(tmp_path)
