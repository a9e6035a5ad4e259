"""One home for writing tables as text: aligned text, CSV, Markdown and JSON.

Every table the project prints or writes as text (the report, the disagreements file, a
command's ``--format table|csv|md|json``) goes through :func:`render_table`, and every Markdown
table through :func:`markdown_table`, so a ``|`` or a backslash inside a cell is escaped the same
way everywhere and :func:`split_markdown_row` reads it back.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pandas as pd

from ls_thematic.label_config.cells import frame_to_csv

FORMATS = ("table", "csv", "md", "json")
#: Columns of a code table that say where a code sits (dropped for display, kept in CSV/JSON).
CODE_POSITION_COLUMNS = ("level", "depth", "codable")
_INDENT = re.compile(r"[\u00a0\u2000-\u200a]*")


def markdown_cell(value: Any, floats: str | None = None) -> str:
    """One Markdown table cell: ``\\`` and ``|`` escaped, white space (newlines) folded.

    ``None`` and NaN give an empty cell; a float is formatted with ``floats`` (e.g.
    ``"{:.3f}"``) when it is given. Leading non-breaking or em spaces (a code indented under
    its parent) are kept.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if floats is not None and isinstance(value, float):
        text = floats.format(value)
    else:
        text = str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return _INDENT.match(text).group(0) + " ".join(text.split())


def markdown_table(frame: pd.DataFrame, floats: str | None = None, *, tight_rule: bool = False) -> str:
    """``frame`` as a Markdown table (header, rule, one line per row), ending in a newline.

    ``tight_rule`` writes the rule as ``|---|---|``: then only the header and the rows start
    with ``"| "``, which is how a file a person fills in (the disagreements) tells them apart.
    """
    header = "| " + " | ".join(markdown_cell(c) for c in frame.columns) + " |"
    if tight_rule:
        rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    else:
        rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = [
        "| " + " | ".join(markdown_cell(v, floats) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *rows]) + "\n"


def split_markdown_row(line: str) -> list[str]:
    """The cells of one Markdown table line, undoing :func:`markdown_cell`'s escapes."""
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


def json_value(value: Any) -> Any:
    """``value`` as plain JSON data: numpy scalars unwrapped, NaN as None, times in ISO 8601."""
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item"):
        return json_value(value.item())
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


def table_document(frame: pd.DataFrame, **about) -> dict:
    """The JSON form of a table: what it is (``about``: table, unit, coders, ...), its columns
    and one object per row, numbers at full precision (NaN as null)."""
    rows = [
        {str(k): json_value(v) for k, v in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False)
    ]
    return {**about, "columns": [str(c) for c in frame.columns], "rows": rows}


def text_cell(value: Any, floats: str = "{:.3f}") -> str:
    """One cell of an aligned text table: floats formatted, NaN and None empty, one line."""
    if isinstance(value, float):
        return "" if math.isnan(value) else floats.format(value)
    return "" if value is None else str(value).replace("\n", " ")


def text_table(frame: pd.DataFrame, floats: str = "{:.3f}") -> str:
    """``frame`` as aligned text: numbers right-aligned, a dashed rule under the header."""
    cells = [[text_cell(v, floats) for v in row] for row in frame.itertuples(index=False)]
    header = [str(c) for c in frame.columns]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]

    def line(values):
        return "  ".join(
            v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in cells]) + "\n"


def render_table(frame: pd.DataFrame, fmt: str, about: dict | None = None, *,
                 title: str | None = None, floats: str = "{:.3f}") -> str:
    """``frame`` as text in ``fmt``.

    Parameters
    ----------
    frame : DataFrame
    fmt : {"table", "csv", "md", "json"}
        Aligned text, CSV (full precision), Markdown (:func:`markdown_table`) or JSON
        (:func:`table_document`, full precision).
    about : dict, optional
        What the table is (``table``, ``unit``, ``coders``, ...): the JSON document's keys; its
        ``unit`` is printed under a text or Markdown table.
    title : str, optional
        A heading above a text or Markdown table.
    floats : str
        Format of floats in text and Markdown.
    """
    about = about or {}
    if fmt == "json":
        return json.dumps(table_document(frame, **about), indent=1, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return frame_to_csv(frame, lineterminator="\n")  # formula cells neutralised
    if fmt not in FORMATS:
        raise ValueError(f"Unknown table format {fmt!r}; use one of {', '.join(FORMATS)}.")
    if fmt == "md":
        lines = [f"## {title}", ""] if title else []
        body = markdown_table(frame, floats)
    else:
        lines = [title, ""] if title else []
        body = text_table(frame, floats)
    lines.append(body.rstrip("\n"))
    if about.get("unit"):
        lines += ["", f"Unit: {about['unit']}"]
    return "\n".join(lines) + "\n"


def indent_codes(frame: pd.DataFrame, pad: str = "  ", column: str = "code") -> pd.DataFrame:
    """A code table for reading: each code name indented by its depth (``pad`` per level) and
    the position columns (``level``, ``depth``, ``codable``) dropped. A table without a
    ``depth`` column is returned as it is."""
    if "depth" not in frame.columns:
        return frame
    out = frame.drop(columns=[c for c in CODE_POSITION_COLUMNS if c in frame.columns]).copy()
    out[column] = [pad * int(d) + str(c) for c, d in zip(frame[column], frame["depth"], strict=True)]
    return out
