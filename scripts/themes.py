"""Theme tables of a coded project: who endorsed which theme, by attribute, co-occurrence, saturation.

Every function takes the :func:`~ls_thematic.scripts.snapshot.segments` frame (one row per
coded span and code) and returns a pandas DataFrame with counts at full precision.

Endorsement, as the seed thesis's Table 2 counts it
    A participant *endorses* a code when at least one segment of their transcript is coded
    with it (by any of the coders kept in ``segments``; choose ``coders="reconciled"`` for one
    annotation per transcript). Table 2 lists the sub-themes as rows of their own, beside their
    parent themes, with their own marks and N, so each **codable** code counts **only its own
    segments**: a segment coded with the sub-theme "Last bit is worst" does not mark its parent
    theme "Reduction gets stuck". Table 2 itself shows it cannot roll sub-themes up: P1 endorses
    the sub-theme "Harder to assess" but not its parent "Prescribing more complex", whose N (13)
    is smaller than the sub-theme's (14). ``rollup=True`` counts a codable code's descendants as well.

    A **heading** (a code that is not codable: domain, sub-domain) has no segments of its own;
    its row marks the participants with any code beneath it and its N counts them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ls_thematic.label_config.codebook import UNSURE, Codebook
from ls_thematic.label_config.lsexport import ACCEPTED

from .snapshot import ORIGIN_LABELS, SnapshotError, attribute_columns, check_origin, natural_key
from .snapshot import participants as snapshot_participants
from .snapshot import segments as snapshot_segments

MARK = "x"
#: Columns of :func:`theme_participant_matrix` before the participant columns.
MATRIX_LEAD = ["code", "level", "depth", "codable"]
#: The count columns of :func:`segment_counts`, after :data:`MATRIX_LEAD`.
SEGMENT_COUNTS = ["segments", "accepted suggestions"]


# --------------------------------------------------------------------------- hierarchy helpers
def theme_depth(book: Codebook) -> int:
    """Depth of the shallowest codable code that sits under a heading (2 in the thesis)."""
    depths = [
        len(path) - 1
        for code, path in book.walk()
        if code.codable and len(path) > 1 and not book.code(path[0]).codable
    ]
    return min(depths, default=0)


def display_depth(book: Codebook, name: str) -> int:
    """The hierarchy level a code is shown at.

    Its depth in the tree, except that a codable top-level code standing beside heading
    domains (the thesis's 13th theme, Frustration, which "remained independent") is shown at
    the theme level, with its own children below it.
    """
    path = book.path_of(name)
    depth = len(path) - 1
    root = book.code(path[0])
    if root.codable and any(not c.codable for c in book.codes):
        depth += theme_depth(book)
    return depth


def level_of(book: Codebook, name: str) -> str:
    """The level name ('domain', 'theme', ...) of :func:`display_depth`."""
    return book.level_name(display_depth(book, name))


def _descendants(book: Codebook, name: str) -> list[str]:
    out = []

    def visit(code):
        for child in code.children:
            out.append(child.name)
            visit(child)

    visit(book.code(name))
    return out


def check_codes(segments: pd.DataFrame, book: Codebook) -> None:
    """Raise when ``segments`` holds codes ``book`` lacks, naming them and the codebook's codes."""
    unknown = sorted(set(segments["code"]) - set(book.names))
    if unknown:
        counts = segments[segments["code"].isin(unknown)].groupby("code")["task_id"].agg(
            lambda s: sorted(set(s), key=natural_key)
        )
        listing = "; ".join(
            f"{code!r} (tasks {', '.join(map(str, counts[code]))})" for code in unknown
        )
        raise SnapshotError(
            f"The segments use {len(unknown)} code(s) that the codebook {book.title!r} does not "
            f"have: {listing}. The codebook has: {', '.join(book.names)}. Was the snapshot taken "
            "from a project with another codebook? Pass that codebook with --codebook."
        )


def participant_ids(segments: pd.DataFrame, participants=None) -> list[str]:
    """The participant columns: ``participants`` (ids, or a frame with a ``participant``
    column) in natural order, else those in ``segments``."""
    if participants is None:
        ids = segments["participant"].astype(str).unique().tolist()
    elif isinstance(participants, pd.DataFrame):
        ids = participants["participant"].astype(str).tolist()
    else:
        ids = [str(p) for p in participants]
    missing = sorted(set(segments["participant"].astype(str)) - set(ids), key=natural_key)
    if missing:
        raise SnapshotError(
            f"The segments have participants {', '.join(missing)} that the participant list "
            f"lacks; it has: {', '.join(ids)}."
        )
    return sorted(dict.fromkeys(ids), key=natural_key)


def _rows(book: Codebook, segments: pd.DataFrame, include_unsure: bool | None) -> list:
    used = set(segments["code"])
    rows = []
    for code, _ in book.walk():
        if code.name == UNSURE and not code.children:
            if include_unsure is False or (include_unsure is None and UNSURE not in used):
                continue
        rows.append(code)
    return rows


# --------------------------------------------------------------------------- tables
def endorsements(segments: pd.DataFrame, book: Codebook, rollup: bool = False) -> dict[str, set]:
    """``{code: set of participant ids endorsing it}`` for every code (see the module notes)."""
    check_codes(segments, book)
    own: dict[str, set] = {name: set() for name in book.names}
    for code, group in segments.groupby("code")["participant"]:
        own[code] = set(group.astype(str))
    out = {}
    for code, _ in book.walk():
        who = set(own[code.name])
        if not code.codable or rollup:
            for name in _descendants(book, code.name):
                who |= own[name]
        out[code.name] = who
    return out


def theme_participant_matrix(
    segments: pd.DataFrame,
    book: Codebook,
    participants=None,
    *,
    rollup: bool = False,
    include_unsure: bool | None = None,
) -> pd.DataFrame:
    """The theme x participant matrix of the thesis's Table 2.

    Parameters
    ----------
    segments : DataFrame
        From :func:`~ls_thematic.scripts.snapshot.segments`.
    book : Codebook
    participants : list of str or DataFrame, optional
        The participant columns (default: those with segments). Pass every participant of the
        project so that one who endorsed nothing still gets a column.
    rollup : bool
        Count a codable code's sub-codes as endorsing it too (default: each code on its own,
        as Table 2 does).
    include_unsure : bool, optional
        Show the built-in "Unsure – revisit" row; by default only when it is used.

    Returns
    -------
    DataFrame
        One row per code in codebook order (domain > sub-domain > theme > sub-theme), columns
        ``code, level`` (the level it is shown at, :func:`level_of`: a top-level theme beside the
        domains is a "theme"), ``depth`` (its nesting in the codebook, 0 at the top, for
        indenting), ``codable``, one column per participant holding ``"x"`` or ``""``,
        and ``N``: the number of participants endorsing the code (an int).
    """
    ids = participant_ids(segments, participants)
    who = endorsements(segments, book, rollup=rollup)
    records = []
    for code in _rows(book, segments, include_unsure):
        record = {
            "code": code.name,
            "level": level_of(book, code.name),
            "depth": book.depth_of(code.name),
            "codable": code.codable,
        }
        record.update({pid: MARK if pid in who[code.name] else "" for pid in ids})
        record["N"] = len(who[code.name] & set(ids))
        records.append(record)
    frame = pd.DataFrame(records, columns=[*MATRIX_LEAD, *ids, "N"])
    frame["N"] = frame["N"].astype(int)
    return frame


def matrix_participants(matrix: pd.DataFrame) -> list[str]:
    """The participant columns of a :func:`theme_participant_matrix` frame."""
    return [c for c in matrix.columns if c not in MATRIX_LEAD and c != "N"]


def _span_keys(segments: pd.DataFrame) -> dict[str, set]:
    """``{code: {(task, annotation, region, start, end), ...}}``: each code's coded spans."""
    keys = segments[["task_id", "annotation_id", "region_id", "start", "end"]].astype(str)
    spans = pd.Series(list(keys.itertuples(index=False, name=None)), index=segments.index)
    return {code: set(group) for code, group in spans.groupby(segments["code"])}


def segment_counts(
    segments: pd.DataFrame,
    book: Codebook,
    *,
    rollup: bool = False,
    include_unsure: bool | None = None,
) -> pd.DataFrame:
    """How many coded segments each code has, and how many of them are accepted suggestions.

    Parameters
    ----------
    segments : DataFrame
        From :func:`~ls_thematic.scripts.snapshot.segments`; its ``origin`` column says which
        spans are suggestions the coder kept unchanged (``prediction``). A frame without that
        column counts every span as the coder's own.
    book, rollup, include_unsure
        As for :func:`theme_participant_matrix`: a codable code counts its own segments (with
        ``rollup``, its sub-codes' too); a heading counts the segments of every code beneath it.

    Returns
    -------
    DataFrame
        One row per code in codebook order: ``code, level, depth, codable``, ``segments`` (coded
        spans with the code, each span once; an int) and ``accepted suggestions`` (of those,
        the suggestions the coder accepted unchanged; an int). A span with two codes beneath a
        heading counts once for the heading.
    """
    check_codes(segments, book)
    spans = _span_keys(segments)
    accepted = (
        _span_keys(segments[segments["origin"] == ACCEPTED]) if "origin" in segments else {}
    )
    records = []
    for code in _rows(book, segments, include_unsure):
        names = [code.name]
        if not code.codable or rollup:
            names += _descendants(book, code.name)
        records.append({
            "code": code.name,
            "level": level_of(book, code.name),
            "depth": book.depth_of(code.name),
            "codable": code.codable,
            "segments": len(set().union(*(spans.get(n, set()) for n in names))),
            "accepted suggestions": len(set().union(*(accepted.get(n, set()) for n in names))),
        })
    frame = pd.DataFrame(records, columns=[*MATRIX_LEAD, *SEGMENT_COUNTS])
    return frame.astype({column: int for column in SEGMENT_COUNTS})


def _attribute_values(segments: pd.DataFrame, attribute: str, participants) -> dict[str, str]:
    if isinstance(participants, pd.DataFrame):
        if attribute not in participants.columns:
            allowed = [c for c in participants.columns if c not in ("participant", "tasks")]
            raise SnapshotError(
                f"Participants have no attribute {attribute!r}; they have: "
                f"{', '.join(allowed) or 'no attributes'}."
            )
        pairs = zip(participants["participant"], participants[attribute], strict=True)
        return {str(p): _value(v) for p, v in pairs}
    if attribute not in attribute_columns(segments):
        allowed = attribute_columns(segments)
        raise SnapshotError(
            f"Participants have no attribute {attribute!r}; they have: "
            f"{', '.join(allowed) or 'no attributes'}."
        )
    firsts = segments.groupby("participant")[attribute].first()
    return {str(p): _value(v) for p, v in firsts.items()}


def _value(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return "(missing)"
    return str(value)


def participants_by_attribute(participants: pd.DataFrame, attribute: str = "role") -> pd.DataFrame:
    """The thesis's Table 1: participants per attribute value, with a Total row.

    Columns ``<attribute>, N`` (an int); values sorted by N, largest first, then by name, and a
    last row ``Total``.
    """
    values = _attribute_values(pd.DataFrame(columns=["participant"]), attribute, participants)
    counts = pd.Series(list(values.values()), dtype=object).value_counts()
    frame = pd.DataFrame({attribute: counts.index, "N": counts.to_numpy(dtype=int)})
    frame = frame.sort_values(["N", attribute], ascending=[False, True], kind="stable")
    total = pd.DataFrame({attribute: ["Total"], "N": [int(frame["N"].sum())]})
    return pd.concat([frame, total], ignore_index=True)


def counts_by_attribute(
    segments: pd.DataFrame,
    book: Codebook,
    attribute: str = "role",
    participants=None,
    *,
    rollup: bool = False,
    include_unsure: bool | None = None,
) -> pd.DataFrame:
    """Participants endorsing each code, per value of a participant attribute.

    Parameters
    ----------
    segments, book, rollup, include_unsure
        As for :func:`theme_participant_matrix`.
    attribute : str
        A participant attribute (a column of ``participants.csv``), e.g. ``role``.
    participants : DataFrame, optional
        :func:`~ls_thematic.scripts.snapshot.participants` of the snapshot, so that groups whose
        members endorsed nothing still get a column. Default: the participants in ``segments``.

    Returns
    -------
    DataFrame
        ``code, level, depth, codable``, one column per attribute value (participants of that
        group endorsing the code, an int) and ``N`` (all groups). The group sizes are in
        :func:`participants_by_attribute`.
    """
    values = _attribute_values(segments, attribute, participants)
    matrix = theme_participant_matrix(
        segments, book, list(values) if participants is not None else None,
        rollup=rollup, include_unsure=include_unsure,
    )
    groups = sorted(set(values.values()), key=natural_key)
    out = matrix[MATRIX_LEAD].copy()
    pids = matrix_participants(matrix)
    for group in groups:
        members = [p for p in pids if values.get(p) == group]
        out[group] = (matrix[members] == MARK).sum(axis=1).astype(int) if members else 0
    out["N"] = matrix["N"]
    out.attrs["attribute"] = attribute
    return out


def cooccurrence(segments: pd.DataFrame, book: Codebook, unit: str = "segment") -> pd.DataFrame:
    """How often two codes occur together.

    Parameters
    ----------
    unit : {"segment", "participant"}
        ``"segment"``: the number of pairs of overlapping coded spans (same transcript, same
        coder, at least one character in common, including one span with both codes) coded
        with the two codes; the diagonal is the number of spans coded with the code.
        ``"participant"``: the number of participants who endorse both codes; the diagonal is
        the code's N.

    Returns
    -------
    DataFrame
        A symmetric code x code table of ints, codes in codebook order (the codes used only),
        the index named ``code``.
    """
    if unit not in ("segment", "participant"):
        raise SnapshotError(f"unit={unit!r} is not allowed; use 'segment' or 'participant'.")
    check_codes(segments, book)
    codes = [name for name in book.names if name in set(segments["code"])]
    index = {code: i for i, code in enumerate(codes)}
    counts = np.zeros((len(codes), len(codes)), dtype=int)
    if unit == "participant":
        sets = {c: set(g.astype(str)) for c, g in segments.groupby("code")["participant"]}
        for a in codes:
            for b in codes:
                counts[index[a], index[b]] = len(sets[a] & sets[b])
    else:
        spans = segments.drop_duplicates(["task_id", "coder", "region_id", "code"])
        for code, n in spans.groupby("code").size().items():
            counts[index[code], index[code]] = n
        for _, group in spans.groupby(["task_id", "coder"], sort=False):
            group = group.sort_values(["start", "end"])
            starts = group["start"].to_numpy()
            ends = group["end"].to_numpy()
            labels = group["code"].to_numpy()
            for i in range(len(group)):
                j = i + 1
                while j < len(group) and starts[j] < ends[i]:
                    if labels[i] != labels[j] and max(starts[i], starts[j]) < min(ends[i], ends[j]):
                        a, b = index[labels[i]], index[labels[j]]
                        counts[a, b] += 1
                        counts[b, a] += 1
                    j += 1
    frame = pd.DataFrame(counts, index=pd.Index(codes, name="code"), columns=codes)
    frame.attrs["unit"] = unit
    return frame


def saturation(segments: pd.DataFrame, order: Sequence | None = None) -> pd.DataFrame:
    """New codes per transcript, in the order the transcripts were coded.

    Parameters
    ----------
    segments : DataFrame
        From :func:`~ls_thematic.scripts.snapshot.segments`.
    order : sequence of task ids or participant ids, optional
        The coding order. By default transcripts are ordered by their first annotation's
        ``created_at`` (ties and missing times by participant id). Transcripts the order leaves
        out follow it, in the default order.

    Returns
    -------
    DataFrame
        One row per transcript: ``position`` (1-based), ``task_id``, ``participant``,
        ``first_coded_at``, ``codes`` (distinct codes in it), ``new_codes`` (codes not seen in an
        earlier transcript), ``cumulative_codes`` and ``new_code_names`` (``"; "``-joined, in
        order of first use in the transcript).
    """
    frame = segments.copy()
    frame["_when"] = pd.to_datetime(frame["annotation_created_at"], utc=True, errors="coerce",
                                    format="mixed")
    tasks = (
        frame.groupby("task_id", sort=False)
        .agg(participant=("participant", "first"), first_coded_at=("_when", "min"))
        .reset_index()
    )
    tasks["_key"] = tasks["participant"].map(natural_key)
    tasks = tasks.sort_values(["first_coded_at", "_key"], na_position="last", kind="stable")
    default = tasks["task_id"].tolist()
    if order is not None:
        by_participant: dict[str, list] = {}
        for tid, pid in zip(tasks["task_id"], tasks["participant"], strict=True):
            by_participant.setdefault(str(pid), []).append(tid)
        chosen: list = []
        for item in order:
            digits = str(item).isascii() and str(item).isdecimal()
            if item in default or (digits and int(item) in default):
                tid = item if item in default else int(item)
                matches = [tid]
            elif str(item) in by_participant:
                matches = by_participant[str(item)]
            else:
                raise SnapshotError(
                    f"The coding order names {item!r}, which is neither a coded task id nor a "
                    f"participant; the coded transcripts are: "
                    + ", ".join(
                        f"{t} ({p})"
                        for t, p in zip(tasks["task_id"], tasks["participant"], strict=True)
                    )
                    + "."
                )
            chosen += [m for m in matches if m not in chosen]
        default = chosen + [t for t in default if t not in chosen]
    tasks = tasks.set_index("task_id").loc[default].reset_index()
    seen: list[str] = []
    rows = []
    for position, row in enumerate(tasks.itertuples(index=False), start=1):
        these = frame[frame["task_id"] == row.task_id].sort_values(["start", "end"])["code"]
        distinct = list(dict.fromkeys(these))
        new = [c for c in distinct if c not in seen]
        seen += new
        rows.append({
            "position": position,
            "task_id": row.task_id,
            "participant": row.participant,
            "first_coded_at": None if pd.isna(row.first_coded_at) else row.first_coded_at.isoformat(),
            "codes": len(distinct),
            "new_codes": len(new),
            "cumulative_codes": len(seen),
            "new_code_names": "; ".join(new),
        })
    return pd.DataFrame(rows, columns=[
        "position", "task_id", "participant", "first_coded_at", "codes", "new_codes",
        "cumulative_codes", "new_code_names",
    ])


# --------------------------------------------------------------------------- one table, described
THEME_TABLES = ("matrix", "by-attribute", "participants", "cooccurrence", "saturation",
                "segments")


def _endorsing_unit(coders, rollup: bool) -> str:
    who = coders if isinstance(coders, str) else ", ".join(map(str, coders))
    return (
        f"participant: endorses a code when at least one segment of their transcript is coded "
        f"with it{' or with a code beneath it' if rollup else ''} (coders: {who})"
    )


def theme_table(snapshot, book: Codebook, table: str = "matrix", *, coders="reconciled",
                attribute: str = "role", unit: str = "segment", rollup: bool = False,
                order=None, origin: str = "all") -> tuple[pd.DataFrame, dict]:
    """One theme table of a snapshot and what it is.

    Parameters
    ----------
    snapshot : Snapshot
    book : Codebook
    table : {"matrix", "by-attribute", "participants", "cooccurrence", "saturation", "segments"}
        :func:`theme_participant_matrix`, :func:`counts_by_attribute`,
        :func:`participants_by_attribute`, :func:`cooccurrence`, :func:`saturation` or
        :func:`segment_counts`.
    coders, attribute, unit, rollup, order
        Passed on to the table's function (``coders`` to
        :func:`~ls_thematic.scripts.snapshot.segments`).
    origin : {"all", "manual", "accepted"}
        Which coded segments count (:func:`~ls_thematic.scripts.snapshot.segments`): all, the
        coders' own coding, or the suggestions they accepted unchanged.

    Returns
    -------
    (DataFrame, dict)
        The table, and ``{"table", "codebook", "coders", "origin", "project", "unit", ...}``
        describing it.
    """
    if table not in THEME_TABLES:
        raise ValueError(f"Unknown theme table {table!r}; use one of {', '.join(THEME_TABLES)}.")
    check_origin(origin)
    seg = snapshot_segments(snapshot, coders=coders, origin=origin)
    people = snapshot_participants(snapshot)
    about = {"table": table, "codebook": book.title, "coders": coders,
             "origin": origin,
             "project": snapshot.project.get("title")}
    if table == "matrix":
        frame = theme_participant_matrix(seg, book, people, rollup=rollup)
        about["unit"] = _endorsing_unit(coders, rollup)
    elif table == "by-attribute":
        frame = counts_by_attribute(seg, book, attribute, people, rollup=rollup)
        about.update(unit=_endorsing_unit(coders, rollup), attribute=attribute)
    elif table == "participants":
        frame = participants_by_attribute(people, attribute)
        about.update(unit="participant", attribute=attribute)
    elif table == "cooccurrence":
        frame = cooccurrence(seg, book, unit).reset_index()
        about["unit"] = (
            "segment: pairs of overlapping coded spans of one coder in one transcript (diagonal: "
            "spans with the code)" if unit == "segment"
            else "participant: participants endorsing both codes (diagonal: the code's N)"
        )
    elif table == "saturation":
        frame = saturation(seg, order=order)
        about["unit"] = "transcript, in coding order (first annotation's creation time)"
    else:
        frame = segment_counts(seg, book, rollup=rollup)
        about["unit"] = (
            "coded segment: segments with the code"
            + (" or a code beneath it" if rollup else " (headings: with any code beneath)")
            + "; accepted suggestions: those the coder kept unchanged from a suggestion"
        )
    if origin != "all" and table != "participants":
        about["unit"] += f"; counting {ORIGIN_LABELS[origin]}"
    return frame, about
