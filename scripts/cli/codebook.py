"""The codebook commands: ``validate``, ``render``, ``convert`` and ``qdc export|import``."""

from __future__ import annotations

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

from .common import domain_errors, write_output


# --------------------------------------------------------------------------- codebook
@click.command()
@click.argument("codebook", type=click.Path(dir_okay=False))
@domain_errors
def validate(codebook: str) -> None:
    """Check a codebook (.yaml, .csv, .qdc or labelling .xml) and summarise it."""
    summary = summarise(load_codebook(codebook))
    click.echo("\n".join([f"{codebook}: valid.", *(f"  {line}" for line in summary)]))


@click.command()
@click.argument("codebook", type=click.Path(dir_okay=False))
@click.option("-o", "--output", default="-", show_default=True, help="File to write, or - for stdout.")
@domain_errors
def render(codebook: str, output: str) -> None:
    """Render a codebook as a Label Studio labelling config (XML)."""
    write_output(codebook_to_label_config(load_codebook(codebook)), output)


@click.command("convert")
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


@click.group()
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
