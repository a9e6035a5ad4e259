"""``ls-thematic agreement`` as a library call: agreement on a snapshot, with its codebook.

:func:`compute_agreement` finds the codebook that goes with the snapshot, the codes to compare
(every codable code, applied or not) and the coders, computes the
:func:`~.report.agreement_report` at one hierarchy level or at every level (the per-level
rollup), reads a filled-in disagreements file back for negotiated agreement, and returns the
report with its JSON-ready result (:func:`~.present.result_dict`), and adds the categorical view
of the mutually exclusive codes (:func:`~.categorical.categorical_agreement`). With one coder it
says what to do next (:func:`check_two_coders`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ls_thematic.label_config import lsexport
from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.errors import InputError

from ..snapshot import as_snapshot, check_origin, codebook_for, coding_control
from .categorical import categorical_agreement
from .errors import AgreementError
from .export import read_export
from .intervals import SEED
from .negotiate import NEGOTIATED_COLUMN, negotiated_agreement, read_disagreements
from .present import categorical_dict, result_dict
from .report import agreement_report
from .spans import spans_agreement
from .units import Units
from .units.build import build_units, check_unit_options

__all__ = [
    "agreement_codes",
    "agreement_units",
    "check_two_coders",
    "compute_agreement",
    "level_names",
    "path_lookup",
    "resolve_codebook",
    "resolve_coders",
    "used_codes",
    "unit_options",
]


def resolve_codebook(snapshot, codebook_path: str | None, from_name: str | None):
    """``(codebook or None, from_name, data key, explicit)`` for the snapshot.

    With ``--codebook`` the snapshot must use only its codes (else a clear error naming the
    unknown codes); without, the codebook is read from the snapshot's labelling config when it
    has one (a live project or a `pull` snapshot), else there is none (a plain LS export).
    """
    control, data_key = coding_control(snapshot, from_name)
    book = codebook_for(snapshot, codebook_path, required=False)
    return book, control, data_key, codebook_path is not None


def used_codes(snapshot, control: str | None, data_key: str) -> list[str]:
    """The codes the snapshot's coded spans apply (of ``control`` when given), in order."""
    return list(lsexport.used_codes(snapshot, control, data_key))


def agreement_codes(book: Codebook, used: Sequence[str]) -> list[str]:
    """The codes agreement compares: every codable code of ``book``, applied or not (a code
    nobody applied is agreement on "not coded"), then any heading or other code ``used``."""
    codes = [c.name for c, _ in book.walk() if c.codable or c.name in used]
    return codes + [c for c in used if c not in codes]


def resolve_coders(snapshot, wanted: Sequence[str]) -> list | None:
    """The export's coder keys (e-mail or id, as :func:`~.export.coder_of` names them)."""
    if not wanted:
        return None
    keys: dict[str, Any] = {}
    for _, annotation in lsexport.select_annotations(snapshot, "all"):
        coder = lsexport.coder_of(annotation)
        if coder.known:
            keys[coder.key.lower()] = coder.label
            keys[str(coder.id)] = coder.label
    out = []
    for coder in wanted:
        key = keys.get(str(coder).strip().lower())
        if key is None:
            known = sorted({str(k) for k in keys.values()})
            raise InputError(
                f"No annotations by coder {coder!r}; the coders are: {', '.join(known) or 'none'}."
            )
        out.append(key)
    return out


def _where(snapshot) -> str:
    """What the coding was read from, for a message: the snapshot file, or the project."""
    path = getattr(snapshot, "path", None)
    if path == "-":
        return "the snapshot on standard input"
    if path:
        return f"the snapshot {path}"
    project_id = getattr(snapshot, "project", {}).get("id")
    return f"project {project_id}" if project_id is not None else "the snapshot"


def check_two_coders(snapshot) -> None:
    """Raise, saying what to do next, when fewer than two coders annotated the snapshot.

    Agreement compares coders on the transcripts both coded; with one coder the next step is
    ``ls-thematic sample --assign``: pick transcripts at random and give them to a second coder.

    Raises
    ------
    AgreementError
        Naming where the coding came from (``the snapshot FILE`` or ``project ID``), the coders
        found, and the ``sample`` command to run.
    """
    snapshot = as_snapshot(snapshot)
    coders = list(
        dict.fromkeys(
            coder.key for task in snapshot for coder in lsexport.coders_of(task) if coder.known
        )
    )
    if len(coders) >= 2:
        return
    project = snapshot.project.get("id") if snapshot.project.get("id") is not None else "ID"
    coded_by = f" --coded-by {coders[0]}" if coders else ""
    again = (
        f"pull a new snapshot (`ls-thematic pull --project {project} -o FILE`) and run agreement "
        "on it"
        if getattr(snapshot, "path", None)
        else "run agreement again"
    )
    raise AgreementError(
        f"Agreement needs two or more coders; {_where(snapshot)} has {len(coders)} "
        f"coder{'' if len(coders) == 1 else 's'} ({', '.join(coders) or 'no annotations yet'}). "
        "Next: have a second coder double-code "
        f"some transcripts: `ls-thematic sample --project {project} --n 2{coded_by} --assign "
        "SECOND_CODER` picks 2 at random (see `ls-thematic sample --help`) and gives them to "
        f"that Label Studio user (e-mail or id); once they are coded, {again}."
    )


# --------------------------------------------------------------------------- levels
def level_names(book: Codebook | None) -> list[str]:
    """``--level`` values: ``code`` and the codebook's hierarchy levels, coarsest first."""
    if book is None:
        return ["code"]
    return ["code", *[book.level_name(d) for d in range(book.max_depth + 1)]]


def path_lookup(book: Codebook) -> Callable[[str], list[str]]:
    """``path_of(code) -> [root, ..., code]`` in the codebook (``[code]`` for a code it lacks).

    The ``level_of`` argument of :func:`~.report.agreement_report`.
    """
    known = set(book.names)

    def level_of(code: str) -> list[str]:
        return list(book.path_of(code)) if code in known else [code]

    return level_of


def _recode_at(book: Codebook, level: str, codes: Sequence[str]) -> dict[str, str]:
    """``{code: its ancestor at the named level}`` (a code the codebook lacks keeps its name)."""
    depth = [book.level_name(d) for d in range(book.max_depth + 1)].index(level)
    known = set(book.names)
    return {c: book.ancestor_at(c, depth) if c in known else c for c in codes}


def _check_level(level: str, book: Codebook | None) -> None:
    """``level`` is ``all``, ``code`` or one of the codebook's level names."""
    allowed = level_names(book)
    if level != "all" and level not in allowed:
        raise InputError(
            f"Unknown level {level!r}; "
            + (
                f"the codebook's levels are: {', '.join(allowed)} (or all)."
                if book is not None
                else "without a codebook (--codebook, or a snapshot with its labelling config) the only "
                "level is 'code' (or all)."
            )
        )


def compute_agreement(
    snapshot,
    *,
    unit: str = "turns",
    codebook_path: str | None = None,
    level: str = "all",
    coders: Sequence[str] = (),
    from_name: str | None = None,
    negotiated_path: str | None = None,
    origin: str = "all",
    n_boot: int = 1000,
    seed: int = SEED,
    **options: Any,
) -> tuple[dict, dict]:
    """Agreement on a snapshot: ``(report, result)``.

    Parameters
    ----------
    snapshot : Snapshot
        A pulled snapshot or a Label Studio JSON export (:func:`~..snapshot.load_snapshot`).
    unit : str
        One of :data:`~.units.AGREEMENT_UNITS`; ``spans`` returns
        :func:`~.spans.spans_agreement`'s ``(report, result)`` instead (unitizing alphas, γ).
    codebook_path : str, optional
        A codebook file the snapshot must match; by default the snapshot's labelling config.
    level : str
        ``all`` (every code, plus the per-level rollup when the codebook is hierarchical),
        ``code``, or a level name of the codebook: every code is recoded to its ancestor there.
    coders : sequence of str
        Coders to compare (e-mail or id); by default everyone.
    from_name : str, optional
        The coding control; by default the one of the labelling config.
    negotiated_path : str, optional
        A filled-in disagreements file: adds negotiated agreement.
    origin : {"all", "manual", "accepted"}
        Which of every coder's spans are compared (own coding, accepted suggestions, or all).
    n_boot, seed : int
        Resamples and seed of the 95% intervals (:mod:`.intervals`).
    **options
        Unit options (see :func:`unit_options`).

    Returns
    -------
    report : dict
        :func:`~.report.agreement_report`'s dict (DataFrames, for writing the disagreements).
    result : dict
        The JSON-ready dict the command writes (see :func:`~.present.result_dict`), with
        ``origin``, ``view`` ("binary": the figures above treat each (unit, code) pair as one
        binary item) and ``categorical`` (:func:`~.present.categorical_dict`: the coefficients
        over one value per unit and coder, per exclusive group and over all codes). Fewer than
        two coders raise :func:`check_two_coders`'s error.
    """
    check_origin(origin)
    if not coders:
        check_two_coders(snapshot)
    if unit == "spans":  # the spans as coded: unitizing alphas and γ, no (unit, code) items
        compared = _compared(snapshot, codebook_path, level, from_name)
        return spans_agreement(
            snapshot,
            compared,
            resolve_coders(snapshot, coders),
            origin=origin,
            level=level,
            negotiated_path=negotiated_path,
            **options,
        )
    book, control, data_key, codes, recode = _compared(snapshot, codebook_path, level, from_name)
    level_of = (
        path_lookup(book) if level == "all" and book is not None and book.max_depth > 0 else None
    )
    report = agreement_report(
        list(snapshot),
        unit,
        coders=resolve_coders(snapshot, coders),
        level_of=level_of,
        codes=codes,
        from_name=control,
        text_key=data_key,
        recode=recode,
        origin=origin,
        n_boot=n_boot,
        seed=seed,
        **options,
    )
    negotiated = None
    if negotiated_path is not None:
        table = read_disagreements(negotiated_path)
        negotiated = negotiated_agreement(table, report, outcome_column=NEGOTIATED_COLUMN)
    depth_names = None
    if report["per_level"] is not None:
        depth_names = {depth: (book.level_name(depth - 1)) for depth in report["per_level"].index}
    result = result_dict(report, options, level, depth_names, negotiated, book)
    groups = book.exclusive_groups() if book is not None else {}
    categorical = categorical_dict(categorical_agreement(report["units"], groups, n_boot, seed))
    return report, {**result, "origin": origin, "view": "binary", "categorical": categorical}


def _compared(snapshot, codebook_path: str | None, level: str, from_name: str | None):
    """``(codebook, control, data key, codes, recode)``: what :func:`compute_agreement` and
    :func:`agreement_units` compare, from the same flags."""
    book, control, data_key, _ = resolve_codebook(snapshot, codebook_path, from_name)
    _check_level(level, book)
    used = used_codes(snapshot, control, data_key)
    codes = None if book is None else agreement_codes(book, used)
    recode = None
    if level not in ("all", "code") and book is not None:
        recode = _recode_at(book, level, codes or used)
    return book, control, data_key, codes, recode


def agreement_units(
    snapshot,
    *,
    unit: str = "turns",
    codebook_path: str | None = None,
    level: str = "all",
    coders: Sequence[str] = (),
    from_name: str | None = None,
    origin: str = "all",
    **options: Any,
) -> Units:
    """The units and 0/1 items behind :func:`compute_agreement`'s coder x coder matrix, for
    the same arguments (per task, for a bootstrap over transcripts: :mod:`.bootstrap`)."""
    check_origin(origin)
    _, control, data_key, codes, recode = _compared(snapshot, codebook_path, level, from_name)
    options = check_unit_options(unit, options)
    selected = resolve_coders(snapshot, coders)
    export = read_export(list(snapshot), selected, codes, control, data_key, origin)
    if recode is not None:
        export = export.recoded({c: str(recode.get(c, c)) for c in export.codes})
    return build_units(export, unit, options)


def unit_options(
    snapshot,
    unit: str,
    *,
    min_overlap: float = 0.5,
    threshold: float = 0.5,
    overlap: str = "iou",
    bracketing_coder: str | None = None,
) -> dict[str, Any]:
    """The options of ``unit`` among the command's flags, the bracketing coder resolved.

    ``min_overlap`` goes with turns, sentences and bracketed passages; ``threshold`` and
    ``overlap`` with overlap segments; ``bracketing_coder`` (e-mail or id, as the user typed
    it) with bracketed passages, where it becomes the export's coder key.
    """
    options: dict[str, Any] = {}
    if unit in ("turns", "sentences", "bracketed"):
        options["min_overlap"] = min_overlap
    if unit == "bracketed":
        resolved = resolve_coders(snapshot, [bracketing_coder]) if bracketing_coder else None
        options["bracketing_coder"] = resolved[0] if resolved else None
    if unit == "overlap":
        options.update(threshold=threshold, overlap=overlap)
    return options
