"""Krippendorff's alphas for unitizing: agreement on where the coded segments are and on their codes.

Coders of a transcript choose the spans as well as the codes. Krippendorff, Mathet, Bouvry &
Widlöcher (2016, "On the reliability of unitizing textual continua: Further developments",
Quality & Quantity 50) define a family of coefficients for that, all computed from the lengths of
the intersections between the segments of every two coders (Krippendorff 2019, section 12.6):

- ``u_alpha`` (_uα): segments and codes together; the gaps between a coder's segments count as
  one more value;
- ``binary_u_alpha`` (|uα): where the segments are, codes ignored (coded matter against gaps);
- ``cu_alpha`` (_cuα): the codes where the coders' segments intersect, over all codes;
- ``per_code`` ((k)uα): the same for each code, with the share of its coded length that meets
  another coder's coded segment (``coverage``).

Each coder's segments on a continuum must not overlap (the definition partitions the continuum
into segments and gaps); for codes that overlap, compute the coefficients of each code on its own
by passing only that code's spans. Several continua (transcripts) are pooled by adding their
coincidences, which is the same as laying them end to end. Only the nominal metric is used:
codes have no order. Nothing here rounds or prints.

For three or more coders the papers' expected coincidences of _cuα subtract, for each segment,
the squared length it shares with each other coder, divided by ``m - 1``; with two coders every
reading of the definition agrees.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from itertools import combinations
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from .errors import AgreementError

__all__ = ["unitizing_alphas"]

Span = tuple[int, int, Hashable]
"""``(start, end, code)``: offsets in the continuum, ``start`` inclusive, ``end`` exclusive."""

Continuum = tuple[int, Mapping[Hashable, Sequence[Span]]]
"""``(length, {coder: [span, ...]})``: every coder of the continuum, even one with no span."""

_GAP = 0  # value index of the gaps; the codes are 1..V


def _is_whole(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number)):
        return False
    return bool(np.isfinite(value)) and float(value).is_integer()


def _offsets(values: list, what: str, where: str) -> np.ndarray:
    """The offsets as int64; whole-valued floats (``12.0`` from JSON) are accepted."""
    array = np.asarray(values) if values else np.zeros(0, dtype=np.int64)
    whole = array.dtype.kind in "iu" or (
        array.dtype.kind == "f" and np.isfinite(array).all() and (array == np.round(array)).all()
    )
    if not whole:
        bad = next(v for v in values if not _is_whole(v))
        raise AgreementError(
            f"Span {what} offsets must be whole numbers (character positions); found {bad!r} "
            f"{where}."
        )
    return array.astype(np.int64, copy=False)


def _check_length(name: Hashable, length: Any) -> int:
    if isinstance(length, bool) or not isinstance(length, (int, np.integer)) or length < 1:
        raise AgreementError(
            f"Continuum {name!r} must have a positive whole-number length (its number of "
            f"characters); found {length!r}."
        )
    return int(length)


def _span_columns(spans: Sequence[Span], where: str) -> tuple[list, list, np.ndarray]:
    """Starts, ends and codes of ``(start, end, code)`` spans, as two lists and an array."""
    try:
        table = np.array(spans, dtype=object)
    except ValueError:  # triples and pairs mixed: numpy cannot make a table of them
        table = np.empty(0, dtype=object)
    if table.ndim != 2 or table.shape[1] != 3:
        spans = list(spans)
        bad = next((s for s in spans if not isinstance(s, (tuple, list)) or len(s) != 3), None)
        if bad is not None:
            raise AgreementError(
                f"Every span {where} must be a (start, end, code) triple; found {bad!r}."
            )
        table = np.empty((len(spans), 3), dtype=object)
        table[:] = [tuple(s) for s in spans] if spans else table
    return table[:, 0].tolist(), table[:, 1].tolist(), table[:, 2]


def _code_values(labels: np.ndarray, codes: dict, where: str) -> np.ndarray:
    """Value index of each span's code; new codes are added to ``codes`` (index 1, 2, ...)."""
    try:
        local, uniques = pd.factorize(labels)
    except TypeError:
        raise AgreementError(
            f"Span codes {where} must be labels such as strings; found an unhashable one."
        ) from None
    if (local < 0).any():
        raise AgreementError(
            f"Every span {where} needs a code; found {labels[local < 0][0]!r} as a span's code."
        )
    index = np.array([codes.setdefault(code, len(codes) + 1) for code in uniques], dtype=np.int64)
    return index[local] if local.size else np.zeros(0, dtype=np.int64)


def _coder_partition(
    spans: Sequence[Span], length: int, codes: dict, where: str
) -> tuple[np.ndarray, np.ndarray]:
    """Return one coder's partition of ``[0, length)`` as piece edges and piece values.

    Returns
    -------
    edges : ndarray of int64, shape (n_pieces + 1,)
        Sorted piece boundaries, from 0 to ``length``; no piece is empty.
    values : ndarray of int64, shape (n_pieces,)
        The value index of each piece: 0 for a gap, ``codes[code]`` for a coded segment.
    """
    starts, ends, labels = _span_columns(spans, where)
    start = _offsets(starts, "start", where)
    end = _offsets(ends, "end", where)
    outside = (start < 0) | (end > length) | (start >= end)
    if outside.any():
        i = int(np.flatnonzero(outside)[0])
        raise AgreementError(
            f"Span ({start[i]}, {end[i]}, {labels[i]!r}) {where} is empty or outside the "
            f"continuum; spans need 0 <= start < end <= {length} (the continuum's length)."
        )
    value = _code_values(labels, codes, where)
    order = np.lexsort((end, start))
    start, end, value = start[order], end[order], value[order]
    clash = np.flatnonzero(start[1:] < end[:-1])
    if clash.size:
        a, b = order[clash[0]], order[clash[0] + 1]
        raise AgreementError(
            f"Spans ({starts[a]}, {ends[a]}, {labels[a]!r}) and ({starts[b]}, {ends[b]}, "
            f"{labels[b]!r}) {where} overlap; unitizing alpha needs each coder's segments to be "
            "disjoint (touching is allowed). Merge them, or compute each code on its own."
        )
    edges = np.empty(2 * start.size + 2, dtype=np.int64)
    edges[0], edges[-1] = 0, length
    edges[1:-1:2], edges[2:-1:2] = start, end
    values = np.zeros(2 * start.size + 1, dtype=np.int64)
    values[1::2] = value
    keep = np.diff(edges) > 0
    return np.append(edges[:-1][keep], length), values[keep]


def _pair_terms(
    first: tuple[np.ndarray, np.ndarray], second: tuple[np.ndarray, np.ndarray], n_values: int
) -> tuple[np.ndarray, np.ndarray]:
    """Intersections of two coders' partitions.

    Returns
    -------
    coincidences : ndarray, shape (n_values, n_values)
        Length of the intersections of a piece of value c (first coder) with one of value k
        (second coder), both directions added (the matrix is symmetric).
    shared_squares : ndarray, shape (n_values,)
        For each value c, the sum over coded pieces of either coder of the squared length the
        piece shares with the other coder's coded pieces (the _cuα self-pairing term).
    """
    edges = np.union1d(first[0], second[0])
    lengths = np.diff(edges).astype(float)
    piece_a = np.searchsorted(first[0], edges[:-1], side="right") - 1
    piece_b = np.searchsorted(second[0], edges[:-1], side="right") - 1
    value_a, value_b = first[1][piece_a], second[1][piece_b]
    flat = np.bincount(value_a * n_values + value_b, lengths, n_values * n_values)
    coincidences = flat.reshape(n_values, n_values)
    both_coded = (value_a != _GAP) & (value_b != _GAP)
    shared_squares = np.zeros(n_values)
    for piece, values in ((piece_a, first[1]), (piece_b, second[1])):
        shared = np.bincount(piece[both_coded], lengths[both_coded], values.size)
        shared_squares += np.bincount(values, shared**2, n_values)
    return coincidences + coincidences.T, shared_squares


def _partitions(name: Hashable, continuum: Any, codes: dict) -> list:
    """Check one continuum and return each coder's partition (see :func:`_coder_partition`)."""
    try:
        length, by_coder = continuum
    except (TypeError, ValueError):
        raise AgreementError(
            f"Continuum {name!r} must be a (length, {{coder: spans}}) pair; found {continuum!r}."
        ) from None
    length = _check_length(name, length)
    if not isinstance(by_coder, Mapping) or len(by_coder) < 2:
        found = len(by_coder) if isinstance(by_coder, Mapping) else type(by_coder).__name__
        raise AgreementError(
            f"Continuum {name!r} needs the spans of at least 2 coders, as a mapping coder -> "
            f"spans (a coder with no span has an empty list); found {found}."
        )
    return [
        _coder_partition(spans, length, codes, f"of coder {coder!r} in continuum {name!r}")
        for coder, spans in by_coder.items()
    ]


def _continuum_terms(partitions: list, n_values: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Observed coincidences and the self-pairing terms of uα and cuα of one continuum."""
    own_squares = np.zeros(n_values)
    for edges, values in partitions:
        piece = np.diff(edges).astype(float)
        own_squares += np.bincount(values, np.where(values == _GAP, piece, piece**2), n_values)
    observed = np.zeros((n_values, n_values))
    shared_squares = np.zeros(n_values)
    for first, second in combinations(partitions, 2):
        pair_observed, pair_shared = _pair_terms(first, second, n_values)
        observed += pair_observed
        shared_squares += pair_shared
    m = len(partitions)
    return observed / (m - 1), own_squares, shared_squares / (m - 1)


def _alpha(observed: np.ndarray, expected: np.ndarray) -> float | None:
    """Nominal alpha ``1 - D_o / D_e`` from coincidences; None when ``D_e`` is 0 (undefined)."""
    disagreement = observed.sum() - np.trace(observed)
    chance = expected.sum() - np.trace(expected)
    return None if chance <= 0 else float(1.0 - disagreement / chance)


def _expected(observed: np.ndarray, squares: np.ndarray) -> np.ndarray:
    """Expected coincidences without a segment pairing with itself (2016, eqs. 4 and 10)."""
    total = observed.sum()
    margins = observed.sum(axis=1)
    if total <= 0:
        return np.zeros_like(observed)
    return (np.outer(margins, margins) - np.diag(squares)) / (total - squares.sum() / total)


def _per_code(
    observed: np.ndarray, expected: np.ndarray, coded_margins: np.ndarray, names: list
) -> dict:
    """(k)uα for every code (2016, eq. 13b), its pairable length and coverage."""
    pairable = observed.sum(axis=1)
    expected_margin = expected.sum(axis=1)
    result = {}
    for k, name in enumerate(names):
        chance = expected_margin[k] - expected[k, k]
        alpha = None
        if pairable[k] > 0 and chance > 0:
            disagreement = pairable[k] - observed[k, k]
            alpha = float(1.0 - expected_margin[k] / pairable[k] * disagreement / chance)
        result[name] = {
            "alpha": alpha,
            "pairable": float(pairable[k]),
            "coverage": float(pairable[k] / coded_margins[k]) if coded_margins[k] > 0 else None,
        }
    return result


def _pooled_terms(
    continua: Mapping[Hashable, Continuum],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
    """Coincidences and self-pairing terms summed over continua, and the codes in order."""
    codes: dict = {}
    parsed = [_partitions(name, continuum, codes) for name, continuum in continua.items()]
    n_values = len(codes) + 1
    observed = np.zeros((n_values, n_values))
    own_squares = np.zeros(n_values)
    shared_squares = np.zeros(n_values)
    for partitions in parsed:
        terms = _continuum_terms(partitions, n_values)
        observed += terms[0]
        own_squares += terms[1]
        shared_squares += terms[2]
    return observed, own_squares, shared_squares, list(codes)


def unitizing_alphas(continua: Mapping[Hashable, Continuum]) -> dict[str, Any]:
    """Krippendorff's unitizing alphas (uα, |uα, cuα and (k)uα), pooled over continua.

    Parameters
    ----------
    continua : mapping of name -> (length, {coder: [(start, end, code), ...]})
        One entry per continuum (transcript) of ``length`` characters. Every coder of a
        continuum appears, with an empty list if they coded nothing; at least 2 coders per
        continuum. Offsets are whole numbers with ``0 <= start < end <= length`` (end
        exclusive); one coder's spans on a continuum must not overlap. Codes are any hashable
        labels (nominal).

    Returns
    -------
    dict
        ``u_alpha``, ``binary_u_alpha``, ``cu_alpha``: floats, or None where undefined (no
        variation to disagree on). ``per_code``: ``{code: {"alpha", "pairable", "coverage"}}``.
        ``pairable_u``: the pairable length of uα and |uα (the sum over continua of
        ``n_coders * length``); ``pairable_cu``: that of cuα (lengths where coded segments of
        two coders meet, pairs weighted by ``1 / (n_coders - 1)``). ``n_continua``, ``codes``
        (in order of first appearance).

    Raises
    ------
    AgreementError
        No continuum, a continuum with fewer than 2 coders, a non-positive length, a span that
        is empty or outside its continuum, non-integer offsets, or overlapping spans of a coder.
    """
    if not isinstance(continua, Mapping) or not continua:
        raise AgreementError(
            "unitizing_alphas needs at least one continuum, as a mapping name -> (length, "
            f"{{coder: spans}}); found {continua!r}."
        )
    observed, own_squares, shared_squares, codes = _pooled_terms(continua)
    expected = _expected(observed, own_squares)
    gap_row = observed[_GAP].sum() - observed[_GAP, _GAP]
    gap_chance = expected[_GAP].sum() - expected[_GAP, _GAP]
    coded_obs, coded_exp = observed[1:, 1:], _expected(observed[1:, 1:], shared_squares[1:])
    return {
        "u_alpha": _alpha(observed, expected),
        "binary_u_alpha": None if gap_chance <= 0 else float(1.0 - gap_row / gap_chance),
        "cu_alpha": _alpha(coded_obs, coded_exp),
        "per_code": _per_code(coded_obs, coded_exp, observed[1:].sum(axis=1), codes),
        "pairable_u": float(observed.sum()),
        "pairable_cu": float(coded_obs.sum()),
        "n_continua": len(continua),
        "codes": codes,
    }
