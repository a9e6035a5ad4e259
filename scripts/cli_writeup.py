"""The write-up commands: ``pull``, ``themes``, ``extracts`` and ``report``.

Each parses its options, reads the coding (a snapshot file with ``--snapshot``, or the live
project with ``--project`` and ``--url/--api-key``), calls the library
(:mod:`~ls_thematic.scripts.snapshot`, :mod:`~ls_thematic.scripts.themes`,
:mod:`~ls_thematic.scripts.extracts`, :mod:`~ls_thematic.scripts.report`) and writes what it
returns. Domain errors print ``Error: ...`` and exit 1.
"""

from __future__ import annotations

import json
import math
import sys
import time

import click
import pandas as pd

from ls_thematic.label_config.errors import ThematicError

from .cli_common import connection_options, domain_errors, parse_coders, read_coding, write_output

FORMATS = ("table", "csv", "md", "json")
EMBEDDERS = ("minilm", "tfidf")


class CommandError(ThematicError):
    """Options that do not fit together."""


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


def load_source(snapshot, project_id, url, api_key, codebook, *, progress=False):
    """``(snapshot, codebook)`` from a file or the live project, the codebook checked against it."""
    from .snapshot import codebook_for

    if (snapshot is None) == (project_id is None):
        raise CommandError(
            "Say where the coding is: --snapshot FILE (a snapshot or Label Studio JSON export) "
            "or --project ID (live, with --url and --api-key); "
            + ("not both." if snapshot is not None else "neither was given.")
        )
    data, _ = read_coding(snapshot, project_id, url, api_key, progress=progress)
    return data, codebook_for(data, codebook)


def _show_progress() -> bool:
    return sys.stderr.isatty()


def _coders_label(coders) -> str:
    return coders if isinstance(coders, str) else ", ".join(map(str, coders))


# --------------------------------------------------------------------------- writing tables
def _json_value(value):
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item"):
        return _json_value(value.item())
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def table_document(frame: pd.DataFrame, **about) -> dict:
    """The JSON form of a table: what it is (``about``: table, unit, coders, ...), its columns
    and one object per row, numbers at full precision (NaN as null)."""
    rows = [
        {str(k): _json_value(v) for k, v in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False)
    ]
    return {**about, "columns": [str(c) for c in frame.columns], "rows": rows}


def _text_cell(value, floats: str = "{:.3f}") -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else floats.format(value)
    return "" if value is None else str(value).replace("\n", " ")


def render_table(frame: pd.DataFrame, fmt: str, about: dict, *, title: str | None = None) -> str:
    """``frame`` as text in ``fmt`` (table, csv, md, json)."""
    if fmt == "json":
        return json.dumps(table_document(frame, **about), indent=1, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\n")
    cells = [[_text_cell(v) for v in row] for row in frame.itertuples(index=False)]
    header = [str(c) for c in frame.columns]
    if fmt == "md":
        def esc(text: str) -> str:
            return text.replace("|", "\\|")

        lines = [f"## {title}", ""] if title else []
        lines += ["| " + " | ".join(map(esc, header)) + " |",
                  "| " + " | ".join("---" for _ in header) + " |"]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in cells]
        if about.get("unit"):
            lines += ["", f"Unit: {about['unit']}"]
        return "\n".join(lines) + "\n"
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]

    def line(values):
        return "  ".join(
            v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    lines = [title, ""] if title else []
    lines += [line(header), line(["-" * w for w in widths])]
    lines += [line(r) for r in cells]
    if about.get("unit"):
        lines += ["", f"Unit: {about['unit']}"]
    return "\n".join(lines) + "\n"


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
    from .lsclient import connect
    from .snapshot import coder_of, save_snapshot
    from .snapshot import pull as take

    snapshot = take(connect(url, api_key), project_id,
                    progress=_show_progress() if progress is None else progress)
    save_snapshot(snapshot, output)
    coders = {coder_of(a)[0] for t in snapshot for a in t.get("annotations") or []}
    click.echo(
        f"Pulled project {project_id} ({snapshot.project.get('title')}): {len(snapshot)} tasks, "
        f"{snapshot.meta['annotations']} annotations by {len(coders)} coder(s)"
        + ("" if output == "-" else f" -> {output}") + ".",
        err=True,
    )


# --------------------------------------------------------------------------- themes
THEME_TABLES = ("matrix", "by-attribute", "participants", "cooccurrence", "saturation")


def theme_table(snapshot, book, table: str = "matrix", *, coders="reconciled",
                attribute: str = "role", unit: str = "segment", rollup: bool = False,
                order=None) -> tuple[pd.DataFrame, dict]:
    """One theme table and what it is (``{"table", "unit", "coders", "codebook", ...}``)."""
    from . import themes
    from .snapshot import participants, segments

    seg = segments(snapshot, coders=coders)
    people = participants(snapshot)
    about = {"table": table, "codebook": book.title, "coders": coders,
             "project": snapshot.project.get("title")}
    endorsing = (
        f"participant: endorses a code when at least one segment of their transcript is coded "
        f"with it{' or with a code beneath it' if rollup else ''} (coders: {_coders_label(coders)})"
    )
    if table == "matrix":
        frame = themes.theme_participant_matrix(seg, book, people, rollup=rollup)
        about["unit"] = endorsing
    elif table == "by-attribute":
        frame = themes.counts_by_attribute(seg, book, attribute, people, rollup=rollup)
        about.update(unit=endorsing, attribute=attribute)
    elif table == "participants":
        frame = themes.participants_by_attribute(people, attribute)
        about.update(unit="participant", attribute=attribute)
    elif table == "cooccurrence":
        frame = themes.cooccurrence(seg, book, unit).reset_index()
        about["unit"] = (
            "segment: pairs of overlapping coded spans of one coder in one transcript (diagonal: "
            "spans with the code)" if unit == "segment"
            else "participant: participants endorsing both codes (diagonal: the code's N)"
        )
    else:
        frame = themes.saturation(seg, order=order)
        about["unit"] = "transcript, in coding order (first annotation's creation time)"
    return frame, about


def _display_rows(frame: pd.DataFrame, fmt: str) -> pd.DataFrame:
    """Indent code names by depth and drop the bookkeeping columns for table/md output."""
    if fmt in ("json", "csv") or "depth" not in frame.columns:
        return frame
    out = frame.drop(columns=[c for c in ("level", "depth", "codable") if c in frame.columns])
    pad = "\u00a0\u00a0" if fmt == "md" else "  "
    out = out.copy()
    out["code"] = [pad * int(d) + c for c, d in zip(frame["code"], frame["depth"], strict=True)]
    return out


@click.command()
@source_options
@click.option("--table", "table", type=click.Choice(THEME_TABLES), default="matrix", show_default=True,
              help="matrix: participant x theme with x marks and N (the thesis's Table 2); "
              "by-attribute: participants endorsing each theme per attribute value; participants: "
              "participants per attribute value (Table 1); cooccurrence; saturation.")
@click.option("--by", "attribute", default="role", show_default=True,
              help="Participant attribute for by-attribute and participants.")
@click.option("--unit", type=click.Choice(["segment", "participant"]), default="segment",
              show_default=True, help="Co-occurrence unit.")
@click.option("--rollup", is_flag=True, help="Count a theme's sub-themes as endorsing it too.")
@click.option("--order", default=None,
              help="Saturation: the coding order, as participant or task ids separated by commas.")
@output_options
@domain_errors
def themes(snapshot, project_id, codebook, url, api_key, coders, table, attribute, unit, rollup,
           order, fmt, output):
    """Theme tables: participant x theme matrix, counts by attribute, co-occurrence, saturation."""
    coders = parse_coders(coders)
    data, book = load_source(snapshot, project_id, url, api_key, codebook,
                             progress=_show_progress())
    order = [o.strip() for o in order.split(",") if o.strip()] if order else None
    frame, about = theme_table(data, book, table, coders=coders, attribute=attribute, unit=unit,
                               rollup=rollup, order=order)
    titles = {"matrix": "Themes by participant", "by-attribute": f"Themes by {attribute}",
              "participants": f"Participants by {attribute}", "cooccurrence": "Code co-occurrence",
              "saturation": "Saturation"}
    write_output(render_table(_display_rows(frame, fmt), fmt, about, title=titles[table]), output)


# --------------------------------------------------------------------------- extracts
def parse_pins(values) -> dict[str, list[str]]:
    """``{code: [region id or text, ...]}`` from ``--pin CODE=TEXT`` values."""
    pins: dict[str, list[str]] = {}
    for value in values:
        code, sep, item = value.partition("=")
        if not sep or not code.strip() or not item.strip():
            raise click.BadParameter(f"{value!r} is not CODE=REGION_ID_OR_TEXT", param_hint="--pin")
        pins.setdefault(code.strip(), []).append(item.strip())
    return pins


def resolve_embedder(name: str):
    """The embedding for ``--embedder``: the MiniLM encoder (offline) or TF-IDF."""
    if name == "tfidf":
        return "tfidf"
    from ls_thematic.backend.encoders import get_encoder

    try:
        return get_encoder(name)
    except (OSError, ValueError) as exc:
        raise CommandError(
            f"Cannot load the {name!r} encoder ({exc}); use --embedder tfidf to choose extracts "
            "without a model."
        ) from None


def _extracts_markdown(frame: pd.DataFrame) -> str:
    lines = ["# Themes and extracts", ""]
    for code, rows in frame.groupby("code", sort=False):
        first = rows.iloc[0]
        lines += [f"## {code} ({first['level']}; N = {first['participants']}, "
                  f"{first['segments']} segments)", ""]
        if first["description"]:
            lines += [str(first["description"]), ""]
        for row in rows.itertuples(index=False):
            pin = " (pinned)" if row.pinned else ""
            lines += [f"> “{row.text}” ({row.participant}){pin}", ""]
    return "\n".join(lines)


def _extracts_text(frame: pd.DataFrame) -> str:
    import textwrap

    lines = []
    for code, rows in frame.groupby("code", sort=False):
        first = rows.iloc[0]
        lines += [f"{code} ({first['level']}; N = {first['participants']}, "
                  f"{first['segments']} segments)"]
        if first["description"]:
            lines += textwrap.wrap(str(first["description"]), 96, initial_indent="  ",
                                   subsequent_indent="  ")
        for row in rows.itertuples(index=False):
            head = f"  {row.rank}. [{row.participant}{', pinned' if row.pinned else ''}] "
            lines += textwrap.wrap(f"“{row.text}”", 96, initial_indent=head,
                                   subsequent_indent=" " * len(head))
        lines.append("")
    return "\n".join(lines)


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
@output_options
@domain_errors
def extracts(snapshot, project_id, codebook, url, api_key, coders, pin, n_min, n_max, embedder,
             pseudonymise, redact, fmt, output):
    """Per theme: its description and 3-6 representative extracts with participant ids."""
    from .extracts import representative_extracts
    from .report import anonymise_snapshot
    from .snapshot import segments

    coders = parse_coders(coders)
    data, book = load_source(snapshot, project_id, url, api_key, codebook,
                             progress=_show_progress())
    if pseudonymise or redact:
        data, _ = anonymise_snapshot(data, pseudonymise, redact)
    seg = segments(data, coders=coders)
    frame = representative_extracts(seg, book, embed=resolve_embedder(embedder),
                                    n_min=n_min, n_max=n_max, pinned=parse_pins(pin))
    about = {"table": "extracts", "codebook": book.title, "coders": coders,
             "embedder": embedder,
             "unit": "coded segment; centrality: cosine to the theme's centroid"}
    if fmt == "md":
        text = _extracts_markdown(frame)
    elif fmt == "table":
        text = _extracts_text(frame)
    else:
        text = render_table(frame, fmt, about)
    write_output(text, output)


# --------------------------------------------------------------------------- report
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
@domain_errors
def report(out_dir, snapshot, project_id, codebook, url, api_key, coders, pseudonymise, redact,
           pin, embedder, agreement_unit, title):
    """Write the write-up folder: Markdown, CSV, XLSX, DOCX, figures (PNG, SVG) and a REFI-QDA .qdpx."""
    from .report import build_report, report_agreement

    started = time.perf_counter()
    coders = parse_coders(coders)
    data, book = load_source(snapshot, project_id, url, api_key, codebook,
                             progress=_show_progress())
    agreement = report_agreement(data, book, agreement_unit)
    result = build_report(
        data, book, out_dir, coders=coders, agreement=agreement, pseudonymise=pseudonymise,
        redact_names=list(redact), embed=resolve_embedder(embedder), pinned=parse_pins(pin),
        title=title,
    )
    figures = sorted({f.split("/")[1].rsplit(".", 1)[0] for f in result["files"]
                      if f.startswith("figures/")})
    click.echo(
        f"Wrote {out_dir}: report.md, report.docx, report.xlsx, project.qdpx, "
        f"{sum(f.startswith('tables/') for f in result['files'])} CSV tables and figures "
        f"{', '.join(figures)} (PNG, SVG) in {time.perf_counter() - started:.1f} s."
        + ("" if agreement else " No transcript was coded by two coders, so there is no "
           "agreement chart.")
    )
