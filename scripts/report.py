"""The write-up of a coded project: one folder with the tables, figures, documents and a .qdpx.

:func:`build_report` computes every table from a snapshot and writes::

    <out_dir>/
      report.md            the tables and themes in Markdown, figures linked
      report.docx          title, participants, theme x participant table (x marks and N),
                           attribute counts, themes with description and extracts, figures
      report.xlsx          one sheet per table, header styled
      tables/*.csv         one CSV per table, numbers at full precision
      figures/*.png, *.svg theme map, theme x participant heatmap, saturation, agreement
      project.qdpx         the coding as a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA)
      report.json          what the folder holds and how it was made

The folder is written in a temporary folder beside ``out_dir`` and renamed into place, so a
reader never sees half a report; an existing ``out_dir`` is replaced only if it is an earlier
report (it has ``report.json``) or empty.

Privacy
    ``pseudonymise`` replaces every participant id with a pseudonym *everywhere*: tables,
    figures, extracts, the transcripts inside the .qdpx (``P4:`` speaker labels become
    ``Participant D:``), with the coded offsets moved to match. ``redact_names`` (and the values
    of a ``name`` participant attribute, and each word of them) are replaced with ``[name]`` in
    all transcript text, extracts and memos; the ``name`` attribute itself is then left out of
    every output, and so are the transcripts' file names. Participant ids that are not
    pseudonymised stay as they are: they are the study's own codes (P1, P2, ...).
"""

from __future__ import annotations

import bisect
import copy
import datetime as _dt
import hashlib
import json
import os
import re
import shutil
import string
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.errors import ThematicError

from .extracts import representative_extracts
from .snapshot import (
    Snapshot,
    as_snapshot,
    attribute_columns,
    check_codebook,
    coding_control,
    natural_key,
    participant_of,
    participants,
    segments,
)
from .themes import (
    MARK,
    cooccurrence,
    counts_by_attribute,
    level_of,
    matrix_participants,
    participants_by_attribute,
    saturation,
    theme_participant_matrix,
)

REDACTED = "[name]"
MANIFEST = "report.json"
NAME_ATTRIBUTE = "name"
#: Attributes with more distinct values than this are not tabulated (ages, years, ...).
MAX_GROUPS = 12


class ReportError(ThematicError):
    """The report cannot be written as asked."""


# --------------------------------------------------------------------------- pseudonyms
def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = string.ascii_uppercase[rest] + out
    return out


def pseudonyms(ids: Sequence[str], how="letters", salt: str | None = None) -> dict[str, str]:
    """``{participant id: pseudonym}``.

    Parameters
    ----------
    ids : sequence of str
    how : "letters", "hash" or dict
        ``"letters"``: "Participant A", "Participant B", ... in natural order of the ids (P2
        before P10), so stable for the same set of participants. ``"hash"``: "Participant "
        and the first 8 hex digits of SHA-256 of ``salt`` and the id, stable across any sets;
        it needs a secret ``salt``, since study ids are easy to guess. A dict is used as given
        (every id needs a pseudonym).
    """
    ids = sorted(dict.fromkeys(map(str, ids)), key=natural_key)
    if isinstance(how, Mapping):
        missing = [i for i in ids if i not in how]
        if missing:
            raise ReportError(
                f"The pseudonym map has no pseudonym for {', '.join(missing)}; give every "
                "participant one."
            )
        mapping = {i: str(how[i]) for i in ids}
    elif how in (True, "letters"):
        mapping = {pid: f"Participant {_letters(i)}" for i, pid in enumerate(ids)}
    elif how == "hash":
        if not salt:
            raise ReportError(
                "Hashed pseudonyms need a secret salt (salt=... / --salt): without one anyone "
                "can hash P1, P2, ... and undo them."
            )
        mapping = {
            pid: "Participant " + hashlib.sha256(f"{salt}\0{pid}".encode()).hexdigest()[:8].upper()
            for pid in ids
        }
    else:
        raise ReportError(
            f"pseudonymise={how!r} is not allowed; use False, True/'letters', 'hash' or a dict."
        )
    clashes = {p for p in mapping.values() if list(mapping.values()).count(p) > 1}
    if clashes:
        raise ReportError(f"Pseudonyms must differ; these repeat: {', '.join(sorted(clashes))}.")
    return mapping


# --------------------------------------------------------------------------- text rewriting
class _Rewrite:
    """Replacements in one text, with the map from old to new character offsets."""

    def __init__(self, text: str, pattern: re.Pattern | None, replace) -> None:
        self.subs: list[tuple[int, int, str]] = []
        if pattern is not None:
            for match in pattern.finditer(text):
                self.subs.append((match.start(), match.end(), replace(match)))
        pieces, last = [], 0
        self._starts, self._ends, self._new_starts, self._new_ends = [], [], [], []
        shift = 0
        for start, end, new in self.subs:
            pieces += [text[last:start], new]
            self._starts.append(start)
            self._ends.append(end)
            self._new_starts.append(start + shift)
            shift += len(new) - (end - start)
            self._new_ends.append(end + shift)
            last = end
        pieces.append(text[last:])
        self.text = "".join(pieces)

    def position(self, old: int, side: str) -> int:
        """New offset of ``old``; inside a replaced word, its start (``side="start"``) or end."""
        i = bisect.bisect_right(self._starts, old) - 1
        if i < 0:
            return old
        if old >= self._ends[i]:
            return old + (self._new_ends[i] - self._ends[i])
        if old == self._starts[i]:
            return self._new_starts[i]
        return self._new_starts[i] if side == "start" else self._new_ends[i]


def _word_pattern(words: Sequence[str], ignore_case: bool) -> re.Pattern | None:
    words = sorted({w for w in words if w and w.strip()}, key=len, reverse=True)
    if not words:
        return None
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE if ignore_case else 0)


def anonymise_snapshot(
    snapshot,
    pseudonymise=False,
    redact_names: Sequence[str] = (),
    *,
    salt: str | None = None,
) -> tuple[Snapshot, dict[str, str]]:
    """A copy of the snapshot with participants pseudonymised and names redacted.

    Returns ``(snapshot, {participant id: pseudonym})`` (the map is empty without
    pseudonymisation). Span offsets, turns and span texts follow the rewritten text. See the
    module notes for what changes.
    """
    snapshot = as_snapshot(snapshot)
    _, data_key = coding_control(snapshot)
    ids = [participant_of(task) for task in snapshot]
    mapping = pseudonyms(ids, pseudonymise, salt) if pseudonymise else {}
    names = [str(n) for n in redact_names if str(n).strip()]
    for task in snapshot:
        value = ((task.get("data") or {}).get("attributes") or {}).get(NAME_ATTRIBUTE)
        if value and str(value).strip():
            names.append(str(value).strip())
            names += [part for part in str(value).split() if len(part) > 1]
    redacting = bool(names)
    private = bool(mapping) or redacting
    name_pattern = _word_pattern(names, ignore_case=True)
    id_pattern = _word_pattern(list(mapping), ignore_case=False)

    def rewrite(text: str) -> _Rewrite:
        first = _Rewrite(text, name_pattern, lambda m: REDACTED)
        if id_pattern is None:
            return first
        second = _Rewrite(first.text, id_pattern, lambda m: mapping[m.group(0)])
        return _Chain(first, second)

    tasks = []
    for task in snapshot:
        task = copy.deepcopy(task)
        data = task.setdefault("data", {})
        pid = participant_of(task)
        text = data.get(data_key)
        edit = rewrite(text) if isinstance(text, str) else None
        if edit is not None:
            data[data_key] = edit.text
            for turn in data.get("turns") or []:
                if isinstance(turn.get("start"), int) and isinstance(turn.get("end"), int):
                    turn["start"] = edit.position(turn["start"], "start")
                    turn["end"] = edit.position(turn["end"], "end")
                if turn.get("speaker") in mapping:
                    turn["speaker"] = mapping[turn["speaker"]]
        if private:
            attributes = {
                k: v for k, v in (data.get("attributes") or {}).items() if k != NAME_ATTRIBUTE
            }
            data["attributes"] = attributes
            new_id = mapping.get(pid, pid)
            data["participant"] = new_id
            header = " · ".join(
                [new_id] + [f"{k.replace('_', ' ')}: {v}" for k, v in attributes.items() if v]
            )
            data["participant_header"] = header
            for key in ("source_file", "content_hash", "name", "file_upload"):
                data.pop(key, None)
            task.pop("file_upload", None)
            task.pop("meta", None)
        for annotation in task.get("annotations") or []:
            for result in annotation.get("result") or []:
                value = result.get("value") or {}
                if edit is not None and isinstance(value.get("start"), int) and isinstance(
                    value.get("end"), int
                ):
                    value["start"] = edit.position(value["start"], "start")
                    value["end"] = edit.position(value["end"], "end")
                    if "text" in value:
                        value["text"] = edit.text[value["start"]:value["end"]]
                if result.get("type") == "textarea" and value.get("text"):
                    value["text"] = [rewrite(str(t)).text for t in value["text"]]
        tasks.append(task)
    meta = {k: v for k, v in snapshot.meta.items() if k != "source"} if private else snapshot.meta
    return Snapshot(tasks, project=snapshot.project, meta=meta), mapping


class _Chain:
    """Two rewrites one after the other."""

    def __init__(self, first: _Rewrite, second: _Rewrite) -> None:
        self.first, self.second, self.text = first, second, second.text

    def position(self, old: int, side: str) -> int:
        return self.second.position(self.first.position(old, side), side)


# --------------------------------------------------------------------------- tables
def _agreement_table(agreement) -> pd.DataFrame | None:
    """The per-code table of an agreement result: ``agreement_report(...)["per_code"]``, a
    DataFrame, records, or ``{code: coefficient}``."""
    if agreement is None:
        return None
    table = agreement.get("per_code") if isinstance(agreement, Mapping) else agreement
    if isinstance(agreement, Mapping) and table is None:
        if all(isinstance(v, (int, float)) for v in agreement.values()):
            table = pd.DataFrame({"code": list(agreement), "coefficient": list(agreement.values())})
        else:
            raise ReportError(
                "The agreement result has no 'per_code' table; pass the dict that "
                "agreement_report returns, or {code: coefficient}."
            )
    if isinstance(table, Mapping):
        table = pd.DataFrame({"code": list(table), "coefficient": list(table.values())})
    table = pd.DataFrame(table).copy()
    if "code" not in table.columns:
        table = table.reset_index()
        table = table.rename(columns={table.columns[0]: "code"})
    return table.reset_index(drop=True)


def _groupable(parts: pd.DataFrame, attribute: str) -> bool:
    values = parts[attribute].dropna().astype(str)
    values = values[values != ""]
    if values.empty or values.nunique() > MAX_GROUPS:
        return False
    return not all(re.fullmatch(r"-?\d+(\.\d+)?", v) for v in values)


def report_tables(
    snapshot,
    book: Codebook,
    *,
    coders="reconciled",
    agreement=None,
    embed=None,
    attributes: Sequence[str] | None = None,
    pinned: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table of the report, computed from an (already anonymised) snapshot.

    Keys: ``segments``, ``participants``, ``theme_participant_matrix``,
    ``participants_by_<attr>`` and ``counts_by_<attr>`` for each categorical attribute,
    ``cooccurrence_segments``, ``cooccurrence_participants``, ``saturation``, ``extracts`` and,
    with ``agreement``, ``agreement_per_code`` (and ``agreement_per_level`` when the result
    has ``per_level``), whose ``attrs["unit"]`` states the unit.
    """
    snapshot = as_snapshot(snapshot)
    check_codebook(snapshot, book)
    seg = segments(snapshot, coders=coders)
    parts = participants(snapshot)
    tables: dict[str, pd.DataFrame] = {"segments": seg}
    people = parts.drop(columns=["tasks"])
    tables["participants"] = people
    tables["theme_participant_matrix"] = theme_participant_matrix(seg, book, parts)
    if attributes is None:
        attributes = [a for a in attribute_columns(seg) if a in parts and _groupable(parts, a)]
    for attribute in attributes:
        tables[f"participants_by_{attribute}"] = participants_by_attribute(parts, attribute)
        tables[f"counts_by_{attribute}"] = counts_by_attribute(seg, book, attribute, parts)
    for unit in ("segment", "participant"):
        tables[f"cooccurrence_{unit}s"] = cooccurrence(seg, book, unit).reset_index()
    tables["saturation"] = saturation(seg)
    tables["extracts"] = representative_extracts(seg, book, embed=embed, pinned=pinned)
    table = _agreement_table(agreement)
    if table is not None:
        unit = agreement.get("unit") if isinstance(agreement, Mapping) else None
        order = {name: i for i, name in enumerate(book.names)}
        table = table.sort_values(
            "code", key=lambda codes: codes.map(lambda c: order.get(c, len(order))), kind="stable"
        ).reset_index(drop=True)
        table.attrs["unit"] = unit
        tables["agreement_per_code"] = table
        levels = agreement.get("per_level") if isinstance(agreement, Mapping) else None
        if isinstance(levels, pd.DataFrame) and not levels.empty:
            levels = levels.reset_index()
            depth = levels["level"].astype(int) - 1
            levels.insert(1, "level_name", [book.level_name(d) for d in depth])
            levels.attrs["unit"] = unit
            tables["agreement_per_level"] = levels
    return tables


# --------------------------------------------------------------------------- writers
def _csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")


def _xlsx(tables: Mapping[str, pd.DataFrame]) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="4E79A7")
    used: set[str] = set()
    for name, frame in tables.items():
        title = name[:31]
        n = 2
        while title in used:
            title = f"{name[:28]}_{n}"
            n += 1
        used.add(title)
        sheet = workbook.create_sheet(title)
        sheet.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        for cell in sheet[1]:
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.freeze_panes = "B2"
        if len(frame):
            sheet.auto_filter.ref = sheet.dimensions
        for index, column in enumerate(frame.columns, start=1):
            values = [str(column)] + [str(v) for v in frame[column].head(200)]
            width = min(60, max(4, max(len(v) for v in values) + 2))
            sheet.column_dimensions[get_column_letter(index)].width = width
            if frame[column].astype(str).isin([MARK, ""]).all() and len(frame):
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.alignment = Alignment(horizontal="center")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, (list, tuple, set, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _md_table(frame: pd.DataFrame, floats: str = "{:.3f}") -> str:
    def fmt(v):
        if isinstance(v, float):
            return "" if pd.isna(v) else floats.format(v)
        return str(v).replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = ["| " + " | ".join(fmt(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows])


#: Agreement columns shown in the Markdown and DOCX (the CSV and XLSX keep them all).
AGREEMENT_SHOWN = [
    "code", "level", "level_name", "n_codes", "n_coded", "percent_agreement",
    "campbell_percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1",
]


AGREEMENT_HEADERS = {
    "level_name": "level name", "n_codes": "codes", "n_coded": "n coded",
    "percent_agreement": "% agreement", "campbell_percent_agreement": "% (Campbell)",
    "cohen_kappa": "Cohen's κ", "krippendorff_alpha": "Krippendorff's α", "gwet_ac1": "Gwet's AC1",
}


def _agreement_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The agreement columns a reader needs, with readable headers (Markdown, DOCX); codes no
    coder applied in the shared transcripts are left out (the CSV and XLSX have them)."""
    if "n_coded" in frame.columns:
        frame = frame[frame["n_coded"] > 0]
    columns = [c for c in AGREEMENT_SHOWN if c in frame.columns]
    shown = frame[columns] if len(columns) > 1 else frame
    return shown.rename(columns=AGREEMENT_HEADERS)


def _display_matrix(matrix: pd.DataFrame) -> pd.DataFrame:
    out = matrix.drop(columns=["level", "depth", "codable"]).copy()
    out["code"] = [
        ("\u2003" * int(d)) + c for c, d in zip(matrix["code"], matrix["depth"], strict=True)
    ]
    return out.rename(columns={"code": "Theme"})


def _markdown(title: str, summary: list[str], tables: Mapping[str, pd.DataFrame], book: Codebook,
              figures: Mapping[str, str]) -> str:
    lines = [f"# {title}", "", *summary, ""]
    if "theme_map" in figures:
        lines += ["## Theme map", "", f"![Theme map]({figures['theme_map']}.png)", ""]
    for name, frame in tables.items():
        if name.startswith("participants_by_"):
            lines += [f"## Participants by {name.removeprefix('participants_by_')}", "",
                      _md_table(frame), ""]
    lines += ["## Themes by participant", "",
              "x: the participant has at least one segment coded with the theme; N: "
              "participants endorsing it (headings: any code beneath).", "",
              _md_table(_display_matrix(tables["theme_participant_matrix"])), ""]
    if "participant_heatmap" in figures:
        lines += [f"![Themes by participant]({figures['participant_heatmap']}.png)", ""]
    for name, frame in tables.items():
        if name.startswith("counts_by_"):
            attribute = name.removeprefix("counts_by_")
            shown = frame.drop(columns=["level", "depth", "codable"])
            lines += [f"## Participants endorsing each theme, by {attribute}", "",
                      _md_table(shown), ""]
    lines += ["## Themes and extracts", ""]
    extracts = tables["extracts"]
    for code, path in book.walk():
        level = level_of(book, code.name)
        rows = extracts[extracts["code"] == code.name]
        if not code.codable or not rows.empty:
            hashes = "#" * min(6, 3 + len(path) - 1)
            lines += [f"{hashes} {code.name} ({level})", ""]
            if code.description:
                lines += [code.description, ""]
            for row in rows.itertuples(index=False):
                lines += [f"> “{row.text}” ({row.participant})", ""]
    lines += ["## Saturation", "", _md_table(tables["saturation"]), ""]
    if "saturation" in figures:
        lines += [f"![Saturation]({figures['saturation']}.png)", ""]
    if "agreement_per_code" in tables:
        per_code = tables["agreement_per_code"]
        lines += ["## Agreement per code", ""]
        if per_code.attrs.get("unit"):
            lines += [f"Unit: {per_code.attrs['unit']}", ""]
        lines += [_md_table(_agreement_shown(per_code)), ""]
        if "agreement" in figures:
            lines += [f"![Agreement]({figures['agreement']}.png)", ""]
        if "agreement_per_level" in tables:
            lines += ["### Agreement per hierarchy level", "",
                      _md_table(_agreement_shown(tables["agreement_per_level"])), ""]
    return "\n".join(lines)


def _docx(title: str, summary: list[str], tables: Mapping[str, pd.DataFrame], book: Codebook,
          figure_files: Mapping[str, Path]) -> bytes:
    import io

    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt, RGBColor

    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(title, level=0)
    for line in summary:
        document.add_paragraph(line)
    if book.description:
        document.add_paragraph(book.description).runs[0].italic = True
    contents = ["the participants", "the theme map", "themes by participant"]
    contents += ["themes by attribute"] if any(n.startswith("counts_by_") for n in tables) else []
    contents += ["each theme with its description and extracts", "saturation"]
    contents += ["inter-coder agreement"] if "agreement_per_code" in tables else []
    document.add_paragraph("Contents: " + ", ".join(contents) + ".")
    figure_number = 0

    def figure(key: str, caption: str, width: float, max_height: float) -> None:
        """The figure at ``width`` inches, narrower if it would be taller than ``max_height``
        (so that it and its caption stay on one page)."""
        nonlocal figure_number
        if key not in figure_files:
            return
        figure_number += 1
        from PIL import Image

        with Image.open(figure_files[key]) as image:
            aspect = image.width / image.height
        width = min(width, max_height * aspect)
        document.add_picture(str(figure_files[key]), width=Inches(width))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph = document.add_paragraph()
        run = paragraph.add_run(f"Figure {figure_number}. ")
        run.bold = True
        paragraph.add_run(caption).italic = True

    table_number = 0

    def table(frame: pd.DataFrame, caption: str, *, font: float = 8, bold_rows=None,
              indent=None, centre_from: int = 1, floats: str = "{:.3f}",
              first_width: float | None = None, total_width: float = 6.3,
              widths: list[float] | None = None) -> None:
        nonlocal table_number
        table_number += 1
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True  # the caption stays with its table
        paragraph.add_run(f"Table {table_number}. ").bold = True
        paragraph.add_run(caption).italic = True
        grid = document.add_table(rows=1, cols=len(frame.columns))
        grid.style = "Light Grid Accent 1"
        grid.autofit = first_width is None and widths is None
        look = grid._tbl.tblPr.find(qn("w:tblLook"))
        if look is None:
            look = OxmlElement("w:tblLook")
            grid._tbl.tblPr.append(look)
        for key, value in (("w:firstRow", "1"), ("w:firstColumn", "0"), ("w:lastRow", "0"),
                           ("w:lastColumn", "0"), ("w:noHBand", "0"), ("w:noVBand", "1")):
            look.set(qn(key), value)
        for j, (cell, column) in enumerate(zip(grid.rows[0].cells, frame.columns, strict=True)):
            cell.text = str(column).replace("_", " ")
            if j >= centre_from:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for i, row in enumerate(frame.itertuples(index=False)):
            cells = grid.add_row().cells
            for j, value in enumerate(row):
                if isinstance(value, float) and value.is_integer() and (
                    str(frame.columns[j]).startswith(("n_", "n ")) or frame.columns[j] == "codes"
                ):
                    text = str(int(value))  # counts stored as floats (weighted units)
                elif isinstance(value, float):
                    text = "" if pd.isna(value) else floats.format(value)
                else:
                    text = str(value)
                cells[j].text = text
                paragraph = cells[j].paragraphs[0]
                if j == 0 and indent is not None:
                    paragraph.paragraph_format.left_indent = Pt(7 * int(indent[i]))
                if j >= centre_from:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in paragraph.runs:
                    # explicit, so the table style's bold first column does not apply
                    run.bold = bool(bold_rows is not None and bold_rows[i])
        columns = len(frame.columns)
        if first_width is not None and columns > 1:
            rest = (total_width - first_width) / (columns - 1)
            widths = [first_width] + [rest] * (columns - 1)
        if widths is not None:
            for column, width in zip(grid.columns, widths, strict=True):
                column.width = Inches(width)  # w:gridCol, which LibreOffice and Word lay out by
            for row in grid.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Inches(width)
        for row in grid.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(0)
                    for run in paragraph.runs:
                        run.font.size = Pt(font)
        document.add_paragraph()

    def orientation(landscape: bool) -> None:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        long, short = max(section.page_width, section.page_height), min(
            section.page_width, section.page_height
        )
        section.page_width, section.page_height = (long, short) if landscape else (short, long)

    for name, frame in tables.items():
        if name.startswith("participants_by_"):
            attribute = name.removeprefix("participants_by_").replace("_", " ")
            table(frame, f"Participants by {attribute}.", font=9, first_width=3.0,
                  total_width=4.5)

    # the theme map and the wide tables on landscape pages
    orientation(landscape=True)
    figure("theme_map", "Theme map: domains, sub-domains, themes and sub-themes, with the "
           "number of participants endorsing each (N); arrows are relationship codes, and a "
           "dashed box is a theme that stands between the domains it links.", 9.0, 5.6)
    document.add_page_break()
    matrix = tables["theme_participant_matrix"]
    shown = matrix.drop(columns=["level", "depth", "codable"]).rename(columns={"code": "Theme"})
    table(shown, "Themes by participant: x marks a participant with at least one segment coded "
          "with the theme; N is the number of participants endorsing it (for a heading: with any "
          "code beneath it).", font=7, bold_rows=list(~matrix["codable"]),
          indent=list(matrix["depth"]), first_width=2.3, total_width=9.0)
    document.add_page_break()
    figure("participant_heatmap", "Themes by participant: a coloured cell marks a participant "
           "endorsing the theme; N at the right.", 9.0, 5.6)
    for name, frame in tables.items():
        if name.startswith("counts_by_"):
            attribute = name.removeprefix("counts_by_").replace("_", " ")
            table(frame.drop(columns=["level", "depth", "codable"]).rename(columns={"code": "Theme"}),
                  f"Participants endorsing each theme, by {attribute}.", font=7,
                  bold_rows=list(~frame["codable"]), indent=list(frame["depth"]),
                  first_width=2.3, total_width=9.0)
    orientation(landscape=False)

    document.add_heading("Themes and extracts", level=1)
    extracts = tables["extracts"]
    n_of = dict(zip(matrix["code"], matrix["N"], strict=True))
    for code, path in book.walk():
        rows = extracts[extracts["code"] == code.name]
        if code.codable and rows.empty:
            continue
        heading = document.add_heading(
            f"{code.name} ({level_of(book, code.name)}, N = {n_of.get(code.name, 0)})",
            level=min(len(path) + 1, 9),
        )
        colour = book.colour_of(code.name).lstrip("#")
        if len(colour) == 3:
            colour = "".join(c * 2 for c in colour)
        for run in heading.runs:
            run.font.color.rgb = RGBColor.from_string(colour.upper())
        if code.description:
            document.add_paragraph(code.description)
        for row in rows.itertuples(index=False):
            quote = document.add_paragraph(style="Quote")
            quote.add_run(f"“{row.text}” ")
            quote.add_run(f"({row.participant})").bold = True

    document.add_heading("Saturation", level=1)
    figure("saturation", "New codes per transcript in coding order, and codes so far.", 6.0, 4.0)
    table(tables["saturation"].drop(columns=["first_coded_at", "task_id"]),
          "Saturation: codes per transcript in coding order.", font=8,
          widths=[0.75, 0.95, 0.6, 0.7, 0.9, 2.4])
    if "agreement_per_code" in tables:
        per_code = tables["agreement_per_code"]
        document.add_heading("Agreement", level=1)
        if per_code.attrs.get("unit"):
            document.add_paragraph(f"Unit: {per_code.attrs['unit']}")
        figure("agreement", "Agreement per code (Krippendorff's alpha, nominal; dashed lines: "
               "0.667 and 0.800).", 6.0, 7.5)
        table(_agreement_shown(per_code), "Agreement per code.", font=7, first_width=1.5, total_width=6.5)
        if "agreement_per_level" in tables:
            table(_agreement_shown(tables["agreement_per_level"]),
                  "Agreement per hierarchy level (codes recoded to their ancestor at that level).",
                  font=7, first_width=0.5, total_width=6.5)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _agreement_xlabel(table: pd.DataFrame, unit: str | None) -> str | None:
    from .figures import COEFFICIENT_COLUMNS, COEFFICIENT_LABELS

    column = next((c for c in COEFFICIENT_COLUMNS if c in table.columns), None)
    if column is None or not unit:
        return None
    return f"{COEFFICIENT_LABELS.get(column, column)}; unit: {unit.split(':')[0]}"


def report_agreement(snapshot, book: Codebook, unit: str = "auto", **options) -> dict | None:
    """Agreement of the coders who coded the same transcripts, for the report's chart.

    Parameters
    ----------
    snapshot : Snapshot or list of tasks
    book : Codebook
        Gives the hierarchy for agreement per level.
    unit : str
        An :func:`~ls_thematic.scripts.agreement.agreement_report` unit; ``"auto"`` takes
        ``"turns"`` when every task has imported turns, else ``"sentences"``.
    **options
        Unit options passed on (``min_overlap``, ``threshold``, ...).

    Returns
    -------
    dict or None
        :func:`~ls_thematic.scripts.agreement.agreement_report`'s result, or None when no
        transcript was coded by two or more coders (nothing to compare).
    """
    from .agreement import agreement_report
    from .snapshot import coder_of

    snapshot = as_snapshot(snapshot)
    shared = [
        task for task in snapshot
        if len({coder_of(a)[0] for a in task.get("annotations") or []
                if not a.get("was_cancelled") and a.get("result")}) >= 2
    ]
    if not shared:
        return None
    if unit == "auto":
        unit = "turns" if all((t.get("data") or {}).get("turns") for t in snapshot) else "sentences"
    from_name, text_key = coding_control(snapshot)
    used = {
        code
        for task in snapshot for annotation in task.get("annotations") or []
        for result in annotation.get("result") or []
        if result.get("type") == "labels" and result.get("from_name") == from_name
        for code in (result.get("value") or {}).get("labels") or []
    }
    # as `ls-thematic agreement` does: every codable code is an item, applied or not
    codes = [code.name for code, _ in book.walk() if code.codable or code.name in used]
    return agreement_report(
        list(snapshot), unit=unit, level_of=lambda code: list(book.path_of(code)), codes=codes,
        from_name=from_name, text_key=text_key, **options,
    )


def _umask() -> int:
    """The process umask, read without changing it where Linux allows (``/proc``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)  # elsewhere: read it by setting it, and put it back at once
    os.umask(umask)
    return umask


def _usual_permissions(folder: Path) -> None:
    """Give the folder and its files the permissions the user's umask gives new ones (temporary
    folders and atomic writes start private, 0700 / 0600)."""
    umask = _umask()
    os.chmod(folder, 0o777 & ~umask)
    for path in folder.rglob("*"):
        os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~umask)


def _check_replaceable(out_dir: Path) -> None:
    """Raise unless ``out_dir`` is absent, empty, or an earlier report (it has the manifest)."""
    if out_dir.exists() and (
        not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / MANIFEST).is_file())
    ):
        raise ReportError(
            f"{out_dir} exists and is not an ls-thematic report folder (it has no "
            f"{MANIFEST}); choose a new folder, or empty it, so that nothing of yours is "
            "replaced."
        )


def _replace_folder(staging: Path, out_dir: Path) -> None:
    if out_dir.exists():
        _check_replaceable(out_dir)
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.replace(out_dir, old / out_dir.name)
        try:
            os.replace(staging, out_dir)
        except BaseException:
            os.replace(old / out_dir.name, out_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, out_dir)


def build_report(
    snapshot,
    book: Codebook,
    out_dir: str | os.PathLike,
    *,
    coders="reconciled",
    agreement=None,
    pseudonymise=False,
    redact_names: Sequence[str] = (),
    embed=None,
    salt: str | None = None,
    attributes: Sequence[str] | None = None,
    pinned: Mapping[str, Sequence[str]] | None = None,
    title: str | None = None,
) -> dict:
    """Write the report folder (see the module notes) and return what it holds.

    Parameters
    ----------
    snapshot : Snapshot or list of tasks
    book : Codebook
    out_dir : path
        The folder to write (replaced atomically if it holds an earlier report).
    coders : "reconciled", "all" or list
        Which annotations count (:func:`~ls_thematic.scripts.snapshot.segments`); default one
        per transcript, the ground truth or the latest.
    agreement : dict, optional
        :func:`ls_thematic.scripts.agreement.agreement_report`'s result (its ``per_code``
        table), a per-code DataFrame, or ``{code: coefficient}``.
    pseudonymise : bool, "letters", "hash" or dict
        See :func:`pseudonyms`; ``salt`` goes with ``"hash"``.
    redact_names : list of str
        Names to replace with ``[name]`` (plus any ``name`` attribute).
    embed : None, str, encoder or callable
        For choosing extracts (:func:`~ls_thematic.scripts.extracts.resolve_embed`).
    attributes : list of str, optional
        Attributes to tabulate; default every categorical one (at most 12 values, not numbers).
    pinned : dict, optional
        Favourite extracts per code.
    title : str, optional
        Default: the project title, else the codebook's.

    Returns
    -------
    dict
        ``out_dir``, ``files`` (relative paths), ``tables`` (name -> DataFrame), ``pseudonyms``
        (id -> pseudonym; keep it out of the report: it undoes the pseudonymisation).
    """
    from .figures import (
        agreement_chart,
        participant_heatmap,
        saturation_chart,
        save_figure,
        theme_map,
    )
    from .qdpx import build_qdpx

    _check_replaceable(Path(out_dir))  # before any work
    original = as_snapshot(snapshot)
    check_codebook(original, book)
    private, mapping = anonymise_snapshot(original, pseudonymise, redact_names, salt=salt)
    tables = report_tables(private, book, coders=coders, agreement=agreement, embed=embed,
                           attributes=attributes, pinned=pinned)
    title = title or private.project.get("title") or book.title
    matrix = tables["theme_participant_matrix"]
    seg = tables["segments"]
    summary = [
        f"{len(matrix_participants(matrix))} participants, {len(private)} transcripts, "
        f"{seg.drop_duplicates(['annotation_id', 'region_id']).shape[0]} coded segments "
        f"({'coders: ' + coders if isinstance(coders, str) else 'coders: ' + ', '.join(map(str, coders))}).",
        f"Codebook: {book.title}.",
    ]
    if mapping:
        summary.append("Participants are pseudonymised.")
    if redact_names or any(NAME_ATTRIBUTE in (t.get("data") or {}).get("attributes", {})
                           for t in original):
        summary.append(f"Names are redacted as {REDACTED}.")

    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        files: list[str] = []

        def write(relative: str, data: bytes | str) -> None:
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
            files.append(relative)

        for name, frame in tables.items():
            write(f"tables/{name}.csv", _csv(frame))
        figure_stems: dict[str, str] = {}
        n_of = dict(zip(matrix["code"], matrix["N"], strict=True))
        figures = {
            "theme_map": theme_map(book, n_of, title=f"Theme map: {book.title}"),
            "participant_heatmap": participant_heatmap(matrix, book),
            "saturation": saturation_chart(tables["saturation"]),
        }
        if "agreement_per_code" in tables:
            unit = tables["agreement_per_code"].attrs.get("unit")
            charted = tables["agreement_per_code"]
            if "n_coded" in charted.columns:  # codes nobody applied there have no coefficient
                charted = charted[charted["n_coded"] > 0]
            figures["agreement"] = agreement_chart(
                charted, book,
                xlabel=_agreement_xlabel(tables["agreement_per_code"], unit),
            )
        figure_files: dict[str, Path] = {}
        for key, fig in figures.items():
            (staging / "figures").mkdir(exist_ok=True)
            for path in save_figure(fig, staging / "figures" / key):
                files.append(str(path.relative_to(staging)))
            figure_stems[key] = f"figures/{key}"
            figure_files[key] = staging / "figures" / f"{key}.png"
        write("report.md", _markdown(title, summary, tables, book, figure_stems))
        write("report.docx", _docx(title, summary, tables, book, figure_files))
        write("report.xlsx", _xlsx(tables))
        write("project.qdpx", build_qdpx(private, book, coders=coders, name=title))
        manifest = {
            "title": title,
            "codebook": book.title,
            "created_at": _dt.datetime.now(_dt.timezone.utc).isoformat(),
            "coders": coders if isinstance(coders, str) else list(map(str, coders)),
            "pseudonymised": bool(mapping),
            "redacted": bool(summary[-1].startswith("Names are redacted")),
            "participants": len(matrix_participants(matrix)),
            "transcripts": len(private),
            "files": sorted(files + [MANIFEST]),
        }
        write(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
        _usual_permissions(staging)
        _replace_folder(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {"out_dir": out_dir, "files": sorted(files), "tables": tables, "pseudonyms": mapping}
