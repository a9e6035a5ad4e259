"""Code presence per document (MAXQDA): per task and code, did the coder use the code."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..export import Export, read_export
from .base import UNCODED, Units, build_items, make_units


def presence_from(export: Export) -> Units:
    n_tasks, n_coders, n_codes = len(export.texts), len(export.coders), len(export.codes)
    applied = np.zeros((n_tasks, n_codes, n_coders), dtype=bool)
    applied[export.task, export.code, export.coder] = True
    task, code = np.meshgrid(np.arange(n_tasks), np.arange(n_codes), indexing="ij")
    lengths = np.array([len(t) for t in export.texts], dtype=np.int64)
    items = build_items(
        export,
        task.ravel(),
        np.zeros(task.size, dtype=np.int64),
        lengths[task.ravel()],
        code.ravel(),
        applied.reshape(-1, n_coders),
        task.ravel(),
        np.ones(task.size),
        np.zeros((n_tasks, n_codes)),
    )
    unit = (
        "document: each task (document) and code is one unit; a coder applied the code when "
        f"they coded it anywhere in the document (MAXQDA's code presence). {UNCODED}"
    )
    return make_units(export, "presence", unit, items, float(n_tasks))


def presence_units(
    tasks: Sequence[Mapping],
    coders: Sequence | None = None,
    *,
    codes: Sequence[str] | None = None,
    from_name: str | None = None,
    text_key: str = "text",
) -> Units:
    """Code presence per document (as MAXQDA): per task and code, did the coder use it.

    Parameters
    ----------
    tasks, coders, codes, from_name, text_key
        As in :func:`turn_units`.

    Returns
    -------
    Units
        One row per (task, code); see :class:`Units`.
    """
    return presence_from(read_export(tasks, coders, codes, from_name, text_key))
