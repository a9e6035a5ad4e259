"""One reader of Label Studio data, used by the backend and every script alike.

Each question about a Label Studio task or annotation has its answer here, once:

- who made an annotation: :func:`coder_of` (a :class:`Coder`);
- which annotations count: :func:`counted_annotations` (never a cancelled one),
  :func:`latest_by_coder` (a coder's last save per task) and :func:`reconciled_annotation`
  (the ground truth, else the latest), and :func:`select_annotations` over many tasks;
- which results of an annotation are coded spans: :func:`coded_spans`, with ONE validity rule
  (see :func:`span_of`), and where each came from: :func:`origin_of` (coded by hand, or a
  suggestion kept as it was);
- the relations and memos of an annotation: :func:`relations_of`, :func:`memos_of`;
- a task's id, participant and imported speaker turns: :func:`task_id_of`,
  :func:`participant_of`, :func:`turns_of`;
- which control codes the text: :func:`coding_control`; which codes the data uses:
  :func:`used_codes`; the codebook a labelling config carries: :func:`config_codebook`.

The answers are plain data (named tuples, tuples, dicts), so each consumer builds what it
needs from them: a DataFrame of segments, the agreement arrays, the backend's training
segments. A span that one command counts is counted by all of them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from .codebook import Codebook
from .errors import CodebookError, LabelStudioDataError
from .lsxml import codebook_from_label_config, control_names

#: ``coders=`` choices of :func:`select_annotations` besides a list of coders.
COMMON_SELECTIONS = ("all", "reconciled", "latest")

# Where a span came from (Label Studio's ``origin`` of a result). A suggestion the coder kept
# unchanged is an *accepted* suggestion, not coding of their own; one they edited
# (``prediction-changed``) or coded themselves (``manual``) is theirs.
MANUAL, ACCEPTED, EDITED = "manual", "prediction", "prediction-changed"
#: ``origin=`` choices of :func:`keep_origin`: every span, the coder's own, accepted suggestions.
ORIGIN_CHOICES = ("all", "manual", "accepted")
#: The task meta key ``ls-thematic sample --assign`` writes on a transcript it gives a second
#: coder; the backend makes no suggestions on such a task (blind double-coding).
SAMPLE_META_KEY = "ls_thematic_sample"


# --------------------------------------------------------------------------- coders
class Coder(NamedTuple):
    """Who made an annotation.

    Attributes
    ----------
    email : str or None
        The e-mail address, when the export expanded ``completed_by`` into a user object (or
        gave a name that is not a number).
    id : int or None
        The Label Studio user id, when known.
    """

    email: str | None
    id: int | None

    @property
    def key(self) -> str:
        """The coder as text: the e-mail, else the user id, else ``"unknown"``."""
        if self.email:
            return self.email
        return "unknown" if self.id is None else str(self.id)

    @property
    def label(self) -> int | str:
        """The coder as agreement reports name them: the e-mail, else the user id (an int)."""
        if self.email:
            return self.email
        return "unknown" if self.id is None else self.id

    @property
    def known(self) -> bool:
        """Whether the annotation names its coder at all."""
        return bool(self.email) or self.id is not None

    def matches(self, wanted: object) -> bool:
        """Whether ``wanted`` (an e-mail or a user id, any case) names this coder."""
        text = str(wanted).strip().lower()
        return text in {self.key.lower(), str(self.id).lower() if self.id is not None else None}


def coder_of(annotation: Mapping) -> Coder:
    """Who made ``annotation``, from its ``completed_by``.

    ``completed_by`` is a user id (an int, or digits as text), a user object with ``id`` and
    ``email`` (``pull`` and exports with expanded users), or a name. A missing or unreadable
    value gives ``Coder(None, None)``, whose :attr:`Coder.known` is false.
    """
    if not isinstance(annotation, Mapping):
        raise LabelStudioDataError(
            f"An annotation must be a JSON object; found {type(annotation).__name__}."
        )
    who = annotation.get("completed_by")
    email = None
    if isinstance(who, Mapping):
        email = who.get("email") if isinstance(who.get("email"), str) else None
        who = who.get("id")
    if isinstance(who, bool) or who is None:
        return Coder(email or None, None)
    if isinstance(who, Integral):
        return Coder(email or None, int(who))
    if isinstance(who, str):
        text = who.strip()
        if text.isascii() and text.isdigit():
            return Coder(email or None, int(text))
        return Coder(email or text or None, None)
    return Coder(email or None, None)


# --------------------------------------------------------------------------- annotations
def annotations_of(task: Mapping) -> list[Mapping]:
    """The annotations of ``task`` (cancelled ones included), checked to be a list of objects."""
    annotations = task.get("annotations") or []
    if not isinstance(annotations, list):
        raise LabelStudioDataError(
            f"Task {task.get('id', '?')} has 'annotations' that is not a list; found "
            f"{type(annotations).__name__}."
        )
    for annotation in annotations:
        if not isinstance(annotation, Mapping):
            raise LabelStudioDataError(
                f"Task {task.get('id', '?')} has an annotation that is not a JSON object; found "
                f"{type(annotation).__name__}."
            )
    return annotations


def counted_annotations(task: Mapping) -> list[Mapping]:
    """The annotations of ``task`` that count: every one that was not cancelled (skipped)."""
    return [a for a in annotations_of(task) if not a.get("was_cancelled")]


def saved_at(annotation: Mapping) -> float:
    """When ``annotation`` was last saved, in seconds since the epoch (-inf when unknown).

    ``updated_at``, else ``created_at``, as ISO 8601 text; a time without a zone is UTC.
    """
    when = annotation.get("updated_at") or annotation.get("created_at")
    if not isinstance(when, str) or not when:
        return float("-inf")
    try:
        stamp = _dt.datetime.fromisoformat(when.strip().replace("Z", "+00:00"))
    except ValueError:
        return float("-inf")
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=_dt.timezone.utc)
    return stamp.timestamp()


def _id_rank(annotation: Mapping) -> float:
    value = annotation.get("id")
    return float(value) if isinstance(value, Integral) and not isinstance(value, bool) else 0.0


def latest_by_coder(task: Mapping) -> dict[str, Mapping]:
    """Each coder's last saved annotation of ``task``, keyed by :attr:`Coder.key`.

    A coder with several annotations of one task (a re-save as a new annotation) counts once,
    with the latest (by :func:`saved_at`; on a tie, the later one in the list).
    """
    latest: dict[str, tuple[tuple, Mapping]] = {}
    for position, annotation in enumerate(counted_annotations(task)):
        key = coder_of(annotation).key
        rank = (saved_at(annotation), position)
        if key not in latest or rank >= latest[key][0]:
            latest[key] = (rank, annotation)
    return {key: annotation for key, (_, annotation) in latest.items()}


def reconciled_annotation(task: Mapping) -> Mapping | None:
    """The one annotation that stands for ``task``: the ground truth, else the latest saved
    (on a tie, the higher id); ``None`` when nothing counts."""
    best, best_rank = None, None
    for annotation in counted_annotations(task):
        rank = (bool(annotation.get("ground_truth")), saved_at(annotation), _id_rank(annotation))
        if best_rank is None or rank > best_rank:
            best, best_rank = annotation, rank
    return best


def select_annotations(
    tasks: Iterable[Mapping], coders: str | Sequence = "all"
) -> list[tuple[Mapping, Mapping]]:
    """``(task, annotation)`` pairs of the chosen coders, in task order; cancelled never count.

    Parameters
    ----------
    tasks : iterable of task dicts
    coders : "all", "reconciled", "latest", or list of str/int
        ``"all"``: every annotation that counts. ``"reconciled"``: one per task
        (:func:`reconciled_annotation`). ``"latest"``: one per task and coder
        (:func:`latest_by_coder`). A list keeps every annotation of those coders (e-mails or
        user ids, any case).

    Raises
    ------
    LabelStudioDataError
        ``coders`` is another text, or names a coder with no annotation.
    """
    tasks = list(tasks)
    if coders is None or coders == "all":
        return [(task, a) for task in tasks for a in counted_annotations(task)]
    if coders == "reconciled":
        chosen = ((task, reconciled_annotation(task)) for task in tasks)
        return [(task, a) for task, a in chosen if a is not None]
    if coders == "latest":
        return [(task, a) for task in tasks for a in latest_by_coder(task).values()]
    if isinstance(coders, str):
        raise LabelStudioDataError(
            f"coders={coders!r} is not allowed; use 'all', 'reconciled', 'latest' or a list of "
            "coder ids or e-mails."
        )
    pairs = [(task, a) for task in tasks for a in counted_annotations(task)]
    known = sorted({coder_of(a).key for _, a in pairs})
    missing = [w for w in coders if not any(coder_of(a).matches(w) for _, a in pairs)]
    if missing:
        raise LabelStudioDataError(
            f"No annotations by {', '.join(map(str, missing))} in the data; its coders are: "
            f"{', '.join(known) or 'none (nothing is coded yet)'}."
        )
    return [(task, a) for task, a in pairs if any(coder_of(a).matches(w) for w in coders)]


def coders_of(task: Mapping) -> list[Coder]:
    """The coders with an annotation of ``task`` that counts, in order, each once."""
    return list(dict.fromkeys(coder_of(a) for a in counted_annotations(task)))


# --------------------------------------------------------------------------- tasks
def task_id_of(task: Mapping, default: object = None) -> object:
    """The task's id (``id``, or ``task`` as an id or object), else ``default``."""
    value = task.get("id", task.get("task", default))
    if isinstance(value, Mapping):
        value = value.get("id", default)
    return value


def task_data(task: Mapping) -> Mapping:
    """The task's ``data`` object (empty when missing or not an object)."""
    data = task.get("data")
    return data if isinstance(data, Mapping) else {}


def participant_of(task: Mapping) -> str:
    """The task's participant id: ``data.participant``, else the transcript's file name."""
    data = task_data(task)
    pid = data.get("participant")
    if pid not in (None, ""):
        return str(pid)
    source = data.get("source_file")
    if source:
        return Path(str(source)).stem
    return f"task {task.get('id')}"


class Turn(NamedTuple):
    """One imported speaker turn: ``[start, end)`` of the task text."""

    start: int
    end: int
    speaker: str | None
    role: str | None


def _is_int(value: object) -> bool:
    # `type(...) is` first: this runs for every span of every export, and ABC checks are slow.
    return type(value) is int or (isinstance(value, Integral) and not isinstance(value, bool))


def _is_mapping(value: object) -> bool:
    return type(value) is dict or isinstance(value, Mapping)


def turns_of(text: str, turns: object) -> list[Turn]:
    """Check a task's ``data.turns`` against its text; the non-empty turns in text order.

    Parameters
    ----------
    text : str
        The task text the offsets point into.
    turns : list of dict
        Each ``{"start": int, "end": int, "speaker": str | None, "role": str | None}``.

    Raises
    ------
    LabelStudioDataError
        ``turns`` is not a list of such objects, an offset is outside the text, or two turns
        overlap.
    """
    if not isinstance(turns, list):
        raise LabelStudioDataError(
            f"data.turns must be a list of {{start, end, speaker, role}} objects; "
            f"found {type(turns).__name__}."
        )
    out = [_turn(text, i, turn) for i, turn in enumerate(turns)]
    out = sorted((t for t in out if t.start < t.end), key=lambda t: (t.start, t.end))
    for before, after in zip(out, out[1:], strict=False):
        if after.start < before.end:
            raise LabelStudioDataError(
                f"data.turns overlap: [{before.start}, {before.end}) and "
                f"[{after.start}, {after.end}); turns must not overlap."
            )
    return out


def _turn(text: str, i: int, turn: object) -> Turn:
    if not isinstance(turn, Mapping):
        raise LabelStudioDataError(
            f"data.turns[{i}] must be an object with start, end, speaker and role; "
            f"found {type(turn).__name__}."
        )
    start, end = turn.get("start"), turn.get("end")
    if not (_is_int(start) and _is_int(end)):
        raise LabelStudioDataError(
            f"data.turns[{i}] needs integer start and end offsets; "
            f"found start={start!r}, end={end!r}."
        )
    if not 0 <= start <= end <= len(text):
        raise LabelStudioDataError(
            f"data.turns[{i}] has start={start}, end={end}, outside the text "
            f"(0 <= start <= end <= {len(text)} is allowed)."
        )
    speaker, role = turn.get("speaker"), turn.get("role")
    for key, value in (("speaker", speaker), ("role", role)):
        if value is not None and not isinstance(value, str):
            raise LabelStudioDataError(
                f"data.turns[{i}].{key} must be text or null; found {type(value).__name__}."
            )
    return Turn(int(start), int(end), speaker, role)


# --------------------------------------------------------------------------- spans
class CodedSpan(NamedTuple):
    """One coded span of an annotation: ``text[start:end]`` coded with ``codes``.

    ``start``/``end`` are character offsets into the task text (``end`` exclusive); ``text``
    is the task's text there (a span's own ``value.text`` is used only when the task text is
    not at hand). ``memo`` is the span's memo (its per-region text), empty when none.
    ``origin`` is :data:`MANUAL`, :data:`ACCEPTED` or :data:`EDITED` (:func:`origin_of`).
    """

    region_id: object
    start: int | None
    end: int | None
    text: str
    codes: tuple[str, ...]
    memo: str
    origin: str = MANUAL

    @property
    def accepted(self) -> bool:
        """A suggestion the coder kept unchanged (not coding of their own)."""
        return self.origin == ACCEPTED


def origin_of(result: Mapping) -> str:
    """Where a result came from: :data:`ACCEPTED` (a suggestion kept unchanged),
    :data:`EDITED` (a suggestion the coder changed) or :data:`MANUAL` (coded by hand). A
    missing or unknown ``origin`` (older exports, other tools) counts as coded by hand."""
    origin = result.get("origin")
    return origin if origin in (ACCEPTED, EDITED) else MANUAL


def keep_origin(span: CodedSpan, origin: str) -> bool:
    """Whether ``span`` is kept by an ``origin=`` choice (:data:`ORIGIN_CHOICES`): ``"all"``;
    ``"manual"``, the coder's own coding (by hand or an edited suggestion); ``"accepted"``,
    the suggestions kept unchanged.

    Raises
    ------
    ValueError
        ``origin`` is not one of :data:`ORIGIN_CHOICES`.
    """
    if origin == "all":
        return True
    if origin == "manual":
        return not span.accepted
    if origin == "accepted":
        return span.accepted
    raise ValueError(f"origin must be one of {', '.join(ORIGIN_CHOICES)}; got {origin!r}.")


def is_span_result(result: Mapping, from_name: str | None) -> bool:
    """Whether ``result`` is a span of the coding control: a ``labels`` result (type given, or
    missing with a ``value.labels``) of ``from_name`` (any control when ``None``)."""
    kind = result.get("type")
    if kind is None:
        value = result.get("value")
        kind = "labels" if _is_mapping(value) and "labels" in value else None
    if kind != "labels":
        return False
    return from_name is None or result.get("from_name") == from_name


def span_of(
    result: Mapping, text: str | None, where: str = "span", memo: str = ""
) -> CodedSpan | None:
    """The coded span of one ``labels`` result, by the one rule every consumer uses.

    - ``value`` is an object; ``value.labels`` a list of code names (text);
    - with the task text at hand, ``start``/``end`` are whole numbers with
      ``0 <= start <= end <= len(text)`` and the span's text is ``text[start:end]`` (a
      ``value.text`` that differs is ignored: real exports have such spans);
    - without it, ``value.text`` is the span's text;
    - a span with no code, or whose text is empty or only white space, codes nothing and gives
      ``None``.

    Raises
    ------
    LabelStudioDataError
        The result breaks the rule; the message names the span (``where``) and what is allowed.
    """
    value = result.get("value")
    if not _is_mapping(value):
        raise LabelStudioDataError(f"{where}: value must be an object with start, end and labels.")
    labels = value.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(code, str) for code in labels):
        raise LabelStudioDataError(f"{where}: value.labels must be a list of code names.")
    start, end = value.get("start"), value.get("end")
    if isinstance(text, str):
        if not (_is_int(start) and _is_int(end)):
            raise LabelStudioDataError(
                f"{where} has no character offsets (start={start!r}, end={end!r}); only text "
                "spans (a <Labels> control on <Text>) can be read."
            )
        if not 0 <= start <= end <= len(text):
            raise LabelStudioDataError(
                f"{where} ({start}-{end}) lies outside the task's text: it runs from {start} "
                f"to {end}, outside the text of {len(text)} characters; was the text changed "
                "after coding?"
            )
        span_text = text[start:end]
    elif isinstance(value.get("text"), str):
        span_text = value["text"]
    else:
        raise LabelStudioDataError(
            f"{where}: the span has no value.text and the task's text is not at hand."
        )
    if not labels or not span_text.strip():
        return None
    return CodedSpan(
        region_id=result.get("id"),
        start=int(start) if _is_int(start) else None,
        end=int(end) if _is_int(end) else None,
        text=span_text,
        codes=tuple(dict.fromkeys(labels)),
        memo=memo,
        origin=origin_of(result),
    )


def results_of(annotation: Mapping, where: str = "annotation") -> list[Mapping]:
    """The results of ``annotation``, checked to be a list of objects."""
    results = annotation.get("result") or []
    if not isinstance(results, list):
        raise LabelStudioDataError(f"{where}: result must be a list of result objects.")
    for i, result in enumerate(results):
        if not _is_mapping(result):
            raise LabelStudioDataError(
                f"{where}, result[{i}] must be an object; found {type(result).__name__}."
            )
    return results


def region_id(result: Mapping) -> str | int | None:
    """A result's region ``id`` when it is one (a string or an integer), else None."""
    rid = result.get("id")
    return rid if isinstance(rid, (str, int)) and not isinstance(rid, bool) else None


def memos_of(annotation: Mapping) -> dict[object, str]:
    """Each region's memo (its ``textarea`` per-region results, joined by newlines)."""
    memos: dict[object, list[str]] = {}
    for result in results_of(annotation):
        if result.get("type") == "textarea" and region_id(result):
            texts = (result.get("value") or {}).get("text") or []
            if isinstance(texts, str):
                texts = [texts]
            memos.setdefault(region_id(result), []).extend(str(t) for t in texts)
    return {region: "\n".join(lines) for region, lines in memos.items()}


def coded_spans(
    task: Mapping, annotation: Mapping, from_name: str | None, data_key: str = "text"
) -> list[CodedSpan]:
    """The coded spans of ``annotation`` of ``task``: its ``labels`` results of the coding
    control ``from_name`` (:func:`is_span_result`), each read by :func:`span_of`, with its memo.

    Results of other controls, relations and memos are not spans. A cancelled annotation has
    none. The task's text is ``data[data_key]``.
    """
    if annotation.get("was_cancelled"):
        return []
    text = task_data(task).get(data_key)
    text = text if isinstance(text, str) else None
    task_id = task_id_of(task, "?")
    results = results_of(annotation, f"Task {task_id}, annotation {annotation.get('id', '?')}")
    memos = memos_of(annotation)
    spans = []
    for result in results:
        if not is_span_result(result, from_name):
            continue
        where = f"Task {task_id}: span {result.get('id', '?')}"
        span = span_of(result, text, where, memos.get(region_id(result), ""))
        if span is not None:
            spans.append(span)
    return spans


def relations_of(annotation: Mapping) -> list[Mapping]:
    """The ``relation`` results of ``annotation`` (``from_id``, ``to_id``, ``direction``,
    ``labels``)."""
    return [r for r in results_of(annotation) if r.get("type") == "relation"]


# --------------------------------------------------------------------------- the config
@dataclass(frozen=True)
class Control:
    """The control that codes text: its name, the object it codes and the task field."""

    from_name: str | None
    to_name: str | None
    data_key: str


def coding_control(
    label_config: str | None, tasks: Iterable[Mapping] = (), from_name: str | None = None
) -> Control:
    """The coding control of a project: from its labelling config when there is one, else the
    one ``from_name`` the tasks' span results use (an error when they use several).

    The config's control is its ``<Labels>`` on a ``<Text>``
    (:func:`~ls_thematic.label_config.lsxml.control_names`); ``from_name`` given wins over it.
    The data key is the coded ``<Text>``'s
    ``value`` without ``$`` (``text`` without a config).
    """
    if label_config:
        config_from, to_name, _ = control_names(label_config)
        data_key = _text_data_key(label_config, to_name) or "text"
        return Control(from_name or config_from, to_name, data_key)
    if from_name:
        return Control(from_name, None, "text")
    used = sorted(
        {
            result.get("from_name")
            for task in tasks
            for annotation in annotations_of(task)
            for result in results_of(annotation)
            if is_span_result(result, None) and isinstance(result.get("from_name"), str)
        }
    )
    if len(used) > 1:
        raise LabelStudioDataError(
            f"The data has no labelling config and its spans use several controls "
            f"({', '.join(used)}); say which one holds the codes (from_name / --from-name)."
        )
    return Control(used[0] if used else None, None, "text")


def _text_data_key(xml: str, to_name: str | None) -> str | None:
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    for element in root.iter("Text", "HyperText", "Paragraphs"):
        if element.get("name") == to_name:
            value = element.get("value") or ""
            return value[1:] if value.startswith("$") else None
    return None


def used_codes(
    tasks: Iterable[Mapping], from_name: str | None, data_key: str = "text"
) -> dict[str, list]:
    """Each code the tasks' counted annotations apply (:func:`coded_spans`), with the ids of
    the tasks it is applied in (one entry per span), in first-use order."""
    used: dict[str, list] = {}
    for task in tasks:
        for annotation in counted_annotations(task):
            for span in coded_spans(task, annotation, from_name, data_key):
                for code in span.codes:
                    used.setdefault(code, []).append(task_id_of(task))
    return used


def config_codebook(label_config: str | None) -> Codebook | None:
    """The codebook a labelling config was rendered from, or ``None`` when there is no config
    or it has no codes on text (a config of other origin still gives its codes as a flat list).
    """
    if not label_config:
        return None
    try:
        return codebook_from_label_config(label_config, "the labelling config")
    except CodebookError:
        return None
