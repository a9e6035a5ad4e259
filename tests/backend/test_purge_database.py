"""``ls-thematic purge --project N`` with ``BACKEND_DATABASE_URL``: the project's rows in the
backend's database go with its folders (scripts/cli/purge.py over backend/stores.py)."""

from __future__ import annotations

from click.testing import CliRunner

from ls_thematic.backend import pgstore
from ls_thematic.backend.pgstore import PgSegmentStore
from ls_thematic.backend.store import Segment
from ls_thematic.scripts.cli import main


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, ["purge", *map(str, args)], input=input, env=env)


def projects_in(url: str) -> list[str]:
    return pgstore.database(url).projects()


def test_purge_removes_the_projects_rows_from_the_database(database_url, tmp_path):
    models = tmp_path / "models"
    db = pgstore.database(database_url)
    for key in ("3", "3.1800000000", "30", "4"):
        PgSegmentStore(db, key, models / key).replace(1, [Segment(f"of {key}", ("Money",))])
    worker = PgSegmentStore(db, "3", models / "3")  # a worker that holds project 3 in memory
    refused = run(
        "--project", 3, "--model-dir", models, "--database-url", database_url, input="n\n"
    )
    assert refused.exit_code == 1
    assert "2 project(s) in the database postgresql://" in refused.output
    assert "3, 3.1800000000" in refused.output
    assert projects_in(database_url) == ["3", "3.1800000000", "30", "4"]
    env = {"BACKEND_DATABASE_URL": database_url}
    done = run("--project", 3, "--model-dir", models, "--yes", env=env)
    assert done.exit_code == 0, done.output
    assert "Removed 2 folder(s) of project 3." in done.output
    assert "Removed 2 project(s) from the database." in done.output
    assert projects_in(database_url) == ["30", "4"]
    assert sorted(p.name for p in models.iterdir()) == ["30", "4"]
    with db.transaction() as conn:
        assert conn.execute("SELECT count(*) FROM ls_thematic_segments").fetchone() == (2,)
    assert len(worker) == 0  # it drops the purged project at its next read


def test_purge_of_a_project_only_in_the_database(database_url, tmp_path):
    models = tmp_path / "models"  # another host's MODEL_DIR: no folder here
    PgSegmentStore(pgstore.database(database_url), "5", tmp_path / "elsewhere" / "5").replace(
        1, [Segment("kept elsewhere", ("Money",))]
    )
    done = run("--project", 5, "--model-dir", models, "--database-url", database_url, "--yes")
    assert done.exit_code == 0, done.output
    assert "Removed 0 folder(s)" in done.output and "Removed 1 project(s)" in done.output
    assert projects_in(database_url) == []
    again = run("--project", 5, "--model-dir", models, "--database-url", database_url)
    assert again.exit_code == 0
    assert "and the database postgresql://" in again.output and "has no row of it." in again.output


def test_purge_refuses_a_database_url_that_is_not_postgresql(tmp_path):
    result = run("--project", 3, "--model-dir", tmp_path, "--database-url", "mysql://x@y/z")
    assert result.exit_code == 1
    assert "Error: --database-url: BACKEND_DATABASE_URL must be a PostgreSQL URL" in result.output
    assert "got 'mysql://x@y/z'" in result.output
