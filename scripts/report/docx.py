"""``report.docx``: title and summary, participants, the theme map and wide tables on landscape
pages, each theme with its description and extracts, saturation and agreement.

Figures and tables are numbered and captioned; a caption stays on the page of its table or
figure.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from ls_thematic.label_config.codebook import Codebook

from ..render import CODE_POSITION_COLUMNS
from ..themes import level_of
from .assistance import AI_TABLE, HEADING
from .tables import SEGMENTS_NOTE, agreement_shown

#: How the table style's conditional formats apply: header row banded, no first-column style.
_TABLE_LOOK = (("w:firstRow", "1"), ("w:firstColumn", "0"), ("w:lastRow", "0"),
               ("w:lastColumn", "0"), ("w:noHBand", "0"), ("w:noVBand", "1"))


def _api() -> SimpleNamespace:
    """The parts of python-docx and Pillow used here. Imported when a document is written, not
    when the module is: they would add to the start-up of every command."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt, RGBColor
    from PIL import Image

    return SimpleNamespace(
        Document=Document, WD_ORIENT=WD_ORIENT, WD_SECTION=WD_SECTION,
        CENTER=WD_ALIGN_PARAGRAPH.CENTER, OxmlElement=OxmlElement, qn=qn, Inches=Inches, Pt=Pt,
        RGBColor=RGBColor, Image=Image,
    )


def _cell_text(value, column, floats: str) -> str:
    if isinstance(value, float) and value.is_integer() and (
        str(column).startswith(("n_", "n ")) or column == "codes"
    ):
        return str(int(value))  # counts stored as floats (weighted units)
    if isinstance(value, float):
        return "" if pd.isna(value) else floats.format(value)
    return str(value)


class _Word:
    """A document being written: numbered figures and tables, portrait and landscape pages."""

    def __init__(self, figure_files: Mapping[str, Path]) -> None:
        self.api = _api()
        self.document = self.api.Document()
        self.document.styles["Normal"].font.name = "Calibri"
        self.document.styles["Normal"].font.size = self.api.Pt(10)
        self.figure_files = figure_files
        self.figures = 0
        self.tables = 0

    def _caption(self, kind: str, number: int, caption: str, keep_with_next: bool) -> None:
        paragraph = self.document.add_paragraph()
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True  # the caption stays with its table
        paragraph.add_run(f"{kind} {number}. ").bold = True
        paragraph.add_run(caption).italic = True

    def figure(self, key: str, caption: str, width: float, max_height: float) -> None:
        """The figure at ``width`` inches, narrower if it would be taller than ``max_height``
        (so that it and its caption stay on one page); nothing when it was not drawn."""
        if key not in self.figure_files:
            return
        self.figures += 1
        with self.api.Image.open(self.figure_files[key]) as image:
            aspect = image.width / image.height
        width = min(width, max_height * aspect)
        self.document.add_picture(str(self.figure_files[key]), width=self.api.Inches(width))
        self.document.paragraphs[-1].alignment = self.api.CENTER
        self._caption("Figure", self.figures, caption, keep_with_next=False)

    def table(self, frame: pd.DataFrame, caption: str, *, font: float = 8, bold_rows=None,
              indent=None, centre_from: int = 1, floats: str = "{:.3f}",
              first_width: float | None = None, total_width: float = 6.3,
              widths: list[float] | None = None) -> None:
        """A captioned table; ``bold_rows`` and ``indent`` (in levels) are per row, widths in
        inches (``first_width`` and the rest shared out of ``total_width``, or ``widths``)."""
        self.tables += 1
        self._caption("Table", self.tables, caption, keep_with_next=True)
        grid = self.document.add_table(rows=1, cols=len(frame.columns))
        grid.style = "Light Grid Accent 1"
        grid.autofit = first_width is None and widths is None
        self._look(grid)
        for j, (cell, column) in enumerate(zip(grid.rows[0].cells, frame.columns, strict=True)):
            cell.text = str(column).replace("_", " ")
            if j >= centre_from:
                cell.paragraphs[0].alignment = self.api.CENTER
        for i, row in enumerate(frame.itertuples(index=False)):
            cells = grid.add_row().cells
            for j, value in enumerate(row):
                cells[j].text = _cell_text(value, frame.columns[j], floats)
                paragraph = cells[j].paragraphs[0]
                if j == 0 and indent is not None:
                    paragraph.paragraph_format.left_indent = self.api.Pt(7 * int(indent[i]))
                if j >= centre_from:
                    paragraph.alignment = self.api.CENTER
                for run in paragraph.runs:
                    # explicit, so the table style's bold first column does not apply
                    run.bold = bool(bold_rows is not None and bold_rows[i])
        columns = len(frame.columns)
        if first_width is not None and columns > 1:
            rest = (total_width - first_width) / (columns - 1)
            widths = [first_width] + [rest] * (columns - 1)
        if widths is not None:
            self._widths(grid, widths)
        self._font(grid, font)
        self.document.add_paragraph()

    def _look(self, grid) -> None:
        qn = self.api.qn
        look = grid._tbl.tblPr.find(qn("w:tblLook"))
        if look is None:
            look = self.api.OxmlElement("w:tblLook")
            grid._tbl.tblPr.append(look)
        for key, value in _TABLE_LOOK:
            look.set(qn(key), value)

    def _widths(self, grid, widths: Sequence[float]) -> None:
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = self.api.Inches(width)  # w:gridCol, which LibreOffice and Word lay out by
        for row in grid.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = self.api.Inches(width)

    def _font(self, grid, font: float) -> None:
        for row in grid.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = self.api.Pt(0)
                    for run in paragraph.runs:
                        run.font.size = self.api.Pt(font)

    def orientation(self, landscape: bool) -> None:
        """Start a new page in landscape or portrait."""
        section = self.document.add_section(self.api.WD_SECTION.NEW_PAGE)
        section.orientation = (self.api.WD_ORIENT.LANDSCAPE if landscape
                               else self.api.WD_ORIENT.PORTRAIT)
        long, short = max(section.page_width, section.page_height), min(
            section.page_width, section.page_height
        )
        section.page_width, section.page_height = (long, short) if landscape else (short, long)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


# --------------------------------------------------------------------------- sections
def _front(word: _Word, title: str, summary: list[str], tables: Mapping[str, pd.DataFrame],
           book: Codebook) -> None:
    document = word.document
    document.add_heading(title, level=0)
    for line in summary:
        document.add_paragraph(line)
    if book.description:
        document.add_paragraph(book.description).runs[0].italic = True
    contents = ["the participants", "the theme map", "themes by participant"]
    contents += ["themes by attribute"] if any(n.startswith("counts_by_") for n in tables) else []
    contents += ["each theme with its description and extracts", "saturation"]
    contents += ["inter-coder agreement"] if "agreement_per_code" in tables else []
    contents += ["the use of AI assistance"] if AI_TABLE in tables else []
    document.add_paragraph("Contents: " + ", ".join(contents) + ".")


def _participants(word: _Word, tables: Mapping[str, pd.DataFrame]) -> None:
    for name, frame in tables.items():
        if name.startswith("participants_by_"):
            attribute = name.removeprefix("participants_by_").replace("_", " ")
            word.table(frame, f"Participants by {attribute}.", font=9, first_width=3.0,
                       total_width=4.5)


def _theme_table(word: _Word, frame: pd.DataFrame, caption: str) -> None:
    """A code table with headings bold and codes indented by depth."""
    shown = frame.drop(columns=list(CODE_POSITION_COLUMNS)).rename(columns={"code": "Theme"})
    word.table(shown, caption, font=7, bold_rows=list(~frame["codable"]),
               indent=list(frame["depth"]), first_width=2.3, total_width=9.0)


def _wide_pages(word: _Word, tables: Mapping[str, pd.DataFrame]) -> None:
    """The theme map and the wide tables, on landscape pages."""
    word.orientation(landscape=True)
    word.figure("theme_map", "Theme map: domains, sub-domains, themes and sub-themes, with the "
                "number of participants endorsing each (N); arrows are relationship codes, and a "
                "dashed box is a theme that stands between the domains it links.", 9.0, 5.6)
    word.document.add_page_break()
    _theme_table(word, tables["theme_participant_matrix"],
                 "Themes by participant: x marks a participant with at least one segment coded "
                 "with the theme; N is the number of participants endorsing it (for a heading: "
                 "with any code beneath it).")
    if "segments_per_code" in tables:
        _theme_table(word, tables["segments_per_code"], f"Coded segments per theme: {SEGMENTS_NOTE}")
    word.document.add_page_break()
    word.figure("participant_heatmap", "Themes by participant: a coloured cell marks a "
                "participant endorsing the theme; N at the right.", 9.0, 5.6)
    for name, frame in tables.items():
        if name.startswith("counts_by_"):
            attribute = name.removeprefix("counts_by_").replace("_", " ")
            _theme_table(word, frame, f"Participants endorsing each theme, by {attribute}.")
    word.orientation(landscape=False)


def _themes(word: _Word, tables: Mapping[str, pd.DataFrame], book: Codebook) -> None:
    """Each theme as a heading in its colour, with N, its description and its extracts."""
    document = word.document
    document.add_heading("Themes and extracts", level=1)
    extracts = tables["extracts"]
    matrix = tables["theme_participant_matrix"]
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
            run.font.color.rgb = word.api.RGBColor.from_string(colour.upper())
        if code.description:
            document.add_paragraph(code.description)
        for row in rows.itertuples(index=False):
            quote = document.add_paragraph(style="Quote")
            quote.add_run(f"“{row.text}” ")
            quote.add_run(f"({row.participant})").bold = True


def _saturation(word: _Word, tables: Mapping[str, pd.DataFrame]) -> None:
    word.document.add_heading("Saturation", level=1)
    word.figure("saturation", "New codes per transcript in coding order, and codes so far.",
                6.0, 4.0)
    word.table(tables["saturation"].drop(columns=["first_coded_at", "task_id"]),
               "Saturation: codes per transcript in coding order.", font=8,
               widths=[0.75, 0.95, 0.6, 0.7, 0.9, 2.4])


def _agreement(word: _Word, tables: Mapping[str, pd.DataFrame]) -> None:
    if "agreement_per_code" not in tables:
        return
    per_code = tables["agreement_per_code"]
    word.document.add_heading("Agreement", level=1)
    if per_code.attrs.get("unit"):
        word.document.add_paragraph(f"Unit: {per_code.attrs['unit']}")
    word.figure("agreement", "Agreement per code (Krippendorff's alpha, nominal; dashed lines: "
                "0.667 and 0.800).", 6.0, 7.5)
    word.table(agreement_shown(per_code), "Agreement per code.", font=7, first_width=1.5,
               total_width=6.5)
    if "agreement_per_level" in tables:
        word.table(agreement_shown(tables["agreement_per_level"]),
                   "Agreement per hierarchy level (codes recoded to their ancestor at that level).",
                   font=7, first_width=0.5, total_width=6.5)


def _methods(word: _Word, methods: Mapping | None) -> None:
    """The reliability paragraph under the table of its overall figures."""
    if not methods:
        return
    word.document.add_heading("Reliability", level=2)
    word.table(methods["table"], "Overall agreement: the figures of the paragraph below.",
               font=8, first_width=3.5, total_width=6.5)
    word.document.add_paragraph(methods["paragraph"])


def _assistance(word: _Word, tables: Mapping[str, pd.DataFrame], paragraph: str | None) -> None:
    if paragraph is None:
        return
    word.document.add_heading(HEADING, level=1)
    word.document.add_paragraph(paragraph)
    if AI_TABLE in tables:
        word.table(tables[AI_TABLE], "Use of AI assistance: the figures behind the paragraph "
                   "(low, high: 95% bootstrap interval over transcripts).", font=8,
                   first_width=3.1, total_width=6.5)


def report_docx(title: str, summary: list[str], tables: Mapping[str, pd.DataFrame],
                book: Codebook, figure_files: Mapping[str, Path], *,
                assistance: str | None = None, methods: Mapping | None = None) -> bytes:
    """The Word document (bytes); ``figure_files`` maps a figure key to its PNG; ``assistance``
    is the paragraph of the section "Use of AI assistance" (none without); ``methods`` the
    reliability paragraph and its table, after the agreement tables."""
    word = _Word(figure_files)
    _front(word, title, summary, tables, book)
    _participants(word, tables)
    _wide_pages(word, tables)
    _themes(word, tables, book)
    _saturation(word, tables)
    _agreement(word, tables)
    _methods(word, methods)
    _assistance(word, tables, assistance)
    return word.bytes()
