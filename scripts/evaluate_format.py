"""A learning-curve result (:func:`ls_thematic.scripts.evaluate.learning_curve`) as text.

:func:`to_json` (everything), :func:`to_csv` (the curve), :func:`to_markdown` and
:func:`to_table` (the curve, the codes and the interpretation as Markdown or as readable tables);
:func:`format_result` picks one by name, and :func:`print_tables` prints the tables on a rich
console (a terminal: its own width).
"""

from __future__ import annotations

import io
import json
import math

import pandas as pd
from rich import box
from rich.console import Console
from rich.table import Table

from ls_thematic.label_config.cells import frame_to_csv

from .evaluate import EVALUATED, MEASURE_LABELS, MEASURES, EvaluationError
from .render import markdown_cell

FORMATS = ("table", "json", "csv", "md")
#: The width of the tables written to a file.
TABLE_WIDTH = 120


def to_json(result: dict) -> str:
    """The result as JSON: ``summary``, ``curve``, ``codes`` and ``runs`` (NaN as null)."""
    document = {
        "summary": result["summary"],
        "curve": _records(result["curve"]),
        "codes": _records(result["codes"]),
        "runs": _records(result["runs"]),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", double_precision=15))


def to_csv(result: dict) -> str:
    """The learning curve as CSV, one row per training size."""
    return frame_to_csv(result["curve"])  # formula cells neutralised


def _pm(mean: float, sd: float) -> str:
    if math.isnan(mean):
        return "–"
    return f"{mean:.3f}" if math.isnan(sd) else f"{mean:.3f} ± {sd:.3f}"


def curve_rows(result: dict) -> list[list[str]]:
    """The curve formatted for a table: training segments, then each measure as mean ± sd."""
    rows = []
    for _, row in result["curve"].iterrows():
        label = f"all ({row['n_train']:,.0f})" if row["size"] == "all" else f"{int(row['size']):,}"
        rows.append([label] + [_pm(row[m], row[f"{m}_sd"]) for m in MEASURES])
    return rows


def code_rows(result: dict) -> list[list[str]]:
    """The codes formatted for a table: code, segments, transcripts, F1, status."""
    rows = []
    for _, row in result["codes"].iterrows():
        f1 = "–" if pd.isna(row["f1"]) else f"{row['f1']:.3f}"
        rows.append(
            [str(row["code"]), str(row["segments"]), str(row["transcripts"]), f1, row["status"]]
        )
    return rows


def to_markdown(result: dict) -> str:
    """The curve, the codes and the interpretation as Markdown."""
    summary = result["summary"]
    lines = [
        "## Suggestion quality on held-out transcripts",
        "",
        setup_line(summary),
        "",
        "| training segments | " + " | ".join(MEASURE_LABELS[m] for m in MEASURES) + " |",
        "|---:|" + "---:|" * len(MEASURES),
    ]
    lines += [_markdown_row(row) for row in curve_rows(result)]
    lines += [
        "",
        "| code | segments | transcripts | F1 (all) | status |",
        "|---|---:|---:|---:|---|",
    ]
    lines += [_markdown_row(row) for row in code_rows(result)]
    lines += ["", summary["interpretation"], ""]
    return "\n".join(lines)


def _markdown_row(cells: list[str]) -> str:
    return "| " + " | ".join(markdown_cell(cell) for cell in cells) + " |"


def setup_line(summary: dict) -> str:
    """One sentence on the data and the settings behind a result."""
    return (
        f"{summary['segments']:,} coded segments from {summary['transcripts']:,} transcripts, "
        f"{summary['codes']} codes ({summary['codes_scored']} scored). About "
        f"{100 * summary['test_share']:.0f}% of the segments held out as whole transcripts; "
        f"{summary['repeats']} repeat(s), seed {summary['seed']}; mean ± sd over repeats. "
        f"Encoder {summary['encoder']}"
        f"{', with the codebook as prototypes' if summary['prototypes'] else ''}."
    )


def tables(result: dict) -> tuple[Table, Table]:
    """The curve and the codes as rich tables (codes not scored are dimmed)."""
    curve = Table(
        title="Suggestion quality on held-out transcripts",
        title_justify="left",
        caption=setup_line(result["summary"]),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    curve.add_column("learned from", justify="right", no_wrap=True)
    for measure in MEASURES:
        curve.add_column(MEASURE_LABELS[measure], justify="right", no_wrap=True)
    for row in curve_rows(result):
        curve.add_row(*row)
    codes = Table(
        title="Codes (F1 with all training segments, pooled over repeats)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for name, justify in (
        ("code", "left"),
        ("segments", "right"),
        ("transcripts", "right"),
        ("F1", "right"),
        ("status", "left"),
    ):
        codes.add_column(
            name,
            justify=justify,
            no_wrap=name != "code",
            min_width=18 if name == "code" else None,
            overflow="fold",
        )
    for row in code_rows(result):
        codes.add_row(*row, style=None if row[-1] == EVALUATED else "dim")
    return curve, codes


def print_tables(result: dict, console: Console | None = None) -> None:
    """The curve, the codes and the interpretation as tables on ``console`` (default: stdout)."""
    if console is None:
        console = Console(highlight=False, soft_wrap=False)
    curve, codes = tables(result)
    console.print(curve)
    console.print()
    console.print(codes)
    console.print()
    console.print(result["summary"]["interpretation"], soft_wrap=True)


def to_table(result: dict, width: int = TABLE_WIDTH) -> str:
    """:func:`print_tables` as plain text, ``width`` characters wide (for a file)."""
    buffer = io.StringIO()
    print_tables(result, Console(file=buffer, width=width, highlight=False, soft_wrap=False))
    return buffer.getvalue()


def format_result(result: dict, fmt: str) -> str:
    """The result in one of :data:`FORMATS`: ``table``, ``json``, ``csv`` or ``md``."""
    writers = {"table": to_table, "json": to_json, "csv": to_csv, "md": to_markdown}
    if fmt not in writers:
        raise EvaluationError(f"Unknown format {fmt!r}; allowed: {', '.join(FORMATS)}.")
    return writers[fmt](result)
