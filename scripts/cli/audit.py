"""``ls-thematic audit``: how much the coders followed the suggestion model (issue 12).

Reads the coding like ``agreement`` (``--snapshot FILE`` or ``--project ID``) and the backend's
log of suggestions from its ``MODEL_DIR`` (``--model-dir``) or from the running backend
(``--backend URL``, behind its Basic auth; the Label Studio token is never sent there), then
prints :func:`~ls_thematic.scripts.audit.audit`'s acceptance and anchoring figures.
"""

from __future__ import annotations

import click

from ..audit import AUDIT_FORMATS, audit, format_audit
from ..audit_log import log_from_backend, log_from_model_dir
from .agreement import input_options, load_input
from .common import domain_errors, write_output


@click.command("audit")
@input_options
@click.option(
    "--model-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Read the log from the backend's MODEL_DIR (the project's folder in it), or "
    "from a project folder itself.",
)
@click.option(
    "--backend",
    "backend_url",
    default=None,
    metavar="URL",
    help="Read the log from the running backend's GET /suggestions, e.g. http://127.0.0.1:9090.",
)
@click.option(
    "--backend-user",
    envvar="BASIC_AUTH_USER",
    show_envvar=True,
    default=None,
    help="--backend: the backend's Basic auth user.",
)
@click.option(
    "--backend-password",
    envvar="BASIC_AUTH_PASS",
    show_envvar=True,
    default=None,
    help="--backend: the backend's Basic auth password.",
)
@click.option(
    "--from-name", default=None, help="The coding control (default: from the labelling config)."
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap over transcripts."
)
@click.option(
    "--format", "fmt", type=click.Choice(AUDIT_FORMATS), default="table", show_default=True
)
@click.option(
    "-o", "--output", default="-", show_default=True, help="File to write, or - for stdout."
)
@domain_errors
def audit_cmd(
    snapshot_path,
    project_id,
    url,
    api_key,
    model_dir,
    backend_url,
    backend_user,
    backend_password,
    from_name,
    seed,
    fmt,
    output,
):
    """Audit the AI assistance: of the regions the backend suggested, how many each coder kept,
    changed or removed (per code), and whether coders agree with the model more where its
    suggestions were shown than where they were withheld (Cohen's kappa, 95% bootstrap
    intervals over transcripts)."""
    if (model_dir is None) == (backend_url is None):
        raise click.UsageError(
            "Say where the suggestion log is: --model-dir DIR (the backend's MODEL_DIR) or "
            "--backend URL (the running backend); one of them."
        )
    snapshot, _ = load_input(snapshot_path, project_id, url, api_key)
    log_project = project_id if project_id is not None else snapshot.project.get("id")
    if model_dir is not None:
        entries, where = log_from_model_dir(model_dir, log_project)
    else:
        entries, where = log_from_backend(backend_url, log_project, backend_user, backend_password)
    click.echo(f"Suggestion log: {where} ({len(entries)} entries)", err=True)
    result = audit(snapshot, entries, from_name=from_name, seed=seed)
    write_output(format_audit(result, fmt), output)
