"""What every ``ls-thematic`` command module shares: clean domain errors, output, connection,
``--coders`` and ``--origin`` options.

Kept apart from :mod:`ls_thematic.scripts.cli` so that command modules can import it without
importing the command group that registers them. Reading the coding a command analyses (a
snapshot or a live project) is library work: :mod:`ls_thematic.scripts.source`.
"""

from __future__ import annotations

import functools
import sys

import click

from ls_thematic.label_config.errors import ThematicError
from ls_thematic.label_config.fileio import atomic_write_text
from ls_thematic.label_config.lsexport import ORIGIN_CHOICES


def domain_errors(fn):
    """Print a :class:`ThematicError` as ``Error: ...`` and exit 1 instead of a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ThematicError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)

    return wrapper


def write_output(text: str, output: str | None) -> None:
    """Write to ``output`` atomically, or to stdout for ``-`` / None."""
    if output in (None, "-"):
        click.echo(text, nl=not text.endswith("\n"))
    else:
        atomic_write_text(output, text)
        click.echo(f"Wrote {output}", err=True)


def connection_options(fn):
    fn = click.option(
        "--api-key", envvar="LABEL_STUDIO_API_KEY", show_envvar=True,
        help="Label Studio API token.",
    )(fn)
    fn = click.option(
        "--url", envvar="LABEL_STUDIO_URL", show_envvar=True, default="http://127.0.0.1:8080",
        show_default=True, help="Label Studio address.",
    )(fn)
    return fn


def parse_coders(value: str):
    """``"all"``, ``"reconciled"`` or the list of coders in a ``--coders`` option."""
    value = (value or "").strip()
    if value.lower() in ("all", "reconciled"):
        return value.lower()
    coders = [c.strip() for c in value.split(",") if c.strip()]
    if not coders:
        raise click.BadParameter("give 'all', 'reconciled' or coder e-mails / ids", param_hint="--coders")
    return coders


def origin_option(fn):
    """``--origin all|manual|accepted``: which coded segments count (the snapshot keeps all)."""
    return click.option(
        "--origin", type=click.Choice(ORIGIN_CHOICES), default="all", show_default=True,
        help="Which coded segments count: all; manual: the coder's own coding (by hand, or a "
        "suggestion they edited); accepted: suggestions the coder kept unchanged.",
    )(fn)
