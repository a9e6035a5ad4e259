"""``report.xlsx``: one sheet per table, the header styled, x-mark columns centred."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping

import pandas as pd

from ls_thematic.label_config.cells import neutralise

from ..themes import MARK

_HEADER_COLOUR = "4E79A7"


def _cell(value):
    """A value openpyxl writes as a plain cell: text that would be a formula is neutralised
    (:func:`~ls_thematic.label_config.cells.neutralise`), lists and dicts become JSON."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, (list, tuple, set, dict)):
        return neutralise(json.dumps(value, ensure_ascii=False, default=str))
    if hasattr(value, "item"):
        return neutralise(value.item())
    if isinstance(value, (str, int, float, bool)):
        return neutralise(value)
    return neutralise(str(value))


def _sheet_titles(names) -> list[str]:
    """Sheet titles of at most 31 characters (Excel's limit), made unique."""
    used: list[str] = []
    for name in names:
        title = name[:31]
        n = 2
        while title in used:
            title = f"{name[:28]}_{n}"
            n += 1
        used.append(title)
    return used


def report_xlsx(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """The workbook (bytes): one sheet per table, in the order of ``tables``."""
    # openpyxl loads only when a workbook is written (it adds to every command's start-up).
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=_HEADER_COLOUR)
    for title, frame in zip(_sheet_titles(tables), tables.values(), strict=True):
        sheet = workbook.create_sheet(title)
        sheet.append([neutralise(str(c)) for c in frame.columns])
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
