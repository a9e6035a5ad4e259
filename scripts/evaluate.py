"""How good are the code suggestions on a project so far: a learning curve on held-out transcripts.

:func:`learning_curve` takes a project's coded segments (a Label Studio JSON export, a snapshot
from :mod:`.snapshot`, or a live project pulled through it), holds out whole transcripts, fits
:class:`~ls_thematic.backend.suggester.CodeSuggester` on increasing numbers of the other
transcripts' segments, and measures its suggestions on the held-out segments with the measures
of the backend benchmark (``benchmarks/bench_quality.py``):

``micro_f1``
    F1 of the code sets :meth:`~CodeSuggester.predict` suggests, pooled over all codes: how
    often a suggested code is right and a right code is suggested.
``macro_f1``
    The same per code, then averaged over the *scored* codes present in the held-out segments,
    so that a rare code counts as much as a frequent one.
``top1`` / ``top3``
    Share of held-out segments with one of their codes first / among the three most probable
    codes of :meth:`~CodeSuggester.predict_proba` (what a researcher sees first in a list).
``kappa``
    Cohen's kappa between the top-ranked code and the coders' code, on the held-out segments
    with exactly one code (a segment with several codes has no single code to agree with):
    the top suggestion read as a second coder, to set beside the agreement between two people
    (``ls-thematic agreement``). ``kappa_segments`` in the runs counts those segments.
``top1_frequent`` / ``top3_frequent``
    The same for a baseline that always proposes the codes most frequent in the training
    segments: a ranking is useful only as far as it beats this.

Choices made so that the figure can be trusted:

* **Split by transcript.** Segments of one interview resemble each other (same speaker, same
  story), so held-out segments come from transcripts none of whose segments were learned from.
  Transcripts are grouped by participant (:func:`.snapshot.participant_of`; a task without one is
  its own group). Whole transcripts are held out, in a seeded random order, until they hold
  ``test_share`` of the segments.
* **Repeats.** Each repeat draws another split (seed ``(seed, repeat)``); the curve shows the
  mean and standard deviation over repeats. The training segments of a repeat are one seeded
  shuffle of the remaining transcripts' segments, and size n takes its first n, so the sizes are
  nested as a project grows.
* **Scored codes.** A code with fewer than ``min_segments`` coded segments, or coded in a single
  transcript (it can never be both learned and tested), is still learned, but left out of
  macro-F1 and listed with the reason in the ``codes`` table. Codes the codebook does not have
  are left out of learning too, as the backend does, and listed.
* **Like the backend.** A segment is a coded span (its text and the codes any coder gave it;
  identical spans of several coders are merged), and the suggester learns from the codebook's
  descriptions and examples when the export's labelling config (or ``codebook=``) has them.

Results are plain data (a dict of DataFrames); :mod:`.evaluate_format` turns them into JSON,
CSV, Markdown or readable tables, and :mod:`.evaluate_plot` into a figure.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import f1_score

from ls_thematic.backend.encoders import get_embedding_cache, get_encoder
from ls_thematic.backend.prototypes import codebook_fit_params
from ls_thematic.backend.segment import context_item, span_contexts
from ls_thematic.backend.suggester import CodeSuggester
from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.errors import ThematicError
from ls_thematic.label_config.lsexport import config_codebook, task_data

from .agreement.coefficients import cohen_kappa
from .snapshot import as_snapshot, coding_control, natural_key, segments

MEASURES = ("micro_f1", "macro_f1", "top1", "top3", "kappa")
MEASURE_LABELS = {
    "micro_f1": "micro-F1",
    "macro_f1": "macro-F1",
    "top1": "top-1 hit",
    "top3": "top-3 hit",
    "kappa": "κ top-1 vs coder",
}
#: The usual reading of kappa between two coders (Landis & Koch 1977): upper bound, words.
KAPPA_BANDS = (
    (0.0, "poor"),
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.0, "almost perfect"),
)
#: The same hits for a baseline that always proposes the codes most frequent in the training
#: segments: what a ranking must beat to be of any use.
BASELINES = ("top1_frequent", "top3_frequent")
#: A learning curve needs at least this many coded segments (training plus held out).
MIN_CODED_SEGMENTS = 20
#: Training sizes double from this one (25, 50, 100, ...) up to all training segments.
FIRST_SIZE = 25
DEFAULT_MIN_SEGMENTS = 5
#: A gain in macro-F1 per doubling of the training segments, over the curve's last step, at or
#: above this reads as "still rising"; below it, as "levelled off".
RISING_GAIN = 0.02

EVALUATED = "scored"


class EvaluationError(ThematicError):
    """The coded segments cannot give a learning curve (too few, one transcript, bad options)."""


# --------------------------------------------------------------------------- segments
def coded_segments(
    snapshot, coders="all", from_name: str | None = None, origin: str = "all"
) -> pd.DataFrame:
    """One row per coded span, with every code any (selected) coder gave that span.

    Parameters
    ----------
    snapshot : Snapshot, list of tasks, or saved snapshot dict
        A Label Studio JSON export or an ls-thematic snapshot (:func:`.snapshot.load_snapshot`).
    coders : "all", "reconciled" or list of str/int
        Whose annotations count (see :func:`.snapshot.segments`).
    from_name : str, optional
        The coding control; by default read from the labelling config or the spans.
    origin : {"all", "manual", "accepted"}
        Which spans count (see :func:`.snapshot.segments`): to judge the suggestions against
        the coders' own coding only, leave out the suggestions they accepted unchanged
        (``"manual"``); with ``"all"`` a kept suggestion counts as the coders' code.

    Returns
    -------
    pandas.DataFrame
        Columns ``task_id, participant, start, end, text, codes`` (``codes`` a tuple of code
        names, sorted), ``speaker`` and ``previous`` (the span's context, as the backend reads
        it: the role or speaker of its turn, ``None`` without turns, and the two sentences
        before it), one row per distinct ``(task_id, start, end)``, in task and text order.
        Spans whose text is only white space are left out.

    Raises
    ------
    SnapshotError
        No tasks, or no coded segments (an export nobody has coded yet).
    """
    snapshot = as_snapshot(snapshot)
    frame = segments(snapshot, coders=coders, from_name=from_name, origin=origin)
    frame = frame[frame["text"].str.strip() != ""]
    rows = []
    for (task_id, start, end), group in frame.groupby(["task_id", "start", "end"], sort=False):
        rows.append(
            {
                "task_id": task_id,
                "participant": str(group["participant"].iloc[0]),
                "start": int(start),
                "end": int(end),
                "text": group["text"].iloc[0],
                "codes": tuple(sorted(set(group["code"]))),
            }
        )
    out = pd.DataFrame(rows, columns=["task_id", "participant", "start", "end", "text", "codes"])
    out = out.sort_values(["task_id", "start", "end"], kind="stable").reset_index(drop=True)
    return _with_context(out, snapshot, from_name)


def _with_context(frame: pd.DataFrame, snapshot, from_name: str | None) -> pd.DataFrame:
    """``frame`` with the backend's context of each span (``speaker``, ``previous``), read from
    its task's text and turns by the one rule (:func:`~ls_thematic.backend.segment.span_contexts`),
    so that the curve measures the suggester as the backend runs it."""
    _, data_key = coding_control(snapshot, from_name)
    tasks = {task.get("id"): task_data(task) for task in snapshot}  # as segments() keys them
    speakers, previous = [None] * len(frame), [()] * len(frame)
    for task_id, rows in frame.groupby("task_id", sort=False).indices.items():
        data = tasks.get(task_id, {})
        spans = list(zip(frame["start"].iloc[rows], frame["end"].iloc[rows], strict=True))
        contexts = span_contexts(data.get(data_key), data.get("turns"), spans)
        for i, context in zip(rows, contexts, strict=True):
            speakers[i], previous[i] = context["speaker"], context["previous"]
    return frame.assign(speaker=speakers, previous=previous)


def _items(data: pd.DataFrame) -> list[str | dict]:
    """What the suggester learns from and scores, as the backend passes it
    (:meth:`~ls_thematic.backend.store.Segment.item`): the text alone without context."""
    return [
        context_item(text, speaker, previous) if speaker is not None or previous else text
        for text, speaker, previous in zip(
            data["text"], data["speaker"], data["previous"], strict=True
        )
    ]


def codebook_of(snapshot) -> Codebook | None:
    """The codebook a snapshot's labelling config was rendered from, or ``None`` when it has no
    config (a plain Label Studio export) or a config without codes on text
    (:func:`ls_thematic.label_config.lsexport.config_codebook`)."""
    return config_codebook(as_snapshot(snapshot).label_config)


def training_sizes(pool: int, sizes: Sequence[int] | None = None) -> list[int]:
    """The training sizes of the curve: ``sizes`` (default 25, 50, 100, ...) below ``pool``,
    then ``pool`` itself (all training segments).

    A default size within a factor 1.5 of ``pool`` is left out: it would add little beside
    "all" (1,600 next to 1,774).
    """
    if sizes is None:
        sizes, size = [], FIRST_SIZE
        while size * 1.5 <= pool:
            sizes.append(size)
            size *= 2
    bad = [s for s in sizes if not isinstance(s, (int, np.integer)) or s < 1]
    if bad:
        raise EvaluationError(
            f"Training sizes must be positive whole numbers of segments; got {bad[0]!r}."
        )
    return sorted({int(s) for s in sizes if s < pool} | {pool})


def split_by_transcript(
    groups: Sequence[str], test_share: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Held-out rows and the shuffled training rows, holding out whole groups (transcripts).

    Groups are taken in a random order until the held-out rows reach ``test_share`` of all rows;
    at least one group is held out and at least one is kept for training.

    Returns
    -------
    test, train : ndarray of int
        Row indices; ``test`` sorted, ``train`` in a random order (fit on its first n rows).
    """
    groups = np.asarray(groups, dtype=object)
    names = sorted(set(groups), key=natural_key)
    order = rng.permutation(len(names))
    target = test_share * len(groups)
    held: set = set()
    count = 0
    for i in order[:-1]:
        if held and count >= target:
            break
        held.add(names[i])
        count += int((groups == names[i]).sum())
    is_test = np.array([g in held for g in groups])
    test = np.flatnonzero(is_test)
    train = rng.permutation(np.flatnonzero(~is_test))
    return test, train


def code_table(data: pd.DataFrame, codebook: Codebook | None, min_segments: int) -> pd.DataFrame:
    """Per code: coded segments, transcripts, whether it is learned and scored, and why not.

    Columns ``code, segments, transcripts, learned, scored, status``; sorted by decreasing
    number of segments. ``status`` is ``"scored"`` or the reason it is not: too few segments
    or one transcript only (still learned), or not in the codebook (not learned either).
    """
    allowed = None if codebook is None else set(codebook.codable_names)
    rows = []
    exploded = data[["participant", "codes"]].explode("codes")
    for code, group in exploded.groupby("codes", sort=False):
        n, transcripts = len(group), group["participant"].nunique()
        learned = allowed is None or code in allowed
        if not learned:
            status = "not in the codebook (not learned)"
        elif n < min_segments:
            status = f"too few segments ({n} < {min_segments})"
        elif transcripts < 2:
            status = "coded in one transcript only"
        else:
            status = EVALUATED
        rows.append(
            {
                "code": code,
                "segments": n,
                "transcripts": transcripts,
                "learned": learned,
                "scored": status == EVALUATED,
                "status": status,
            }
        )
    frame = pd.DataFrame(
        rows, columns=["code", "segments", "transcripts", "learned", "scored", "status"]
    )
    frame["_key"] = frame["code"].map(natural_key)
    frame = frame.sort_values(["segments", "_key"], ascending=[False, True], kind="stable")
    return frame.drop(columns="_key").reset_index(drop=True)


# --------------------------------------------------------------------------- measures
def measures(
    truth: np.ndarray, predicted: np.ndarray, proba: np.ndarray, scored: np.ndarray
) -> dict[str, float]:
    """Micro/macro-F1 of 0/1 ``predicted``, top-1/top-3 hit of ``proba`` and kappa of its top.

    Parameters
    ----------
    truth, predicted : ndarray of 0/1, shape (n_segments, n_codes)
    proba : ndarray of float, shape (n_segments, n_codes)
    scored : ndarray of bool, shape (n_codes,)
        Codes that may enter macro-F1; it averages those present in ``truth``.

    Returns
    -------
    dict
        ``micro_f1, macro_f1, top1, top3, kappa``: ``macro_f1`` is NaN when no scored code
        occurs; ``kappa`` (:func:`top_kappa`) is NaN when no segment has exactly one code, or
        a single code is all that occurs.
    """
    ranking = np.argsort(-proba, axis=1, kind="stable")
    rows = np.arange(len(truth))[:, None]
    present = scored & (truth.sum(axis=0) > 0)
    macro = (
        float(f1_score(truth[:, present], predicted[:, present], average="macro", zero_division=0))
        if present.any()
        else math.nan
    )
    return {
        "micro_f1": float(f1_score(truth, predicted, average="micro", zero_division=0)),
        "macro_f1": macro,
        "top1": float(truth[rows, ranking[:, :1]].any(axis=1).mean()),
        "top3": float(truth[rows, ranking[:, :3]].any(axis=1).mean()),
        "kappa": top_kappa(truth, ranking[:, 0]),
    }


def top_kappa(truth: np.ndarray, first: np.ndarray) -> float:
    """Cohen's kappa between the top-ranked code and the coders' code (:func:`cohen_kappa`).

    Parameters
    ----------
    truth : ndarray of 0/1, shape (n_segments, n_codes)
    first : ndarray of int, shape (n_segments,)
        The column of each segment's top-ranked code.

    Returns
    -------
    float
        Kappa over the segments with exactly one code in ``truth``; NaN when there are none or
        the top codes and the coders' codes together use one code only.
    """
    single = truth.sum(axis=1) == 1
    if not single.any():
        return math.nan
    return cohen_kappa(truth[single].argmax(axis=1).tolist(), first[single].tolist())


def _indicator(code_sets: Sequence[Sequence[str]], column: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(code_sets), len(column)), dtype=np.int8)
    for i, codes in enumerate(code_sets):
        for code in codes:
            if code in column:
                out[i, column[code]] = 1
    return out


# --------------------------------------------------------------------------- the curve
def learning_curve(
    source,
    *,
    sizes: Sequence[int] | None = None,
    repeats: int = 3,
    test_share: float = 0.3,
    seed: int = 0,
    min_segments: int = DEFAULT_MIN_SEGMENTS,
    encoder: str = "minilm",
    codebook: Codebook | None = None,
    prototypes: bool = True,
    coders="all",
    from_name: str | None = None,
    origin: str = "all",
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Learning curve of code suggestions on held-out transcripts of one project.

    Parameters
    ----------
    source : Snapshot, list of tasks, saved snapshot dict, or DataFrame
        A Label Studio JSON export or snapshot, or the output of :func:`coded_segments`.
    sizes : sequence of int, optional
        Numbers of training segments; default 25, 50, 100, ... (see :func:`training_sizes`).
        Sizes at or above the smallest training pool of the repeats are dropped, and "all"
        (that pool) is always the last point.
    repeats : int, default 3
        Number of random transcript splits.
    test_share : float, default 0.3
        Share of the segments to hold out (whole transcripts, so about this share).
    seed : int, default 0
        Seed of the splits; the same seed gives the same curve.
    min_segments : int, default 5
        Codes with fewer coded segments are learned but left out of macro-F1 (and listed).
    encoder : str, default "minilm"
        Encoder spec of :class:`CodeSuggester` (``"minilm"``, a sentence-transformers folder,
        ``"fake"`` for tests).
    codebook : Codebook, optional
        Codes and prototypes (descriptions, examples) for the suggester; by default the one in
        the snapshot's labelling config, if any.
    prototypes : bool, default True
        Learn from the codebook's descriptions and examples too, as the backend does.
    coders, from_name, origin
        Passed to :func:`coded_segments` (ignored for a DataFrame source).
    progress : callable, optional
        Called with a short message before each repeat.

    Returns
    -------
    dict
        ``"curve"``: DataFrame, one row per training size: ``size`` (a number, or ``"all"``),
        ``n_train`` (mean number of training segments), ``repeats``, then for each measure
        (:data:`MEASURES`, then the frequent-codes :data:`BASELINES`) its mean and
        ``<measure>_sd`` (standard deviation) over repeats. ``"runs"``: one row per repeat
        and size with ``repeat, size, n_train, n_test, test_transcripts``, the measures and
        the baselines. ``"codes"``: :func:`code_table` plus, per code, ``precision, recall, f1`` with all training segments (counts
        pooled over repeats) and ``test_segments`` (held-out segments with the code, summed over
        repeats). ``"summary"``: dict with the counts, the settings and ``interpretation``, a
        plain-language sentence or two.

    Raises
    ------
    EvaluationError
        Fewer than 20 coded segments, a single transcript, or bad settings.
    SnapshotError
        An export with no tasks or no coded segments.
    """
    started = time.perf_counter()
    _check_settings(repeats, test_share, min_segments)
    selection = (coders, from_name, origin)
    data, book, codes = _learnable(source, codebook, prototypes, selection, min_segments)
    plan = _plan(data, codes, book if prototypes else None, repeats, test_share, seed, sizes)
    estimator = _suggester(encoder)
    if progress:
        progress(f"Embedding {len(plan.texts):,} segments with the encoder {encoder!r}")
    _embed(estimator, plan.texts)
    runs, totals = _run_splits(estimator, plan, progress)
    curve, codes = _summarise(runs), _per_code(codes, plan.names, *totals)
    summary = _summary(data, codes, plan, min_segments, encoder, book if prototypes else None)
    summary.update(origin=origin, seconds=time.perf_counter() - started)
    summary["interpretation"] = interpret(curve, codes, summary)
    return {"curve": curve, "runs": runs, "codes": codes, "summary": summary}


@dataclass(frozen=True)
class _Plan:
    """What every repeat of :func:`learning_curve` shares."""

    texts: list[str]  # the coded segments' texts ...
    code_sets: list[tuple[str, ...]]  # ... and their learned codes
    truth: np.ndarray  # 0/1, shape (segments, codes)
    groups: np.ndarray  # each segment's transcript
    names: list[str]  # the codes: the columns of truth
    column: dict[str, int]
    scored: np.ndarray  # bool, shape (codes,): may enter macro-F1
    splits: list[tuple[np.ndarray, np.ndarray]]  # (test, train) rows per repeat
    pool: int  # the smallest training pool of the repeats: the size "all"
    sizes: list[int]
    fit_params: dict  # classes and prototypes for CodeSuggester.fit (from the codebook)
    seed: int
    test_share: float


def _learnable(source, codebook, prototypes, selection, min_segments):
    """The coded segments with their learnable codes only, the codebook, and the code table;
    ``selection`` is ``(coders, from_name, origin)`` for :func:`coded_segments`."""
    if isinstance(source, pd.DataFrame):
        data, snapshot = source, None
    else:
        snapshot = as_snapshot(source)
        coders, from_name, origin = selection
        data = coded_segments(snapshot, coders=coders, from_name=from_name, origin=origin)
    if codebook is None and prototypes and snapshot is not None:
        codebook = codebook_of(snapshot)
    codes = code_table(data, codebook, min_segments)
    learned = set(codes.loc[codes["learned"], "code"])
    data = data.assign(codes=[tuple(c for c in cs if c in learned) for cs in data["codes"]])
    data = data[data["codes"].map(len) > 0].reset_index(drop=True)
    _check_enough(data, codes)
    return data, codebook, codes


def _plan(data, codes, cold_start: Codebook | None, repeats, test_share, seed, sizes) -> _Plan:
    """The columns, splits and sizes of the curve; ``cold_start``: the codebook to learn from."""
    names = sorted(
        set(codes["code"][codes["learned"]])
        | (set(cold_start.codable_names) if cold_start is not None else set())
    )
    column = {name: j for j, name in enumerate(names)}
    scored = set(codes.loc[codes["scored"], "code"])
    groups = data["participant"].to_numpy(dtype=object)
    splits = [
        split_by_transcript(groups, test_share, np.random.default_rng([seed, r]))
        for r in range(repeats)
    ]
    pool = min(len(train) for _, train in splits)
    return _Plan(
        texts=_items(data),
        code_sets=data["codes"].tolist(),
        truth=_indicator(data["codes"].tolist(), column),
        groups=groups,
        names=names,
        column=column,
        scored=np.array([name in scored for name in names]),
        splits=splits,
        pool=pool,
        sizes=training_sizes(pool, sizes),
        fit_params=codebook_fit_params(cold_start),
        seed=seed,
        test_share=test_share,
    )


def _run_splits(estimator, plan: _Plan, progress) -> tuple[pd.DataFrame, np.ndarray]:
    """Fit and measure at every size of every split.

    Returns the runs, one row per repeat and size, and per code the true positives, false
    positives, false negatives and held-out segments with all training segments, summed over
    repeats: shape (4, codes).
    """
    runs = []
    totals = np.zeros((4, len(plan.names)))
    for r, (test, train) in enumerate(plan.splits):
        if progress:
            progress(
                f"Repeat {r + 1} of {len(plan.splits)}: {len(train):,} training and "
                f"{len(test):,} held-out segments ({len(set(plan.groups[test]))} held-out "
                "transcripts)"
            )
        test_texts = [plan.texts[i] for i in test]
        truth = plan.truth[test]
        for size in plan.sizes:
            is_all = size == plan.pool
            rows = train if is_all else train[:size]
            predicted, proba = _fit_predict(
                estimator,
                [plan.texts[i] for i in rows],
                [plan.code_sets[i] for i in rows],
                test_texts,
                plan.column,
                plan.fit_params,
            )
            run = {
                "repeat": r,
                "size": "all" if is_all else size,
                "n_train": len(rows),
                "n_test": len(test),
                "test_transcripts": len(set(plan.groups[test])),
                "kappa_segments": int((truth.sum(axis=1) == 1).sum()),
            }
            run.update(measures(truth, predicted, proba, plan.scored))
            baseline = _frequencies(plan.truth[rows], len(test))
            frequent = measures(truth, predicted, baseline, plan.scored)
            run.update(top1_frequent=frequent["top1"], top3_frequent=frequent["top3"])
            runs.append(run)
            if is_all:
                totals += [
                    (truth & predicted).sum(axis=0),
                    ((1 - truth) & predicted).sum(axis=0),
                    (truth & (1 - predicted)).sum(axis=0),
                    truth.sum(axis=0),
                ]
    return pd.DataFrame(runs), totals


def _summary(data, codes, plan: _Plan, min_segments, encoder, cold_start) -> dict:
    return {
        "segments": len(data),
        "transcripts": int(data["participant"].nunique()),
        "codes": len(codes),
        "codes_scored": int(codes["scored"].sum()),
        "repeats": len(plan.splits),
        "seed": plan.seed,
        "test_share": plan.test_share,
        "min_segments": min_segments,
        "sizes": ["all" if s == plan.pool else s for s in plan.sizes],
        "encoder": encoder,
        "prototypes": cold_start is not None,
    }


def _check_settings(repeats, test_share, min_segments) -> None:
    if not isinstance(repeats, (int, np.integer)) or repeats < 1:
        raise EvaluationError(f"repeats must be a whole number of at least 1; got {repeats!r}.")
    if not (isinstance(test_share, (int, float)) and 0 < test_share < 1):
        raise EvaluationError(
            f"test_share must be a share between 0 and 1 (e.g. 0.3); got {test_share!r}."
        )
    if not isinstance(min_segments, (int, np.integer)) or min_segments < 1:
        raise EvaluationError(
            f"min_segments must be a whole number of at least 1; got {min_segments!r}."
        )


def _check_enough(data: pd.DataFrame, codes: pd.DataFrame) -> None:
    if len(data) < MIN_CODED_SEGMENTS:
        raise EvaluationError(
            f"Only {len(data)} coded segment{'s' if len(data) != 1 else ''} "
            f"(in {data['participant'].nunique()} transcripts) can be learned from; a learning "
            f"curve needs at least {MIN_CODED_SEGMENTS}, from at least 2 transcripts. Code more "
            "segments first." + _unlearned_hint(codes)
        )
    transcripts = data["participant"].unique()
    if len(transcripts) < 2:
        raise EvaluationError(
            f"All {len(data)} coded segments come from one transcript ({transcripts[0]}); the "
            "evaluation holds out whole transcripts, so it needs coded segments in at least 2. "
            "Code part of another transcript first."
        )


def _unlearned_hint(codes: pd.DataFrame) -> str:
    unlearned = codes.loc[~codes["learned"], "code"].tolist()
    if not unlearned:
        return ""
    return (
        f" ({len(unlearned)} code(s) are not in the codebook and were left out: "
        f"{', '.join(unlearned)}.)"
    )


def _suggester(encoder: str) -> CodeSuggester:
    try:
        get_encoder(encoder)
    except ValueError as exc:
        raise EvaluationError(str(exc)) from None
    return CodeSuggester(encoder=encoder)


def _embed(estimator, items: list[str | dict]) -> None:
    """Embed every segment and its previous units once; the fits and predictions then hit
    the cache."""
    texts = list(
        dict.fromkeys(
            piece
            for item in items
            for piece in (
                [item] if isinstance(item, str) else [item["text"], *item["previous"]]
            )
        )
    )
    try:
        get_embedding_cache(estimator.encoder).embed(texts)
    except OSError as exc:  # a model folder that cannot be loaded
        raise EvaluationError(f"Cannot load the encoder {estimator.encoder!r}: {exc}") from None


def _fit_predict(estimator, texts, code_sets, test_texts, column, fit_params):
    model = clone(estimator).fit(texts, [list(c) for c in code_sets], **fit_params)
    where = [column[name] for name in model.classes_]
    proba = np.zeros((len(test_texts), len(column)))
    proba[:, where] = model.predict_proba(test_texts)
    predicted = np.zeros(proba.shape, dtype=np.int8)
    for i, found in enumerate(model.predict(test_texts)):
        predicted[i, [column[name] for name in found]] = 1
    return predicted, proba


def _frequencies(truth: np.ndarray, n_rows: int) -> np.ndarray:
    """Scores of the frequent-codes baseline: each code's count in ``truth``, for every row."""
    return np.tile(truth.sum(axis=0).astype(float), (n_rows, 1))


def _summarise(runs: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for size, group in runs.groupby("size", sort=False):
        row = {"size": size, "n_train": float(group["n_train"].mean()), "repeats": len(group)}
        for measure in MEASURES + BASELINES:
            values = group[measure].dropna()
            row[measure] = float(values.mean()) if len(values) else math.nan
            row[f"{measure}_sd"] = float(values.std(ddof=1)) if len(values) > 1 else math.nan
        rows.append(row)
    columns = ["size", "n_train", "repeats"] + [
        c for m in MEASURES + BASELINES for c in (m, f"{m}_sd")
    ]
    return pd.DataFrame(rows, columns=columns)


def _per_code(codes, names, tp, fp, fn, support) -> pd.DataFrame:
    index = {name: j for j, name in enumerate(names)}
    extra = []
    for code in codes["code"]:
        j = index.get(code)
        if j is None:
            extra.append(
                {"test_segments": 0, "precision": math.nan, "recall": math.nan, "f1": math.nan}
            )
            continue
        precision = tp[j] / (tp[j] + fp[j]) if tp[j] + fp[j] else math.nan
        recall = tp[j] / (tp[j] + fn[j]) if tp[j] + fn[j] else math.nan
        f1 = 2 * tp[j] / (2 * tp[j] + fp[j] + fn[j]) if tp[j] + fp[j] + fn[j] else math.nan
        extra.append(
            {
                "test_segments": int(support[j]),
                "precision": precision,
                "recall": recall,
                "f1": f1,
            }
        )
    return pd.concat([codes, pd.DataFrame(extra, index=codes.index)], axis=1)


# --------------------------------------------------------------------------- interpretation
def interpret(curve: pd.DataFrame, codes: pd.DataFrame, summary: dict) -> str:
    """A plain-language reading of the curve: how good the suggestions are with all segments,
    whether more coding still helps, and which codes were not scored."""
    last = curve.iloc[-1]
    n = int(round(last["n_train"]))
    parts = [
        f"Learning from {n:,} coded segments, the first suggestion was one of a held-out "
        f"segment's codes {_percent(last['top1'])} of the time, and one of the top three "
        f"{_percent(last['top3'])} (always proposing the three most frequent codes: "
        f"{_percent(last['top3_frequent'])})."
    ]
    if not math.isnan(last["macro_f1"]):
        parts.append(
            f"The codes it would suggest on its own match the coders' with micro-F1 "
            f"{last['micro_f1']:.2f} and macro-F1 {last['macro_f1']:.2f} "
            f"(the average over {summary['codes_scored']} scored codes; 1 is perfect)."
        )
    if len(curve) >= 2:
        # Compare with about one doubling earlier: the last step alone may be short and noisy.
        earlier = curve.iloc[:-1]
        halves = earlier[earlier["n_train"] <= last["n_train"] / 2]
        before = halves.iloc[-1] if len(halves) else earlier.iloc[0]
        gain = last["macro_f1"] - before["macro_f1"]
        if math.isnan(gain):
            gain = last["top3"] - before["top3"]
        doublings = math.log2(last["n_train"] / before["n_train"])
        if gain >= RISING_GAIN * doublings:
            parts.append(
                f"The curve is still rising (+{gain:.2f} from {int(round(before['n_train'])):,} "
                f"to {n:,} segments): coding more will make the suggestions better."
            )
        else:
            parts.append(
                f"The curve has levelled off ({gain:+.2f} from {int(round(before['n_train'])):,} "
                f"to {n:,} segments): more of the same coding will change little; rare codes "
                "gain most from more examples."
            )
    if not math.isnan(last["kappa"]):
        parts.append(kappa_sentence(last["kappa"]))
    unscored = codes.loc[codes["learned"] & ~codes["scored"], "code"].tolist()
    if unscored:
        parts.append(
            f"{len(unscored)} code(s) have too few segments or transcripts to be scored "
            f"(they are still learned): {_listing(unscored)}."
        )
    return " ".join(parts)


def kappa_sentence(kappa: float) -> str:
    """Kappa of the top suggestion on the usual reading of kappa, without claiming more."""
    band = next(words for upper, words in KAPPA_BANDS if min(kappa, 1.0) <= upper)
    return (
        f"Read as a second coder, the top suggestion agreed with the coders' code with Cohen's "
        f"kappa {kappa:.2f} (held-out segments with exactly one code): between two people that "
        f"would usually be called {band} agreement (Landis and Koch's bands, a convention, not "
        "a test). Set it beside the kappa between your own coders on this project "
        "(ls-thematic agreement): it says how far the suggestions can stand in for a second "
        "reading, not that any one of them is right."
    )


def _percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def _listing(names: list[str], limit: int = 8) -> str:
    # Code names may hold commas ("Cleanliness, tidiness & infection control").
    if len(names) <= limit:
        return "; ".join(names)
    return "; ".join(names[:limit]) + f"; and {len(names) - limit} more"
