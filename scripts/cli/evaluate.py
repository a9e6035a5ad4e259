"""``ls-thematic evaluate``: how good the code suggestions are on a project so far.

The command only parses its options, reads an export, a snapshot or a live project, calls
:func:`ls_thematic.scripts.evaluate.learning_curve`, and writes what it returns as
:mod:`ls_thematic.scripts.evaluate_format` formats it (and, with ``--plot``, the figure of
:mod:`ls_thematic.scripts.evaluate_plot`).
"""

from __future__ import annotations

import click

from ls_thematic.label_config.codebook_io import load_codebook

from ..evaluate import learning_curve
from ..evaluate_format import FORMATS, format_result, print_tables
from ..source import read_coding
from .common import (
    connection_options,
    domain_errors,
    origin_option,
    parse_coders,
    write_output,
)


def _parse_sizes(value: str | None) -> list[int] | None:
    if not value:
        return None
    sizes = []
    for part in value.split(","):
        part = part.strip()
        if not (part.isascii() and part.isdecimal()) or int(part) < 1:
            raise click.BadParameter(
                f"{part!r} is not a positive whole number; give sizes like 25,50,100",
                param_hint="--sizes",
            )
        sizes.append(int(part))
    return sizes


def _progress(message: str) -> None:
    click.echo(message + " ...", err=True)


@click.command("evaluate")
@click.argument("export", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--snapshot",
    "snapshot_file",
    default=None,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The same as EXPORT, named as in the other analysis commands.",
)
@click.option(
    "--project",
    "project_id",
    type=int,
    default=None,
    help="Evaluate a live project (pulled through the API) instead of an EXPORT file.",
)
@connection_options
@click.option(
    "--codebook",
    type=click.Path(dir_okay=False),
    default=None,
    help="Codebook (.yaml, .csv, .qdc, .xml) whose descriptions and examples the "
    "suggester also learns from; default: the one in the export's labelling config.",
)
@click.option(
    "--no-prototypes",
    is_flag=True,
    help="Learn from coded segments only, not from the codebook's descriptions and examples.",
)
@click.option(
    "--coders",
    default="all",
    show_default=True,
    help="Whose annotations count: all, reconciled, or a comma-separated list of coders "
    "(e-mails or user ids).",
)
@click.option(
    "--sizes",
    default=None,
    metavar="N,N,...",
    help="Training sizes (segments); default 25, 50, 100, ... and always all.",
)
@click.option(
    "--repeats",
    default=3,
    show_default=True,
    type=click.IntRange(min=1),
    help="Random transcript splits to average over.",
)
@click.option(
    "--test-share",
    default=0.3,
    show_default=True,
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    help="Share of segments held out, as whole transcripts.",
)
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the splits.")
@click.option(
    "--min-segments",
    default=5,
    show_default=True,
    type=click.IntRange(min=1),
    help="Codes with fewer coded segments are not scored in macro-F1 (they are listed).",
)
@click.option(
    "--encoder",
    default="minilm",
    show_default=True,
    help="Sentence encoder: minilm (packaged all-MiniLM-L6-v2, offline) or the folder "
    "of a local sentence-transformers model.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: readable tables; json: everything; csv: the curve; md: Markdown.",
)
@click.option(
    "-o", "--output", default="-", show_default=True, help="File to write, or - for stdout."
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also draw the learning curve to this .png or .svg file.",
)
@origin_option
@domain_errors
def evaluate(
    export,
    snapshot_file,
    project_id,
    url,
    api_key,
    codebook,
    no_prototypes,
    coders,
    origin,
    sizes,
    repeats,
    test_share,
    seed,
    min_segments,
    encoder,
    fmt,
    output,
    plot,
):
    """Learning curve of code suggestions on a project's own coded segments.

    Holds out whole transcripts, learns from 25, 50, 100, ... and all of the other transcripts'
    coded segments, and measures micro-F1 and macro-F1 of the suggested codes, top-1 / top-3
    hit of the ranking, and Cohen's kappa between the top suggestion and the coders' code (on
    held-out segments with one code) to set beside two coders' kappa. Reads a Label Studio
    JSON export (or an `ls-thematic pull` snapshot; - for stdin), or a live project with
    --project.
    """
    if export is not None and snapshot_file is not None:
        raise click.UsageError("Give the export once: as EXPORT or as --snapshot FILE.")
    export = export if export is not None else snapshot_file
    if (export is None) == (project_id is None):
        raise click.UsageError(
            "Give either an EXPORT file (or --snapshot FILE) or --project ID (not both)."
        )
    if plot is not None and not plot.lower().endswith((".png", ".svg")):
        raise click.BadParameter(f"{plot!r} must end in .png or .svg", param_hint="--plot")
    parsed_sizes = _parse_sizes(sizes)
    book = load_codebook(codebook) if codebook else None
    snapshot, _ = read_coding(export, project_id, url, api_key)
    result = learning_curve(
        snapshot,
        sizes=parsed_sizes,
        repeats=repeats,
        test_share=test_share,
        seed=seed,
        min_segments=min_segments,
        encoder=encoder,
        codebook=book,
        prototypes=not no_prototypes,
        coders=parse_coders(coders),
        origin=origin,
        progress=_progress,
    )
    if plot is not None:
        from ..evaluate_plot import curve_figure, save_plot  # matplotlib: only when plotting

        click.echo(f"Wrote {save_plot(curve_figure(result), plot)}", err=True)
    if fmt == "table" and output in (None, "-"):
        print_tables(result)
    else:
        write_output(format_result(result, fmt), output)
