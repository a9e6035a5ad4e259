"""Mathet's γ per transcript, through pygamma-agreement (an optional extra).

γ (Mathet, Widlöcher & Métivier 2015, "The unified and holistic method gamma (γ) for
inter-annotator agreement measure and alignment", Computational Linguistics 41) aligns the units
of the coders of one continuum at the least disorder (position and code) and compares that
disorder with the disorder of random continua of the same make-up: 1 is perfect agreement, 0 is
chance. Its reference implementation, pygamma-agreement, pulls cvxpy, cvxopt, numba and the
pyannote packages (about 800 MB), so it is the extra ``pip install 'ls-thematic[gamma]'``; it is
imported only when γ is computed, and without it :func:`gamma_per_continuum` returns a note.

γ is computed per continuum (transcript). The first γ of a process takes about 10 s more (numba
compiles pygamma's functions); after that, on 2 cores (benchmarks/bench_unitizing.py,
docs/benchmarks.md): 0.3-0.4 s for a transcript of 20-100 spans of 2 coders, 2 s for 500, 4 s for
230 spans of 3 coders whose codes overlap, 6 s for 500 spans crowded on 5,000 characters. The
alignment's time grows faster than the number of spans, hence a warning above
:data:`MANY_SPANS`. The expected disorder is estimated from random continua (``n_samples``), so
γ varies a little between runs; ``seed`` fixes it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Hashable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import numpy as np

__all__ = ["GAMMA_EXTRA", "MANY_SPANS", "gamma_per_continuum"]

#: How to get γ, said when pygamma-agreement is missing.
GAMMA_EXTRA = "γ needs the optional extra: pip install 'ls-thematic[gamma]'"
#: Above this many spans in one transcript, γ warns that it takes long.
MANY_SPANS = 500


def _import_gamma():
    """``(Continuum, CombinedCategoricalDissimilarity, Segment)``, or None when not installed."""
    try:
        from pyannote.core import Segment
        from pygamma_agreement import CombinedCategoricalDissimilarity, Continuum
    except ImportError:
        return None
    return Continuum, CombinedCategoricalDissimilarity, Segment


class _NotFrom(logging.Filter):
    """Drops the log records of the modules under ``folder``."""

    def __init__(self, folder: str) -> None:
        super().__init__()
        self.folder = folder

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.pathname.startswith(self.folder)


@contextmanager
def _quiet() -> Iterator[None]:
    """pygamma-agreement's and its solver's chatter silenced while γ is computed.

    pygamma-agreement logs through the root logger ("CBC solver not installed. Using GLPK.",
    once per alignment, on standard error; the first such call would also give the root logger
    a handler for the rest of the process): its records are dropped, and a root logger without
    handlers gets a :class:`logging.NullHandler` meanwhile. GLPK writes its progress from C to
    standard output, which would break ``--format json``: cvxpy turns it off per solve but
    restores the options it found, and the solves run in threads, so one thread's restore can
    turn it back on for another's solve; it is turned off for the whole call instead. Both
    are put back as they were afterwards.
    """
    import pygamma_agreement

    root = logging.getLogger()
    muted = _NotFrom(os.path.dirname(pygamma_agreement.__file__))
    placeholder = logging.NullHandler() if not root.handlers else None
    try:
        from cvxopt import glpk

        options = glpk.options
    except ImportError:  # no GLPK: nothing of it to silence
        options = {}
    before = dict(options)
    root.addFilter(muted)
    if placeholder is not None:
        root.addHandler(placeholder)
    options["msg_lev"] = "GLP_MSG_OFF"
    try:
        yield
    finally:
        options.clear()
        options.update(before)
        root.removeFilter(muted)
        if placeholder is not None:
            root.removeHandler(placeholder)


def _continuum(classes: tuple, by_coder: Mapping[Hashable, list]) -> Any:
    """A pygamma continuum: one unit per (span, code), every coder added (also one with none)."""
    continuum_class, _, segment_class = classes
    continuum = continuum_class()
    for coder, spans in by_coder.items():
        continuum.add_annotator(str(coder))
        for start, end, code in spans:
            continuum.add(str(coder), segment_class(float(start), float(end)), str(code))
    return continuum


def gamma_per_continuum(
    continua: Mapping[Hashable, tuple[int, Mapping[Hashable, list]]],
    *,
    n_samples: int = 30,
    seed: int = 0,
    many_spans: int = MANY_SPANS,
) -> dict[str, Any]:
    """γ of each continuum, with pygamma-agreement's defaults (combined categorical dissimilarity).

    Parameters
    ----------
    continua : mapping of name -> (length, {coder: [(start, end, code), ...]})
        As for :func:`~.unitizing.unitizing_alphas`; spans may overlap (γ aligns units, it does
        not partition the text).
    n_samples : int
        Random continua drawn to estimate the expected disorder (pygamma's default, 30).
    seed : int
        Seed of numpy's global generator, which pygamma-agreement draws from.
    many_spans : int
        Warn for a continuum with more spans than this.

    Returns
    -------
    dict
        ``gamma``: None when pygamma-agreement is not installed, else ``{"per_task": [{"task_id",
        "gamma", "n_spans"}], "n_samples", "seed", "dissimilarity"}`` (``gamma`` None for a
        transcript where no coder coded anything); ``gamma_note``: how to install it, or None;
        ``gamma_warnings``: list of str.
    """
    classes = _import_gamma()
    if classes is None:
        return {"gamma": None, "gamma_note": GAMMA_EXTRA + ".", "gamma_warnings": []}
    dissimilarity = classes[1]()
    np.random.seed(seed)
    rows, warnings = [], []
    with _quiet():
        for name, (_, by_coder) in continua.items():
            rows.append(
                _one(classes, dissimilarity, name, by_coder, n_samples, many_spans, warnings)
            )
    return {
        "gamma": {
            "per_task": rows,
            "n_samples": n_samples,
            "seed": seed,
            "dissimilarity": "combined categorical (pygamma-agreement's default: alpha 1, beta 1)",
        },
        "gamma_note": None,
        "gamma_warnings": warnings,
    }


def _one(
    classes: tuple,
    dissimilarity,
    name,
    by_coder: Mapping,
    n_samples: int,
    many_spans: int,
    warnings: list,
) -> dict:
    """γ of one continuum as a row of ``per_task``; a warning appended when it has many spans."""
    n_spans = sum(len(spans) for spans in by_coder.values())
    if n_spans > many_spans:
        warnings.append(
            f"Task {name} has {n_spans} spans; γ's time grows faster than the number of spans "
            "(on 2 cores: 500 spans of 2 coders take 2-6 s, more coders or more spans longer)."
        )
    value = None
    if n_spans:
        result = _continuum(classes, by_coder).compute_gamma(dissimilarity, n_samples=n_samples)
        value = float(result.gamma)
    return {"task_id": name, "gamma": value, "n_spans": n_spans}
