"""participants.csv: one row per participant, an id column and attribute columns.

The attributes travel with each transcript into its task (``data.attributes``) and show above
the text as the participant header ("P3 · role: Mental health nurse · years experience: 12").
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from collections.abc import Mapping
from pathlib import Path

from .errors import TranscriptError
from .fileio import check_encoding, decode_text, read_bytes

#: Column names that hold the participant id in participants.csv, in order of preference.
ID_COLUMNS = ("participant", "participant_id", "id")


def read_participants(
    path: str | os.PathLike, *, encoding: str | None = None
) -> dict[str, dict[str, str]]:
    """Read participants.csv: ``{participant id: {attribute: value}}``.

    The id is the column ``participant`` (or ``participant_id``, or ``id``; names are matched
    case-insensitively, the first present wins); every other column is an attribute, kept as
    text with surrounding spaces removed and in column order. Commas, semicolons or tabs may
    separate the columns (read from the header). Blank lines are skipped.

    Raises
    ------
    TranscriptError
        The file is empty or has no participant rows, has no id column, repeats a column name,
        or has rows with an empty id, a repeated id (both line numbers are named) or more values
        than columns. All row problems are listed in one error.
    """
    path = Path(path)
    check_encoding(encoding)
    text = decode_text(read_bytes(path), path, encoding)
    if not text.strip():
        raise TranscriptError(f"{path} is empty: it has only blank lines.")
    rows = _rows(text, path)
    if not rows:
        raise TranscriptError(f"{path} is empty: it has no header row and no participants.")
    header = rows[0][1]
    id_column = _id_column(header, path)
    if len(rows) == 1:
        raise TranscriptError(f"{path} has a header row but no participants.")
    participants, problems = _participants(rows[1:], header, id_column)
    if problems:
        raise TranscriptError(f"{path}: " + "; ".join(problems) + ".")
    return participants


def _rows(text: str, path: Path) -> list[tuple[int, list[str]]]:
    """The non-blank rows, cells stripped, each with the line number it starts on."""
    header_line = next(line for line in text.split("\n") if line.strip())
    delimiter = max(",;\t", key=header_line.count) if any(d in header_line for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    previous_line = 0
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((previous_line + 1, [cell.strip() for cell in row]))
            previous_line = reader.line_num
    except csv.Error as exc:
        raise TranscriptError(f"{path}, line {reader.line_num}: not valid CSV ({exc}).") from None
    return rows


def _id_column(header: list[str], path: Path) -> int:
    """The index of the id column; repeated column names are an error."""
    lowered = [name.lower() for name in header]
    for index, name in enumerate(lowered):
        if name and name in lowered[:index]:
            raise TranscriptError(
                f"{path} has the column {header[index]!r} twice (columns "
                f"{lowered.index(name) + 1} and {index + 1}); column names must be unique."
            )
    id_column = next((lowered.index(name) for name in ID_COLUMNS if name in lowered), None)
    if id_column is None:
        raise TranscriptError(
            f"{path} has no participant id column: name one column 'participant' (or 'id'). "
            f"Its columns are: {', '.join(repr(name) for name in header)}."
        )
    return id_column


def _participants(
    rows: list[tuple[int, list[str]]], header: list[str], id_column: int
) -> tuple[dict[str, dict[str, str]], list[str]]:
    """The participants of the data rows, and every problem found in them."""
    participants: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    problems: list[str] = []
    for line, row in rows:
        if len(row) > len(header) and any(row[len(header) :]):
            problems.append(
                f"line {line} has {len(row)} values but the header has {len(header)} columns"
            )
            continue
        row = row + [""] * (len(header) - len(row))
        pid = row[id_column]
        if not pid:
            problems.append(f"line {line} has an empty {header[id_column]!r}")
            continue
        if pid in participants:
            problems.append(
                f"participant {pid!r} appears twice, on lines {first_line[pid]} and {line}"
            )
            continue
        first_line[pid] = line
        participants[pid] = {
            name: value
            for index, (name, value) in enumerate(zip(header, row[: len(header)], strict=True))
            if index != id_column and (name or value)
        }
        if "" in participants[pid]:
            problems.append(f"line {line} has a value in a column without a name")
    return participants, problems


def participant_header(participant_id: str, attributes: Mapping[str, str]) -> str:
    """``"P3 · role: Mental health nurse · years experience: 12"``; empty values are left out
    and underscores in column names become spaces."""
    parts = [participant_id]
    parts += [f"{name.replace('_', ' ')}: {value}" for name, value in attributes.items() if value]
    return " · ".join(parts)


def attributes_of(
    participants: Mapping[str, Mapping[str, str]], pid: str, path: Path, from_stem: bool
) -> dict[str, str]:
    """The attributes of participant ``pid`` of transcript ``path``.

    A participant missing from ``participants`` is a :class:`TranscriptError` that lists the
    known ids and suggests a close one; ``from_stem`` says the id came from the file name.
    """
    if pid in participants:
        return dict(participants[pid])
    known = list(participants)
    listed = ", ".join(known[:30]) + (f", … ({len(known) - 30} more)" if len(known) > 30 else "")
    close = [k for k in known if k.lower() == pid.lower()] or difflib.get_close_matches(
        pid, known, n=1
    )
    hint = f" Did you mean {close[0]!r}?" if close else ""
    origin = " (taken from the file name)" if from_stem else ""
    raise TranscriptError(
        f"{path}: participant {pid!r}{origin} is not in the participants file; it has: "
        f"{listed}.{hint}"
    )
