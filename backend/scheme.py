"""What Label Studio tells the backend about a project: its id, its events, its coding scheme.

:func:`parse_project_id` reads the project id Label Studio sends (``"<id>.<created_ts>"`` or an
id). The event names are those of Label Studio's webhooks that change what the model learns
from; :func:`deleted_annotation_ids` reads an ``ANNOTATIONS_DELETED`` payload.

:class:`CodingScheme` is what the project's labelling config says about coding. Names never come
from literals: the coding control, the text object and the task field are read from the config
(``LabelInterface.get_first_tag_occurence("Labels", "Text")``), the codes from that control's
``<Label>`` values, and the codebook (descriptions and example extracts, for the cold start) from
the config's hints, when the config was rendered from a codebook
(:func:`ls_thematic.label_config.lsxml.codebook_from_label_config`).

Every error here is an :class:`~ls_thematic.label_config.errors.InputError` (the app answers 400
with its message).
"""

from __future__ import annotations

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
TRAINING_EVENTS = (ANNOTATION_CREATED, ANNOTATION_UPDATED, ANNOTATIONS_DELETED, START_TRAINING)

_PROJECT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


# --------------------------------------------------------------------------- project ids


def parse_project_id(value: object, where: str = "project") -> str:
    """The project id from ``"<id>.<created_ts>"`` (``/setup``, ``/predict``) or an id.

    Raises
    ------
    InputError
        ``value`` is missing or is not a Label Studio project id.
    """
    if isinstance(value, bool) or value is None:
        raise InputError(
            f"{where} is missing; send the Label Studio project as its id or as "
            "'<id>.<created timestamp>'."
        )
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip().split(".", 1)[0]
    else:
        raise InputError(
            f"{where} must be a project id or '<id>.<created timestamp>'; "
            f"found {type(value).__name__}."
        )
    if not _PROJECT_ID.match(text):
        raise InputError(
            f"{where} {value!r} is not a project id; allowed: letters, digits, '_' and '-' "
            "(Label Studio sends '<id>.<created timestamp>', e.g. '3.1700000000')."
        )
    return text


def is_project_id(name: str) -> bool:
    """Whether ``name`` (a folder under ``MODEL_DIR``) is a project id as stored."""
    return bool(_PROJECT_ID.match(name))


# --------------------------------------------------------------------------- events


def deleted_annotation_ids(data: Mapping) -> list:
    """The annotation ids of an ``ANNOTATIONS_DELETED`` event (``{"annotations": [{"id"}]}``)."""
    annotations = data.get("annotations")
    if not isinstance(annotations, list):
        raise InputError(
            "ANNOTATIONS_DELETED needs 'annotations': a list of {\"id\": ...} objects; "
            "it is missing or not a list."
        )
    ids = []
    for i, item in enumerate(annotations):
        if not isinstance(item, Mapping) or item.get("id") is None:
            raise InputError(f"annotations[{i}] must be an object with the annotation's 'id'.")
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
        Every control name in the config (results of other controls are ignored, results of
        unknown controls are an error).
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
