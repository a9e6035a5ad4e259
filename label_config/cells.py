"""Spreadsheet-safe cells: the one place where CSV and XLSX exports neutralise formulas.

Transcripts, memos and code names are typed by people (and pasted from anywhere), and the
tables the project writes are opened in Excel or LibreOffice. A cell whose text starts with
``=``, ``+``, ``-`` or ``@`` is run as a formula there (``=HYPERLINK(...)`` can send a click, and
with it the cell's neighbours, to another host), and a leading tab or carriage return can hide
such a start. Following OWASP's advice on CSV injection, :func:`neutralise` puts a single quote
``'`` in front of such text, so the spreadsheet shows it as text.

Choices, so that readers know what to expect:

* The quote is part of the written text, in CSV and XLSX alike (one rule for both). A
  spreadsheet shows ``'=HYPERLINK(...)``; :func:`restore` takes the quote off again for a
  program that reads a file written here.
* Numbers stay numbers: ``-0.25`` (an int or float, or text that is exactly a decimal number)
  is not a formula and is written as it is.
* Only text cells and column names change; the tables in memory are never modified.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell.

    Text starting with one of :data:`FORMULA_STARTS` gets a leading ``'``, unless it is exactly
    a decimal number (``"-12"``, ``"+1.5e3"``); everything else (numbers, None, dates) is
    returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return QUOTE + value
    return value


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    """:func:`neutralise` of each value of a row (for ``csv.writer`` and ``openpyxl``)."""
    return [neutralise(value) for value in values]


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with its text cells and column names neutralised.

    Columns of numbers, booleans and dates are kept as they are (same dtype).
    """
    out = frame.copy()
    for index in range(out.shape[1]):
        column = out.iloc[:, index]
        if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            out.isetitem(index, column.map(neutralise))
    out.columns = [neutralise(c) for c in out.columns]
    return out


def frame_to_csv(frame: pd.DataFrame, **to_csv: Any) -> str:
    """``frame`` as CSV text, neutralised; ``to_csv`` goes to ``DataFrame.to_csv`` (``index``
    defaults to False)."""
    to_csv.setdefault("index", False)
    return neutralise_frame(frame).to_csv(**to_csv)


def restore(value: Any) -> Any:
    """The text :func:`neutralise` was given: one leading ``'`` taken off again, where it was
    put in front of a formula start. Anything else is returned unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(QUOTE)
        and value[1:].startswith(FORMULA_STARTS)
        and not _NUMBER.fullmatch(value[1:])
    ):
        return value[1:]
    return value
