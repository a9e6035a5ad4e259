"""The ``ls-thematic`` command. Each subcommand parses its options and calls a library function.

Domain errors (a bad codebook, a refused API key, ...) print one clear line and exit with 1.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ls_thematic.label_config.codebook import summarise
from ls_thematic.label_config.codebook_io import (
    WRITERS,
    codebook_text,
    codebook_to_yaml,
    load_codebook,
)
from ls_thematic.label_config.lsxml import codebook_to_label_config
from ls_thematic.label_config.qdc import codebook_to_qdc
from ls_thematic.label_config.tasks import build_tasks
from ls_thematic.label_config.turns import DEFAULT_SPEAKER_PATTERN

from . import demo
from .cli_common import connection_options, domain_errors, write_output
from .lsclient import connect
from .project import create_project, import_tasks, update_codebook


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ls-thematic")
def main() -> None:
    """Thematic analysis on Label Studio: codebooks, suggestions, agreement and write-up."""


# --------------------------------------------------------------------------- codebook
@main.command()
@click.argument("codebook", type=click.Path(dir_okay=False))
@domain_errors
def validate(codebook: str) -> None:
    """Check a codebook (.yaml, .csv, .qdc or labelling .xml) and summarise it."""
    summary = summarise(load_codebook(codebook))
    click.echo("\n".join([f"{codebook}: valid.", *(f"  {line}" for line in summary)]))


@main.command()
@click.argument("codebook", type=click.Path(dir_okay=False))
@click.option("-o", "--output", default="-", show_default=True, help="File to write, or - for stdout.")
@domain_errors
def render(codebook: str, output: str) -> None:
    """Render a codebook as a Label Studio labelling config (XML)."""
    write_output(codebook_to_label_config(load_codebook(codebook)), output)


@main.command("convert")
@click.argument("codebook", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, help="Target file: .yaml, .csv, .qdc or .xml (- for YAML on stdout).")
@domain_errors
def convert(codebook: str, output: str) -> None:
    """Convert a codebook between YAML, CSV, REFI-QDA .qdc and labelling XML."""
    suffix = Path(output).suffix.lower() if output != "-" else ".yaml"
    if suffix not in WRITERS:
        raise click.BadParameter(
            f"unknown format {suffix!r}; allowed: {', '.join(WRITERS)}", param_hint="--output"
        )
    write_output(codebook_text(load_codebook(codebook), suffix), output)


@main.group()
def qdc() -> None:
    """REFI-QDA codebook exchange (.qdc) with NVivo, ATLAS.ti, MAXQDA and QualCoder."""


@qdc.command("export")
@click.argument("codebook", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, help="The .qdc file to write (- for stdout).")
@domain_errors
def qdc_export(codebook: str, output: str) -> None:
    """Export a codebook as REFI-QDA .qdc."""
    write_output(codebook_to_qdc(load_codebook(codebook)), output)


@qdc.command("import")
@click.argument("qdc_file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", default="-", show_default=True, help="The YAML codebook to write.")
@domain_errors
def qdc_import(qdc_file: str, output: str) -> None:
    """Import a REFI-QDA .qdc codebook as YAML."""
    if Path(qdc_file).suffix.lower() != ".qdc":
        raise click.BadParameter("expected a .qdc file", param_hint="QDC_FILE")
    write_output(codebook_to_yaml(load_codebook(qdc_file)), output)


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


@main.command("create-project")
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


@main.command("import")
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


@main.command("update-codebook")
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
@main.command()
@click.option("--data", default="./data", show_default=True, type=click.Path(file_okay=False), help="Folder for the database, models, logs and pids.")
@click.option("--port", default=8080, show_default=True, help="Label Studio port.")
@click.option("--backend-port", default=9090, show_default=True, help="Suggestion backend port.")
@click.option("--no-backend", is_flag=True, help="Start Label Studio only.")
@domain_errors
def up(data, port, backend_port, no_backend):
    """Start Label Studio with the demo project and the suggestion backend (what `make up` runs)."""
    result = demo.up(Path(data), port=port, backend_port=backend_port, with_backend=not no_backend)
    click.echo(
        f"Label Studio {'is already running' if result.reused_server else 'started'}: {result.url}\n"
        f"  log in as {result.username} / {result.password}\n"
        f"  API token: {result.api_key}\n"
        f"  demo project: {result.url}/projects/{result.project_id}/"
        f"{' (created)' if result.created_project else ' (already there)'}\n"
        + (f"  suggestion backend: {result.backend_url} (connected)\n" if result.backend_url else "")
        + "Stop with: make down"
    )


@main.command()
@click.option("--data", default="./data", show_default=True, type=click.Path(file_okay=False), help="The folder `up` used.")
@domain_errors
def down(data):
    """Stop the Label Studio and backend that `up` started (by pid)."""
    stopped = demo.down(Path(data))
    click.echo("Stopped " + ", ".join(stopped) + "." if stopped else "Nothing was running.")


# --------------------------------------------------------------------------- other command modules
# Each module defines its commands with the helpers of cli_common; they are registered here.
from ls_thematic.scripts.cli_evaluate import evaluate; main.add_command(evaluate)  # noqa: E402, E702, I001
from ls_thematic.scripts.cli_writeup import pull; main.add_command(pull)  # noqa: E402, E702, I001
from ls_thematic.scripts.cli_writeup import themes; main.add_command(themes)  # noqa: E402, E702, I001
from ls_thematic.scripts.cli_writeup import extracts; main.add_command(extracts)  # noqa: E402, E702, I001
from ls_thematic.scripts.cli_writeup import report; main.add_command(report)  # noqa: E402, E702, I001
from ls_thematic.scripts.cli_agreement import sample; main.add_command(sample)  # noqa: E402, E702, I001
from ls_thematic.scripts.cli_agreement import agreement; main.add_command(agreement)  # noqa: E402, E702, I001


if __name__ == "__main__":  # pragma: no cover
    main()
