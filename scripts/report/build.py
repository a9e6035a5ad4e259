"""The whole report folder from a snapshot: :func:`build_report`."""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ls_thematic.label_config import lsexport
from ls_thematic.label_config.codebook import Codebook

from .. import qdpx
from ..agreement.methods import report_methods
from ..figures import (
    COEFFICIENT_COLUMNS,
    COEFFICIENT_LABELS,
    agreement_chart,
    participant_heatmap,
    saturation_chart,
    save_figure,
    theme_map,
)
from ..render import render_table
from ..snapshot import ORIGIN_LABELS, Snapshot, as_snapshot, check_codebook, check_origin
from ..themes import matrix_participants
from .anonymise import NAME_ATTRIBUTE, REDACTED, SEED_KEY, anonymise_snapshot, pseudonymised_coders
from .assistance import AI_TABLE, report_assistance
from .docx import report_docx
from .folder import MANIFEST, StagedFolder, check_replaceable, staged_folder
from .markdown import report_markdown
from .tables import report_agreement, report_tables
from .xlsx import report_xlsx

#: ``build_report(agreement=AUTO)`` computes the agreement itself (:func:`report_agreement`).
AUTO = "auto"


def _coders_text(coders) -> str:
    return coders if isinstance(coders, str) else ", ".join(map(str, coders))


def _summary(tables: Mapping[str, pd.DataFrame], private: Snapshot, book: Codebook, coders,
             pseudonymised: bool, redacted: bool, origin: str = "all") -> list[str]:
    """The lines under the title: what was counted, how, and what is private."""
    seg = tables["segments"]
    summary = [
        f"{len(matrix_participants(tables['theme_participant_matrix']))} participants, "
        f"{len(private)} transcripts, "
        f"{seg.drop_duplicates(['annotation_id', 'region_id']).shape[0]} coded segments "
        f"(coders: {_coders_text(coders)}).",
        f"Codebook: {book.title}.",
    ]
    if origin != "all":
        summary.append(f"Coded segments counted: {ORIGIN_LABELS[origin]}.")
    if pseudonymised:
        summary.append("Participants are pseudonymised.")
    if redacted:
        summary.append(f"Names are redacted as {REDACTED}.")
    return summary


def _redacts(snapshot: Snapshot, redact_names: Sequence[str]) -> bool:
    """Whether names are redacted: names were given, or a participant has a name attribute."""
    return bool(redact_names) or any(
        NAME_ATTRIBUTE in (t.get("data") or {}).get("attributes", {}) for t in snapshot
    )


def _agreement_xlabel(table: pd.DataFrame, unit: str | None) -> str | None:
    column = next((c for c in COEFFICIENT_COLUMNS if c in table.columns), None)
    if column is None or not unit:
        return None
    return f"{COEFFICIENT_LABELS.get(column, column)}; unit: {unit.split(':')[0]}"


def _figures(tables: Mapping[str, pd.DataFrame], book: Codebook) -> dict:
    """The report's figures by key: theme map, heatmap, saturation and (with agreement) the
    agreement chart of the codes someone applied in the shared transcripts."""
    matrix = tables["theme_participant_matrix"]
    n_of = dict(zip(matrix["code"], matrix["N"], strict=True))
    figures = {
        "theme_map": theme_map(book, n_of, title=f"Theme map: {book.title}"),
        "participant_heatmap": participant_heatmap(matrix, book),
        "saturation": saturation_chart(tables["saturation"]),
    }
    if "agreement_per_code" in tables:
        per_code = tables["agreement_per_code"]
        charted = per_code
        if "n_coded" in charted.columns:  # codes nobody applied there have no coefficient
            charted = charted[charted["n_coded"] > 0]
        figures["agreement"] = agreement_chart(
            charted, book, xlabel=_agreement_xlabel(per_code, per_code.attrs.get("unit")),
        )
    return figures


def _write_figures(folder: StagedFolder, tables: Mapping[str, pd.DataFrame],
                   book: Codebook) -> dict[str, Path]:
    """Each figure as ``figures/<key>.png`` and ``.svg``; returns ``{key: PNG path}``."""
    figure_files: dict[str, Path] = {}
    for key, fig in _figures(tables, book).items():
        (folder.root / "figures").mkdir(exist_ok=True)
        for path in save_figure(fig, folder.root / "figures" / key):
            folder.add(path)
        figure_files[key] = folder.root / "figures" / f"{key}.png"
    return figure_files


def _write_contents(folder: StagedFolder, title: str, summary: list[str],
                    tables: Mapping[str, pd.DataFrame], book: Codebook, private: Snapshot,
                    coders, origin: str, assistance: str | None = None,
                    methods: dict | None = None) -> None:
    for name, frame in tables.items():
        folder.write(f"tables/{name}.csv", render_table(frame, "csv"))
    figure_files = _write_figures(folder, tables, book)
    stems = {key: f"figures/{key}" for key in figure_files}
    folder.write("report.md", report_markdown(title, summary, tables, book, stems,
                                              assistance=assistance, methods=methods))
    folder.write("report.docx", report_docx(title, summary, tables, book, figure_files,
                                            assistance=assistance, methods=methods))
    folder.write("report.xlsx", report_xlsx(tables))
    folder.write("project.qdpx", qdpx.build_qdpx(private, book, coders=coders, name=title,
                                                 span_origin=origin))


def _methods(agreement, original: Snapshot, book: Codebook, pseudonymise, salt, seed, rounds=()):
    """The reliability paragraph and its table (:func:`~..agreement.methods.report_methods`),
    the coders named by their pseudonyms when the report pseudonymises; None without
    agreement."""
    names = None
    if pseudonymise:
        coders = sorted({c.key for t in original for c in lsexport.coders_of(t) if c.known})
        private = pseudonymised_coders(coders, original, pseudonymise, salt, seed=seed)
        names = {c: p for c, p in zip(coders, private, strict=True) if p != c}
    return report_methods(agreement, original, book, coder_names=names, rounds=rounds)


def _private_copy(original, pseudonymise, redact_names, salt, seed, coders):
    """``(private snapshot, pseudonym map, seed, coders)``: the coders as the private snapshot
    names them ("Coder A", ...), so that a list of coders selects the same annotations."""
    private, mapping = anonymise_snapshot(original, pseudonymise, redact_names, salt=salt,
                                          seed=seed)
    seed = private.meta.get(SEED_KEY) if pseudonymise else None
    if pseudonymise and not isinstance(coders, str):
        coders = pseudonymised_coders(coders, original, pseudonymise, salt, seed=seed)
    return private, mapping, seed, coders


def build_report(
    snapshot,
    book: Codebook,
    out_dir: str | os.PathLike,
    *,
    coders="reconciled",
    agreement=None,
    agreement_unit: str = "auto",
    pseudonymise=False,
    redact_names: Sequence[str] = (),
    embed=None,
    salt: str | None = None,
    seed: int | None = None,
    attributes: Sequence[str] | None = None,
    pinned: Mapping[str, Sequence[str]] | None = None,
    title: str | None = None,
    origin: str = "all",
    assistance=None,
    rounds: Sequence[tuple[str, Any]] = (),
) -> dict:
    """Write the report folder (see the package notes) and return what it holds.

    Parameters
    ----------
    snapshot : Snapshot or list of tasks
    book : Codebook
    out_dir : path
        The folder to write (replaced atomically if it holds an earlier report).
    coders : "reconciled", "all" or list
        Which annotations count (:func:`~ls_thematic.scripts.snapshot.segments`); default one
        per transcript, the ground truth or the latest.
    agreement : dict, "auto" or None
        :func:`ls_thematic.scripts.agreement.agreement_report`'s result (its ``per_code``
        table), a per-code DataFrame, or ``{code: coefficient}``; ``"auto"``: computed here
        with :func:`report_agreement` in ``agreement_unit`` (none when no transcript has two
        coders).
    agreement_unit : str
        The unit of ``agreement="auto"`` (see :func:`report_agreement`).
    pseudonymise : bool, "letters", "hash" or dict
        See :func:`pseudonyms`; ``salt`` goes with ``"hash"``, ``seed`` (default: a fresh
        random one) orders the letters.
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
    origin : {"all", "manual", "accepted"}
        The coded segments every table, figure, the agreement and the .qdpx count (see
        :func:`~ls_thematic.scripts.snapshot.segments`).
    assistance : list or dict, optional
        The section "Use of AI assistance" and its table ``ai_assistance``: the backend's
        suggestion log (a list of entries), or a dict of ``entries`` (None: no log was
        given), ``audit``, ``model_coder`` or ``with_model`` (an encoder) as
        :func:`~.assistance.report_assistance` takes them. None: no such section.

    Returns
    -------
    dict
        ``out_dir``, ``files`` (relative paths), ``tables`` (name -> DataFrame), ``pseudonyms``
        (id -> pseudonym; keep it out of the report: it undoes the pseudonymisation) and
        ``pseudonym_seed`` (None without pseudonymisation; with the ids it rebuilds the map).
    """
    out_dir = Path(out_dir)
    check_replaceable(out_dir)  # before any work
    check_origin(origin)
    original = as_snapshot(snapshot)
    check_codebook(original, book)
    if isinstance(agreement, str) and agreement == AUTO:
        agreement = report_agreement(original, book, agreement_unit, origin=origin)
    private, mapping, seed, coders = _private_copy(original, pseudonymise, redact_names, salt,
                                                   seed, coders)
    tables = report_tables(private, book, coders=coders, agreement=agreement, embed=embed,
                           attributes=attributes, pinned=pinned, origin=origin)
    title = title or private.project.get("title") or book.title
    redacted = _redacts(original, redact_names)
    summary = _summary(tables, private, book, coders, bool(mapping), redacted, origin)
    methods = _methods(agreement, original, book, pseudonymise, salt, seed, rounds)
    paragraph = None
    if assistance is not None:  # the log's offsets are the original snapshot's
        section = report_assistance(original, assistance, pseudonymise=pseudonymise, salt=salt,
                                    seed=seed)
        tables[AI_TABLE], paragraph = section["table"], section["paragraph"]
    with staged_folder(out_dir) as folder:
        _write_contents(folder, title, summary, tables, book, private, coders, origin, paragraph,
                        methods)
        manifest = {
            "title": title, "codebook": book.title,
            "created_at": _dt.datetime.now(_dt.timezone.utc).isoformat(),
            "coders": coders if isinstance(coders, str) else list(map(str, coders)),
            "origin": origin,
            "pseudonymised": bool(mapping), "redacted": redacted,
            "participants": len(matrix_participants(tables["theme_participant_matrix"])),
            "transcripts": len(private), "files": sorted(folder.files + [MANIFEST]),
        }
        folder.write(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return {"out_dir": out_dir, "files": sorted(folder.files), "tables": tables,
            "pseudonyms": mapping, "pseudonym_seed": seed}
