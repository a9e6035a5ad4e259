"""``ls-thematic sample`` and ``ls-thematic agreement``: double coding as the seed thesis did it.

``sample`` picks the transcripts for the second coder (:func:`ls_thematic.scripts.sampling.
choose_transcripts`) and can give them to that coder in Label Studio (:func:`~ls_thematic.
scripts.sampling.assign_transcripts`). ``agreement`` computes inter-coder agreement on the tasks
two or more coders annotated (:func:`ls_thematic.scripts.agreement.agreement_report`), writes the
disagreements for the negotiation meeting and reads them back filled in
(:func:`~ls_thematic.scripts.agreement.negotiated_agreement`).

Both read a snapshot or Label Studio JSON export (``--snapshot FILE``, ``-`` for stdin) or a live
project (``--project ID``). The functions here only load the input, call the library and format
what it returns; numbers are rounded only in the ``table`` and ``md`` formats.
"""

from __future__ import annotations

import csv
import io
import json
import math
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd

from ls_thematic.label_config.codebook import Codebook, atomic_write_text, load_codebook
from ls_thematic.label_config.errors import ThematicError

from .cli_common import connection_options, domain_errors, read_coding, write_output

FORMATS = ("table", "csv", "md", "json")
UNITS = ("turns", "sentences", "bracketed", "overlap", "characters", "presence")
NEGOTIATED_COLUMN = "negotiated"
#: Coefficients in the order they are shown, with their labels.
METRICS = {
    "campbell_percent_agreement": "% agreement (seed's rule)",
    "cohen_kappa": "Cohen's kappa",
    "fleiss_kappa": "Fleiss' kappa",
    "krippendorff_alpha": "Krippendorff's alpha (nominal)",
    "gwet_ac1": "Gwet's AC1",
    "percent_agreement": "% agreement (all items)",
    "unit_agreement": "units coded identically",
}
#: Short column heads for the terminal table.
SHORT = {
    "campbell_percent_agreement": "% (seed)",
    "cohen_kappa": "Cohen k",
    "fleiss_kappa": "Fleiss k",
    "krippendorff_alpha": "Kripp. a",
    "gwet_ac1": "AC1",
    "percent_agreement": "% items",
    "unit_agreement": "units same",
}
COUNTS = ("n_items", "n_coded", "n_units", "n_units_agreed", "n_tasks", "n_codes")
PERCENTS = {"campbell_percent_agreement", "percent_agreement", "unit_agreement"}


class InputError(ThematicError):
    """The command's input (snapshot, project, codebook, disagreements file) cannot be used."""


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


def resolve_codebook(snapshot, codebook_path: str | None, from_name: str | None):
    """``(codebook or None, from_name, data key, explicit)`` for the snapshot.

    With ``--codebook`` the snapshot must use only its codes (else a clear error naming the
    unknown codes); without, the codebook is read from the snapshot's labelling config when it
    has one (a live project or a `pull` snapshot), else there is none (a plain LS export).
    """
    from .snapshot import check_codebook, coding_control

    control, data_key = coding_control(snapshot, from_name)
    if codebook_path is not None:
        book = load_codebook(codebook_path)
        check_codebook(snapshot, book, control)
        return book, control, data_key, True
    if snapshot.label_config:
        from ls_thematic.label_config.lsxml import codebook_from_label_config

        return codebook_from_label_config(snapshot.label_config, "the project's labelling config"), control, data_key, False
    return None, control, data_key, False


def _used_codes(snapshot, control: str | None) -> list[str]:
    used: dict[str, None] = {}
    for task in snapshot:
        for annotation in task.get("annotations") or []:
            for result in annotation.get("result") or []:
                if result.get("type") == "labels" and (control is None or result.get("from_name") == control):
                    for code in (result.get("value") or {}).get("labels") or []:
                        used.setdefault(str(code), None)
    return list(used)


def _resolve_coders(snapshot, wanted: Sequence[str]) -> list | None:
    """The export's coder keys (e-mail or id, as :func:`agreement.coder_of` names them)."""
    if not wanted:
        return None
    from .agreement import coder_of

    keys: dict[str, Any] = {}
    for task in snapshot:
        for annotation in task.get("annotations") or []:
            if annotation.get("was_cancelled"):
                continue
            key = coder_of(annotation)
            keys[str(key).lower()] = key
            who = annotation.get("completed_by")
            if isinstance(who, Mapping) and who.get("id") is not None:
                keys[str(who["id"])] = key
    out = []
    for coder in wanted:
        key = keys.get(str(coder).strip().lower())
        if key is None:
            known = sorted({str(k) for k in keys.values()})
            raise InputError(
                f"No annotations by coder {coder!r}; the coders are: {', '.join(known) or 'none'}."
            )
        out.append(key)
    return out


# --------------------------------------------------------------------------- levels
def level_names(book: Codebook | None) -> list[str]:
    """``--level`` values: ``code`` and the codebook's hierarchy levels, coarsest first."""
    if book is None:
        return ["code"]
    return ["code", *[book.level_name(d) for d in range(book.max_depth + 1)]]


def _level_of(book: Codebook):
    known = set(book.names)

    def level_of(code: str) -> list[str]:
        return list(book.path_of(code)) if code in known else [code]

    return level_of


def _recode_at(book: Codebook, level: str, codes: Sequence[str]) -> dict[str, str]:
    depth = [book.level_name(d) for d in range(book.max_depth + 1)].index(level)
    known = set(book.names)
    return {c: book.ancestor_at(c, depth) if c in known else c for c in codes}


# --------------------------------------------------------------------------- computing
def compute_agreement(
    snapshot,
    *,
    unit: str = "turns",
    codebook_path: str | None = None,
    level: str = "all",
    coders: Sequence[str] = (),
    from_name: str | None = None,
    negotiated_path: str | None = None,
    **options: Any,
) -> tuple[dict, dict]:
    """Agreement on a snapshot: ``(report, result)``.

    ``report`` is :func:`agreement_report`'s dict (DataFrames, for writing the disagreements);
    ``result`` is the JSON-ready dict the command writes (see :func:`result_dict`).
    """
    from .agreement import agreement_report, negotiated_agreement

    book, control, data_key, explicit = resolve_codebook(snapshot, codebook_path, from_name)
    allowed = level_names(book)
    if level != "all" and level not in allowed:
        raise InputError(
            f"Unknown level {level!r}; "
            + (f"the codebook's levels are: {', '.join(allowed)} (or all)."
               if book is not None else
               "without a codebook (--codebook, or a snapshot with its labelling config) the only "
               "level is 'code' (or all).")
        )
    used = _used_codes(snapshot, control)
    codes = None
    if book is not None:
        codes = [c.name for c, _ in book.walk() if c.codable or c.name in used]
        codes += [c for c in used if c not in codes]
    recode = None
    if level not in ("all", "code") and book is not None:
        recode = _recode_at(book, level, codes or used)
    level_of = _level_of(book) if level == "all" and book is not None and book.max_depth > 0 else None
    report = agreement_report(
        list(snapshot), unit, coders=_resolve_coders(snapshot, coders), level_of=level_of,
        codes=codes, from_name=control,
        text_key=data_key, recode=recode, **options,
    )
    negotiated = None
    if negotiated_path is not None:
        table = read_disagreements(negotiated_path)
        negotiated = negotiated_agreement(table, report, outcome_column=NEGOTIATED_COLUMN)
    depth_names = None
    if report["per_level"] is not None:
        depth_names = {
            depth: (book.level_name(depth - 1)) for depth in report["per_level"].index
        }
    return report, result_dict(report, options, level, depth_names, negotiated, book)


def _number(value: Any) -> Any:
    """Full-precision JSON value: NaN -> None, numpy scalars -> Python numbers."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return None if math.isnan(value) else value
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _key(coder: Any) -> Any:
    return coder if isinstance(coder, (int, str)) else str(coder)


def result_dict(report: Mapping, options: Mapping, level: str, depth_names: Mapping | None,
                negotiated: Mapping | None, book: Codebook | None) -> dict:
    """The figures of a report as plain JSON types at full precision, naming the unit."""
    from .agreement import _UNIT_OPTIONS

    unit_options = {**_UNIT_OPTIONS, **options}
    wanted = {
        "turns": ("min_overlap",), "sentences": ("min_overlap",),
        "bracketed": ("min_overlap", "bracketing_coder"), "overlap": ("threshold", "overlap"),
        "characters": (), "presence": (),
    }[report["scheme"]]
    per_level = []
    if report["per_level"] is not None:
        for depth, row in report["per_level"].iterrows():
            per_level.append({
                "level": depth_names[depth], "depth": int(depth),
                **{k: _number(v) for k, v in row.items()},
            })
    per_code = [
        {"code": code, **{k: _number(v) for k, v in row.items()}}
        for code, row in report["per_code"].iterrows()
    ]
    if book is not None:
        known = set(book.names)
        for row in per_code:
            row["path"] = list(book.path_of(row["code"])) if row["code"] in known else [row["code"]]
    coders = [_key(c) for c in report["coders"]]
    pairwise = report["pairwise"]
    pairs = []
    for i, first in enumerate(report["coders"]):
        for second in report["coders"][i + 1:]:
            pairs.append({
                "coder_a": _key(first), "coder_b": _key(second),
                "cohen_kappa": _number(pairwise["cohen_kappa"].loc[first, second]),
                "percent_agreement": _number(pairwise["percent_agreement"].loc[first, second]),
                "n_tasks": int(pairwise["n_tasks"].loc[first, second]),
            })
    matrix = {
        name: [[_number(v) for v in row] for row in pairwise[name].to_numpy().tolist()]
        for name in ("cohen_kappa", "percent_agreement", "n_tasks")
    }
    return {
        "unit": report["scheme"],
        "unit_description": report["unit"],
        "unit_options": {k: _number(unit_options[k]) for k in wanted},
        "level": level,
        "coders": coders,
        "codes": list(report["codes"]),
        "n_tasks": int(report["n_tasks"]),
        "overall": {k: _number(v) for k, v in report["overall"].items()},
        "per_level": per_level,
        "per_code": per_code,
        "pairwise": pairs,
        "matrix": {"coders": coders, **matrix},
        "n_disagreements": int(len(report["disagreements"])),
        "negotiated": None if negotiated is None else {k: _number(v) for k, v in negotiated.items()},
    }


# --------------------------------------------------------------------------- disagreements
def disagreements_frame(report: Mapping) -> pd.DataFrame:
    """The report's disagreements with the coders as columns and an empty ``negotiated`` column."""
    table = report["disagreements"].rename(columns={"outcome": NEGOTIATED_COLUMN})
    table.columns = [str(c) for c in table.columns]
    return table


def _md_cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(text.split())


def markdown_table(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(_md_cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows]) + "\n"


def write_disagreements(report: Mapping, path: str) -> int:
    """Write the disagreements as CSV (``.csv``) or Markdown (``.md``); return the row count."""
    table = disagreements_frame(report)
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        text = table.to_csv(index=False)
    elif suffix == ".md":
        text = (
            f"# Disagreements for the negotiation meeting\n\nUnit: {report['unit']}\n\n"
            f"Fill the `{NEGOTIATED_COLUMN}` column on every row: `agreed`, `disagreed`, or the "
            "final code(s) (several joined by `;`).\n\n" + markdown_table(table)
        )
    else:
        raise InputError(f"--disagreements must end in .csv or .md; found {path!r}.")
    atomic_write_text(path, text)
    return len(table)


def _split_md_row(line: str) -> list[str]:
    cells, current, escaped = [], [], False
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    for char in body:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    cells.append("".join(current).strip())
    return cells


def read_disagreements(path: str) -> pd.DataFrame:
    """A filled-in disagreements file (``.csv`` or ``.md``) as a table of strings."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{path}: no such disagreements file; write one with --disagreements.")
    text = file.read_text(encoding="utf-8-sig")
    if file.suffix.lower() == ".md":
        lines = [ln for ln in text.splitlines() if ln.strip().startswith("|")]
        if len(lines) < 2:
            raise InputError(f"{path}: has no Markdown table; expected the file --disagreements wrote.")
        header = _split_md_row(lines[0])
        rows = [_split_md_row(ln) for ln in lines[2:]]
        bad = [i for i, r in enumerate(rows) if len(r) != len(header)]
        if bad:
            raise InputError(
                f"{path}: table row {bad[0] + 1} has {len(rows[bad[0]])} cells where the header "
                f"has {len(header)}; write '\\|' for a '|' inside a cell."
            )
        table = pd.DataFrame(rows, columns=header)
    elif file.suffix.lower() == ".csv":
        try:
            table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(f"{path}: is not a readable CSV table ({exc}).") from None
    else:
        raise InputError(f"--negotiated must end in .csv or .md; found {path!r}.")
    if NEGOTIATED_COLUMN not in table.columns:
        raise InputError(
            f"{path}: has no {NEGOTIATED_COLUMN!r} column; its columns are: "
            f"{', '.join(map(str, table.columns))}. Use the file --disagreements wrote."
        )
    return table


# --------------------------------------------------------------------------- formatting
def _fmt(name: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if name in PERCENTS:
        return f"{100 * value:.1f}%"
    if name in COUNTS or name.startswith("n_"):
        return f"{value:,.0f}"
    return f"{value:.3f}"


def _rows(result: Mapping) -> list[tuple[str, str, dict]]:
    """``(section, name, figures)`` rows: overall, levels, codes."""
    rows = [("overall", f"overall ({result['level'] if result['level'] != 'all' else 'code'} level)",
             result["overall"])]
    rows += [("level", f"{r['level']} (depth {r['depth']})", r) for r in result["per_level"]]
    rows += [("code", r["code"], r) for r in result["per_code"]]
    return rows


def _headline(result: Mapping) -> list[str]:
    overall = result["overall"]
    lines = [
        f"Unit: {result['unit']} - {result['unit_description']}",
        f"Coders: {', '.join(map(str, result['coders']))}; {result['n_tasks']} task(s) coded by two "
        f"or more of them; level: {result['level']}.",
        f"Percentage agreement (Campbell et al. 2013, the seed's rule): "
        f"{_fmt('campbell_percent_agreement', overall['campbell_percent_agreement'])}; "
        f"units coded identically: {_fmt('unit_agreement', overall['unit_agreement'])} "
        f"({_fmt('n_units', overall['n_units_agreed'])} of {_fmt('n_units', overall['n_units'])}).",
    ]
    negotiated = result.get("negotiated")
    if negotiated:
        lines.append(
            f"Negotiated agreement: {_fmt('unit_agreement', negotiated['negotiated_agreement'])} "
            f"(initial {_fmt('unit_agreement', negotiated['initial_agreement'])}; "
            f"{_fmt('n_', negotiated['n_resolved'])} of {_fmt('n_', negotiated['n_disagreements'])} "
            "disagreements resolved)."
        )
    return lines


def format_table(result: Mapping) -> str:
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=140, highlight=False, soft_wrap=False, color_system=None)
    for line in _headline(result):
        console.print(line, markup=False)
    figures = Table(
        title="Agreement", title_justify="left", caption_justify="left",
        caption="; ".join(f"{SHORT[k]} = {label}" for k, label in METRICS.items())
        + ". Kappa, alpha, AC1: each (unit, code) pair one binary item.",
    )
    figures.add_column("")
    for name in METRICS:
        figures.add_column(SHORT[name], justify="right")
    figures.add_column("coded items", justify="right")
    previous = None
    for section, name, row in _rows(result):
        if previous is not None and section != previous:
            figures.add_section()
        previous = section
        figures.add_row(name, *[_fmt(k, row.get(k)) for k in METRICS], _fmt("n_coded", row.get("n_coded")))
    console.print(figures)
    matrix = Table(title="Coder x coder: Cohen's kappa / % agreement (tasks both coded)", title_justify="left")
    matrix.add_column("coder")
    coders = result["matrix"]["coders"]
    for coder in coders:
        matrix.add_column(str(coder), justify="right")
    for i, coder in enumerate(coders):
        cells = []
        for j in range(len(coders)):
            if i == j:
                cells.append(f"({result['matrix']['n_tasks'][i][j]} tasks)")
            else:
                cells.append(
                    f"{_fmt('cohen_kappa', result['matrix']['cohen_kappa'][i][j])} / "
                    f"{_fmt('percent_agreement', result['matrix']['percent_agreement'][i][j])} "
                    f"({result['matrix']['n_tasks'][i][j]})"
                )
        matrix.add_row(str(coder), *cells)
    console.print(matrix)
    console.print(f"{result['n_disagreements']} unit(s) where the coders differ.", markup=False)
    return buffer.getvalue()


def format_markdown(result: Mapping) -> str:
    parts = ["# Inter-coder agreement", "", *[f"{line}  " for line in _headline(result)], ""]
    table = pd.DataFrame(
        [{"": name, **{label: _fmt(k, row.get(k)) for k, label in METRICS.items()},
          "coded items": _fmt("n_coded", row.get("n_coded"))} for _, name, row in _rows(result)]
    )
    parts += ["## Overall, per level and per code", "", markdown_table(table)]
    coders = result["matrix"]["coders"]
    matrix = pd.DataFrame(
        [
            {"coder": str(a), **{
                str(b): (f"({result['matrix']['n_tasks'][i][j]} tasks)" if i == j else
                         f"{_fmt('cohen_kappa', result['matrix']['cohen_kappa'][i][j])} / "
                         f"{_fmt('percent_agreement', result['matrix']['percent_agreement'][i][j])}")
                for j, b in enumerate(coders)
            }}
            for i, a in enumerate(coders)
        ]
    )
    parts += ["## Coder x coder (Cohen's kappa / % agreement)", "", markdown_table(matrix)]
    return "\n".join(parts)


def format_csv(result: Mapping) -> str:
    """One row per figure set: overall, each level, each code, each coder pair (full precision)."""
    columns = ["unit", "level", "section", "name", *METRICS, *COUNTS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*columns, "coder_a", "coder_b"])

    def cell(value):
        return "" if value is None else repr(value) if isinstance(value, float) else value

    for section, name, row in _rows(result):
        name = "overall" if section == "overall" else row.get("level", name) if section == "level" else name
        writer.writerow([result["unit"], result["level"], section, name,
                         *[cell(row.get(k)) for k in (*METRICS, *COUNTS)], "", ""])
    for pair in result["pairwise"]:
        values = {**pair}
        writer.writerow([result["unit"], result["level"], "pair", f"{pair['coder_a']} vs {pair['coder_b']}",
                         *[cell(values.get(k)) for k in (*METRICS, *COUNTS)], pair["coder_a"], pair["coder_b"]])
    if result.get("negotiated"):
        negotiated = result["negotiated"]
        writer.writerow([result["unit"], result["level"], "negotiated", "negotiated",
                         *[cell(negotiated["negotiated_agreement"]) if k == "unit_agreement" else ""
                           for k in METRICS],
                         *["" if k != "n_units" else cell(negotiated["n_units"]) for k in COUNTS], "", ""])
    return buffer.getvalue()


def render(result: Mapping, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if fmt == "csv":
        return format_csv(result)
    if fmt == "md":
        return format_markdown(result)
    return format_table(result)


def sample_result(chosen: pd.DataFrame) -> dict:
    return {
        "seed": chosen.attrs.get("seed"),
        "n": chosen.attrs.get("n"),
        "stratify": chosen.attrs.get("stratify"),
        "n_candidates": chosen.attrs.get("n_candidates"),
        "transcripts": [
            {k: _number(v) for k, v in row.items()} for row in chosen.to_dict(orient="records")
        ],
    }


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
    from .sampling import assign_transcripts, choose_transcripts

    if assign_to is not None and project_id is None:
        raise click.UsageError("--assign needs a live --project ID (a snapshot file cannot be assigned).")
    if seed is None:
        seed = secrets.randbelow(2**31)
    snapshot, client = load_input(snapshot_path, project_id, url, api_key)
    chosen = choose_transcripts(snapshot, n, seed, stratify, coded_by, exclude_coded_by)
    result = sample_result(chosen)
    assignment = None
    if assign_to is not None:
        assignment = assign_transcripts(client, project_id, chosen["task_id"].tolist(), assign_to, seed)
        result["assignment"] = {
            "coder": assignment.coder, "user_id": assignment.user_id, "task_ids": assignment.task_ids,
            "view_id": assignment.view_id, "view_title": assignment.view_title, "url": assignment.url,
            "overlap": {str(k): v for k, v in assignment.overlap.items()},
        }
    if fmt == "json":
        text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        text = chosen.to_csv(index=False)
    else:
        how = f"stratified by {stratify}" if stratify else "simple random"
        head = (f"{len(chosen)} of {result['n_candidates']} transcripts ({how}, seed {seed}; "
                f"repeat with --seed {seed}):\n\n")
        text = head + markdown_table(chosen)
        if assignment is not None:
            text += (f"\nAssigned to {assignment.coder}: Data Manager tab {assignment.view_title!r} "
                     f"({assignment.url}); each task now needs {max(assignment.overlap.values())} "
                     "annotation(s).\n")
    write_output(text, output)


@click.command("agreement")
@input_options
@click.option("--unit", type=click.Choice(UNITS), default="turns", show_default=True,
              help="What is compared: turns or sentences (fixed units), bracketed passages, span "
                   "overlap, characters (NVivo) or code presence per document (MAXQDA).")
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
@click.option("--overlap-measure", type=click.Choice(("iou", "shorter")), default="iou", show_default=True,
              help="overlap: intersection over union, or over the shorter span (MAXQDA).")
@click.option("--bracketing-coder", default=None, metavar="CODER",
              help="bracketed (required there): the coder whose spans are the units.")
@click.option("--from-name", default=None, help="The coding control (default: from the labelling config).")
@click.option("--disagreements", "disagreements_path", type=click.Path(dir_okay=False), default=None,
              help="Write one row per unit where coders differ (.csv or .md), with an empty "
                   "'negotiated' column to fill in at the meeting.")
@click.option("--negotiated", "negotiated_path", type=click.Path(dir_okay=False), default=None,
              help="The filled-in disagreements file: report negotiated agreement next to the initial figure.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="File to write, or - for stdout.")
@domain_errors
def agreement(snapshot_path, project_id, url, api_key, unit, level, codebook_path, coders, min_overlap,
              threshold, overlap_measure, bracketing_coder, from_name, disagreements_path,
              negotiated_path, fmt, output):
    """Inter-coder agreement on the transcripts two or more coders coded: % agreement by the
    seed's rule, Cohen's kappa per pair, Fleiss' kappa, Krippendorff's alpha, Gwet's AC1; per
    code, per level and overall, and a coder x coder matrix. The output names the unit."""
    snapshot, _ = load_input(snapshot_path, project_id, url, api_key)
    options: dict[str, Any] = {}
    if unit in ("turns", "sentences", "bracketed"):
        options["min_overlap"] = min_overlap
    if unit == "bracketed":
        resolved = _resolve_coders(snapshot, [bracketing_coder]) if bracketing_coder else None
        options["bracketing_coder"] = resolved[0] if resolved else None
    if unit == "overlap":
        options.update(threshold=threshold, overlap=overlap_measure)
    report, result = compute_agreement(
        snapshot, unit=unit, codebook_path=codebook_path, level=level, coders=coders,
        from_name=from_name, negotiated_path=negotiated_path, **options,
    )
    if disagreements_path is not None:
        rows = write_disagreements(report, disagreements_path)
        click.echo(f"Wrote {rows} disagreement(s) to {disagreements_path}", err=True)
    write_output(render(result, fmt), output)
