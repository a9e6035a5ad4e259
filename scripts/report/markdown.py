"""``report.md``: the report's tables and themes in Markdown, figures linked."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ls_thematic.label_config.codebook import Codebook

from ..render import CODE_POSITION_COLUMNS, indent_codes, markdown_table
from ..themes import level_of
from .assistance import AI_TABLE, HEADING
from .tables import SEGMENTS_NOTE, agreement_shown


def _table(frame: pd.DataFrame) -> str:
    return markdown_table(frame, floats="{:.3f}").rstrip("\n")


def _display_matrix(matrix: pd.DataFrame) -> pd.DataFrame:
    return indent_codes(matrix, "\u2003").rename(columns={"code": "Theme"})


def _themes_and_extracts(book: Codebook, extracts: pd.DataFrame) -> list[str]:
    lines = ["## Themes and extracts", ""]
    for code, path in book.walk():
        rows = extracts[extracts["code"] == code.name]
        if not code.codable or not rows.empty:
            hashes = "#" * min(6, 3 + len(path) - 1)
            lines += [f"{hashes} {code.name} ({level_of(book, code.name)})", ""]
            if code.description:
                lines += [code.description, ""]
            for row in rows.itertuples(index=False):
                lines += [f"> “{row.text}” ({row.participant})", ""]
    return lines


def _agreement(tables: Mapping[str, pd.DataFrame], figures: Mapping[str, str]) -> list[str]:
    if "agreement_per_code" not in tables:
        return []
    per_code = tables["agreement_per_code"]
    lines = ["## Agreement per code", ""]
    if per_code.attrs.get("unit"):
        lines += [f"Unit: {per_code.attrs['unit']}", ""]
    lines += [_table(agreement_shown(per_code)), ""]
    if "agreement" in figures:
        lines += [f"![Agreement]({figures['agreement']}.png)", ""]
    if "agreement_per_level" in tables:
        lines += ["### Agreement per hierarchy level", "",
                  _table(agreement_shown(tables["agreement_per_level"])), ""]
    return lines


def _methods(methods: Mapping | None) -> list[str]:
    """The reliability paragraph under its overall figures (:mod:`..agreement.methods`)."""
    if not methods:
        return []
    return ["### Reliability", "", _table(methods["table"]), "", methods["paragraph"], ""]


def _assistance(tables: Mapping[str, pd.DataFrame], paragraph: str | None) -> list[str]:
    if paragraph is None:
        return []
    lines = [f"## {HEADING}", "", paragraph, ""]
    if AI_TABLE in tables:
        lines += [_table(tables[AI_TABLE]), ""]
    return lines


def report_markdown(title: str, summary: list[str], tables: Mapping[str, pd.DataFrame],
                    book: Codebook, figures: Mapping[str, str], *,
                    assistance: str | None = None, methods: Mapping | None = None) -> str:
    """The Markdown report: ``figures`` maps a figure key to its path without suffix;
    ``assistance`` is the paragraph of the section "Use of AI assistance" (none without);
    ``methods`` the reliability paragraph and its table, after the agreement tables."""
    lines = [f"# {title}", "", *summary, ""]
    if "theme_map" in figures:
        lines += ["## Theme map", "", f"![Theme map]({figures['theme_map']}.png)", ""]
    for name, frame in tables.items():
        if name.startswith("participants_by_"):
            lines += [f"## Participants by {name.removeprefix('participants_by_')}", "",
                      _table(frame), ""]
    lines += ["## Themes by participant", "",
              "x: the participant has at least one segment coded with the theme; N: "
              "participants endorsing it (headings: any code beneath).", "",
              _table(_display_matrix(tables["theme_participant_matrix"])), ""]
    if "participant_heatmap" in figures:
        lines += [f"![Themes by participant]({figures['participant_heatmap']}.png)", ""]
    if "segments_per_code" in tables:
        lines += ["## Coded segments per theme", "", SEGMENTS_NOTE, "",
                  _table(_display_matrix(tables["segments_per_code"])), ""]
    for name, frame in tables.items():
        if name.startswith("counts_by_"):
            attribute = name.removeprefix("counts_by_")
            shown = frame.drop(columns=list(CODE_POSITION_COLUMNS))
            lines += [f"## Participants endorsing each theme, by {attribute}", "",
                      _table(shown), ""]
    lines += _themes_and_extracts(book, tables["extracts"])
    lines += ["## Saturation", "", _table(tables["saturation"]), ""]
    if "saturation" in figures:
        lines += [f"![Saturation]({figures['saturation']}.png)", ""]
    lines += _agreement(tables, figures)
    lines += _methods(methods)
    lines += _assistance(tables, assistance)
    return "\n".join(lines)
