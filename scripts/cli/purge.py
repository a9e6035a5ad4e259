"""``ls-thematic purge``: remove a project's suggestion model folders under ``MODEL_DIR``, and
its rows in the backend's database when ``BACKEND_DATABASE_URL`` is set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ls_thematic.backend.config import DEFAULT_MODEL_DIR, Settings
from ls_thematic.backend.projects import purge as purge_folders
from ls_thematic.backend.projects import purge_plan
from ls_thematic.backend.stores import purge_project, stored_projects
from ls_thematic.label_config.errors import InputError

from .common import domain_errors


@click.command()
@click.option("--project", "project_id", required=True, help="Label Studio project id, e.g. 3.")
@click.option(
    "--model-dir",
    envvar="MODEL_DIR",
    show_envvar=True,
    default=DEFAULT_MODEL_DIR,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The suggestion backend's MODEL_DIR.",
)
@click.option(
    "--database-url",
    envvar="BACKEND_DATABASE_URL",
    show_envvar=True,
    default=None,
    help="The backend's PostgreSQL database, if it has one: the project's rows go too.",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@domain_errors
def purge(project_id, model_dir, database_url, yes):
    """Remove a project's suggestion model: its folders under MODEL_DIR, which hold the coded
    extracts the backend learnt from (those of earlier projects that had the id too), and,
    with BACKEND_DATABASE_URL, its coded extracts in the backend's database."""
    project_id = project_id.strip()
    settings = _settings(model_dir, database_url)
    folders = purge_plan(model_dir, project_id)
    rows = stored_projects(settings, project_id)
    if not folders and not rows:
        message = f"Nothing to remove: {model_dir} has no folder of project {project_id}"
        if settings.database_url is not None:
            message += f", and the database {settings.database_label} has no row of it"
        click.echo(message + ".")
        return
    if folders:
        click.echo(f"Project {project_id} has {len(folders)} model folder(s) in {model_dir}:")
    for folder in folders:
        click.echo(f"  {folder.path} ({_created(folder.created_ts)})")
    if rows:
        click.echo(
            f"Project {project_id} has {len(rows)} project(s) in the database "
            f"{settings.database_label}: {', '.join(rows)}"
        )
    if not yes:
        click.confirm("Remove them? Their coded extracts cannot be recovered", abort=True)
    removed = purge_folders(model_dir, project_id)
    forgotten = purge_project(settings, project_id)
    click.echo(f"Removed {len(removed)} folder(s) of project {project_id}.")
    if settings.database_url is not None:
        click.echo(f"Removed {len(forgotten)} project(s) from the database.")


def _settings(model_dir: Path, database_url: str | None) -> Settings:
    try:
        return Settings(model_dir=model_dir, database_url=database_url or None)
    except ValueError as exc:
        raise InputError(f"--database-url: {exc}") from None


def _created(ts: int | None) -> str:
    if ts is None:
        return "creation time not recorded"
    return f"project created {dt.datetime.fromtimestamp(ts, dt.timezone.utc):%Y-%m-%d %H:%M} UTC"
