"""Negotiated agreement (Campbell et al. 2013): the coders meet and settle their disagreements.

:func:`write_disagreements` writes the report's disagreements (one row per unit where the coders
differ) as CSV or Markdown with an empty ``negotiated`` column; the coders fill it in at the
meeting; :func:`read_disagreements` reads the file back (the Markdown table included) and
:func:`negotiated_agreement` counts the units agreed initially or after discussion.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ls_thematic.label_config.cells import frame_to_csv
from ls_thematic.label_config.errors import InputError
from ls_thematic.label_config.fileio import atomic_write_text

from ..render import markdown_table, split_markdown_row
from .errors import AgreementError
from .report import NONE_CODE

__all__ = [
    "NEGOTIATED_COLUMN",
    "OUTCOME_AGREED",
    "OUTCOME_DISAGREED",
    "disagreements_frame",
    "negotiated_agreement",
    "read_disagreements",
    "write_disagreements",
]

OUTCOME_AGREED = "agreed"
OUTCOME_DISAGREED = "disagreed"
#: The column of the disagreements file the coders fill in.
NEGOTIATED_COLUMN = "negotiated"


# --------------------------------------------------------------------------------------------
# Negotiated agreement
# --------------------------------------------------------------------------------------------


def _check_table(disagreements: Any, report: Mapping[str, Any], outcome_column: str) -> None:
    """The table is a DataFrame with the outcome column, and lists the report's disagreements."""
    if not isinstance(disagreements, pd.DataFrame):
        raise AgreementError(
            f"disagreements must be a DataFrame; found {type(disagreements).__name__}."
        )
    if outcome_column not in disagreements.columns:
        raise AgreementError(
            f"The disagreements table has no {outcome_column!r} column; the columns are: "
            f"{', '.join(map(str, disagreements.columns))}."
        )
    expected = len(report["disagreements"])
    if len(disagreements) != expected:
        raise AgreementError(
            f"The disagreements table has {len(disagreements)} rows but the report lists "
            f"{expected} disagreements; use the table of the same report, unfiltered."
        )
    listed = report["disagreements"]
    for column in ("task_id", "unit_start", "unit_end"):
        if column not in disagreements.columns or column not in listed.columns:
            continue
        mine = disagreements[column].astype(str).str.strip().to_numpy()
        theirs = listed[column].astype(str).to_numpy()
        wrong = np.flatnonzero(mine != theirs)
        if len(wrong):
            row = int(wrong[0])
            raise AgreementError(
                f"Row {row + 1} of the disagreements table has {column} {mine[row]!r} where the "
                f"report lists {theirs[row]!r}; the table comes from another export or other "
                "settings (unit, coders, level). Compute agreement with the same options as when "
                "the table was written."
            )


def _resolved(outcome: pd.Series, codes: list[str]) -> np.ndarray:
    """Bool per row: the coders agreed, or settled on final code(s); raises on empty rows."""
    text = outcome.where(outcome.notna(), "").astype(str).str.strip()
    empty = np.flatnonzero(text.to_numpy() == "")
    if len(empty):
        rows = ", ".join(str(i + 1) for i in empty[:10])
        raise AgreementError(
            f"{len(empty)} disagreement(s) have no outcome (rows {rows}); write "
            f"'{OUTCOME_AGREED}', '{OUTCOME_DISAGREED}' or the final code on every row."
        )
    known = set(codes) | {NONE_CODE}
    resolved = np.zeros(len(text), dtype=bool)
    for row, value in enumerate(text.tolist()):
        lowered = value.lower()
        if lowered == OUTCOME_AGREED:
            resolved[row] = True
        elif lowered == OUTCOME_DISAGREED:
            continue
        else:
            final = [part.strip() for part in value.split(";") if part.strip()]
            wrong = [part for part in final if part not in known]
            if wrong:
                raise AgreementError(
                    f"Unknown outcome {wrong[0]!r} in row {row + 1}; write '{OUTCOME_AGREED}', "
                    f"'{OUTCOME_DISAGREED}' or one of the codes: {', '.join(codes)}."
                )
            resolved[row] = True
    return resolved


def negotiated_agreement(
    disagreements: pd.DataFrame, report: Mapping[str, Any], outcome_column: str = "outcome"
) -> dict[str, Any]:
    """Agreement after the coders discussed their disagreements (Campbell et al. 2013).

    Parameters
    ----------
    disagreements : pandas.DataFrame
        ``report["disagreements"]`` (e.g. read back from CSV) with ``outcome`` filled in on every
        row: "agreed", "disagreed", or the final code(s) the coders settled on (several joined
        by ";"), which counts as agreed.
    report : dict
        The :func:`~.report.agreement_report` the table came from.
    outcome_column : str
        Name of the outcome column.

    Returns
    -------
    dict
        ``unit``, ``initial_agreement`` (the report's ``unit_agreement``),
        ``negotiated_agreement`` (units agreed initially or after discussion / all units),
        ``n_units``, ``n_disagreements``, ``n_resolved``, ``n_unresolved`` (weighted by
        characters for ``unit="characters"``).

    Raises
    ------
    AgreementError
        If the outcome column is missing or empty on some rows, an outcome is neither
        "agreed"/"disagreed" nor a code, or the table does not match the report.
    """
    _check_table(disagreements, report, outcome_column)
    resolved = _resolved(disagreements[outcome_column], report["codes"])
    if report["scheme"] == "characters":
        weight = (disagreements["unit_end"] - disagreements["unit_start"]).to_numpy(float)
    else:
        weight = np.ones(len(disagreements))
    overall = report["overall"]
    n_units = overall["n_units"]
    return {
        "unit": report["unit"],
        "initial_agreement": overall["unit_agreement"],
        "negotiated_agreement": (overall["n_units_agreed"] + weight[resolved].sum()) / n_units,
        "n_units": n_units,
        "n_disagreements": float(weight.sum()),
        "n_resolved": float(weight[resolved].sum()),
        "n_unresolved": float(weight[~resolved].sum()),
    }


# --------------------------------------------------------------------------------------------
# The disagreements file: written for the meeting, read back filled in
# --------------------------------------------------------------------------------------------


def disagreements_frame(report: Mapping) -> pd.DataFrame:
    """The report's disagreements with the coders as columns and an empty ``negotiated`` column."""
    table = report["disagreements"].rename(columns={"outcome": NEGOTIATED_COLUMN})
    table.columns = [str(c) for c in table.columns]
    return table


def write_disagreements(report: Mapping, path: str) -> int:
    """Write the disagreements as CSV (``.csv``) or Markdown (``.md``); return the row count."""
    table = disagreements_frame(report)
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        text = frame_to_csv(table)  # formula cells neutralised
    elif suffix == ".md":
        text = (
            f"# Disagreements for the negotiation meeting\n\nUnit: {report['unit']}\n\n"
            f"Fill the `{NEGOTIATED_COLUMN}` column on every row: `agreed`, `disagreed`, or the "
            "final code(s) (several joined by `;`).\n\n" + markdown_table(table, tight_rule=True)
        )
    else:
        raise InputError(f"--disagreements must end in .csv or .md; found {path!r}.")
    atomic_write_text(path, text)
    return len(table)


def _read_markdown_table(text: str, path: str) -> pd.DataFrame:
    """The first Markdown table of ``text`` (header, rule, rows) as a table of strings."""
    lines = [ln for ln in text.splitlines() if ln.strip().startswith("|")]
    if len(lines) < 2:
        raise InputError(f"{path}: has no Markdown table; expected the file --disagreements wrote.")
    header = split_markdown_row(lines[0])
    rows = [split_markdown_row(ln) for ln in lines[2:]]
    bad = [i for i, r in enumerate(rows) if len(r) != len(header)]
    if bad:
        raise InputError(
            f"{path}: table row {bad[0] + 1} has {len(rows[bad[0]])} cells where the header "
            f"has {len(header)}; write '\\|' for a '|' inside a cell."
        )
    return pd.DataFrame(rows, columns=header)


def read_disagreements(path: str) -> pd.DataFrame:
    """A filled-in disagreements file (``.csv`` or ``.md``) as a table of strings."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{path}: no such disagreements file; write one with --disagreements.")
    text = file.read_text(encoding="utf-8-sig")
    if file.suffix.lower() == ".md":
        table = _read_markdown_table(text, path)
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
