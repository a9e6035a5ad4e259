"""Checks of :class:`~ls_thematic.backend.suggester.CodeSuggester`'s inputs: items (texts with
their context), code lists, metadata, ids, sample weights, class names and prototypes. Each
raises ``ValueError`` (:class:`~ls_thematic.label_config.errors.InputError` for items) with a
message that names the argument and what is allowed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from ls_thematic.label_config.errors import InputError

_ITEM_HELP = (
    'each item must be a str or a mapping {"text": str, "speaker": str or None, '
    '"previous": [str, ...]} ("speaker" and "previous" may be left out)'
)
_ITEM_KEYS = frozenset({"text", "speaker", "previous"})


class Items(NamedTuple):
    """Checked items: their texts and, when any item was a mapping, their context."""

    texts: list[str]
    speakers: list[str | None]
    previous: list[tuple[str, ...]]
    has_context: bool  # True when at least one item was a mapping


def check_items(items, what: str) -> Items:
    """``items`` checked: each a str or a mapping with ``text``, ``speaker``, ``previous``."""
    if isinstance(items, str):
        raise InputError(f"{what} must be a list of texts; got a single string {items[:40]!r}.")
    if isinstance(items, Mapping):
        raise InputError(f"{what} must be a list of items; got a single mapping; {_ITEM_HELP}.")
    items = list(items)
    texts: list[str] = []
    speakers: list[str | None] = []
    previous: list[tuple[str, ...]] = []
    has_context = False
    for i, item in enumerate(items):
        if isinstance(item, str):
            texts.append(item)
            speakers.append(None)
            previous.append(())
            continue
        if not isinstance(item, Mapping):
            raise InputError(f"{what}[{i}] is a {type(item).__name__}; {_ITEM_HELP}.")
        has_context = True
        text, speaker, before = _check_mapping(item, f"{what}[{i}]")
        texts.append(text)
        speakers.append(speaker)
        previous.append(before)
    return Items(texts, speakers, previous, has_context)


def _check_mapping(item: Mapping, where: str) -> tuple[str, str | None, tuple[str, ...]]:
    unknown = sorted(map(str, set(item) - _ITEM_KEYS))
    if unknown:
        raise InputError(f"{where} has the unknown key {unknown[0]!r}; {_ITEM_HELP}.")
    text = item.get("text")
    if not isinstance(text, str):
        found = "no 'text'" if "text" not in item else f"a {type(text).__name__} as 'text'"
        raise InputError(f"{where} has {found}; {_ITEM_HELP}.")
    speaker = item.get("speaker")
    if speaker is not None and not isinstance(speaker, str):
        raise InputError(f"{where} has a {type(speaker).__name__} as 'speaker'; {_ITEM_HELP}.")
    before = item.get("previous")
    if before is None:
        before = ()
    if isinstance(before, str) or not isinstance(before, Sequence):
        raise InputError(
            f"{where} has {type(before).__name__} {str(before)[:40]!r} as 'previous'; {_ITEM_HELP}."
        )
    for k, unit in enumerate(before):
        if not isinstance(unit, str):
            raise InputError(f"{where}['previous'][{k}] is a {type(unit).__name__}; {_ITEM_HELP}.")
    return text, speaker, tuple(before)


def check_texts(texts, what: str) -> list[str]:
    if isinstance(texts, str):
        raise ValueError(f"{what} must be a list of texts; got a single string {texts[:40]!r}.")
    texts = list(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise ValueError(f"{what}[{i}] is a {type(text).__name__}; every text must be a str.")
    return texts


def check_training_data(texts, codes, meta, ids, method: str, first_id: int = 0):
    """Items (see :func:`check_items`), code lists, metadata and ids, checked and aligned."""
    items = check_items(texts, "texts")
    texts = items.texts
    if isinstance(codes, str):
        raise ValueError(f"codes must be a list of lists of code names; got the string {codes!r}.")
    codes = list(codes)
    if len(codes) != len(texts):
        raise ValueError(
            f"{method} got {len(texts)} texts but {len(codes)} code lists; they must align."
        )
    clean = []
    for i, names in enumerate(codes):
        if isinstance(names, str) or not isinstance(names, Sequence | set | frozenset):
            raise ValueError(
                f"codes[{i}] is {names!r}; each entry must be a list of code names "
                "(an empty list for an uncoded segment)."
            )
        for name in names:
            if not isinstance(name, str) or not name:
                raise ValueError(f"codes[{i}] contains {name!r}; code names are non-empty strings.")
        clean.append(list(dict.fromkeys(names)))
    if meta is None:
        meta = [None] * len(texts)  # no 10,000 empty dicts on every refit
    else:
        meta = list(meta)
        if len(meta) != len(texts):
            raise ValueError(f"{method} got {len(texts)} texts but {len(meta)} meta entries.")
        for i, entry in enumerate(meta):
            if not isinstance(entry, Mapping):
                raise ValueError(
                    f"meta[{i}] is a {type(entry).__name__}; each entry must be a dict."
                )
        meta = [dict(entry) for entry in meta]
    if ids is None:
        ids = list(range(first_id, first_id + len(texts)))
    else:
        ids = list(ids)
        if len(ids) != len(texts):
            raise ValueError(f"{method} got {len(texts)} texts but {len(ids)} ids.")
        if len(set(ids)) != len(ids):
            seen, dup = set(), None
            for seg_id in ids:
                if seg_id in seen:
                    dup = seg_id
                    break
                seen.add(seg_id)
            raise ValueError(f"Segment id {dup!r} occurs twice in the ids given to {method}.")
    return items, clean, meta, ids


def check_sample_weight(sample_weight, n: int, what: str) -> np.ndarray:
    """``sample_weight`` checked: finite numbers >= 0, one per text; ones when ``None``."""
    if sample_weight is None:
        return np.ones(n)
    if isinstance(sample_weight, (str, bytes)) or np.ndim(sample_weight) != 1:
        raise ValueError(
            f"{what} must be a list of numbers, one per text; got {sample_weight!r:.60}."
        )
    try:
        weights = np.array(sample_weight, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"{what} must be a list of numbers, one per text; got {sample_weight!r:.60}."
        ) from None
    if len(weights) != n:
        raise ValueError(f"{what} has {len(weights)} weights for {n} texts; give one per text.")
    bad = np.flatnonzero(~np.isfinite(weights) | (weights < 0))
    if len(bad):
        raise ValueError(
            f"{what}[{bad[0]}] is {float(weights[bad[0]])!r}; every weight must be a finite number >= 0."
        )
    return weights


def check_known_codes(codes: list[list[str]], allowed: set[str], what: str) -> None:
    for i, names in enumerate(codes):
        for name in names:
            if name not in allowed:
                where = f" in {what}[{i}]" if what == "codes" else f" in {what}"
                raise ValueError(
                    f"Unknown code {name!r}{where}; fit's classes are: {', '.join(sorted(allowed))}."
                )


def class_names(
    codes: list[list[str]], prototypes: Mapping[str, list[str]], classes: Sequence[str] | None
) -> set[str]:
    """The codes of ``codes`` and ``prototypes``, and ``classes`` (which must hold them all)."""
    names = set().union(*map(set, codes)) if codes else set()
    names |= set(prototypes)
    if classes is None:
        return names
    if isinstance(classes, str) or not isinstance(classes, Sequence | set | frozenset):
        raise ValueError(f"classes must be a list of code names; got {classes!r}.")
    for name in classes:
        if not isinstance(name, str) or not name:
            raise ValueError(f"classes contains {name!r}; code names are non-empty strings.")
    allowed = set(classes)
    check_known_codes(codes, allowed, "codes")
    check_known_codes([list(prototypes)], allowed, "prototypes")
    return names | allowed


def check_prototypes(prototypes: Mapping[str, Sequence[str]] | None) -> dict[str, list[str]]:
    """Prototype texts per code, checked; codes without any text are left out."""
    out: dict[str, list[str]] = {}
    if prototypes is None:
        return out
    if not isinstance(prototypes, Mapping):
        raise ValueError(
            f"prototypes must be a dict of code name to a list of texts; got "
            f"{type(prototypes).__name__}."
        )
    for name, examples in prototypes.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"prototypes has the key {name!r}; keys must be code names.")
        if isinstance(examples, str):
            raise ValueError(f"prototypes[{name!r}] is a single string; give a list of texts.")
        out.setdefault(name, []).extend(check_texts(examples, f"prototypes[{name!r}]"))
    return {name: texts for name, texts in out.items() if texts}
