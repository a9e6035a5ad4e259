"""One backend process per MODEL_DIR (backend/lock.py), tried with real processes.

Two processes on one folder lost acknowledged events (issue 9: with ``-w 2``, 93 of 200 were gone
after a restart). The second process must fail at start, naming the folder and the holder.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ls_thematic.backend.lock import LOCK_FILE, ModelDirLocked, lock_holder, lock_model_dir
from ls_thematic.scripts.lsserver import free_port

HOLD = """
import sys
from ls_thematic.backend.lock import lock_model_dir
lock_model_dir(sys.argv[1])
print("locked", flush=True)
sys.stdin.read()  # hold it until the test closes stdin or kills this process
"""
TRY = """
import sys
from ls_thematic.backend.lock import ModelDirLocked, lock_model_dir
try:
    lock_model_dir(sys.argv[1])
except ModelDirLocked as exc:
    print(exc)
    sys.exit(3)
print("locked")
"""


def hold(folder: Path) -> subprocess.Popen:
    """A process that takes the lock of ``folder`` and keeps it."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline() == "locked\n"
    return proc


def try_lock(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", TRY, str(folder)], capture_output=True, text=True, timeout=60
    )


def test_a_second_process_fails_fast_naming_the_folder_and_the_holder(tmp_path):
    folder = tmp_path / "models"
    holder = hold(folder)
    try:
        started = time.monotonic()
        second = try_lock(folder)
        assert time.monotonic() - started < 30  # it does not wait for the lock
        assert second.returncode == 3, second.stdout + second.stderr
        assert f"MODEL_DIR {os.path.realpath(folder)} is in use by process {holder.pid}" in (
            second.stdout
        )
        assert f"{os.path.realpath(folder)}/{LOCK_FILE}" in second.stdout
        assert lock_holder(folder) == holder.pid
    finally:
        holder.stdin.close()
        holder.wait(30)
    assert try_lock(folder).stdout == "locked\n"  # released when the holder ended


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    folder = tmp_path / "models"
    holder = hold(folder)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(30)
    holder.stdin.close()
    holder.stdout.close()
    assert lock_holder(folder) == holder.pid  # its pid stays written, the lock does not
    after = try_lock(folder)
    assert (after.returncode, after.stdout) == (0, "locked\n")


def test_the_lock_is_taken_once_per_process_and_writes_the_pid(tmp_path):
    folder = tmp_path / "new" / "models"
    path = lock_model_dir(folder)
    assert path == Path(os.path.realpath(folder)) / LOCK_FILE
    assert lock_model_dir(folder) == path  # a second app in the same process reuses it
    assert path.read_text() == f"{os.getpid()}\n"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = try_lock(folder)
    assert second.returncode == 3 and f"process {os.getpid()}" in second.stdout


def test_an_existing_model_dir_is_made_owner_only(tmp_path):
    folder = tmp_path / "models"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    lock_model_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_message_says_what_to_do(tmp_path):
    holder = hold(tmp_path)
    try:
        with pytest.raises(ModelDirLocked, match=r"is in use by process \d+.*-w 1"):
            lock_model_dir(tmp_path)
    finally:
        holder.stdin.close()
        holder.wait(30)


def gunicorn(model_dir: Path, workers: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "MODEL_DIR": str(model_dir), "ENCODER": "fake"}
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        *("-w", str(workers), "-b", f"127.0.0.1:{free_port()}", "--no-control-socket"),
        "ls_thematic.backend.app:create_app()",
    ]
    with open(log, "wb") as out:
        return subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )


def wait_for_log(log: Path, text: str, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text(errors="replace"):
        assert time.monotonic() < deadline, f"no {text!r} in {log}"
        time.sleep(0.2)


def test_gunicorn_with_two_workers_on_one_model_dir_refuses_to_run(tmp_path):
    log = tmp_path / "gunicorn.log"
    proc = gunicorn(tmp_path / "models", 2, log)
    try:
        code = proc.wait(240)  # a loaded 2-core machine takes a minute to import the app
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    text = log.read_text(errors="replace")
    assert code == 3, text  # gunicorn's "Worker failed to boot"
    assert f"MODEL_DIR {os.path.realpath(tmp_path / 'models')} is in use by process" in text


def test_a_second_backend_on_the_same_model_dir_refuses_to_run(tmp_path):
    first = gunicorn(tmp_path / "models", 1, tmp_path / "first.log")
    try:
        wait_for_log(tmp_path / "first.log", "Booting worker")
        deadline = time.monotonic() + 240
        while lock_holder(tmp_path / "models") is None:  # the worker has built the app
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.2)
        second = gunicorn(tmp_path / "models", 1, tmp_path / "second.log")
        assert second.wait(240) == 3
        text = (tmp_path / "second.log").read_text(errors="replace")
        holder = lock_holder(tmp_path / "models")
        assert f"is in use by process {holder}" in text
        assert first.poll() is None  # the first one keeps serving
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
