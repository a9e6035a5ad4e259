"""``ls-thematic backup save`` and ``ls-thematic backup restore``: a team stack's data folder,
both PostgreSQL databases and its files (:mod:`ls_thematic.scripts.team.backup`)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ls_thematic.scripts.team.backup import restore_backup, save_backup

from .common import domain_errors

_FOLDER = click.Path(file_okay=False, path_type=Path)


@click.group()
def backup() -> None:
    """Back up a running team stack (ls-thematic up --team), or restore a backup."""


@backup.command()
@click.option("--data", default=Path("data"), show_default=True, type=_FOLDER,
              help="The stack's data folder; its PostgreSQL must be running.")  # fmt: skip
@click.option("--out", required=True, type=_FOLDER, help="A new or empty backup folder.")
@domain_errors
def save(data: Path, out: Path) -> None:
    """Dump both databases (pg_dump -Fc) and copy the data folder's files into --out."""
    click.echo(json.dumps(save_backup(data, out), indent=2))


@backup.command()
@click.option("--from", "source", required=True, type=_FOLDER, help="The backup folder.")
@click.option("--data", required=True, type=_FOLDER,
              help="A new or empty data folder to restore into.")  # fmt: skip
@domain_errors
def restore(source: Path, data: Path) -> None:
    """Restore a backup into a new data folder; then `ls-thematic up --team --data` serves it."""
    click.echo(json.dumps(restore_backup(source, data), indent=2))
