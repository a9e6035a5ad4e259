"""docs/deployment.md stays true: every shell block is run here or marked as not run, and the
documented backup and restore commands, run as written on real clusters, bring back every row
and file by value."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from ls_thematic.scripts.cli import main
from ls_thematic.scripts.team import StackError, start_postgres, stop_postgres
from ls_thematic.scripts.team import backup as bk
from ls_thematic.scripts.team.postgres import ensure_database
from ls_thematic.scripts.team.system import read_record

from ..conftest import REPO

DOC = REPO / "docs" / "deployment.md"
TESTED = {"save", "pg_dump", "restore", "pg_restore", "connections"}
NOT_RUN = "# not run here"
SAVE_OUT = "/srv/backups/ls-thematic-$(date +%F)"
BACKUP_IN = "/srv/backups/ls-thematic-2026-12-01"

# The rows every test database holds; compared by value after a restore.
TASKS = [
    {"id": 1, "data": {"text": "Ça va — I was afraid to reduce 😀", "turns": [1, 2]}, "note": None},
    {"id": 2, "data": {"text": "Line one\nline two\t'quoted'"}, "note": 'memo: "kept"'},
]
SEGMENTS = [
    {
        "project": "7.1700000000",
        "annotation": 3,
        "segments": '[{"start":0,"end":12}]',
        "revision": 5,
    },
    {"project": "7.1700000000", "annotation": 4, "segments": None, "revision": 6},
]
SETUP = {
    "label_studio": (
        "CREATE TABLE task (id integer PRIMARY KEY, data jsonb NOT NULL, note text);",
        "task",
        TASKS,
    ),
    "backend": (
        "CREATE TABLE ls_thematic_segments (project text, annotation bigint, segments text, "
        "revision bigint, PRIMARY KEY (project, annotation));",
        "ls_thematic_segments",
        SEGMENTS,
    ),
}
FILES = {
    "credentials.json": '{"username": "admin@example.org"}\n',
    "label-studio/media/upload/1/transcript-ä.txt": "Interviewer: hello\n",
    "models/7.1700000000/project.json": '{"created": 1700000000}\n',
}
LEFT_OUT = ("backend.log", "label-studio.json", "backend.json")


def shell_blocks() -> list[tuple[str, str]]:
    """``(first line, text)`` of every ```bash block of docs/deployment.md."""
    text = DOC.read_text(encoding="utf-8")
    return [(b.split("\n", 1)[0], b) for b in re.findall(r"```bash\n(.*?)```", text, flags=re.S)]


def block(name: str) -> str:
    (found,) = [text for first, text in shell_blocks() if first == f"# tested: {name}"]
    return found


def run_block(name: str, replace: dict[str, str], password: str | None = None) -> str:
    """Run a documented block with bash from the repository folder, paths replaced."""
    script = block(name)
    for old, new in replace.items():
        script = script.replace(old, new)
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}
    if password is not None:
        env["PGPASSWORD"] = password
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, f"{name}:\n{script}\n{done.stderr}"
    return done.stdout


@pytest.fixture
def reachable_dir():
    """Like ``stack_dir``: a folder PostgreSQL's OS user can pass through, for a second cluster."""
    folder = Path(tempfile.mkdtemp(prefix="ls-thematic-restore-"))
    folder.chmod(0o711)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _psql(url: str, sql: str) -> str:
    done = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                          capture_output=True, text=True, timeout=60,
                          env={"PATH": os.environ["PATH"]})  # fmt: skip
    failed = done.returncode != 0  # not `done` in the assertion: its repr holds the URL's password
    assert not failed, done.stderr
    return done.stdout.strip()


def _url(server, database: str) -> str:
    return server.url.rsplit("/", 1)[0] + "/" + database


def fill(server) -> None:
    """Both databases with the rows above, as the stack's role."""
    for database, (ddl, table, rows) in SETUP.items():
        ensure_database(server, database)
        values = json.dumps(rows).replace("'", "''")
        _psql(_url(server, database), f"{ddl} INSERT INTO {table} SELECT * FROM "
              f"json_populate_recordset(NULL::{table}, '{values}');")  # fmt: skip


def rows(server, database: str) -> list[dict]:
    _, table, _ = SETUP[database]
    found = _psql(_url(server, database), f"SELECT json_agg(t ORDER BY 1) FROM {table} t")
    return json.loads(found)


@pytest.fixture
def team_data(stack_dir, needs_postgres):
    """A data folder as `up --team` leaves it: a running cluster with both databases filled,
    files, logs and process records."""
    server = start_postgres(stack_dir)
    try:
        fill(server)
        for name, text in FILES.items():
            (stack_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (stack_dir / name).write_text(text, encoding="utf-8")
        (stack_dir / "credentials.json").chmod(0o600)
        for name in LEFT_OUT:
            (stack_dir / name).write_text("{}\n", encoding="utf-8")
        yield stack_dir, server
    finally:
        stop_postgres(stack_dir)


def test_every_shell_block_is_tested_or_marked():
    firsts = [first for first, _ in shell_blocks()]
    tested = [f.removeprefix("# tested: ") for f in firsts if f.startswith("# tested: ")]
    assert sorted(tested) == sorted(TESTED)  # each once
    for first in firsts:
        assert first.startswith(("# tested: ", NOT_RUN)), first


def test_documented_save_and_restore_bring_back_every_row_and_file(team_data, reachable_dir):
    data, server = team_data
    saved = reachable_dir / "backup"
    run_block("save", {SAVE_OUT: str(saved), "./data": str(data)})
    manifest = json.loads((saved / bk.MANIFEST).read_text())
    assert manifest["databases"] == {"label_studio": "label_studio.dump", "backend": "backend.dump"}
    assert (saved / "label_studio.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    restored = reachable_dir / "restored" / "data"
    run_block("restore", {"./data-restored": str(restored), BACKUP_IN: str(saved)})
    for name, text in FILES.items():
        assert (restored / name).read_text(encoding="utf-8") == text, name
    assert stat.S_IMODE((restored / "credentials.json").stat().st_mode) == 0o600
    assert [name for name in LEFT_OUT if (restored / name).exists()] == []
    assert (restored / "postgres" / "PG_VERSION").exists()
    assert not read_record(restored / "postgres.json", ("pid",))["pid"]  # stopped again
    again = start_postgres(restored)
    try:
        assert again.password == server.password and again.pid != server.pid
        assert rows(again, "label_studio") == TASKS
        assert rows(again, "backend") == SEGMENTS
    finally:
        stop_postgres(restored)


def test_documented_pg_dump_and_pg_restore(team_data, reachable_dir):
    data, _ = team_data
    out = reachable_dir / "dumps"
    run_block("pg_dump", {SAVE_OUT: str(out), "./data": str(data)})
    assert sorted(p.name for p in out.iterdir()) == ["backend.dump", "label_studio.dump"]

    other_data = reachable_dir / "other" / "data"
    other = start_postgres(other_data)
    try:
        for database in SETUP:
            ensure_database(other, database)  # "create the two databases empty"
        run_block("pg_restore", {"PORT=5432": f"PORT={other.port}", BACKUP_IN: str(out)},
                  password=other.password)  # fmt: skip
        assert rows(other, "label_studio") == TASKS
        assert rows(other, "backend") == SEGMENTS
    finally:
        stop_postgres(other_data)


def test_documented_connections_query(team_data):
    data, _ = team_data
    output = run_block("connections", {"./data": str(data)}).strip()
    used, limit = re.fullmatch(r"(\d+) of (\d+)", output).groups()
    assert 1 <= int(used) < int(limit)


def test_save_needs_the_running_server(stack_dir, needs_postgres, tmp_path):
    start_postgres(stack_dir)
    stop_postgres(stack_dir)
    with pytest.raises(StackError, match=r"The PostgreSQL of .* is not running .*; start the "
                       r"stack \(ls-thematic up --team --data"):  # fmt: skip
        bk.save_backup(stack_dir, tmp_path / "out")
    args = ["backup", "save", "--data", str(stack_dir), "--out", str(tmp_path / "out")]
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 1 and "Error: The PostgreSQL of" in run.output


def test_save_refuses_a_non_empty_folder(team_data, tmp_path):
    data, _ = team_data
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "keep.txt").write_text("x")
    with pytest.raises(StackError, match=r"The backup folder .*old is not empty; give a new "
                       r"or empty folder\."):  # fmt: skip
        bk.save_backup(data, tmp_path / "old")


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    with pytest.raises(StackError, match=r"is not a backup of ls-thematic: .*backup\.json "
                       r"cannot be read"):  # fmt: skip
        bk.restore_backup(tmp_path, tmp_path / "data")


def test_restore_refuses_an_incomplete_backup(tmp_path):
    manifest = {"databases": {"label_studio": "label_studio.dump"}, "files": "files"}
    (tmp_path / bk.MANIFEST).write_text(json.dumps(manifest))
    (tmp_path / "label_studio.dump").write_bytes(b"PGDMP")
    with pytest.raises(StackError, match=r"The backup .* lacks the dump of backend\."):
        bk.restore_backup(tmp_path, tmp_path / "data")


def test_restore_refuses_a_used_data_folder(tmp_path):
    backup = tmp_path / "backup"
    backup.mkdir()
    manifest = {"databases": {name: f"{name}.dump" for name in bk.DATABASES}, "files": "files"}
    (backup / bk.MANIFEST).write_text(json.dumps(manifest))
    for name in bk.DATABASES:
        (backup / f"{name}.dump").write_bytes(b"PGDMP")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "credentials.json").write_text("{}")
    with pytest.raises(StackError, match=r"The data folder to restore into .*data is not empty"):
        bk.restore_backup(backup, tmp_path / "data")
    args = ["backup", "restore", "--from", str(backup), "--data", str(tmp_path / "data")]
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 1 and "Error: The data folder to restore into" in run.output
