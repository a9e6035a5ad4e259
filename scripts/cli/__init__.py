"""The ``ls-thematic`` command: one module per command group, registered here.

Each command parses its options, makes one library call and prints what it returns; domain
errors (a bad codebook, a refused API key, ...) print one clear line and exit with 1
(:func:`.common.domain_errors`).

============  ==========================================================================
module        commands
============  ==========================================================================
codebook      validate, render, convert, qdc export, qdc import
project       create-project, import, update-codebook, up, down
backup        backup save, backup restore
writeup       pull, themes, extracts, report
agreement     sample, agreement
audit         audit
evaluate      evaluate
============  ==========================================================================
"""

from __future__ import annotations

import click

from .agreement import agreement, sample
from .audit import audit_cmd
from .backup import backup
from .codebook import convert, qdc, render, validate
from .evaluate import evaluate
from .project import create_project_cmd, down, import_cmd, up, update_codebook_cmd
from .purge import purge
from .writeup import extracts, pull, report, themes

COMMANDS = (
    validate, render, convert, qdc, create_project_cmd, import_cmd, update_codebook_cmd, up,
    down, pull, themes, extracts, report, sample, agreement, audit_cmd, evaluate, purge,
    backup,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ls-thematic")
def main() -> None:
    """Thematic analysis on Label Studio: codebooks, suggestions, agreement and write-up."""


for _command in COMMANDS:
    main.add_command(_command)
