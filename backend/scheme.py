"""What Label Studio tells the backend about a project: its id, its events, its coding scheme.

:func:`parse_project` reads the project Label Studio sends: ``"<id>.<created_ts>"`` in
``/setup`` and ``/predict``, the project object (``id`` and ``created_at``) in webhooks
(:func:`event_project`), or a bare id. The creation time tells a project from a later one that
reuses its id (a reset Label Studio). The event names are those of Label Studio's webhooks that
change what the model learns from; :func:`deleted_annotation_ids` and :func:`deleted_task_ids`
read the deletion payloads.

:class:`CodingScheme` is what the project's labelling config says about coding. Names never come
from literals: the coding control, the text object and the task field are read from the config
(``LabelInterface.get_first_tag_occurence("Labels", "Text")``), the codes from that control's
``<Label>`` values, and the codebook (descriptions and example extracts, for the cold start) from
the config's hints, when the config was rendered from a codebook
(:func:`ls_thematic.label_config.lsxml.codebook_from_label_config`). A config with a document
type declaration (``<!DOCTYPE``, ``<!ENTITY``) is refused before any parser sees it: a labelling
config never needs one, and entities could read local files (XXE).

Every error here is an :class:`~ls_thematic.label_config.errors.InputError` (the app answers 400
with its message).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from label_studio_sdk.label_interface import LabelInterface

from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.errors import InputError
from ls_thematic.label_config.lsexport import config_codebook

log = logging.getLogger(__name__)

ANNOTATION_CREATED = "ANNOTATION_CREATED"
ANNOTATION_UPDATED = "ANNOTATION_UPDATED"
ANNOTATIONS_DELETED = "ANNOTATIONS_DELETED"
START_TRAINING = "START_TRAINING"
TASKS_DELETED = "TASKS_DELETED"
PROJECT_DELETED = "PROJECT_DELETED"
#: The events that change what a project's model learns from (every other event is ignored).
TRAINING_EVENTS = (
    ANNOTATION_CREATED,
    ANNOTATION_UPDATED,
    ANNOTATIONS_DELETED,
    START_TRAINING,
    TASKS_DELETED,
    PROJECT_DELETED,
)

_PROJECT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
# A DTD may declare entities that read files or URLs (XXE); no labelling config has one.
_DOCTYPE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


# --------------------------------------------------------------------------- project ids


@dataclass(frozen=True)
class ProjectRef:
    """A Label Studio project as a request names it.

    Attributes
    ----------
    id : str
        The project id.
    created_ts : int or None
        When the project was created (Unix seconds, as in ``"<id>.<created_ts>"``), if the
        request said so; two projects with one id and different times are different projects.
    """

    id: str
    created_ts: int | None = None


def parse_project(value: object, where: str = "project") -> ProjectRef:
    """The project of ``"<id>.<created_ts>"`` (``/setup``, ``/predict``), of an id, or of a
    :class:`ProjectRef`.

    Raises
    ------
    InputError
        ``value`` is missing or is not a Label Studio project id.
    """
    if isinstance(value, ProjectRef):
        return value
    if isinstance(value, bool) or value is None:
        raise InputError(
            f"{where} is missing; send the Label Studio project as its id or as "
            "'<id>.<created timestamp>'."
        )
    if isinstance(value, int):
        text, ts = str(value), ""
    elif isinstance(value, str):
        text, _, ts = value.strip().partition(".")
    else:
        raise InputError(
            f"{where} must be a project id or '<id>.<created timestamp>'; "
            f"found {type(value).__name__}."
        )
    if not _PROJECT_ID.fullmatch(text) or (ts and not _TIMESTAMP.fullmatch(ts)):
        raise InputError(
            f"{where} {value!r} is not a project id; allowed: letters, digits, '_' and '-', "
            "then optionally '.' and the creation time in whole seconds (Label Studio sends "
            "'<id>.<created timestamp>', e.g. '3.1700000000')."
        )
    return ProjectRef(text, int(ts) if ts else None)


def parse_project_id(value: object, where: str = "project") -> str:
    """The project id of :func:`parse_project`."""
    return parse_project(value, where).id


def event_project(data: Mapping) -> ProjectRef | None:
    """The project of a webhook body: its ``project`` object (``id``, and ``created_at``, which
    gives the creation time) or id; ``None`` when the body names none.

    Raises
    ------
    InputError
        The project id is not a Label Studio project id.
    """
    project = data.get("project")
    if isinstance(project, Mapping):
        if project.get("id") is None:
            return None
        ref = parse_project(project["id"])
        return ProjectRef(ref.id, _created_ts(project.get("created_at")))
    return None if project is None else parse_project(project)


def _created_ts(created_at: object) -> int | None:
    """Unix seconds of Label Studio's ``created_at`` (ISO 8601), as its ``/setup`` counts them
    (``int(created_at.timestamp())``); ``None`` when absent or unreadable."""
    if not isinstance(created_at, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(created_at.strip())
    except ValueError:
        log.info("project.created_at %r is not an ISO 8601 time; ignored", created_at[:40])
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)  # Label Studio keeps times in UTC
    return int(moment.timestamp())


def is_project_id(name: str) -> bool:
    """Whether ``name`` is a project id (letters, digits, ``_`` and ``-``)."""
    return bool(_PROJECT_ID.fullmatch(name))


# --------------------------------------------------------------------------- events


def deleted_annotation_ids(data: Mapping) -> list:
    """The annotation ids of an ``ANNOTATIONS_DELETED`` event (``{"annotations": [{"id"}]}``)."""
    return _deleted_ids(data, "annotations", ANNOTATIONS_DELETED, "annotation")


def deleted_task_ids(data: Mapping) -> list[int]:
    """The task ids of a ``TASKS_DELETED`` event (``{"tasks": [{"id"}]}``), as integers."""
    ids = _deleted_ids(data, "tasks", TASKS_DELETED, "task")
    for i, task_id in enumerate(ids):
        if not isinstance(task_id, int) or isinstance(task_id, bool):
            raise InputError(f"tasks[{i}].id must be a task id (an integer); found {task_id!r}.")
    return ids


def _deleted_ids(data: Mapping, key: str, event: str, what: str) -> list:
    items = data.get(key)
    if not isinstance(items, list):
        raise InputError(
            f"{event} needs '{key}': a list of {{\"id\": ...}} objects; it is missing or not a list."
        )
    ids = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping) or item.get("id") is None:
            raise InputError(f"{key}[{i}] must be an object with the {what}'s 'id'.")
        ids.append(item["id"])
    return ids


# --------------------------------------------------------------------------- the coding scheme


@dataclass(frozen=True)
class CodingScheme:
    """What the labelling config says about coding: control, object, task field, codes.

    Attributes
    ----------
    from_name, to_name : str
        The ``<Labels>`` control that codes text and the ``<Text>`` object it codes.
    data_key : str
        The task field that holds the text (``$text`` -> ``"text"``).
    labels : tuple of str
        The codes a coder can apply, in config order.
    controls : frozenset of str
        Every control name in the config (coded segments come from ``from_name`` only).
    codebook : Codebook or None
        The codebook the config was rendered from (``None`` for a config of other origin): its
        descriptions and example extracts give the suggester a cold start.
    config_hash : str
        SHA-256 of the config text.
    """

    from_name: str
    to_name: str
    data_key: str
    labels: tuple[str, ...]
    controls: frozenset[str]
    codebook: Codebook | None
    config_hash: str

    @classmethod
    def from_config(cls, xml: object) -> CodingScheme:
        """Read the coding scheme from a labelling config; :class:`InputError` if it has none."""
        if not isinstance(xml, str) or not xml.strip():
            raise InputError(
                "The labelling config is missing or empty; send the project's XML config "
                "(a <View> with a <Labels> control on a <Text> object)."
            )
        if _DOCTYPE.search(xml):
            raise InputError(
                "The labelling config has a document type declaration (<!DOCTYPE or <!ENTITY); "
                "a labelling config never needs one and this backend refuses it, because "
                "entities can read local files. Send the config without it."
            )
        try:
            interface = LabelInterface(xml)
        except Exception as exc:  # the SDK raises several types for malformed XML
            raise InputError(f"The labelling config is not valid XML: {exc}.") from None
        try:
            from_name, to_name, value = interface.get_first_tag_occurence("Labels", "Text")
        except (ValueError, KeyError):
            raise InputError(
                "The labelling config has no <Labels> control on a <Text> object; this backend "
                'suggests codes for text spans, e.g. <Labels name="code" toName="text"> with '
                '<Label value="..."/> codes and <Text name="text" value="$text"/>.'
            ) from None
        labels = tuple(interface.get_control(from_name).labels)
        if not labels:
            raise InputError(
                f"The <Labels name={from_name!r}> control has no <Label> codes; add at least one."
            )
        return cls(
            from_name=from_name,
            to_name=to_name,
            data_key=str(value).lstrip("$"),
            labels=labels,
            controls=frozenset(control.name for control in interface.controls),
            codebook=_codebook(xml),
            config_hash=config_hash(xml),
        )

    @property
    def known_codes(self) -> frozenset[str]:
        """The codes the model learns: the control's codes (those of the codebook that a coder
        can apply, when there is a codebook). Coded segments keep any other code as sent, and
        it counts again once the config has it."""
        codes = set(self.labels)
        if self.codebook is not None:
            codes &= set(self.codebook.codable_names)
        return frozenset(codes)

    def check_labels(self, labels: object, where: str) -> list[str]:
        """``labels`` (a result's ``value.labels``), checked against the config's codes."""
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise InputError(f"{where}: value.labels must be a list of code names.")
        unknown = [x for x in labels if x not in self.labels]
        if unknown:
            raise InputError(
                f"{where}: unknown code {unknown[0]!r}; the labelling config's "
                f"<Labels name={self.from_name!r}> has: {', '.join(self.labels)}."
            )
        return labels

    def check_from_name(self, from_name: object, where: str) -> bool:
        """Whether a result belongs to the coding control; error for an unknown control."""
        if from_name == self.from_name:
            return True
        if isinstance(from_name, str) and from_name in self.controls:
            return False
        raise InputError(
            f"{where}: unknown from_name {from_name!r}; the labelling config's controls are: "
            f"{', '.join(sorted(self.controls))} (codes come from {self.from_name!r})."
        )


def config_hash(xml: str) -> str:
    """SHA-256 of a labelling config's text (a changed config is a changed model)."""
    return hashlib.sha256(xml.encode("utf-8")).hexdigest()


def _codebook(xml: str) -> Codebook | None:
    """The codebook the config was rendered from (descriptions, examples), or ``None``."""
    book = config_codebook(xml)
    if book is None:
        log.info("No codebook in this labelling config, so no cold start")
    return book
