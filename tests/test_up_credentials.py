"""`make up`'s credentials and file modes (scripts/demo.py).

A random Label Studio password and random Basic auth credentials for the backend, kept in a
0600 file in a 0700 data folder; the backend requires them (a real gunicorn is started) and
Label Studio's model connection and webhook are given them.
"""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from ls_thematic.label_config.errors import LabelStudioError
from ls_thematic.scripts import demo
from ls_thematic.scripts.lsserver import LabelStudioServer, free_port, process_record


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_credentials_are_random_private_and_kept(tmp_path):
    first = demo.ensure_credentials(tmp_path / "a")
    other = demo.ensure_credentials(tmp_path / "b")
    path = demo.credentials_path(tmp_path / "a")
    assert _mode(path) == 0o600
    assert json.loads(path.read_text()) == {
        "username": demo.DEMO_USER, "password": first.password,
        "backend_user": first.backend_user, "backend_password": first.backend_password,
    }  # fmt: skip
    assert len(first.password) >= 20 and len(first.backend_password) >= 30
    assert first.password != other.password and first.backend_user != other.backend_user
    assert first.backend_password != other.backend_password
    assert demo.LEGACY_PASSWORD not in (first.password, other.password)
    assert demo.ensure_credentials(tmp_path / "a") == first  # a data folder keeps its own


def test_a_folder_started_before_credentials_keeps_its_password(tmp_path):
    (tmp_path / "label-studio").mkdir()
    (tmp_path / "label-studio" / "label_studio.sqlite3").write_bytes(b"")
    assert demo.ensure_credentials(tmp_path).password == demo.LEGACY_PASSWORD


def test_a_broken_credentials_file_is_named(tmp_path):
    demo.credentials_path(tmp_path).write_text('{"username": "x"}')
    with pytest.raises(LabelStudioError, match=r"credentials.json is not a credentials file"):
        demo.ensure_credentials(tmp_path)


class _FakeClient:
    """The parts of the SDK client `up` and `connect_backend` call, recording the calls."""

    def __init__(self, backends=(), hooks=()):
        self.calls = []
        self._backends, self._hooks = list(backends), list(hooks)
        self.ml = SimpleNamespace(list=lambda project: self._backends,
                                  create=self._create, update=self._record("ml.update"))  # fmt: skip
        self.webhooks = SimpleNamespace(list=lambda project: self._hooks,
                                        update=self._record("webhooks.update"))  # fmt: skip

    def _record(self, name):
        return lambda *args, **kwargs: self.calls.append((name, args, kwargs))

    def _create(self, **kwargs):
        self.calls.append(("ml.create", (), kwargs))
        url = kwargs["url"].rstrip("/") + "/webhook"  # as Label Studio's post_save signal does
        self._hooks.append(SimpleNamespace(id=7, url=url, headers={}))


def test_connect_backend_gives_label_studio_the_basic_credentials():
    client = _FakeClient()
    demo.connect_backend(client, 3, "http://127.0.0.1:9090", auth=("user-1", "pa:ss"))
    (name, _, created), (hook_call, hook_args, hook) = client.calls
    assert name == "ml.create" and created["auth_method"] == "BASIC_AUTH"
    assert (created["basic_auth_user"], created["basic_auth_pass"]) == ("user-1", "pa:ss")
    assert hook_call == "webhooks.update" and hook_args == (7,)
    token = base64.b64encode(b"user-1:pa:ss").decode()
    assert hook["headers"] == {"Authorization": f"Basic {token}"}


def test_connect_backend_brings_an_old_connection_up_to_date():
    backend = SimpleNamespace(id=5, url="http://127.0.0.1:9090/")
    hook = SimpleNamespace(id=8, url="http://127.0.0.1:9090/webhook", headers=None)
    client = _FakeClient([backend], [hook])
    demo.connect_backend(client, 3, "http://127.0.0.1:9090", auth=("u", "p"))
    assert [c[0] for c in client.calls] == ["ml.update", "webhooks.update"]
    assert client.calls[0][1] == (5,) and client.calls[0][2] == {
        "url": "http://127.0.0.1:9090",
        "project": 3,
        "auth_method": "BASIC_AUTH",
        "basic_auth_user": "u",
        "basic_auth_pass": "p",
    }  # Label Studio 1.23 checks an update with the url and project: both are sent


def test_up_uses_the_credentials_file_and_private_folders(tmp_path, monkeypatch):
    data = tmp_path / "new" / "data"
    seen = {}

    def start(data_dir, **kwargs):
        seen.update(kwargs, data_dir=data_dir)
        return LabelStudioServer(
            url="http://127.0.0.1:9", api_key="a" * 40, username=kwargs["username"],
            password=kwargs["password"], pid=1, data_dir=data_dir, log_path=kwargs["log_path"],
        )  # fmt: skip

    def backend(data_dir, port, ls, *, credentials):
        seen["backend"] = credentials
        return "http://127.0.0.1:9090", 1

    client = _FakeClient()
    monkeypatch.setattr(demo, "start_label_studio", start)
    monkeypatch.setattr(demo, "LabelStudio", lambda **kwargs: client)
    monkeypatch.setattr(demo, "ensure_demo_project", lambda c: (4, True))
    monkeypatch.setattr(demo, "start_backend", backend)
    result = demo.up(data)
    credentials = demo.read_credentials(data)
    assert seen["password"] == credentials.password != demo.LEGACY_PASSWORD
    assert seen["backend"] == credentials
    assert result.credentials_path == data / "credentials.json"
    assert _mode(data) == 0o700 and _mode(data / "label-studio") == 0o700
    assert _mode(data / "credentials.json") == 0o600
    assert _mode(data / "label-studio.json") == 0o600
    assert client.calls[0][2]["basic_auth_user"] == credentials.backend_user


def test_an_existing_data_folder_is_made_private(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    monkeypatch.setattr(demo, "start_label_studio", _refuse)
    with pytest.raises(LabelStudioError, match="stop here"):
        demo.up(data, with_backend=False)
    assert _mode(data) == 0o700


def _refuse(*args, **kwargs):
    raise LabelStudioError("stop here")


def test_the_backend_command_binds_loopback_without_a_shared_control_socket():
    command = demo.backend_command(9191)
    assert command[command.index("-b") + 1] == "127.0.0.1:9191"
    with_config = command[1:3] == ["-c", f"python:{demo.GUNICORN_CONF}"]
    assert with_config or "--no-control-socket" in command


def test_the_backend_requires_the_credentials(tmp_path):
    """A real gunicorn started as `up` starts it: /health is open, the rest needs Basic auth."""
    data = demo.private_folder(tmp_path / "data")
    credentials = demo.ensure_credentials(data)
    ls = LabelStudioServer(url="http://127.0.0.1:9", api_key="a" * 40, username="u", password="p",
                           pid=1, data_dir=data, log_path=data / "ls.log")  # fmt: skip
    url, pid = demo.start_backend(data, free_port(), ls, timeout=240)
    try:
        assert url.startswith("http://127.0.0.1:")
        assert "BASIC_AUTH_PASS" not in process_record(pid).cmdline
        assert requests.get(f"{url}/health", timeout=10).status_code == 200
        params = {"project": "1"}
        assert requests.get(f"{url}/versions", params=params, timeout=10).status_code == 401
        wrong = requests.get(f"{url}/versions", params=params, auth=("x", "y"), timeout=10)
        assert wrong.status_code == 401
        right = requests.get(f"{url}/versions", params=params, auth=credentials.backend_auth,
                             timeout=10)  # fmt: skip
        assert right.status_code != 401, right.text
        state = json.loads((data / "backend.json").read_text())
        assert state["start_time"] == process_record(pid).start_time
        assert _mode(data / "backend.json") == 0o600 and _mode(data / "backend.log") == 0o600
        assert _mode(data / "models") == 0o700
    finally:
        assert demo.down(data) == [f"backend (pid {pid})"]
