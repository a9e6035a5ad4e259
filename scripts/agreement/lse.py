"""Label Studio Enterprise's per-task agreement, re-computed to compare with its ``agreement`` field.

See :func:`label_studio_task_agreement` and docs/agreement.md for the rule and how it was checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

from ls_thematic.label_config import lsexport

from .errors import AgreementError

__all__ = ["label_studio_task_agreement"]


def _span_iou(first: Mapping, second: Mapping) -> float:
    start_1, end_1, start_2, end_2 = first["start"], first["end"], second["start"], second["end"]
    if start_2 > end_1 or start_1 > end_2:
        return 0.0
    union = max(end_1, end_2) - min(start_1, start_2)
    return 0.0 if union == 0 else (min(end_1, end_2) - max(start_1, start_2)) / union


def _lse_labels_score(reference: list[Mapping], other: list[Mapping]) -> float:
    """Mean over ``other``'s spans of the best IoU with a same-label span of ``reference``."""
    if bool(reference) != bool(other):
        return 0.0
    if not reference:
        return 1.0
    total = 0.0
    for span in other:
        total += max(
            _span_iou(r, span) if r.get("labels") == span.get("labels") else 0.0 for r in reference
        )
    return total / len(other)


def _lse_paths(values: list[Mapping], descendants: Mapping[tuple, set]) -> set:
    paths = {tuple(path) for value in values for path in value.get("taxonomy") or []}
    expanded = set(paths)
    for path in paths:
        expanded |= descendants.get(path, set())
    return expanded


def _lse_taxonomy_score(reference: set, other: set, either_empty: tuple[bool, bool]) -> float:
    if either_empty[0] != either_empty[1]:
        return 0.0
    if either_empty[0]:
        return 1.0
    return len(reference & other) / max(len(reference), len(other))


def _lse_pair_score(first: list[Mapping], second: list[Mapping], descendants: Mapping) -> float:
    """Score of two annotations' results: the mean over the controls either used."""
    if not first and not second:
        return 1.0
    controls = {r["from_name"]: r.get("type") for r in first + second if "from_name" in r}
    per_control = []
    for name, kind in controls.items():
        mine = [r["value"] for r in first if r.get("from_name") == name]
        theirs = [r["value"] for r in second if r.get("from_name") == name]
        if kind == "labels":
            per_control.append(
                min(_lse_labels_score(mine, theirs), _lse_labels_score(theirs, mine))
            )
        elif kind == "taxonomy":
            per_control.append(
                _lse_taxonomy_score(
                    _lse_paths(mine, descendants),
                    _lse_paths(theirs, descendants),
                    (not mine, not theirs),
                )
            )
    return sum(per_control) / len(per_control) if per_control else 0.0


def label_studio_task_agreement(
    task: Mapping, taxonomy_paths: Iterable[Sequence[str]] | None = None
) -> float:
    """Re-compute Label Studio Enterprise's per-task ``agreement`` (0-100) for text projects.

    The rule, inferred from LSE's open-source metric package (label-studio-evalme) and checked
    against the LEOKA exports (docs/agreement.md): the task score is the mean over all pairs
    of non-cancelled annotations (100 with a single annotation); a pair's score is the mean
    over the controls (``from_name``) either annotation used; per control the score is the
    smaller of the two directions.

    * ``labels``: for each span of one annotation, the best intersection-over-union with a
      span of the other that has the same labels (no threshold), averaged over its spans;
      0 when only one annotation has spans of the control, 1 when neither has.
    * ``taxonomy``: shared paths / the larger number of paths; a selected parent also stands
      for its descendants among ``taxonomy_paths``.

    Other result types (choices, text areas, ...) are ignored.

    Parameters
    ----------
    task : dict
        One task of a Label Studio JSON export.
    taxonomy_paths : iterable of sequence of str, optional
        Every path of the taxonomy (e.g. all paths used in the project), to expand parents.

    Returns
    -------
    float
        Agreement in [0, 100], like LSE's ``agreement`` field.
    """
    if not isinstance(task, Mapping):
        raise AgreementError(f"A task must be a JSON object; found {type(task).__name__}.")
    known = {tuple(p) for p in taxonomy_paths or []}
    descendants: dict[tuple, set] = {}
    for path in known:
        for depth in range(1, len(path)):
            descendants.setdefault(path[:depth], set()).add(path)
    annotations = lsexport.counted_annotations(task)
    if len(annotations) < 2:
        return 100.0 if annotations else 0.0
    # Label Studio Enterprise compares every result of every control, not only coded spans.
    results = [lsexport.results_of(a) for a in annotations]
    scores = [
        _lse_pair_score(first, second, descendants) for first, second in combinations(results, 2)
    ]
    return 100.0 * sum(scores) / len(scores)
