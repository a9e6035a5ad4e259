"""Choose the transcripts a second coder double-codes, and hand them to that coder in Label Studio.

The seed thesis had "a second, external coder" code "two randomly chosen transcripts" with the
same codebook, then computed agreement on them. :func:`choose_transcripts` makes that choice
reproducible (a seeded :class:`numpy.random.Generator` over the transcripts in natural order of
their participant ids, so the order Label Studio lists tasks in does not matter) and can stratify
it by a participant attribute (``role``: one transcript from each of two roles rather than two
recovery practitioners).

:func:`assign_transcripts` gives the chosen transcripts to a coder in a running Label Studio.
Label Studio Community has no task assignment: the assignment endpoints of label-studio-sdk
(``client.projects.assignments.assign`` / ``bulk_assign``) are Enterprise-only and answer 404 on
Community 1.23.2 (checked). What Community does have, and what this module uses:

* a Data Manager tab (``client.views.create``) titled ``Second coder: <e-mail>``, filtered to the
  chosen tasks: the coder opens it and presses "Label Tasks" (or clicks each task);
* each chosen task's ``overlap`` (``client.tasks.update``): the number of annotations the task
  needs. Raised to one more than the coders who already annotated it, so the task is not
  "labeled" and stays in the labelling stream until the second coder has coded it;
* each chosen task's ``meta["ls_thematic_sample"]`` (:func:`sample_meta`): who the task was given
  to, the seed, the stratification attribute, how many transcripts were drawn from how many
  candidates, and the time, so the assignment is recorded in the project itself (the methods
  paragraph of ``ls-thematic agreement --methods`` reads it there).

Running it again with the same coder replaces the tab's task list; nothing is deleted.
"""

from __future__ import annotations

import datetime as _dt
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Integral

import numpy as np
import pandas as pd

from ls_thematic.label_config import lsexport
from ls_thematic.label_config.cells import frame_to_csv
from ls_thematic.label_config.errors import LabelStudioError, ThematicError
from ls_thematic.label_config.lsexport import participant_of

from .lsclient import call, client_url, get_project
from .render import json_value, markdown_table
from .snapshot import as_snapshot, natural_key

__all__ = [
    "Assignment",
    "Sample",
    "SamplingError",
    "assign_transcripts",
    "choose_transcripts",
    "format_sample",
    "sample_meta",
    "sample_result",
    "sample_transcripts",
    "view_title",
]

META_KEY = lsexport.SAMPLE_META_KEY


class SamplingError(ThematicError):
    """The transcripts cannot be sampled as asked."""


def _coded_by(task: Mapping, coder: str | None) -> bool:
    """Whether ``coder`` (an e-mail or user id) has an annotation of ``task`` that counts."""
    return any(c.matches(coder) for c in lsexport.coders_of(task))


def _candidates(snapshot, coded_by: str | None, exclude_coded_by: str | None) -> pd.DataFrame:
    rows = []
    for task in snapshot:
        data = lsexport.task_data(task)
        if coded_by is not None and not _coded_by(task, coded_by):
            continue
        if exclude_coded_by is not None and _coded_by(task, exclude_coded_by):
            continue
        rows.append(
            {
                "task_id": task.get("id"),
                "participant": participant_of(task),
                "n_coders": len(lsexport.coders_of(task)),
                **{str(k): v for k, v in (data.get("attributes") or {}).items()},
            }
        )
    rows.sort(key=lambda r: (natural_key(r["participant"]), natural_key(r["task_id"])))
    return pd.DataFrame(rows)


def _allocate(sizes: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """How many to draw from each stratum: proportional to its size, largest remainders first.

    Ties between equal remainders are broken at random (with ``rng``); no stratum gets more than
    it has.
    """
    share = n * sizes / sizes.sum()
    counts = np.minimum(np.floor(share).astype(int), sizes)
    remainder = share - counts
    while counts.sum() < n:
        open_ = counts < sizes
        best = remainder[open_].max()
        ties = np.flatnonzero(open_ & (remainder == best))
        pick = rng.choice(ties)
        counts[pick] += 1
        remainder[pick] = -1.0 if counts[pick] >= sizes[pick] else remainder[pick] - 1.0
    return counts


def choose_transcripts(
    snapshot,
    n: int = 2,
    seed: int | None = None,
    stratify: str | None = None,
    coded_by: str | None = None,
    exclude_coded_by: str | None = None,
) -> pd.DataFrame:
    """Choose ``n`` transcripts at random, reproducibly, for a second coder.

    Parameters
    ----------
    snapshot : Snapshot, list of tasks or saved snapshot dict
        The project's tasks (one task per transcript), e.g. from
        :func:`ls_thematic.scripts.snapshot.pull` or a Label Studio JSON export.
    n : int
        How many transcripts (the thesis: 2).
    seed : int, optional
        Seed of the random generator; the same seed and tasks give the same choice. Without
        one the choice differs every time (report the seed you used).
    stratify : str, optional
        A participant attribute (``data.attributes[stratify]``, e.g. ``role``): the transcripts
        are spread over its values in proportion to how many transcripts each has (largest
        remainders; with fewer transcripts than values, the values drawn are the largest ones,
        ties at random).
    coded_by : str, optional
        Only transcripts this coder (e-mail or user id) has annotated: the first coder's.
    exclude_coded_by : str, optional
        Leave out transcripts this coder has annotated already (the second coder's).

    Returns
    -------
    pandas.DataFrame
        One row per chosen transcript, in natural order of participant: ``task_id``,
        ``participant``, ``n_coders`` (coders who annotated it so far), then the participant
        attributes. ``attrs`` holds ``seed``, ``n``, ``stratify`` and ``n_candidates``.

    Raises
    ------
    SamplingError
        ``n`` is not a positive integer or exceeds the transcripts available, or ``stratify``
        names an attribute the transcripts do not have.
    """
    _check_n_and_seed(n, seed)
    snapshot = as_snapshot(snapshot)
    if not snapshot:
        raise SamplingError("The project has no tasks: import transcripts before sampling them.")
    pool = _candidates(snapshot, coded_by, exclude_coded_by)
    if len(pool) < n:
        raise SamplingError(
            f"Cannot choose {n} transcripts: the project has {len(pool)} transcript(s)"
            f"{_described(coded_by, exclude_coded_by)} (of {len(snapshot)} tasks)."
        )
    rng = np.random.default_rng(seed)
    if stratify is None:
        chosen = np.sort(rng.choice(len(pool), size=n, replace=False))
    else:
        chosen = _stratified_choice(pool, stratify, n, rng)
    result = pool.iloc[chosen].reset_index(drop=True)
    result.attrs.update(
        {"seed": seed, "n": int(n), "stratify": stratify, "n_candidates": len(pool)}
    )
    return result


def _check_n_and_seed(n: int, seed: int | None) -> None:
    if isinstance(n, bool) or not isinstance(n, Integral) or n < 1:
        raise SamplingError(f"n must be a positive whole number of transcripts; found {n!r}.")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, Integral) or seed < 0):
        raise SamplingError(f"seed must be a non-negative whole number; found {seed!r}.")


def _described(coded_by: str | None, exclude_coded_by: str | None) -> str:
    """ " coded by X and not yet coded by Y": the filters, for an error message."""
    where = []
    if coded_by is not None:
        where.append(f"coded by {coded_by}")
    if exclude_coded_by is not None:
        where.append(f"not yet coded by {exclude_coded_by}")
    return f" {' and '.join(where)}" if where else ""


def _stratified_choice(
    pool: pd.DataFrame, stratify: str, n: int, rng: np.random.Generator
) -> np.ndarray:
    """Sorted row positions of ``n`` transcripts spread over the values of ``stratify``."""
    if stratify not in pool.columns or stratify in ("task_id", "participant", "n_coders"):
        attributes = [c for c in pool.columns if c not in ("task_id", "participant", "n_coders")]
        raise SamplingError(
            f"The transcripts have no participant attribute {stratify!r}; they have: "
            f"{', '.join(attributes) or 'none (import a participants.csv with attributes)'}."
        )
    values = pool[stratify].astype(object).where(pool[stratify].notna(), "(missing)").astype(str)
    strata = sorted(values.unique(), key=natural_key)
    members = [np.flatnonzero((values == s).to_numpy()) for s in strata]
    counts = _allocate(np.array([len(m) for m in members]), n, rng)
    picked = [
        rng.choice(m, size=k, replace=False) for m, k in zip(members, counts, strict=True) if k
    ]
    return np.sort(np.concatenate(picked))


# --------------------------------------------------------------------------- Label Studio
@dataclass
class Assignment:
    """What :func:`assign_transcripts` did."""

    project_id: int
    coder: str
    user_id: int
    task_ids: list = field(default_factory=list)
    view_id: int | None = None
    view_title: str = ""
    url: str = ""
    overlap: dict = field(default_factory=dict)  # task id -> annotations the task now needs


def view_title(coder: str) -> str:
    """The Data Manager tab a coder's transcripts are listed in."""
    return f"Second coder: {coder}"


def _find_user(client, coder: str | int):
    users = call(client, "listing users", lambda: list(client.users.list()))
    wanted = str(coder).strip().lower()
    for user in users:
        if str(user.id) == wanted or (user.email or "").lower() == wanted:
            return user
    known = ", ".join(f"{u.email} (id {u.id})" for u in users) or "none"
    raise LabelStudioError(
        f"Label Studio has no user {coder!r} to assign transcripts to; its users are: {known}. "
        "The coder must sign up (or be invited) first."
    )


def _view_items(task_ids: Sequence) -> dict:
    return {
        "conjunction": "or",
        "items": [
            {"filter": "filter:tasks:id", "operator": "equal", "type": "Number", "value": int(t)}
            for t in task_ids
        ],
    }


def assign_transcripts(
    client,
    project_id: int,
    task_ids: Sequence,
    coder: str | int,
    seed: int | None = None,
    *,
    stratify: str | None = None,
    n_candidates: int | None = None,
) -> Assignment:
    """Give tasks to a coder in Label Studio Community (see the module notes for what that means).

    Parameters
    ----------
    client : label_studio_sdk.LabelStudio
        A connected client (:func:`ls_thematic.scripts.lsclient.connect`).
    project_id : int
        The project.
    task_ids : sequence of int
        The tasks, e.g. ``choose_transcripts(...)["task_id"]``.
    coder : str or int
        The coder's e-mail or user id; must be a user of this Label Studio.
    seed : int, optional
        The seed the tasks were drawn with, recorded in each task's meta.
    stratify : str, optional
        The participant attribute the choice was stratified by, recorded likewise.
    n_candidates : int, optional
        How many transcripts the tasks were drawn from, recorded likewise.

    Returns
    -------
    Assignment
        The user, the tasks, the Data Manager tab (id, title, address) and each task's new
        ``overlap``.

    Raises
    ------
    LabelStudioError
        Unknown project (listing the projects), unknown user (listing the users), a task not in
        the project, a refused token or an unreachable server.
    """
    if not task_ids:
        raise SamplingError("No tasks to assign; choose transcripts first.")
    url = client_url(client).rstrip("/")
    get_project(client, project_id)
    user = _find_user(client, coder)
    record = sample_meta(
        user,
        seed,
        _dt.datetime.now(_dt.timezone.utc).isoformat(),
        stratify=stratify,
        n=len(task_ids),
        n_candidates=n_candidates,
    )
    overlap = {
        int(task_id): _assign_task(client, project_id, task_id, record) for task_id in task_ids
    }
    title = view_title(user.email)
    data = {"title": title, "filters": _view_items(task_ids)}
    views = call(
        client, "listing Data Manager tabs", lambda: list(client.views.list(project=project_id))
    )
    existing = [v for v in views if isinstance(v.data, Mapping) and v.data.get("title") == title]
    if existing:
        view = call(
            client,
            "updating the coder's tab",
            lambda: client.views.update(id=str(existing[0].id), data=data, project=project_id),
        )
    else:
        view = call(
            client,
            "creating the coder's tab",
            lambda: client.views.create(project=project_id, data=data),
        )
    return Assignment(
        project_id=int(project_id),
        coder=user.email,
        user_id=user.id,
        task_ids=[int(t) for t in task_ids],
        view_id=view.id,
        view_title=title,
        url=f"{url}/projects/{project_id}/data?tab={view.id}",
        overlap=overlap,
    )


def sample_meta(
    user,
    seed: int | None,
    when: str,
    *,
    stratify: str | None = None,
    n: int | None = None,
    n_candidates: int | None = None,
) -> dict:
    """The record :func:`assign_transcripts` writes in each task's ``meta[META_KEY]``.

    Parameters
    ----------
    user
        The Label Studio user the task is given to (``.email``, ``.id``).
    seed : int or None
        The seed the transcripts were drawn with.
    when : str
        The time of the assignment (ISO 8601).
    stratify : str, optional
        The participant attribute the choice was stratified by (None: not stratified).
    n, n_candidates : int, optional
        How many transcripts were drawn, and from how many candidates.

    Returns
    -------
    dict
        ``coder``, ``user_id``, ``seed``, ``stratify``, ``n``, ``n_candidates``,
        ``assigned_at``: plain JSON values.
    """
    return {
        "coder": user.email,
        "user_id": user.id,
        "seed": None if seed is None else int(seed),
        "stratify": stratify,
        "n": None if n is None else int(n),
        "n_candidates": None if n_candidates is None else int(n_candidates),
        "assigned_at": when,
    }


def _assign_task(client, project_id: int, task_id, record: Mapping) -> int:
    """Raise one task's overlap so the user of ``record`` (:func:`sample_meta`) must annotate
    it, write ``record`` in its meta, and return the task's new overlap."""
    task = call(client, f"task {task_id}", lambda t=task_id: client.tasks.get(id=str(int(t))))
    if int(getattr(task, "project", project_id) or project_id) != int(project_id):
        raise LabelStudioError(
            f"Task {task_id} belongs to project {task.project}, not to project {project_id}."
        )
    annotations = call(
        client,
        f"the annotations of task {task_id}",
        lambda t=task_id: list(client.annotations.list(id=int(t))),
    )
    annotators = {
        lsexport.coder_of(a).id
        for a in lsexport.counted_annotations(
            {
                "id": task_id,
                "annotations": [
                    a.model_dump() if hasattr(a, "model_dump") else dict(a) for a in annotations
                ],
            }
        )
    }
    needed = max(int(task.overlap or 1), len(annotators - {record["user_id"]}) + 1)
    meta = dict(task.meta or {})
    meta[META_KEY] = dict(record)
    done = len(annotators) >= needed
    call(
        client,
        f"updating task {task_id}",
        lambda t=task_id, m=meta, o=needed, d=done: client.tasks.update(
            id=str(int(t)), meta=m, overlap=o, is_labeled=d
        ),
    )
    # Suggestions stored before the mark (Label Studio may ask for one when a task changes)
    # would still be shown: delete them. Asked again, the backend sees the mark and suggests
    # nothing (blind double-coding, BLIND_DOUBLE_CODING).
    stored = call(
        client,
        f"the predictions of task {task_id}",
        lambda t=task_id: list(client.predictions.list(task=int(t))),
    )
    for prediction in stored:
        call(
            client,
            f"deleting prediction {prediction.id}",
            lambda p=prediction.id: client.predictions.delete(id=p),
        )
    return needed


# --------------------------------------------------------------------------- the command
@dataclass
class Sample:
    """What :func:`sample_transcripts` chose, and the assignment when it gave them to a coder."""

    chosen: pd.DataFrame
    assignment: Assignment | None = None


def sample_transcripts(
    snapshot,
    n: int = 2,
    seed: int | None = None,
    stratify: str | None = None,
    coded_by: str | None = None,
    exclude_coded_by: str | None = None,
    *,
    client=None,
    project_id: int | None = None,
    assign_to: str | None = None,
) -> Sample:
    """``ls-thematic sample``: choose transcripts and optionally assign them in Label Studio.

    As :func:`choose_transcripts`, except that without a ``seed`` one is drawn (and reported in
    ``chosen.attrs["seed"]``, so the choice can be repeated); with ``assign_to`` the chosen
    transcripts go to that coder in ``project_id`` through ``client``
    (:func:`assign_transcripts`).
    """
    if seed is None:
        seed = secrets.randbelow(2**31)
    chosen = choose_transcripts(snapshot, n, seed, stratify, coded_by, exclude_coded_by)
    assignment = None
    if assign_to is not None:
        assignment = assign_transcripts(
            client,
            project_id,
            chosen["task_id"].tolist(),
            assign_to,
            seed,
            stratify=stratify,
            n_candidates=chosen.attrs.get("n_candidates"),
        )
    return Sample(chosen, assignment)


def sample_result(sample: Sample) -> dict:
    """The sample as plain JSON data: the choice's settings, the transcripts, the assignment."""
    chosen = sample.chosen
    result = {
        "seed": chosen.attrs.get("seed"),
        "n": chosen.attrs.get("n"),
        "stratify": chosen.attrs.get("stratify"),
        "n_candidates": chosen.attrs.get("n_candidates"),
        "transcripts": [
            {k: json_value(v) for k, v in row.items()} for row in chosen.to_dict(orient="records")
        ],
    }
    assignment = sample.assignment
    if assignment is not None:
        result["assignment"] = {
            "coder": assignment.coder,
            "user_id": assignment.user_id,
            "task_ids": assignment.task_ids,
            "view_id": assignment.view_id,
            "view_title": assignment.view_title,
            "url": assignment.url,
            "overlap": {str(k): v for k, v in assignment.overlap.items()},
        }
    return result


def format_sample(sample: Sample, fmt: str) -> str:
    """The sample as JSON, CSV, or a Markdown table under a line saying how to repeat it."""
    chosen, assignment = sample.chosen, sample.assignment
    if fmt == "json":
        return json.dumps(sample_result(sample), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return frame_to_csv(chosen)  # formula cells neutralised
    stratify, seed = chosen.attrs.get("stratify"), chosen.attrs.get("seed")
    how = f"stratified by {stratify}" if stratify else "simple random"
    head = (
        f"{len(chosen)} of {chosen.attrs.get('n_candidates')} transcripts ({how}, seed {seed}; "
        f"repeat with --seed {seed}):\n\n"
    )
    text = head + markdown_table(chosen)
    if assignment is not None:
        text += (
            f"\nAssigned to {assignment.coder}: Data Manager tab {assignment.view_title!r} "
            f"({assignment.url}); each task now needs {max(assignment.overlap.values())} "
            "annotation(s).\n"
        )
    return text
