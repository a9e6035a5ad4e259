"""The write-up commands: ``pull``, ``themes``, ``extracts`` and ``report``.

Each parses its options, reads the coding (a snapshot file with ``--snapshot``, or the live
project with ``--project`` and ``--url/--api-key``; :mod:`~ls_thematic.scripts.source`), makes
one library call (:mod:`~ls_thematic.scripts.themes`, :mod:`~ls_thematic.scripts.extracts`,
:mod:`~ls_thematic.scripts.report`) and writes what it returns
(:mod:`~ls_thematic.scripts.render`). Domain errors print ``Error: ...`` and exit 1.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from ls_thematic.label_config import lsexport
from ls_thematic.label_config.fileio import atomic_write_text

from ..agreement.model_coder import DEFAULT_ENCODER
from ..audit_log import log_from_backend, log_from_model_dir
from ..extracts import load_embedder, render_extracts
from ..render import FORMATS, indent_codes, render_table
from ..report import extract_table
from ..snapshot import save_snapshot
from ..source import load_coding, read_coding
from ..themes import THEME_TABLES, theme_table
from .common import connection_options, domain_errors, origin_option, parse_coders, write_output

EMBEDDERS = ("minilm", "tfidf")


# --------------------------------------------------------------------------- shared options
def source_options(fn):
    """``--snapshot`` / ``--project`` (+ ``--url``/``--api-key``), ``--codebook``, ``--coders``."""
    fn = click.option(
        "--coders", default="reconciled", show_default=True, metavar="WHO",
        help="Whose coding counts: 'reconciled' (one annotation per transcript: the ground truth, "
        "else the latest), 'all', or coder e-mails / user ids separated by commas.",
    )(fn)
    fn = connection_options(fn)
    fn = click.option(
        "--codebook", type=click.Path(dir_okay=False), default=None,
        help="The codebook (.yaml, .csv, .qdc, .xml); default: the snapshot's labelling config.",
    )(fn)
    fn = click.option("--project", "project_id", type=int, default=None,
                      help="Read the project live from Label Studio (id).")(fn)
    fn = click.option("--snapshot", type=click.Path(dir_okay=False, allow_dash=True), default=None,
                      help="A snapshot from `ls-thematic pull`, or a Label Studio JSON export (- for stdin).")(fn)
    return fn


def output_options(fn):
    fn = click.option("-o", "--output", default="-", show_default=True,
                      help="File to write, or - for stdout.")(fn)
    fn = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                      show_default=True,
                      help="table (aligned text), csv, md (Markdown) or json (full precision).")(fn)
    return fn


def parse_pins(values) -> dict[str, list[str]]:
    """``{code: [region id or text, ...]}`` from ``--pin CODE=TEXT`` values."""
    pins: dict[str, list[str]] = {}
    for value in values:
        code, sep, item = value.partition("=")
        if not sep or not code.strip() or not item.strip():
            raise click.BadParameter(f"{value!r} is not CODE=REGION_ID_OR_TEXT", param_hint="--pin")
        pins.setdefault(code.strip(), []).append(item.strip())
    return pins


# --------------------------------------------------------------------------- pull
@click.command()
@click.option("--project", "project_id", type=int, required=True, help="Project id.")
@click.option("-o", "--output", required=True, help="The snapshot file to write (- for stdout).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar on standard error (default: when it is a terminal).")
@connection_options
@domain_errors
def pull(project_id, output, progress, url, api_key):
    """Save a project's tasks and every coder's annotations as a snapshot (JSON) for offline analysis."""
    snapshot, _ = read_coding(None, project_id, url, api_key, progress=progress)
    save_snapshot(snapshot, output)
    coders = {coder for task in snapshot for coder in lsexport.coders_of(task)}
    click.echo(
        f"Pulled project {project_id} ({snapshot.project.get('title')}): {len(snapshot)} tasks, "
        f"{snapshot.meta['annotations']} annotations by {len(coders)} coder(s)"
        + ("" if output == "-" else f" -> {output}") + ".",
        err=True,
    )


# --------------------------------------------------------------------------- themes
THEME_TITLES = {"matrix": "Themes by participant", "by-attribute": "Themes by {attribute}",
                "participants": "Participants by {attribute}",
                "cooccurrence": "Code co-occurrence", "saturation": "Saturation",
                "segments": "Coded segments per theme"}


@click.command()
@source_options
@click.option("--table", "table", type=click.Choice(THEME_TABLES), default="matrix", show_default=True,
              help="matrix: participant x theme with x marks and N (the thesis's Table 2); "
              "by-attribute: participants endorsing each theme per attribute value; participants: "
              "participants per attribute value (Table 1); cooccurrence; saturation; segments: "
              "coded segments per theme and how many are accepted suggestions.")
@click.option("--by", "attribute", default="role", show_default=True,
              help="Participant attribute for by-attribute and participants.")
@click.option("--unit", type=click.Choice(["segment", "participant"]), default="segment",
              show_default=True, help="Co-occurrence unit.")
@click.option("--rollup", is_flag=True, help="Count a theme's sub-themes as endorsing it too.")
@click.option("--order", default=None,
              help="Saturation: the coding order, as participant or task ids separated by commas.")
@origin_option
@output_options
@domain_errors
def themes(snapshot, project_id, codebook, url, api_key, coders, table, attribute, unit, rollup,
           order, origin, fmt, output):
    """Theme tables: participant x theme matrix, counts by attribute, co-occurrence, saturation."""
    coders = parse_coders(coders)
    order = [o.strip() for o in order.split(",") if o.strip()] if order else None
    data, book = load_coding(snapshot, project_id, url, api_key, codebook)
    frame, about = theme_table(data, book, table, coders=coders, attribute=attribute, unit=unit,
                               rollup=rollup, order=order, origin=origin)
    if fmt in ("table", "md"):  # code names indented by depth, the position columns dropped
        frame = indent_codes(frame, "\u00a0\u00a0" if fmt == "md" else "  ")
    title = THEME_TITLES[table].format(attribute=attribute)
    write_output(render_table(frame, fmt, about, title=title), output)


# --------------------------------------------------------------------------- extracts
@click.command()
@source_options
@click.option("--pin", multiple=True, metavar="CODE=TEXT",
              help="A favourite extract of a theme, by region id or (part of) its text; repeatable. "
              "Pinned extracts come first.")
@click.option("--n-min", default=3, show_default=True, help="Fewest extracts per theme.")
@click.option("--n-max", default=6, show_default=True, help="Most extracts per theme.")
@click.option("--embedder", type=click.Choice(EMBEDDERS), default="minilm", show_default=True,
              help="minilm: the all-MiniLM-L6-v2 sentence encoder (offline, about 10 s to load); "
              "tfidf: word statistics, no model, instant.")
@click.option("--pseudonymise", is_flag=True, help="Replace participant ids with 'Participant A', ...")
@click.option("--redact", multiple=True, metavar="NAME", help="A name to replace with [name]; repeatable.")
@origin_option
@output_options
@domain_errors
def extracts(snapshot, project_id, codebook, url, api_key, coders, pin, n_min, n_max, embedder,
             pseudonymise, redact, origin, fmt, output):
    """Per theme: its description and 3-6 representative extracts with participant ids."""
    coders = parse_coders(coders)
    pinned = parse_pins(pin)
    data, book = load_coding(snapshot, project_id, url, api_key, codebook)
    frame = extract_table(data, book, coders=coders, embed=load_embedder(embedder), n_min=n_min,
                          n_max=n_max, pinned=pinned, pseudonymise=pseudonymise,
                          redact_names=redact, origin=origin)
    about = {"table": "extracts", "codebook": book.title, "coders": coders, "origin": origin,
             "embedder": embedder,
             "unit": "coded segment; centrality: cosine to the theme's centroid"}
    write_output(render_extracts(frame, fmt, about), output)


# --------------------------------------------------------------------------- report
def assistance_options(fn):
    """Where the backend's suggestion log is (as ``audit`` takes it) and ``--with-model``."""
    fn = click.option("--encoder", default=DEFAULT_ENCODER, show_default=True,
                      help="--with-model: sentence encoder (minilm, or the folder of a local "
                      "sentence-transformers model).")(fn)
    fn = click.option("--with-model", is_flag=True, default=False,
                      help="Add the suggestion model as a cross-fitted coder to the section "
                      "'Use of AI assistance' (as `agreement --with-model`; fits one model per "
                      "participant, so it takes a while).")(fn)
    fn = click.option("--backend-password", envvar="BASIC_AUTH_PASS", show_envvar=True,
                      default=None, help="--backend: the backend's Basic auth password.")(fn)
    fn = click.option("--backend-user", envvar="BASIC_AUTH_USER", show_envvar=True, default=None,
                      help="--backend: the backend's Basic auth user.")(fn)
    fn = click.option("--backend", "backend_url", default=None, metavar="URL",
                      help="Read the suggestion log from the running backend's GET /suggestions, "
                      "e.g. http://127.0.0.1:9090.")(fn)
    fn = click.option("--model-dir", type=click.Path(file_okay=False), default=None,
                      help="Read the suggestion log from the backend's MODEL_DIR (or a project "
                      "folder in it) for the section 'Use of AI assistance'.")(fn)
    return fn


def read_assistance(snapshot, project_id, model_dir, backend_url, backend_user,
                    backend_password, with_model, encoder) -> dict:
    """``build_report``'s ``assistance``: the log from ``--model-dir`` or ``--backend`` (None
    without either) and the encoder of ``--with-model``."""
    if model_dir is not None and backend_url is not None:
        raise click.UsageError("Give the suggestion log as --model-dir DIR or --backend URL, not both.")
    log_project = project_id if project_id is not None else snapshot.project.get("id")
    entries = None
    if model_dir is not None:
        entries, where = log_from_model_dir(model_dir, log_project)
    elif backend_url is not None:
        entries, where = log_from_backend(backend_url, log_project, backend_user, backend_password)
    if entries is not None:
        click.echo(f"Suggestion log: {where} ({len(entries)} entries)", err=True)
    return {"entries": entries, "with_model": encoder if with_model else None}


@click.command()
@click.argument("out_dir", type=click.Path(file_okay=False))
@source_options
@click.option("--pseudonymise", is_flag=True,
              help="Replace participant ids with 'Participant A', 'Participant B', ... everywhere.")
@click.option("--redact", multiple=True, metavar="NAME",
              help="A name to replace with [name] in transcripts, extracts and memos; repeatable.")
@click.option("--pin", multiple=True, metavar="CODE=TEXT", help="A favourite extract (as for `extracts`).")
@click.option("--embedder", type=click.Choice(EMBEDDERS), default="minilm", show_default=True,
              help="How extracts are chosen (see `extracts`).")
@click.option("--agreement-unit", default="auto", show_default=True,
              type=click.Choice(["auto", "turns", "sentences", "bracketed", "overlap", "characters", "presence"]),
              help="Unit of the agreement chart (auto: turns when imported, else sentences).")
@click.option("--title", default=None, help="Report title (default: the project's).")
@click.option("--earlier-round", "earlier_rounds", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False, exists=True),
              help="A snapshot of an earlier coding round (repeat, oldest first): the methods "
                   "paragraph says which codes were added, removed or moved since.")
@origin_option
@assistance_options
@domain_errors
def report(out_dir, snapshot, project_id, codebook, url, api_key, coders, pseudonymise, redact,
           pin, embedder, agreement_unit, title, earlier_rounds, origin, model_dir, backend_url,
           backend_user, backend_password, with_model, encoder):
    """Write the write-up folder: Markdown, CSV, XLSX, DOCX, figures (PNG, SVG) and a REFI-QDA
    .qdpx, with a section on the use of AI assistance (from the backend's suggestion log)."""
    started = time.perf_counter()
    coders = parse_coders(coders)
    pinned = parse_pins(pin)
    data, book = load_coding(snapshot, project_id, url, api_key, codebook)
    assistance = read_assistance(data, project_id, model_dir, backend_url, backend_user,
                                 backend_password, with_model, encoder)
    from ..report import build_report  # matplotlib, for the figures: only when reporting

    result = build_report(
        data, book, out_dir, coders=coders, agreement="auto", agreement_unit=agreement_unit,
        pseudonymise=pseudonymise, redact_names=list(redact), embed=load_embedder(embedder),
        pinned=pinned, title=title, origin=origin, assistance=assistance,
        rounds=[(f"round {i} ({Path(path).name})", read_coding(path, None, url, api_key)[0])
                for i, path in enumerate(earlier_rounds, start=1)],
    )
    figures = sorted({f.split("/")[1].rsplit(".", 1)[0] for f in result["files"]
                      if f.startswith("figures/")})
    click.echo(
        f"Wrote {out_dir}: report.md, report.docx, report.xlsx, project.qdpx, "
        f"{sum(f.startswith('tables/') for f in result['files'])} CSV tables and figures "
        f"{', '.join(figures)} (PNG, SVG) in {time.perf_counter() - started:.1f} s."
        + ("" if "agreement_per_code" in result["tables"] else " No transcript was coded by two "
           "coders, so there is no agreement chart.")
    )
    if pseudonymise:
        key = write_pseudonym_key(Path(out_dir), result["pseudonyms"], result["pseudonym_seed"])
        click.echo(f"The pseudonym key (it undoes the pseudonymisation) is in {key}, outside the "
                   "report folder and readable by you only: keep it apart from the report.")


def write_pseudonym_key(out_dir: Path, mapping: dict, seed: int | None) -> Path:
    """Write ``<out_dir>.pseudonym-key.json`` (0600) beside the report folder: the map from
    participant id to pseudonym, and the seed that ordered the letters."""
    path = out_dir.with_name(out_dir.name + ".pseudonym-key.json")
    key = {"pseudonyms": mapping, "pseudonym_seed": seed}
    atomic_write_text(path, json.dumps(key, indent=1, ensure_ascii=False) + "\n", mode=0o600)
    return path
