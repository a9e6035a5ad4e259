"""Label Studio projects from a codebook: create, import transcripts, change the codebook."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from label_studio_sdk import LabelStudio
from lxml import etree

from ls_thematic.label_config import lsexport
from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.errors import LabelStudioError
from ls_thematic.label_config.lsxml import codebook_to_label_config, control_names
from ls_thematic.label_config.tasks import new_tasks

from .lsclient import call, client_url, get_project, iter_tasks

MIN_TITLE, MAX_TITLE = 3, 50

#: The Data Manager tab each project gets: one row per transcript, with its participant and
#: their attributes as columns, whether it is coded (annotations, completed) and by whom.
CODING_VIEW_TITLE = "Transcripts"
#: Fields of a task (:func:`ls_thematic.label_config.tasks.build_tasks`) that the tab hides:
#: the whole text (opened by clicking the row), the header (participant and attributes, shown as
#: columns), the speaker turns, the content hash and the attributes as raw JSON.
HIDDEN_DATA = ("text", "participant_header", "turns", "content_hash", "attributes")
#: Label Studio 1.23's own task columns the tab hides (the rest, shown: ID, Completed,
#: Annotations, Annotated by). Its default tab hides most of these too.
HIDDEN_TASK_COLUMNS = (
    "inner_id", "cancelled_annotations", "total_predictions", "annotations_results",
    "annotations_ids", "predictions_score", "predictions_model_versions", "predictions_results",
    "file_upload", "storage_filename", "created_at", "updated_at", "updated_by", "avg_lead_time",
    "draft_exists",
)  # fmt: skip
#: In the labelling screen's task list, besides: the file name, completion time and coders.
HIDDEN_WHILE_LABELLING = ("data.source_file", "completed_at", "annotators")
_TASK_FIELDS = frozenset({*HIDDEN_DATA, "participant", "source_file"})


@dataclass
class ImportResult:
    project_id: int
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def create_project(
    client: LabelStudio,
    book: Codebook,
    tasks: list[dict],
    title: str | None = None,
    description: str = "",
) -> ImportResult:
    """Create a project coded with ``book`` and import ``tasks`` (from ``build_tasks``)."""
    title = title or book.title[:MAX_TITLE].rstrip()
    if not MIN_TITLE <= len(title) <= MAX_TITLE:
        raise LabelStudioError(
            f"Project title {title!r} has {len(title)} characters; Label Studio allows "
            f"{MIN_TITLE} to {MAX_TITLE}. Pass a --title of that length."
        )
    config = codebook_to_label_config(book)
    project = call(
        client,
        "creating the project",
        lambda: client.projects.create(
            title=title,
            description=description or book.description[:500],
            label_config=config,
            show_collab_predictions=True,
            # "Start model training on annotation submission" (Settings > Model) stays off: the
            # backend already learns from every save through its webhook; on, Label Studio
            # would also send START_TRAINING (a full refit) inside every save request.
            min_annotations_to_start_training=0,
        ),
    )
    result = import_tasks(client, project.id, tasks)
    ensure_coding_view(client, project.id)
    return result


def attribute_field(name: str) -> str:
    """The task data field that holds participant attribute ``name`` as its own column:
    ``name`` with every run of characters other than letters, digits and ``_`` made one ``_``
    (a Data Manager column id cannot hold a dot), prefixed with ``attribute_`` when it would
    clash with a task field (``text``, ``participant``...)."""
    key = re.sub(r"\W+", "_", name).strip("_") or "attribute"
    return f"attribute_{key}" if key in _TASK_FIELDS else key


def with_attribute_fields(task: dict) -> dict:
    """``task`` with each participant attribute also as a top-level data field, so that the
    Data Manager can show it as a column (it shows only top-level fields). ``attributes``
    stays as it is: everything else reads it there."""
    data = task.get("data", {})
    attributes = data.get("attributes") or {}
    if not isinstance(attributes, Mapping) or not attributes:
        return task
    flat = {attribute_field(str(name)): value for name, value in attributes.items()}
    return {**task, "data": {**data, **{k: v for k, v in flat.items() if k not in data}}}


def coding_view_data() -> dict:
    """The Data Manager tab of :data:`CODING_VIEW_TITLE` (the ``data`` of ``views.create``)."""
    explore = [f"tasks:data.{name}" for name in HIDDEN_DATA]
    explore += [f"tasks:{name}" for name in HIDDEN_TASK_COLUMNS]
    labeling = explore + [f"tasks:{name}" for name in HIDDEN_WHILE_LABELLING]
    return {
        "title": CODING_VIEW_TITLE,
        "type": "list",
        "target": "tasks",
        "hiddenColumns": {"explore": explore, "labeling": labeling},
        "filters": {"conjunction": "and", "items": []},
        "ordering": ["tasks:id"],
    }


def ensure_coding_view(client: LabelStudio, project_id: int) -> int:
    """Create (or bring back to :func:`coding_view_data`) the project's "Transcripts" tab in the
    Data Manager; Label Studio opens a project's first tab. Returns the tab's id."""
    data = coding_view_data()
    views = call(
        client, "listing Data Manager tabs", lambda: list(client.views.list(project=project_id))
    )
    existing = [
        v for v in views if isinstance(v.data, Mapping) and v.data.get("title") == data["title"]
    ]
    if existing:
        view = call(
            client, "updating the Transcripts tab",
            lambda: client.views.update(id=str(existing[0].id), data=data, project=project_id),
        )  # fmt: skip
    else:
        view = call(
            client, "creating the Transcripts tab",
            lambda: client.views.create(project=project_id, data=data),
        )  # fmt: skip
    return int(view.id)


def existing_hashes(client: LabelStudio, project_id: int) -> set[str]:
    return {
        task["data"].get("content_hash")
        for task in iter_tasks(client, project_id)
        if task.get("data", {}).get("content_hash")
    }


def import_tasks(client: LabelStudio, project_id: int, tasks: list[dict]) -> ImportResult:
    """Import tasks, skipping transcripts the project already has (same content hash)."""
    get_project(client, project_id)
    to_import, skipped = new_tasks(tasks, existing_hashes(client, project_id))
    to_import = [with_attribute_fields(task) for task in to_import]
    if to_import:
        call(
            client,
            f"importing {len(to_import)} transcripts",
            lambda: client.projects.import_tasks(id=int(project_id), request=to_import),
        )
    return ImportResult(
        project_id=int(project_id),
        imported=[t["data"].get("source_file", "?") for t in to_import],
        skipped=[t["data"].get("source_file", "?") for t in skipped],
    )


@dataclass
class CodebookChange:
    """What replacing a project's codebook does to its annotations."""

    removed_in_use: dict[str, int]  # label -> number of annotations that use it
    renamed: dict[str, str]
    annotations_migrated: int = 0
    updated: bool = False


def label_usage(tasks: Iterable[dict], from_name: str) -> Counter:
    """Number of annotations that use each label of control ``from_name`` (every annotation,
    cancelled ones too: renaming a code must migrate them all). A label is "used" by an
    annotation when any of its results of that control lists it, as
    :func:`ls_thematic.label_config.lsexport.results_of` reads results."""
    usage: Counter = Counter()
    for task in tasks:
        for annotation in lsexport.annotations_of(task):
            used = set()
            for result in lsexport.results_of(annotation):
                if result.get("from_name") == from_name:
                    used.update((result.get("value") or {}).get("labels") or [])
            usage.update(used)
    return usage


def update_codebook(
    client: LabelStudio,
    project_id: int,
    book: Codebook,
    rename: dict[str, str] | None = None,
    dry_run: bool = False,
) -> CodebookChange:
    """Replace the project's codebook; migrate annotations of renamed codes with ``rename``.

    Label Studio refuses a config that drops a label existing annotations use. Before asking,
    this counts the annotations per removed label; without a rename for each of them it raises
    a :class:`LabelStudioError` naming the labels, the counts and the ``--rename OLD=NEW`` fix.
    With renames, the config changes first to :func:`bridging_config` (new codes, old ones
    still in use kept), then the annotations are migrated, then the final config is set.
    """
    rename = dict(rename or {})
    project = get_project(client, project_id)
    from_name, _, old_labels = control_names(project.label_config)
    new_config = codebook_to_label_config(book)
    new_from, _, new_labels = control_names(new_config)
    unknown_targets = {new for new in rename.values() if new not in new_labels}
    if unknown_targets:
        raise LabelStudioError(
            f"--rename maps to {', '.join(sorted(unknown_targets))}, which the new codebook does "
            f"not have; it has: {', '.join(new_labels)}."
        )
    tasks = list(iter_tasks(client, project_id))
    usage = label_usage(tasks, from_name)
    removed_in_use = {
        label: n for label, n in usage.items() if label not in new_labels and label in old_labels
    }
    unmapped = {label: n for label, n in removed_in_use.items() if label not in rename}
    change = CodebookChange(removed_in_use=removed_in_use, renamed=rename)
    if unmapped:
        listing = "; ".join(f"{label!r} ({n} annotations)" for label, n in sorted(unmapped.items()))
        example = next(iter(unmapped))
        raise LabelStudioError(
            f"The new codebook removes codes that existing annotations use: {listing}. "
            f"Map each to a code of the new codebook, e.g. --rename '{example}=<new code>', "
            f"or keep the code. New codes: {', '.join(new_labels)}."
        )
    if dry_run:
        return change
    if rename:
        # The config changes first, to one that has the new codes and keeps the ones still in
        # use: each migrated annotation's ANNOTATION_UPDATED then carries a config with its new
        # code (the suggestion backend learns it at once). The final config drops the old ones.
        bridge = bridging_config(new_config, new_from, from_name, sorted(usage))
        call(
            client,
            "updating the labelling config (the old codes kept until migrated)",
            lambda: client.projects.update(id=int(project_id), label_config=bridge),
        )
        url = client_url(client)
        for task in tasks:
            for annotation in task.get("annotations") or []:
                result, changed = _renamed(
                    annotation.get("result") or [], from_name, new_from, rename
                )
                if changed:
                    call(
                        client,
                        f"migrating annotation {annotation['id']} at {url}",
                        lambda a=annotation, r=result: client.annotations.update(
                            id=a["id"], result=r
                        ),
                    )
                    change.annotations_migrated += 1
    call(
        client,
        "updating the labelling config",
        lambda: client.projects.update(id=int(project_id), label_config=new_config),
    )
    change.updated = True
    return change


def bridging_config(new_config: str, new_from: str, old_from: str, used: list[str]) -> str:
    """``new_config`` that still has the codes annotations use (``used``, of control
    ``old_from``), so that Label Studio accepts it before those annotations are migrated:
    added to the new control when the control keeps its name, else as the old control beside
    it (after it, so the new control stays the first coding control)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(new_config.encode("utf-8"), parser)
    control = next(el for el in root.iter("Labels") if el.get("name") == new_from)
    present = {el.get("value") for el in control.iter("Label")}
    if old_from == new_from:
        target = control
    else:
        target = etree.Element("Labels", name=old_from, toName=control.get("toName", ""))
        control.addnext(target)
        present = set()
    for label in used:
        if label not in present:
            target.append(etree.Element("Label", value=label))
    return etree.tostring(root, encoding="unicode")


def _renamed(results: list[dict], from_name: str, new_from: str, rename: dict[str, str]):
    changed = False
    out = []
    for result in results:
        result = dict(result)
        if result.get("from_name") == from_name and result.get("type") == "labels":
            value = dict(result.get("value") or {})
            labels = value.get("labels") or []
            mapped = list(dict.fromkeys(rename.get(label, label) for label in labels))
            if mapped != labels:
                changed = True
            value["labels"] = mapped
            result["value"] = value
            result["from_name"] = new_from
        out.append(result)
    return out, changed
