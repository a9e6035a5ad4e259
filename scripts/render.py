"""One home for writing tables as text: Markdown cells and tables.

Every Markdown table the project writes (the report, the disagreements file, ``--format md``)
goes through :func:`markdown_table`, so a ``|`` or a backslash inside a cell is escaped the same
way everywhere and :func:`split_markdown_row` reads it back.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def markdown_cell(value: Any, floats: str | None = None) -> str:
    """One Markdown table cell: ``\\`` and ``|`` escaped, white space (newlines) folded.

    ``None`` and NaN give an empty cell; a float is formatted with ``floats`` (e.g.
    ``"{:.3f}"``) when it is given.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if floats is not None and isinstance(value, float):
        text = floats.format(value)
    else:
        text = str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(text.split())


def markdown_table(frame: pd.DataFrame, floats: str | None = None) -> str:
    """``frame`` as a Markdown table (header, rule, one line per row), ending in a newline."""
    header = "| " + " | ".join(markdown_cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
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
