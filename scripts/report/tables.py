"""The report's tables, computed from a snapshot: themes, participants, extracts, agreement."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd

from ls_thematic.label_config import lsexport
from ls_thematic.label_config.codebook import Codebook

from ..agreement import agreement_report
from ..agreement.bootstrap import RESAMPLES
from ..agreement.compute import agreement_codes, used_codes
from ..agreement.intervals import SEED
from ..extracts import representative_extracts
from ..snapshot import (
    as_snapshot,
    attribute_columns,
    check_codebook,
    coding_control,
    participants,
    segments,
)
from ..themes import (
    cooccurrence,
    counts_by_attribute,
    participants_by_attribute,
    saturation,
    segment_counts,
    theme_participant_matrix,
)
from .anonymise import SEED_KEY, anonymise_snapshot, pseudonymised_coders
from .errors import ReportError

#: Attributes with more distinct values than this are not tabulated (ages, years, ...).
MAX_GROUPS = 12

#: Agreement columns shown in the Markdown and DOCX (the CSV and XLSX keep them all).
AGREEMENT_SHOWN = [
    "code", "level", "level_name", "n_codes", "n_coded", "percent_agreement",
    "campbell_percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1",
]

#: What the coded segments table counts (Markdown and DOCX).
SEGMENTS_NOTE = (
    "segments: coded segments with the theme (headings: with any code beneath); accepted "
    "suggestions: of those, the suggestions a coder kept unchanged rather than coded."
)

AGREEMENT_HEADERS = {
    "level_name": "level name", "n_codes": "codes", "n_coded": "n coded",
    "percent_agreement": "% agreement", "campbell_percent_agreement": "% (Campbell)",
    "cohen_kappa": "Cohen's κ", "krippendorff_alpha": "Krippendorff's α", "gwet_ac1": "Gwet's AC1",
}


# --------------------------------------------------------------------------- agreement
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


def agreement_tables(agreement, book: Codebook) -> dict[str, pd.DataFrame]:
    """``agreement_per_code`` (codes in codebook order) and, when the result has ``per_level``,
    ``agreement_per_level``; each with ``attrs["unit"]``. Empty without ``agreement``."""
    table = _agreement_table(agreement)
    if table is None:
        return {}
    unit = agreement.get("unit") if isinstance(agreement, Mapping) else None
    order = {name: i for i, name in enumerate(book.names)}
    table = table.sort_values(
        "code", key=lambda codes: codes.map(lambda c: order.get(c, len(order))), kind="stable"
    ).reset_index(drop=True)
    table.attrs["unit"] = unit
    tables = {"agreement_per_code": table}
    levels = agreement.get("per_level") if isinstance(agreement, Mapping) else None
    if isinstance(levels, pd.DataFrame) and not levels.empty:
        levels = levels.reset_index()
        depth = levels["level"].astype(int) - 1
        levels.insert(1, "level_name", [book.level_name(d) for d in depth])
        levels.attrs["unit"] = unit
        tables["agreement_per_level"] = levels
    return tables


def agreement_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The agreement columns a reader needs, with readable headers (Markdown, DOCX); codes no
    coder applied in the shared transcripts are left out (the CSV and XLSX have them)."""
    if "n_coded" in frame.columns:
        frame = frame[frame["n_coded"] > 0]
    columns = [c for c in AGREEMENT_SHOWN if c in frame.columns]
    shown = frame[columns] if len(columns) > 1 else frame
    return shown.rename(columns=AGREEMENT_HEADERS)


def report_agreement(snapshot, book: Codebook, unit: str = "auto", *, origin: str = "all",
                     **options) -> dict | None:
    """Agreement of the coders who coded the same transcripts, for the report's chart.

    Parameters
    ----------
    snapshot : Snapshot or list of tasks
    book : Codebook
        Gives the hierarchy for agreement per level.
    unit : str
        An :func:`~ls_thematic.scripts.agreement.agreement_report` unit; ``"auto"`` takes
        ``"turns"`` when every task has imported turns, else ``"sentences"``.
    origin : {"all", "manual", "accepted"}
        Which of the coders' spans are compared (see
        :func:`~ls_thematic.scripts.agreement.agreement_report`).
    **options
        Unit options passed on (``min_overlap``, ``threshold``, ...).

    Returns
    -------
    dict or None
        :func:`~ls_thematic.scripts.agreement.agreement_report`'s result, or None when no
        transcript was coded by two or more coders (nothing to compare).
    """
    snapshot = as_snapshot(snapshot)
    if not any(len(lsexport.coders_of(task)) >= 2 for task in snapshot):
        return None
    if unit == "auto":
        unit = "turns" if all((t.get("data") or {}).get("turns") for t in snapshot) else "sentences"
    from_name, text_key = coding_control(snapshot)
    codes = agreement_codes(book, used_codes(snapshot, from_name, text_key))
    return agreement_report(
        list(snapshot), unit=unit, level_of=lambda code: list(book.path_of(code)), codes=codes,
        from_name=from_name, text_key=text_key, origin=origin, n_boot=RESAMPLES, seed=SEED,
        **options,
    )


# --------------------------------------------------------------------------- theme tables
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
    origin: str = "all",
) -> dict[str, pd.DataFrame]:
    """Every table of the report, computed from an (already anonymised) snapshot.

    ``origin`` chooses the coded segments every table counts (all, the coders' own coding, or
    accepted suggestions: :func:`~ls_thematic.scripts.snapshot.segments`); ``segments`` has an
    ``origin`` column and ``segments_per_code`` the number of accepted suggestions per code.

    Keys: ``segments``, ``participants``, ``theme_participant_matrix``, ``segments_per_code``,
    ``participants_by_<attr>`` and ``counts_by_<attr>`` for each categorical attribute,
    ``cooccurrence_segments``, ``cooccurrence_participants``, ``saturation``, ``extracts`` and,
    with ``agreement``, ``agreement_per_code`` (and ``agreement_per_level`` when the result
    has ``per_level``), whose ``attrs["unit"]`` states the unit.
    """
    snapshot = as_snapshot(snapshot)
    check_codebook(snapshot, book)
    seg = segments(snapshot, coders=coders, origin=origin)
    parts = participants(snapshot)
    tables: dict[str, pd.DataFrame] = {"segments": seg}
    tables["participants"] = parts.drop(columns=["tasks"])
    tables["theme_participant_matrix"] = theme_participant_matrix(seg, book, parts)
    tables["segments_per_code"] = segment_counts(seg, book)
    if attributes is None:
        attributes = [a for a in attribute_columns(seg) if a in parts and _groupable(parts, a)]
    for attribute in attributes:
        tables[f"participants_by_{attribute}"] = participants_by_attribute(parts, attribute)
        tables[f"counts_by_{attribute}"] = counts_by_attribute(seg, book, attribute, parts)
    for unit in ("segment", "participant"):
        tables[f"cooccurrence_{unit}s"] = cooccurrence(seg, book, unit).reset_index()
    tables["saturation"] = saturation(seg)
    tables["extracts"] = representative_extracts(seg, book, embed=embed, pinned=pinned)
    tables.update(agreement_tables(agreement, book))
    return tables


def extract_table(
    snapshot,
    book: Codebook,
    *,
    coders="reconciled",
    embed=None,
    n_min: int = 3,
    n_max: int = 6,
    pinned: Mapping[str, Sequence[str]] | None = None,
    pseudonymise=False,
    redact_names: Sequence[str] = (),
    origin: str = "all",
) -> pd.DataFrame:
    """Representative extracts of a snapshot's themes, after pseudonymising and redacting.

    :func:`~ls_thematic.scripts.report.anonymise.anonymise_snapshot` (when asked), then
    :func:`~ls_thematic.scripts.extracts.representative_extracts` of the coders' segments (of
    ``origin``: all, the coders' own coding, or accepted suggestions).
    """
    if pseudonymise or redact_names:
        original = snapshot
        snapshot, _ = anonymise_snapshot(original, pseudonymise, redact_names)
        if pseudonymise and not isinstance(coders, str):
            seed = snapshot.meta[SEED_KEY]
            coders = pseudonymised_coders(coders, original, pseudonymise, seed=seed)
    seg = segments(snapshot, coders=coders, origin=origin)
    return representative_extracts(seg, book, embed=embed, n_min=n_min, n_max=n_max,
                                   pinned=pinned)
