"""Snapshots of a coded Label Studio project, and the coded segments in them.

A *snapshot* is what Label Studio's JSON export holds: a list of tasks, each
``{"id", "data": {"text", "participant", "attributes", ...}, "annotations": [...]}``. Every
write-up command works on one, so an analysis can be rerun offline on exactly the same data.

:func:`pull` takes one from a running Label Studio, :func:`save_snapshot` writes it as

.. code-block:: json

    {"format": "ls-thematic snapshot", "version": 1,
     "project": {"id": 3, "title": "...", "label_config": "<View>...</View>"},
     "meta": {"pulled_at": "...", "url": "...", ...},
     "tasks": [ ...the tasks, as Label Studio exports them... ]}

and :func:`load_snapshot` reads that file or a plain Label Studio JSON export (a list of tasks,
which carries no labelling config: pass the codebook yourself then).

:func:`segments` flattens the annotations into one row per coded span and code. The coding
control is read from the project's labelling config (:func:`ls_thematic.label_config.lsxml.
control_names`), never assumed.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from ls_thematic.label_config import lsexport
from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.errors import InputError, LabelStudioDataError, LabelStudioError
from ls_thematic.label_config.fileio import atomic_write_text
from ls_thematic.label_config.lsexport import participant_of

from .lsclient import call, client_url, get_project, translate_errors

SNAPSHOT_FORMAT = "ls-thematic snapshot"
SNAPSHOT_VERSION = 1

#: The columns :func:`segments` always returns, in order; the participant attributes
#: (``role``, ...) come right after ``participant``.
SEGMENT_COLUMNS = [
    "task_id", "participant", "coder", "coder_id", "annotation_id", "annotation_created_at",
    "annotation_updated_at", "ground_truth", "region_id", "start", "end", "text", "code", "memo",
    "origin",
]
RELATION_COLUMNS = [
    "task_id", "participant", "coder", "coder_id", "annotation_id", "relation", "direction",
    "from_region", "to_region", "from_codes", "to_codes",
]
CODER_SELECTIONS = ("all", "reconciled")
#: What each ``origin=`` choice (:data:`~ls_thematic.label_config.lsexport.ORIGIN_CHOICES`)
#: keeps, in words for the outputs.
ORIGIN_LABELS = {
    "all": "every coded segment",
    "manual": "the coders' own coding (coded by hand or an edited suggestion; accepted "
              "suggestions left out)",
    "accepted": "accepted suggestions only (suggestions the coder kept unchanged)",
}


#: A snapshot file or its annotations cannot be used: the error of the one reader of Label
#: Studio data (:mod:`ls_thematic.label_config.lsexport`), under the name callers know.
SnapshotError = LabelStudioDataError


class Snapshot(list):
    """The tasks of a project (a ``list`` of task dicts) with the project they came from.

    Parameters
    ----------
    tasks : iterable of dict
        Label Studio tasks, annotations included.
    project : dict, optional
        ``{"id", "title", "label_config"}``; empty for a plain Label Studio export.
    meta : dict, optional
        Where and when the snapshot was taken.
    path : str, optional
        The file it was read from (``-`` for standard input); None for a live pull. Not saved.
    """

    def __init__(self, tasks: Iterable[dict] = (), project: Mapping | None = None,
                 meta: Mapping | None = None, path: str | None = None) -> None:
        super().__init__(tasks)
        self.project: dict = dict(project or {})
        self.meta: dict = dict(meta or {})
        self.path = path

    @property
    def label_config(self) -> str | None:
        """The project's labelling config (XML text), if the snapshot holds it."""
        return self.project.get("label_config") or None


def as_snapshot(snapshot: Snapshot | Sequence[dict] | Mapping) -> Snapshot:
    """A :class:`Snapshot` from a snapshot, a list of tasks or the saved ``{"tasks": ...}`` dict."""
    if isinstance(snapshot, Snapshot):
        return snapshot
    if isinstance(snapshot, Mapping):
        return _from_document(snapshot, "<snapshot>")
    return Snapshot(_check_tasks(list(snapshot), "<snapshot>"))


# --------------------------------------------------------------------------- files
def load_snapshot(path: str | os.PathLike) -> Snapshot:
    """Read a snapshot written by :func:`save_snapshot`, or a Label Studio JSON export.

    ``path`` may be ``-`` for standard input.

    Raises
    ------
    SnapshotError
        The file is missing, is not JSON, or is JSON but not a Label Studio export (for example
        the JSON-MIN or CSV export, or some other document).
    """
    name = str(path)
    if name == "-":
        raw = sys.stdin.buffer.read()
    else:
        path = Path(path)
        if not path.is_file():
            raise SnapshotError(
                f"{path}: no such snapshot file; write one with `ls-thematic pull --project ID "
                "-o FILE`, or export the project from Label Studio as JSON."
            )
        raw = path.read_bytes()
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SnapshotError(
            f"{name}: is not JSON text (not UTF-8: {exc.reason} at byte {exc.start}); a snapshot "
            "is a Label Studio JSON export or a file written by `ls-thematic pull`."
        ) from None
    except json.JSONDecodeError as exc:
        raise SnapshotError(
            f"{name}: is not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); a "
            "snapshot is a Label Studio JSON export or a file written by `ls-thematic pull`."
        ) from None
    if isinstance(document, list):
        return Snapshot(_check_tasks(document, name), meta={"source": name}, path=name)
    if isinstance(document, dict):
        snapshot = _from_document(document, name)
        snapshot.path = name
        return snapshot
    raise SnapshotError(
        f"{name}: is JSON but not a Label Studio export: found a {type(document).__name__} at "
        "the top, where an export has a list of tasks."
    )


def _from_document(document: Mapping, name: str) -> Snapshot:
    if "tasks" not in document:
        keys = ", ".join(sorted(map(str, document))[:10]) or "none"
        raise SnapshotError(
            f"{name}: is JSON but not a Label Studio export: an object with keys {keys}, where a "
            "snapshot has 'project' and 'tasks' and a Label Studio export is a list of tasks."
        )
    tasks = document["tasks"]
    if not isinstance(tasks, list):
        raise SnapshotError(f"{name}: 'tasks' must be a list of tasks; found {type(tasks).__name__}.")
    project = document.get("project") or {}
    if not isinstance(project, Mapping):
        raise SnapshotError(f"{name}: 'project' must be an object with id, title and label_config.")
    meta = dict(document.get("meta") or {})
    return Snapshot(_check_tasks(tasks, name), project=project, meta=meta)


def _check_tasks(tasks: list, name: str) -> list[dict]:
    for index, task in enumerate(tasks):
        if not isinstance(task, dict):
            raise SnapshotError(
                f"{name}: is not a Label Studio export: item {index} is a "
                f"{type(task).__name__}, where an export has one object per task."
            )
        if not isinstance(task.get("data"), dict):
            hint = ""
            if "annotator" in task or "annotation_id" in task:
                hint = (
                    " It looks like the JSON-MIN export, which drops the spans' positions; "
                    "export the project as JSON instead."
                )
            raise SnapshotError(
                f"{name}: is not a Label Studio export: task {index} (id "
                f"{task.get('id', '?')}) has no 'data' object.{hint}"
            )
        annotations = task.get("annotations", [])
        if annotations is not None and not isinstance(annotations, list):
            raise SnapshotError(
                f"{name}: task {task.get('id', index)} has 'annotations' of type "
                f"{type(annotations).__name__}; an export has a list there."
            )
    return tasks


def snapshot_document(tasks: Sequence[dict], meta: Mapping | None = None,
                      project: Mapping | None = None) -> dict:
    """The JSON document :func:`save_snapshot` writes (``project`` defaults to the snapshot's)."""
    if project is None and isinstance(tasks, Snapshot):
        project = tasks.project
    if meta is None and isinstance(tasks, Snapshot):
        meta = tasks.meta
    project = dict(project or {})
    return {
        "format": SNAPSHOT_FORMAT,
        "version": SNAPSHOT_VERSION,
        "project": {
            "id": project.get("id"),
            "title": project.get("title"),
            "label_config": project.get("label_config"),
        },
        "meta": dict(meta or {}),
        "tasks": list(tasks),
    }


def save_snapshot(tasks: Sequence[dict], path: str | os.PathLike, meta: Mapping | None = None,
                  project: Mapping | None = None) -> None:
    """Write the snapshot atomically as ``{"project": ..., "meta": ..., "tasks": [...]}``.

    ``project`` (``{"id", "title", "label_config"}``) defaults to ``tasks.project`` when ``tasks``
    is a :class:`Snapshot`; the labelling config is what later commands read the codebook from.
    ``path`` may be ``-`` for standard output.
    """
    text = json.dumps(snapshot_document(tasks, meta, project), ensure_ascii=False, indent=1)
    if str(path) == "-":
        sys.stdout.write(text + "\n")
    else:
        atomic_write_text(path, text + "\n")


# --------------------------------------------------------------------------- pull
def _json_safe(value):
    """Datetimes as ISO text, pydantic models as dicts: what the JSON export would hold."""
    return json.loads(json.dumps(value, default=_json_default, ensure_ascii=False))


def _json_default(value):
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return str(value)


def _task_dict(task) -> dict:
    if hasattr(task, "model_dump"):
        task = task.model_dump(mode="json")
    return _json_safe(dict(task))


def pull(client, project_id: int, progress: bool = True) -> Snapshot:
    """Take a snapshot of a Label Studio project: its labelling config and every task.

    Parameters
    ----------
    client : label_studio_sdk.LabelStudio
        A connected client (:func:`ls_thematic.scripts.lsclient.connect`).
    project_id : int
        The project.
    progress : bool
        Show a progress bar (on standard error) while the tasks download.

    Returns
    -------
    Snapshot
        The tasks as Label Studio exports them; ``completed_by`` becomes ``{"id", "email"}``
        where the user list is readable, so coders are named by e-mail.

    Raises
    ------
    LabelStudioError
        Unknown project (the message lists the projects there are), a refused token, an
        unreachable server, or a project with no tasks.
    """
    url = client_url(client)
    project = get_project(client, project_id)
    total = getattr(project, "task_number", None)
    try:
        users = {
            user.id: getattr(user, "email", None)
            for user in call(client, "listing users", lambda: list(client.users.list()))
        }
    except LabelStudioError:
        users = {}  # a token that may not list users: coders stay numeric ids

    tasks: list[dict] = []
    bar = _progress(progress, total, f"Pulling project {project_id}")
    with bar as (advance):
        with translate_errors(url, f"the tasks of project {project_id}"):
            pager = client.tasks.list(project=int(project_id), fields="all", page_size=100)
            for task in pager:
                tasks.append(_normalise_task(_task_dict(task), users))
                advance()
    if not tasks:
        raise LabelStudioError(
            f"Project {project_id} ({project.title}) at {url} has no tasks; import transcripts "
            "with `ls-thematic import` and code some before writing up."
        )
    annotations = sum(len(t.get("annotations") or []) for t in tasks)
    meta = {
        "pulled_at": _dt.datetime.now(_dt.timezone.utc).isoformat(),
        "url": url,
        "tasks": len(tasks),
        "annotations": annotations,
    }
    info = {"id": project.id, "title": project.title, "label_config": project.label_config}
    return Snapshot(tasks, project=info, meta=meta)


def _normalise_task(task: dict, users: Mapping[int, str | None]) -> dict:
    keep = ("id", "data", "annotations", "meta", "created_at", "updated_at", "inner_id", "project")
    out = {key: task[key] for key in keep if key in task}
    annotations = []
    for annotation in task.get("annotations") or []:
        annotation = dict(annotation)
        who = annotation.get("completed_by")
        if isinstance(who, int) and users.get(who):
            annotation["completed_by"] = {"id": who, "email": users[who]}
        annotations.append(annotation)
    out["annotations"] = annotations
    return out


class _progress:
    """A rich progress bar on standard error (a no-op when switched off)."""

    def __init__(self, enabled: bool, total: int | None, description: str) -> None:
        self.enabled = enabled
        self.total = total
        self.description = description
        self._progress = None

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=Console(stderr=True), transient=True,
        )
        self._progress.__enter__()
        task = self._progress.add_task(self.description, total=self.total or None)
        return lambda: self._progress.advance(task)

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)


# --------------------------------------------------------------------------- segments
def coding_control(snapshot: Snapshot, from_name: str | None = None) -> tuple[str | None, str]:
    """``(from_name, data key of the coded text)`` of the snapshot's coding control
    (:func:`ls_thematic.label_config.lsexport.coding_control` on its config and tasks)."""
    snapshot = as_snapshot(snapshot)
    control = lsexport.coding_control(snapshot.label_config, snapshot, from_name)
    return control.from_name, control.data_key


def participants(snapshot) -> pd.DataFrame:
    """One row per participant: ``participant``, ``tasks`` (ids) and the attributes, in
    natural order of the ids (P2 before P10)."""
    snapshot = as_snapshot(snapshot)
    rows: dict[str, dict] = {}
    for task in snapshot:
        pid = participant_of(task)
        row = rows.setdefault(pid, {"participant": pid, "tasks": []})
        row["tasks"].append(task.get("id"))
        for key, value in ((task.get("data") or {}).get("attributes") or {}).items():
            row.setdefault(key, value)
    ordered = sorted(rows.values(), key=lambda r: natural_key(r["participant"]))
    return pd.DataFrame(ordered, columns=_columns(ordered, ["participant", "tasks"]))


def _columns(rows: list[dict], first: list[str]) -> list[str]:
    out = list(first)
    for row in rows:
        out += [k for k in row if k not in out]
    return out


def natural_key(value: object) -> tuple:
    """Sort key that puts ``P2`` before ``P10``."""
    return tuple(
        (0, int(part), "") if part.isascii() and part.isdecimal() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", str(value)) if part != ""
    )


def check_origin(origin: str) -> str:
    """``origin`` when it is one of :data:`~ls_thematic.label_config.lsexport.ORIGIN_CHOICES`.

    Raises
    ------
    InputError
        Any other value, naming the allowed ones.
    """
    if origin not in lsexport.ORIGIN_CHOICES:
        raise InputError(
            f"Unknown origin {origin!r}; use one of {', '.join(lsexport.ORIGIN_CHOICES)} "
            "(manual: the coders' own coding; accepted: suggestions kept unchanged)."
        )
    return origin


def segments(snapshot, coders="all", from_name: str | None = None,
             origin: str = "all") -> pd.DataFrame:
    """One row per coded span and code.

    Parameters
    ----------
    snapshot : Snapshot, list of tasks, or saved snapshot dict
    coders : "all", "reconciled" or list of str/int
        ``"all"``: every annotation that is not cancelled. ``"reconciled"``: one annotation per
        task, the one marked ground truth, else the most recently updated. A list keeps the
        annotations of those coders (user ids or e-mails).
    from_name : str, optional
        The coding control; by default read from the snapshot's labelling config.
    origin : {"all", "manual", "accepted"}
        Which spans count (:func:`~ls_thematic.label_config.lsexport.keep_origin`): every one;
        the coder's own coding (by hand, or a suggestion they edited); or the suggestions they
        kept unchanged.

    Returns
    -------
    pandas.DataFrame
        Columns ``task_id, participant, <attributes...>, coder, coder_id, annotation_id,
        annotation_created_at, annotation_updated_at, ground_truth, region_id, start, end, text,
        code, memo, origin``. ``start``/``end`` are character offsets into the task text (``end``
        exclusive) and ``text`` is ``data.text[start:end]``; ``memo`` is the span's per-region
        text (empty when none); ``origin`` is where the span came from, as Label Studio marks
        it: ``manual``, ``prediction`` (an accepted suggestion) or ``prediction-changed`` (an
        edited one). A span with two codes gives two rows.

    Raises
    ------
    SnapshotError
        No tasks, no coded segments (for the chosen coders and origin), unknown coders, or a
        span outside its text.
    InputError
        ``origin`` is not one of the choices.
    """
    check_origin(origin)
    snapshot = as_snapshot(snapshot)
    if not snapshot:
        raise SnapshotError("The snapshot has no tasks: the project is empty.")
    control, data_key = coding_control(snapshot, from_name)
    attributes: list[str] = []
    rows: list[dict] = []
    for task, annotation in lsexport.select_annotations(snapshot, coders):
        task_attributes = lsexport.task_data(task).get("attributes") or {}
        for key in task_attributes:
            column = f"attr_{key}" if key in SEGMENT_COLUMNS else key
            if column not in attributes:
                attributes.append(column)
        rows += _segment_rows(task, annotation, control, data_key, task_attributes, origin)
    if not rows:
        who = "" if coders in (None, "all") else f" by {coders if isinstance(coders, str) else ', '.join(map(str, coders))}"
        which = "" if origin == "all" else f" of origin {origin!r} ({ORIGIN_LABELS[origin]})"
        annotated = sum(1 for t in snapshot if t.get("annotations"))
        raise SnapshotError(
            f"The snapshot has {len(snapshot)} tasks ({annotated} with annotations) but no coded "
            f"segments{who}{which} in the control {control!r}; "
            + ("code some transcripts first." if origin == "all" else "choose --origin all.")
        )
    columns = SEGMENT_COLUMNS[:2] + attributes + SEGMENT_COLUMNS[2:]
    frame = pd.DataFrame(rows, columns=columns)
    frame.attrs["attributes"] = attributes
    return frame


def _segment_rows(task: Mapping, annotation: Mapping, control: str | None, data_key: str,
                  task_attributes: Mapping, origin: str = "all") -> list[dict]:
    """The :func:`segments` rows of one annotation: one per coded span (of ``origin``) and code."""
    coder = lsexport.coder_of(annotation)
    rows = []
    for span in lsexport.coded_spans(task, annotation, control, data_key):
        if not lsexport.keep_origin(span, origin):
            continue
        for code in span.codes:
            row = {
                "task_id": task.get("id"),
                "participant": participant_of(task),
                "coder": coder.key,
                "coder_id": coder.id,
                "annotation_id": annotation.get("id"),
                "annotation_created_at": annotation.get("created_at"),
                "annotation_updated_at": annotation.get("updated_at"),
                "ground_truth": bool(annotation.get("ground_truth")),
                "region_id": span.region_id,
                "start": span.start,
                "end": span.end,
                "text": span.text,
                "code": code,
                "memo": span.memo,
                "origin": span.origin,
            }
            for key, attr in task_attributes.items():
                row[f"attr_{key}" if key in SEGMENT_COLUMNS else key] = attr
            rows.append(row)
    return rows


def attribute_columns(frame: pd.DataFrame) -> list[str]:
    """The participant attribute columns of a :func:`segments` frame."""
    known = frame.attrs.get("attributes")
    if known is not None:
        return [c for c in known if c in frame.columns]
    return [c for c in frame.columns if c not in SEGMENT_COLUMNS]


def relations(snapshot, coders="all") -> pd.DataFrame:
    """One row per relation between two coded spans (Label Studio ``<Relations>``).

    Columns ``task_id, participant, coder, coder_id, annotation_id, relation, direction,
    from_region, to_region, from_codes, to_codes``; a relation with several labels gives one row
    per label, one with none has ``relation`` empty. The codes are joined with ``"; "``.
    """
    snapshot = as_snapshot(snapshot)
    rows = []
    for task, annotation in lsexport.select_annotations(snapshot, coders):
        codes = {
            r.get("id"): list((r.get("value") or {}).get("labels") or [])
            for r in lsexport.results_of(annotation) if lsexport.is_span_result(r, None)
        }
        coder = lsexport.coder_of(annotation)
        for result in lsexport.relations_of(annotation):
            for label in result.get("labels") or [""]:
                rows.append({
                    "task_id": task.get("id"),
                    "participant": participant_of(task),
                    "coder": coder.key,
                    "coder_id": coder.id,
                    "annotation_id": annotation.get("id"),
                    "relation": label,
                    "direction": result.get("direction") or "right",
                    "from_region": result.get("from_id"),
                    "to_region": result.get("to_id"),
                    "from_codes": "; ".join(codes.get(result.get("from_id"), [])),
                    "to_codes": "; ".join(codes.get(result.get("to_id"), [])),
                })
    return pd.DataFrame(rows, columns=RELATION_COLUMNS)


def check_codebook(snapshot, book: Codebook, from_name: str | None = None) -> None:
    """Raise when the snapshot uses codes ``book`` lacks (it was coded with another codebook).

    The message names each unknown code with its number of segments and tasks, and lists the
    codebook's codes.
    """
    snapshot = as_snapshot(snapshot)
    control, data_key = coding_control(snapshot, from_name)
    known = set(book.names)
    unknown = {
        code: ids
        for code, ids in lsexport.used_codes(snapshot, control, data_key).items()
        if code not in known
    }
    if unknown:
        listing = "; ".join(
            f"{code!r} ({len(ids)} segments in tasks "
            f"{', '.join(str(i) for i in sorted(set(ids), key=natural_key))})"
            for code, ids in sorted(unknown.items())
        )
        raise SnapshotError(
            f"The snapshot uses {len(unknown)} code(s) that the codebook {book.title!r} does not "
            f"have: {listing}. The codebook has: {', '.join(book.names)}. Was the snapshot taken "
            "from a project with another codebook? Pass that codebook with --codebook."
        )


def codebook_for(
    snapshot, codebook: str | os.PathLike | Codebook | None = None, *, required: bool = True
) -> Codebook | None:
    """The codebook that goes with ``snapshot``, checked against the codes it uses: the one
    answer every command (themes, report, agreement, evaluate) uses.

    ``codebook`` (a file any :func:`~ls_thematic.label_config.codebook_io.load_codebook` reads,
    or a :class:`Codebook`) wins; otherwise the codebook is read back from the snapshot's
    labelling config (:func:`ls_thematic.label_config.lsexport.config_codebook`). Without
    either, ``None`` when not ``required``.

    Raises
    ------
    SnapshotError
        ``required`` and the snapshot has no labelling config (a plain Label Studio export) and
        no codebook was given, or it uses codes the codebook lacks (:func:`check_codebook`).
    """
    snapshot = as_snapshot(snapshot)
    if isinstance(codebook, Codebook):
        book = codebook
    elif codebook is not None:
        book = load_codebook(codebook)
    else:
        book = lsexport.config_codebook(snapshot.label_config)
    if book is None and not required:
        return None
    if book is None:
        raise SnapshotError(
            "The snapshot carries no labelling config (it is a plain Label Studio export), so "
            "its codebook is unknown; pass the codebook with --codebook FILE (.yaml, .csv, .qdc "
            "or the project's labelling .xml)."
        )
    check_codebook(snapshot, book)
    return book
