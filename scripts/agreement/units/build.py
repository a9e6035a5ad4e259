"""Any unit scheme by name, with its options checked: what the reports build units with."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import AgreementError
from ..export import Export, read_export
from .base import OVERLAP_MEASURES, UNIT_SCHEMES, Units, check_fraction, check_min_overlap
from .fixed import bracketed_from, sentences_from, turns_from
from .presence import presence_from
from .spans import characters_from, overlap_from

#: Every unit option with its default (see :func:`units_from_export`).
UNIT_OPTIONS = {
    "min_overlap": 0.5,
    "split": None,
    "bracketing_coder": None,
    "threshold": 0.5,
    "overlap": "iou",
}


def build_units(export: Export, unit: str, options: Mapping[str, Any]) -> Units:
    """The units of scheme ``unit`` of a read export, with options checked by
    :func:`check_unit_options`."""
    if unit == "turns":
        return turns_from(export, options["min_overlap"])
    if unit == "sentences":
        return sentences_from(export, options["min_overlap"], options["split"])
    if unit == "bracketed":
        return bracketed_from(export, options["bracketing_coder"], options["min_overlap"])
    if unit == "overlap":
        return overlap_from(export, options["threshold"], options["overlap"])
    if unit == "characters":
        return characters_from(export)
    return presence_from(export)


def check_unit_options(unit: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """Every unit option (:data:`UNIT_OPTIONS` filled in), checked; raises on unknown ones."""
    if unit == "spans":
        raise AgreementError(
            "The unit 'spans' has no (unit, code) items: its coefficients are the unitizing "
            "alphas of compute_agreement(unit='spans'). For items, use one of "
            f"{', '.join(UNIT_SCHEMES)}."
        )
    if unit not in UNIT_SCHEMES:
        raise AgreementError(f"Unknown unit {unit!r}; use one of {', '.join(UNIT_SCHEMES)}.")
    unknown = sorted(set(options) - set(UNIT_OPTIONS))
    if unknown:
        raise AgreementError(
            f"Unknown option {unknown[0]!r}; the unit options are: {', '.join(UNIT_OPTIONS)}."
        )
    merged = {**UNIT_OPTIONS, **options}
    merged["min_overlap"] = check_min_overlap(merged["min_overlap"])
    merged["threshold"] = check_fraction(merged["threshold"], "threshold", allow_zero=False)
    if merged["overlap"] not in OVERLAP_MEASURES:
        raise AgreementError(
            f"Unknown overlap measure {merged['overlap']!r}; use 'iou' (intersection over "
            "union) or 'shorter' (intersection over the shorter span)."
        )
    return merged


def units_from_export(
    tasks: Sequence[Mapping],
    unit: str = "turns",
    coders: Sequence | None = None,
    *,
    codes: Sequence[str] | None = None,
    from_name: str | None = None,
    text_key: str = "text",
    **options: Any,
) -> Units:
    """Build :class:`Units` of any scheme.

    Parameters
    ----------
    tasks, coders, codes, from_name, text_key
        As in :func:`turn_units`.
    unit : {"turns", "sentences", "bracketed", "overlap", "characters", "presence"}
        The unit scheme.
    **options
        ``min_overlap`` (turns, sentences, bracketed), ``split`` (sentences),
        ``bracketing_coder`` (bracketed), ``threshold`` and ``overlap`` (overlap).

    Returns
    -------
    Units
    """
    options = check_unit_options(unit, options)
    return build_units(read_export(tasks, coders, codes, from_name, text_key), unit, options)
