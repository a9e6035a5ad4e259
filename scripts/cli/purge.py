"""``ls-thematic purge``: remove a project's suggestion model folders under ``MODEL_DIR``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ls_thematic.backend.config import DEFAULT_MODEL_DIR
from ls_thematic.backend.projects import purge as purge_folders
from ls_thematic.backend.projects import purge_plan

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
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@domain_errors
def purge(project_id, model_dir, yes):
    """Remove a project's suggestion model: its folders under MODEL_DIR, which hold the coded
    extracts the backend learnt from (those of earlier projects that had the id too)."""
    folders = purge_plan(model_dir, project_id.strip())
    if not folders:
        click.echo(f"Nothing to remove: {model_dir} has no folder of project {project_id}.")
        return
    click.echo(f"Project {project_id} has {len(folders)} model folder(s) in {model_dir}:")
    for folder in folders:
        click.echo(f"  {folder.path} ({_created(folder.created_ts)})")
    if not yes:
        click.confirm("Remove them? Their coded extracts cannot be recovered", abort=True)
    removed = purge_folders(model_dir, project_id.strip())
    click.echo(f"Removed {len(removed)} folder(s) of project {project_id}.")


def _created(ts: int | None) -> str:
    if ts is None:
        return "creation time not recorded"
    return f"project created {dt.datetime.fromtimestamp(ts, dt.timezone.utc):%Y-%m-%d %H:%M} UTC"
