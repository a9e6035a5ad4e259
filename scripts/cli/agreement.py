"""``ls-thematic sample`` and ``ls-thematic agreement``: double coding as the seed thesis did it.

``sample`` picks the transcripts for the second coder and can give them to that coder in Label
Studio (:func:`ls_thematic.scripts.sampling.sample_transcripts`). ``agreement`` computes
inter-coder agreement on the tasks two or more coders annotated
(:func:`ls_thematic.scripts.agreement.compute_agreement`), writes the disagreements for the
negotiation meeting and reads them back filled in (:mod:`ls_thematic.scripts.agreement.negotiate`).

Both read a snapshot or Label Studio JSON export (``--snapshot FILE``, ``-`` for stdin) or a live
project (``--project ID``). The commands here only parse options, call the library and print
what it returns (:func:`~ls_thematic.scripts.agreement.format_agreement`,
:func:`~ls_thematic.scripts.sampling.format_sample`).
"""

from __future__ import annotations

from pathlib import Path

import click

from ls_thematic.label_config.errors import InputError

from ..agreement import compute_agreement, format_agreement, unit_options, write_disagreements
from ..agreement.intervals import RESAMPLES, SEED, check_resamples
from ..agreement.methods import add_methods, methods_output
from ..agreement.model_coder import (
    DEFAULT_ENCODER,
    DEFAULT_MARGIN,
    MARGIN_RULE,
    check_margin,
    compute_agreement_with_model,
)
from ..agreement.units import AGREEMENT_UNITS, OVERLAP_MEASURES
from ..render import FORMATS
from ..sampling import format_sample, sample_transcripts
from ..source import read_coding
from .common import connection_options, domain_errors, origin_option, write_output


# --------------------------------------------------------------------------- input
def input_options(fn):
    """``--snapshot FILE`` or ``--project ID`` (with ``--url`` / ``--api-key``)."""
    fn = connection_options(fn)
    fn = click.option(
        "--project", "project_id", type=int, default=None,
        help="Live Label Studio project id (instead of --snapshot).",
    )(fn)
    fn = click.option(
        "--snapshot", "snapshot_path", type=click.Path(dir_okay=False, allow_dash=True),
        default=None, help="Snapshot from `ls-thematic pull`, or a Label Studio JSON export (- for stdin).",
    )(fn)
    return fn


def load_input(snapshot_path: str | None, project_id: int | None, url: str, api_key: str | None,
               progress: bool | None = None):
    """``(snapshot, client)`` from a file (client None) or a live project.

    A live pull shows a progress bar on standard error when that is a terminal (``progress``
    None) or when asked.
    """
    if (snapshot_path is None) == (project_id is None):
        raise click.UsageError("Give either --snapshot FILE or --project ID (one of them).")
    snapshot, client = read_coding(snapshot_path, project_id, url, api_key, progress=progress)
    if client is None and not snapshot:
        raise InputError(
            f"{snapshot_path}: the snapshot has no tasks (the project was empty when it was "
            "exported); import and code transcripts first."
        )
    return snapshot, client


def _margin(text: str) -> float:
    """``--equivalence-margin`` as a number, or a clear error naming what is allowed."""
    try:
        return check_margin(float(text))
    except (ValueError, InputError):
        raise InputError(f"--equivalence-margin {MARGIN_RULE}; got {text!r}.") from None


# --------------------------------------------------------------------------- commands
@click.command("sample")
@input_options
@click.option("--n", "n", default=2, show_default=True, type=int, help="How many transcripts.")
@click.option("--seed", type=int, default=None, help="Random seed (default: drawn and reported; pass it to repeat).")
@click.option("--stratify", default=None, metavar="ATTRIBUTE",
              help="Spread the choice over a participant attribute, e.g. role.")
@click.option("--coded-by", default=None, metavar="CODER", help="Only transcripts this coder (e-mail or id) has annotated.")
@click.option("--exclude-coded-by", default=None, metavar="CODER", help="Leave out transcripts this coder has annotated.")
@click.option("--assign", "assign_to", default=None, metavar="CODER",
              help="Give the chosen transcripts to this Label Studio user (e-mail or id); needs --project.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="File to write, or - for stdout.")
@domain_errors
def sample(snapshot_path, project_id, url, api_key, n, seed, stratify, coded_by, exclude_coded_by,
           assign_to, fmt, output):
    """Pick the transcripts a second coder double-codes, at random and reproducibly (as the thesis
    did: --n 2), and optionally assign them to that coder in Label Studio."""
    if assign_to is not None and project_id is None:
        raise click.UsageError("--assign needs a live --project ID (a snapshot file cannot be assigned).")
    snapshot, client = load_input(snapshot_path, project_id, url, api_key)
    result = sample_transcripts(snapshot, n, seed, stratify, coded_by, exclude_coded_by,
                                client=client, project_id=project_id, assign_to=assign_to)
    write_output(format_sample(result, fmt), output)


@click.command("agreement")
@input_options
@click.option("--unit", type=click.Choice(AGREEMENT_UNITS), default="turns", show_default=True,
              help="What is compared: turns or sentences (fixed units), bracketed passages, span "
                   "overlap, characters (NVivo), code presence per document (MAXQDA), or the "
                   "spans as coded (unitizing alphas uα, |uα, cuα, (k)uα, and γ with the gamma "
                   "extra).")
@click.option("--no-gamma", is_flag=True, default=False,
              help="spans: leave out γ (about 10 s once per run to compile, then 0.3-2 s per transcript of 20-500 spans).")
@click.option("--level", default="all", show_default=True,
              help="Hierarchy level to compare at: code, or a codebook level (theme, sub-domain, "
                   "domain, ...); 'all' reports every level.")
@click.option("--codebook", "codebook_path", type=click.Path(dir_okay=False), default=None,
              help="Codebook (.yaml, .csv, .qdc, .xml); the snapshot must use only its codes. "
                   "Default: the project's labelling config.")
@click.option("--coder", "coders", multiple=True, metavar="CODER",
              help="Compare only these coders (e-mail or id; repeat). Default: everyone.")
@click.option("--min-overlap", type=float, default=0.5, show_default=True,
              help="turns/sentences/bracketed: share of a unit a code's spans must cover (0: any overlap).")
@click.option("--threshold", type=float, default=0.5, show_default=True,
              help="overlap: minimum overlap for two spans to be one segment.")
@click.option("--overlap-measure", type=click.Choice(OVERLAP_MEASURES), default="iou", show_default=True,
              help="overlap: intersection over union, or over the shorter span (MAXQDA).")
@click.option("--bracketing-coder", default=None, metavar="CODER",
              help="bracketed (required there): the coder whose spans are the units.")
@click.option("--from-name", default=None, help="The coding control (default: from the labelling config).")
@click.option("--disagreements", "disagreements_path", type=click.Path(dir_okay=False), default=None,
              help="Write one row per unit where coders differ (.csv or .md), with an empty "
                   "'negotiated' column to fill in at the meeting.")
@click.option("--negotiated", "negotiated_path", type=click.Path(dir_okay=False), default=None,
              help="The filled-in disagreements file: report negotiated agreement next to the initial figure.")
@origin_option
@click.option("--with-model", is_flag=True, default=False,
              help="Add the suggestion model as one more coder, 'model': each transcript coded by "
                   "a model fitted on the other participants' transcripts only, as the backend "
                   "pre-fills; kappa with 95% bootstrap intervals and an equivalence check.")
@click.option("--encoder", default=DEFAULT_ENCODER, show_default=True,
              help="--with-model: sentence encoder (minilm, or the folder of a local "
                   "sentence-transformers model).")
@click.option("--equivalence-margin", default=str(DEFAULT_MARGIN), show_default=True,
              metavar="KAPPA",
              help="--with-model: model-person agreement within this much kappa of "
                   "person-person agreement counts as equivalent (0 < margin <= 1).")
@click.option("--methods", is_flag=True, default=False,
              help="Add the reliability paragraph for a methods section (transcripts, sample, "
                   "coders, unit, each coefficient with its interval, negotiated agreement): "
                   "printed after the tables (table, md), or as the 'methods' key (json).")
@click.option("--earlier-round", "earlier_rounds", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False),
              help="--methods: a snapshot of an earlier coding round (repeat, oldest first); "
                   "the paragraph says which codes were added, removed or moved since.")
@click.option("--n-boot", type=int, default=RESAMPLES, show_default=True,
              help="Resamples of the 95% intervals (Hayes & Krippendorff's bootstrap for alpha, "
                   "a bootstrap over transcripts for the others).")
@click.option("--seed", "boot_seed", type=int, default=SEED, show_default=True,
              help="Seed of the bootstrap resamples (same seed, same intervals).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="File to write, or - for stdout.")
@domain_errors
def agreement(snapshot_path, project_id, url, api_key, unit, no_gamma, level, codebook_path, coders, min_overlap,
              threshold, overlap_measure, bracketing_coder, from_name, disagreements_path,
              negotiated_path, origin, with_model, encoder, equivalence_margin, methods,
              earlier_rounds, n_boot, boot_seed, fmt, output):
    """Inter-coder agreement on the transcripts two or more coders coded: % agreement by the
    seed's rule, Cohen's kappa per pair, Fleiss' kappa, Krippendorff's alpha, Gwet's AC1; per
    code, per level and overall, and a coder x coder matrix. The output names the unit."""
    margin = _margin(equivalence_margin) if with_model else None
    n_boot = check_resamples(n_boot)
    if methods and fmt == "csv" or earlier_rounds and not methods:
        raise click.UsageError("--methods goes with --format table, md or json; --earlier-round "
                               "goes with --methods.")
    snapshot, _ = load_input(snapshot_path, project_id, url, api_key)
    options = unit_options(snapshot, unit, min_overlap=min_overlap, threshold=threshold,
                           overlap=overlap_measure, bracketing_coder=bracketing_coder)
    if unit == "spans":
        if disagreements_path is not None or with_model:
            raise click.UsageError("--disagreements and --with-model need fixed units; "
                                   "--unit spans has none.")
        options["gamma"] = not no_gamma
    arguments = dict(unit=unit, codebook_path=codebook_path, level=level, coders=coders,
                     from_name=from_name, negotiated_path=negotiated_path, origin=origin, **options)
    if with_model:
        report, result = compute_agreement_with_model(
            snapshot, encoder=encoder, margin=margin, resamples=n_boot, seed=boot_seed,
            **arguments
        )
    else:
        report, result = compute_agreement(snapshot, n_boot=n_boot, seed=boot_seed, **arguments)
    if disagreements_path is not None:
        rows = write_disagreements(report, disagreements_path)
        click.echo(f"Wrote {rows} disagreement(s) to {disagreements_path}", err=True)
    if methods:
        rounds = [(f"round {i} ({Path(path).name})", load_input(path, None, url, api_key)[0])
                  for i, path in enumerate(earlier_rounds, start=1)]
        result = add_methods(result, snapshot, rounds)
    write_output(format_agreement(result, fmt) + methods_output(result, fmt), output)
