"""The project commands: ``create-project``, ``import``, ``update-codebook``, and ``up`` /
``down`` for the local Label Studio and backend."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.tasks import build_tasks
from ls_thematic.label_config.turns import DEFAULT_SPEAKER_PATTERN

from .. import demo
from ..lsclient import connect
from ..project import create_project, import_tasks, update_codebook
from ..team import stack
from .common import connection_options, domain_errors


# --------------------------------------------------------------------------- projects
def _read_tasks(transcripts, participants, speaker_pattern, encoding):
    return build_tasks(
        [Path(p) for p in transcripts], Path(participants),
        speaker_pattern=speaker_pattern or DEFAULT_SPEAKER_PATTERN, encoding=encoding,
    )


def transcript_options(fn):
    fn = click.option("--encoding", default=None, help="Text encoding of .txt transcripts (default UTF-8).")(fn)
    fn = click.option(
        "--speaker-pattern", default=None,
        help="Regular expression for a speaker label at the start of a line (group 1 = speaker).",
    )(fn)
    fn = click.option(
        "--participants", required=True, type=click.Path(dir_okay=False),
        help="participants.csv: a 'participant' column plus attribute columns.",
    )(fn)
    fn = click.argument("transcripts", nargs=-1, required=True, type=click.Path(dir_okay=False))(fn)
    return fn


@click.command("create-project")
@click.argument("codebook", type=click.Path(dir_okay=False))
@transcript_options
@click.option("--title", default=None, help="Project title (default: the codebook's title).")
@connection_options
@domain_errors
def create_project_cmd(codebook, transcripts, participants, speaker_pattern, encoding, title, url, api_key):
    """Create a Label Studio project from a codebook and import transcripts (.txt, .docx, .vtt, .srt)."""
    book = load_codebook(codebook)
    tasks = _read_tasks(transcripts, participants, speaker_pattern, encoding)
    client = connect(url, api_key)
    result = create_project(client, book, tasks, title=title)
    click.echo(
        f"Created project {result.project_id} with {len(result.imported)} transcripts: "
        f"{url.rstrip('/')}/projects/{result.project_id}/"
    )


@click.command("import")
@transcript_options
@click.option("--project", "project_id", required=True, type=int, help="Project id.")
@connection_options
@domain_errors
def import_cmd(transcripts, participants, speaker_pattern, encoding, project_id, url, api_key):
    """Import transcripts into a project; transcripts it already has are skipped."""
    tasks = _read_tasks(transcripts, participants, speaker_pattern, encoding)
    result = import_tasks(connect(url, api_key), project_id, tasks)
    click.echo(
        f"Imported {len(result.imported)} transcripts into project {project_id}"
        + (f"; skipped {len(result.skipped)} already there: {', '.join(result.skipped)}" if result.skipped else "")
        + "."
    )


def _parse_renames(values: tuple[str, ...]) -> dict[str, str]:
    rename = {}
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise click.BadParameter(f"{value!r} is not OLD=NEW", param_hint="--rename")
        rename[old.strip()] = new.strip()
    return rename


@click.command("update-codebook")
@click.argument("codebook", type=click.Path(dir_okay=False))
@click.option("--project", "project_id", required=True, type=int, help="Project id.")
@click.option("--rename", multiple=True, metavar="OLD=NEW", help="Migrate annotations of a removed code to a new one (repeatable).")
@click.option("--dry-run", is_flag=True, help="Only report what would change.")
@connection_options
@domain_errors
def update_codebook_cmd(codebook, project_id, rename, dry_run, url, api_key):
    """Replace a project's codebook, migrating annotations of renamed codes."""
    change = update_codebook(
        connect(url, api_key), project_id, load_codebook(codebook),
        rename=_parse_renames(rename), dry_run=dry_run,
    )
    if dry_run:
        click.echo(json.dumps({"removed_in_use": change.removed_in_use, "renamed": change.renamed}, indent=2))
    else:
        click.echo(
            f"Updated the codebook of project {project_id}; migrated "
            f"{change.annotations_migrated} annotations."
        )


# --------------------------------------------------------------------------- local servers
@click.command()
@click.option("--data", default="./data", show_default=True, type=click.Path(file_okay=False), help="Folder for the database, models, logs and pids.")
@click.option("--port", default=8080, show_default=True, help="Label Studio port.")
@click.option("--backend-port", default=9090, show_default=True, help="Suggestion backend port.")
@click.option("--no-backend", is_flag=True, help="Start Label Studio only.")
@click.option(
    "--team", is_flag=True,
    help="The team server: PostgreSQL (installed by root when missing), Label Studio under "
    "gunicorn with several workers and the backend with 2 workers on PostgreSQL (what "
    "`make up-team` runs).",
)
@click.option("--workers", default=3, show_default=True, help="With --team: Label Studio's worker processes.")
@domain_errors
def up(data, port, backend_port, no_backend, team, workers):
    """Start Label Studio with the demo project and the suggestion backend (what `make up` runs)."""
    if team:
        if no_backend:
            raise click.UsageError("--team always starts the backend; leave out --no-backend.")
        _up_team(Path(data), port, backend_port, workers)
        return
    result = demo.up(Path(data), port=port, backend_port=backend_port, with_backend=not no_backend)
    click.echo(
        f"Label Studio {'is already running' if result.reused_server else 'started'}: {result.url}\n"
        f"  log in as {result.username}; the password is in {result.credentials_path}\n"
        f"  API token: {result.api_key}\n"
        f"  demo project: {result.url}/projects/{result.project_id}/"
        f"{' (created)' if result.created_project else ' (already there)'}\n"
        + (f"  suggestion backend: {result.backend_url} (connected)\n" if result.backend_url else "")
        + "Stop with: make down"
    )


def _up_team(data: Path, port: int, backend_port: int, workers: int) -> None:
    result = stack.start_team(data, port=port, backend_port=backend_port, workers=workers)
    click.echo(
        f"Team server {'is already running' if result.reused_server else 'started'}: {result.url}\n"
        f"  Label Studio: {result.workers} gunicorn workers on PostgreSQL (127.0.0.1:{result.postgres_port})\n"
        f"  log in as {result.username}; the password is in {result.credentials_path}\n"
        f"  API token: {result.api_key}\n"
        f"  demo project: {result.url}/projects/{result.project_id}/"
        f"{' (created)' if result.created_project else ' (already there)'}\n"
        f"  suggestion backend: {result.backend_url} ({result.backend_workers} workers, "
        "segments in PostgreSQL; connected)\n"
        f"  {result.data_dir} is o+x (others may pass through it, not list it) so that "
        "PostgreSQL's OS user reaches its cluster\n"
        "Stop with: make down"
    )


@click.command()
@click.option("--data", default="./data", show_default=True, type=click.Path(file_okay=False), help="The folder `up` used.")
@domain_errors
def down(data):
    """Stop the Label Studio and backend that `up` started (by pid), and the team server's
    PostgreSQL when `up --team` started it there."""
    data = Path(data)
    stopped = stack.stop_team(data) if stack.is_team(data) else demo.down(data)
    click.echo("Stopped " + ", ".join(stopped) + "." if stopped else "Nothing was running.")
