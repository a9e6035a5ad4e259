"""Codebook files: read and write YAML, CSV, REFI-QDA .qdc and labelling-config XML.

:func:`load_codebook` reads any of them by the file's extension and :func:`save_codebook` writes
any of them (atomically). YAML is the human-editable form (:meth:`Codebook.to_dict` and
:meth:`Codebook.from_dict` give its structure); CSV is a flat table with a ``parent`` column;
.qdc is read and written by :mod:`.qdc` and the labelling config by :mod:`.lsxml`. The model
itself, with its validation, is :mod:`.codebook`.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

import yaml

from .cells import neutralise, restore
from .codebook import Codebook, is_builtin_unsure
from .errors import CodebookError
from .fileio import atomic_write_text
from .lsxml import codebook_from_label_config, codebook_to_label_config
from .qdc import codebook_from_qdc, codebook_to_qdc

CSV_COLUMNS = [
    "name", "parent", "description", "include", "exclude", "examples", "colour", "codable",
    "exclusive",
]

_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


# --------------------------------------------------------------------------- YAML
def codebook_to_yaml(book: Codebook) -> str:
    """The codebook as YAML text (the built-in Unsure code is left out)."""
    return yaml.safe_dump(book.to_dict(), sort_keys=False, allow_unicode=True, width=100)


def codebook_from_yaml(text: str, source: str = "<yaml>") -> Codebook:
    """Parse YAML text into a validated codebook; errors name ``source`` and the line."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise CodebookError(f"{source}: is not valid YAML{where}: {exc}.") from None
    return Codebook.from_dict(data, source)


# --------------------------------------------------------------------------- CSV
def codebook_from_csv(text: str, source: str = "<csv>", title: str | None = None) -> Codebook:
    """Read a flat CSV with a ``parent`` column (empty for top-level codes) into a codebook.

    Columns: name, parent, description, include, exclude, examples (several separated by ``|``),
    colour, codable (true/false, default true), exclusive (true/false, default false: the
    code's sub-codes are mutually exclusive). Rows may come in any order; a parent that is
    never defined, or parents that form a cycle, are errors.
    """
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "name" not in reader.fieldnames:
        raise CodebookError(
            f"{source}: the first row must be a header with at least 'name' and 'parent'; "
            f"allowed columns: {', '.join(CSV_COLUMNS)}."
        )
    unknown = set(reader.fieldnames) - set(CSV_COLUMNS) - {"color", ""}
    if unknown:
        raise CodebookError(
            f"{source}: unknown column(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(CSV_COLUMNS)}."
        )
    rows = _csv_rows(reader, source)
    roots = _csv_tree(rows, source)

    def strip(node: dict) -> dict:
        out = {k: v for k, v in node.items() if not k.startswith("_") and v not in (None, "", [])}
        out["codable"] = node["codable"]
        out["exclusive"] = node["exclusive"]
        if node["children"]:
            out["children"] = [strip(c) for c in node["children"]]
        return out

    data = {"title": title or Path(source).stem, "codes": [strip(r) for r in roots]}
    return Codebook.from_dict(data, source)


def _csv_rows(reader: csv.DictReader, source: str) -> dict[str, dict]:
    """``{name: code dict}`` in file order; each dict also holds ``_line`` and ``_parent``."""
    rows: dict[str, dict] = {}
    for line, row in enumerate(reader, start=2):
        row = {key: restore(value) for key, value in row.items()}  # undo neutralise()
        name = (row.get("name") or "").strip()
        if not name:
            raise CodebookError(f"{source}: line {line}: 'name' is empty; give every code a name.")
        if name in rows:
            raise CodebookError(
                f"{source}: line {line}: code {name!r} is defined twice (first at line "
                f"{rows[name]['_line']}); code names must be unique."
            )
        codable = (row.get("codable") or "true").strip().lower()
        if codable not in _TRUE | _FALSE:
            raise CodebookError(
                f"{source}: line {line}: codable {row.get('codable')!r} must be true or false."
            )
        exclusive = (row.get("exclusive") or "false").strip().lower()
        if exclusive not in _TRUE | _FALSE:
            raise CodebookError(
                f"{source}: line {line}: exclusive {row.get('exclusive')!r} must be true (the "
                "code's sub-codes are mutually exclusive) or false."
            )
        rows[name] = {
            "_line": line,
            "_parent": (row.get("parent") or "").strip(),
            "name": name,
            "description": row.get("description") or "",
            "include": row.get("include") or "",
            "exclude": row.get("exclude") or "",
            "examples": [e.strip() for e in (row.get("examples") or "").split("|") if e.strip()],
            "colour": (row.get("colour") or row.get("color") or "").strip() or None,
            "codable": codable in _TRUE,
            "exclusive": exclusive in _TRUE,
            "children": [],
        }
    return rows


def _csv_tree(rows: dict[str, dict], source: str) -> list[dict]:
    """Hang each row under its parent; return the top-level rows. Unknown parents and cycles
    are errors."""
    order = list(rows)
    roots = []
    for name in order:
        parent = rows[name]["_parent"]
        if not parent:
            roots.append(rows[name])
        elif parent not in rows:
            raise CodebookError(
                f"{source}: line {rows[name]['_line']}: parent {parent!r} of {name!r} is not a "
                f"code in this file; use one of: {', '.join(order)}, or leave it empty."
            )
        else:
            rows[parent]["children"].append(rows[name])
    # A cycle leaves its codes unreachable from the roots.
    reachable: set[str] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        reachable.add(node["name"])
        stack.extend(node["children"])
    cyclic = [name for name in order if name not in reachable]
    if cyclic:
        chain = [cyclic[0]]
        while rows[chain[-1]]["_parent"] not in chain:
            chain.append(rows[chain[-1]]["_parent"])
        chain.append(rows[chain[-1]]["_parent"])
        raise CodebookError(
            f"{source}: line {rows[cyclic[0]]['_line']}: parents form a cycle "
            f"({' -> '.join(chain)}); a code cannot be its own ancestor. Give one of them "
            "another parent or none."
        )
    return roots


def codebook_to_csv(book: Codebook) -> str:
    """The codebook as a flat CSV with a ``parent`` column (the built-in Unsure code left out)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for code, path in book.walk():
        if is_builtin_unsure(code):
            continue
        row = {
            "name": code.name,
            "parent": path[-2] if len(path) > 1 else "",
            "description": code.description,
            "include": code.include,
            "exclude": code.exclude,
            "examples": " | ".join(code.examples),
            "colour": code.colour or "",
            "codable": "true" if code.codable else "false",
            "exclusive": "true" if code.exclusive else "false",
        }
        # A cell starting with "=", "+", "-" or "@" gets a "'" (a spreadsheet would run it as a
        # formula); codebook_from_csv takes it off again.
        writer.writerow({column: neutralise(value) for column, value in row.items()})
    return out.getvalue()


# --------------------------------------------------------------------------- files
#: Codebook file formats by extension: text -> codebook, and codebook -> text.
READERS: dict[str, Callable[[str, str], Codebook]] = {
    ".yaml": codebook_from_yaml,
    ".yml": codebook_from_yaml,
    ".csv": codebook_from_csv,
    ".qdc": codebook_from_qdc,
    ".xml": codebook_from_label_config,
}
WRITERS: dict[str, Callable[[Codebook], str]] = {
    ".yaml": codebook_to_yaml,
    ".yml": codebook_to_yaml,
    ".csv": codebook_to_csv,
    ".qdc": codebook_to_qdc,
    ".xml": codebook_to_label_config,
}


def load_codebook(path: str | os.PathLike) -> Codebook:
    """Load a codebook from .yaml/.yml, .csv, .qdc or a Label Studio labelling config (.xml)."""
    path = Path(path)
    if not path.is_file():
        raise CodebookError(f"{path}: no such codebook file.")
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(
            f"{path}: is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8."
        ) from None
    if suffix not in READERS:
        raise CodebookError(
            f"{path}: unknown codebook format {suffix or '(no extension)'!r}; "
            "allowed: .yaml, .yml, .csv, .qdc, .xml."
        )
    return READERS[suffix](text, str(path))


def codebook_text(book: Codebook, suffix: str) -> str:
    """The codebook in the format of a file extension (one of :data:`WRITERS`)."""
    writer = WRITERS.get(suffix.lower())
    if writer is None:
        raise CodebookError(
            f"Unknown codebook format {suffix or '(no extension)'!r}; "
            f"allowed: {', '.join(WRITERS)}."
        )
    return writer(book)


def save_codebook(book: Codebook, path: str | os.PathLike) -> None:
    """Write ``book`` to ``path`` in the format its extension names, atomically."""
    path = Path(path)
    atomic_write_text(path, codebook_text(book, path.suffix))
