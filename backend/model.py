"""The suggestion model of one Label Studio project, shaped like a label-studio-ml 2.x model.

:class:`ThematicModel` has ``setup()``, ``predict(tasks, context)`` and ``fit(event, data)``, and
knows nothing of HTTP: :mod:`ls_thematic.backend.app` only translates requests into these calls,
through :class:`~ls_thematic.backend.registry.ModelRegistry` (one model per project, and the
worker thread that refits them). What the labelling config says (the coding control, the text
object, the task field, the codes and the codebook) is a
:class:`~ls_thematic.backend.scheme.CodingScheme`; names never come from literals.

Learning. Every span any coder coded (``"labels"`` results) is a training segment: its text,
codes and context (:func:`.segment.context_items`, as for units). ``fit`` applies an event to the
:class:`~ls_thematic.backend.store.SegmentStore` at once (journaled and fsynced, so it survives a
crash) and returns; the estimator (:class:`~ls_thematic.backend.suggester.CodeSuggester`, with
the codebook's prototypes from :mod:`.prototypes` as its cold start) is refitted later, off the
request path, by the registry's worker thread, which coalesces a burst of events into one refit.
:meth:`ThematicModel.predict` first catches up with any change the worker has not fitted yet, so
a prediction always reflects every event received so far. A code the config does not have is
stored as sent and left out of the fit until the config has it (an event is never refused for
it: Label Studio does not send it again).

START_TRAINING (:meth:`ThematicModel.rebuild_from_label_studio`) pulls every task through the
label-studio-sdk, with a token that never goes to a host it was not configured with, a timeout
and a cap (:mod:`.connection`).

``model_version`` is a hash of what the model is made of (the segment set, the labelling
config, the encoder, the context rule): it changes exactly when the model does, so Label
Studio does not store a duplicate prediction each time a task is opened.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ls_thematic.label_config import lsexport
from ls_thematic.label_config.errors import InputError, LabelStudioDataError

from . import refit as refitting
from .config import Settings
from .connection import Connection, pulled_tasks, sdk_client
from .encoders import describe_encoder, shared_embeddings, text_key
from .prefill import also_possible, cap_per_block, prefilled, thresholds_of
from .regions import region, why_note
from .scheme import (
    ANNOTATION_CREATED,
    ANNOTATION_UPDATED,
    ANNOTATIONS_DELETED,
    START_TRAINING,
    TASKS_DELETED,
    CodingScheme,
    config_hash,
    deleted_annotation_ids,
    deleted_task_ids,
    parse_project_id,
)
from .segment import (
    CONTEXT_RULE,
    Span,
    Unit,
    blocks_of,
    context_items,
    merge_adjacent,
    span_contexts,
    split_units,
    uncovered,
)
from .store import LABEL_CONFIG, Segment
from .stores import (
    Store,
    forget_embedded_tasks,
    open_embeddings,
    open_store,
    open_suggestion_log,
)
from .suggester import CodeSuggester
from .suggestion_log import is_blind, now

log = logging.getLogger(__name__)

#: The longest task text /predict takes (an hour's interview is 50,000-70,000 characters).
MAX_TASK_CHARS = 200_000


@dataclass(frozen=True)
class _Fitted:
    version: str
    estimator: object | None  # None: nothing to learn from yet
    scheme: CodingScheme
    n_segments: int
    trained: refitting.Trained | None = None
    #: The pre-fill's precision thresholds of ``estimator`` by target, computed by the first
    #: prediction that needs them (:func:`.prefill.thresholds_of`): they change only with the fit.
    thresholds: dict[float, dict[str, float]] = field(default_factory=dict, compare=False)

    def prefill_thresholds(self, target: float) -> dict[str, float]:
        """``{code: threshold}`` of the estimator for the precision ``target``."""
        found = self.thresholds.get(target)
        if found is None:
            found = self.thresholds[target] = thresholds_of(self.estimator, target)
        return found


class ThematicModel:
    """Suggests codes for one Label Studio project (label-studio-ml 2.x shape).

    Parameters
    ----------
    project_id : str
        The Label Studio project id.
    label_config : str or None
        The project's labelling config; ``None`` uses the one stored by an earlier run.
    settings : Settings
        The backend settings.
    client_factory : callable, optional
        ``client_factory(url, api_key)`` returns a label-studio-sdk client; START_TRAINING uses
        it. The default builds ``LabelStudio(base_url=url, api_key=api_key)`` with a timeout
        and no redirects.
    folder : path-like, optional
        Where the project's segments are kept (default ``MODEL_DIR/<project_id>``); the
        registry picks it (:mod:`.projects`). It is made only once a valid config is at hand.

    Raises
    ------
    InputError
        No config was given and none is stored, or the config has no coding control.
    """

    def __init__(
        self,
        project_id: str,
        label_config: str | None,
        settings: Settings,
        *,
        client_factory: Callable[[str, str], object] | None = None,
        folder: str | os.PathLike | None = None,
    ):
        self.project_id = parse_project_id(project_id)
        self.settings = settings
        self.folder = Path(folder) if folder is not None else settings.model_dir / self.project_id
        self.key = self.folder.name  # the registry's name for it
        self.created_ts: int | None = None  # the project's creation time, once known
        self._client_factory = client_factory or sdk_client
        self._fit_lock = threading.Lock()
        self._fitted: _Fitted | None = None
        self._connection = Connection(settings, self.project_id)
        # The config is read before the folder is made: no config, or a bad one, makes no folder.
        stored = self.folder / LABEL_CONFIG
        xml = label_config
        if xml is None and stored.is_file():
            xml = stored.read_text(encoding="utf-8")
        if xml is None:
            raise InputError(
                f"Project {self.project_id} is new to this backend and came without a "
                "labelling config; Label Studio sends it with /setup (schema), "
                "/predict (label_config) and webhooks (project.label_config)."
            )
        self._scheme: CodingScheme = CodingScheme.from_config(xml)
        self.store = open_store(settings, self.folder)
        self.store.set_label_config(xml)
        self.suggestions = open_suggestion_log(settings, self.folder)
        self._encoder_name = describe_encoder(settings.encoder)

    # ------------------------------------------------------------------ config
    @property
    def scheme(self) -> CodingScheme:
        return self._scheme

    def set_label_config(self, xml: str) -> CodingScheme:
        """Use ``xml`` as the project's labelling config (checked, stored when new)."""
        if isinstance(xml, str) and config_hash(xml) == self._scheme.config_hash:
            return self._scheme
        scheme = CodingScheme.from_config(xml)
        self.store.set_label_config(xml)
        self._scheme = scheme
        return scheme

    def set_connection(self, hostname: object, access_token: object) -> None:
        """Remember where Label Studio is and its token, from one ``/setup`` (memory only;
        kept only when both came; see :class:`~ls_thematic.backend.connection.Connection`)."""
        self._connection.remember(hostname, access_token)

    def connection(self) -> tuple[str, str]:
        """``(url, key)`` START_TRAINING uses; :class:`InputError` when none is configured."""
        return self._connection.resolve()

    # ------------------------------------------------------------------ version
    @property
    def model_version(self) -> str:
        """Changes exactly when the segment set, the labelling config or the encoder changes."""
        segments_digest, n_segments = self.store.digest_and_size()
        return self._version(segments_digest, n_segments, self.scheme)

    def _version(self, digest: str, n_segments: int, scheme: CodingScheme) -> str:
        h = hashlib.sha256()
        for part in (digest, scheme.config_hash, *_prediction_settings(self.settings)):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return f"ls-thematic-{n_segments}seg-{h.hexdigest()[:12]}"

    # ------------------------------------------------------------------ LS-ML interface
    def setup(self) -> dict:
        """What ``/setup`` answers. Cheap: it never loads the encoder."""
        return {"model_version": self.model_version}

    def fit(self, event: str, data: Mapping) -> dict:
        """Apply one webhook event to the segment store, durably, and return at once.

        The estimator is not refitted here; :meth:`refit` does that (the registry's worker calls
        it, and :meth:`predict` catches up first).

        Returns
        -------
        dict
            ``{"status": ..., "changed": bool, "action": event}`` (and ``"rebuild": True`` for
            START_TRAINING, which the caller must carry out with :meth:`rebuild_from_label_studio`).
        """
        if event in (ANNOTATION_CREATED, ANNOTATION_UPDATED):
            annotation = data.get("annotation")
            if not isinstance(annotation, Mapping):
                raise InputError(
                    f"{event} needs an 'annotation' object with 'id' and 'result'; it is missing."
                )
            task = data.get("task") if isinstance(data.get("task"), Mapping) else {}
            annotation_id = annotation.get("id")
            if annotation_id is None or isinstance(annotation_id, (bool, dict, list)):
                raise InputError(
                    f"{event}: annotation.id is missing; it must be the annotation's id."
                )
            segments = self.segments_of(annotation, task, where=f"annotation {annotation_id}")
            changed = self.store.replace(annotation_id, segments)
            return {"status": "ok", "action": event, "changed": changed, "segments": len(segments)}
        if event == ANNOTATIONS_DELETED:
            ids = deleted_annotation_ids(data)
            removed = self.store.remove(ids)
            return {
                "status": "ok",
                "action": event,
                "changed": bool(removed),
                "removed": len(removed),
            }
        if event == TASKS_DELETED:
            removed = self.remove_tasks(deleted_task_ids(data))
            return {
                "status": "ok",
                "action": event,
                "changed": bool(removed),
                "removed": len(removed),
            }
        if event == START_TRAINING:
            self.connection()  # fails now, not in the worker, when Label Studio is unknown
            self.store.mark_rebuild_pending()
            return {"status": "ok", "action": event, "changed": True, "rebuild": True}
        return {"status": "ignored", "action": event, "changed": False}

    def segments_of(self, annotation: Mapping, task: Mapping, where: str) -> list[Segment]:
        """The coded spans of one annotation, read as every command reads them
        (:func:`ls_thematic.label_config.lsexport.coded_spans`): its ``"labels"`` results of
        the coding control, with their codes as sent. A code the config does not have is kept
        (the fit ignores it until the config has it; :meth:`unknown_codes` counts it); results
        of a control the config does not have are skipped, with a warning in the log. Label
        Studio does not send an event again, so neither refuses the annotation.
        """
        scheme = self.scheme
        if annotation.get("was_cancelled"):
            return []
        results = lsexport.results_of(annotation, where)
        unknown = sorted(
            {
                str(r.get("from_name"))
                for r in results
                if "from_name" in r
                and not (isinstance(r["from_name"], str) and r["from_name"] in scheme.controls)
            }
        )
        if unknown:
            log.warning(
                "project %s: %s has results of controls the labelling config lacks (%s); "
                "they are skipped, the coding control is %r",
                self.project_id,
                where,
                ", ".join(name[:60] for name in unknown[:5]),
                scheme.from_name,
            )
        data = lsexport.task_data(task)
        task_id = lsexport.task_id_of(task, lsexport.task_id_of({"id": annotation.get("task")}))
        participant = data.get("participant")
        coder = lsexport.coder_of(annotation).id
        spans = lsexport.coded_spans(task, annotation, scheme.from_name, scheme.data_key)
        contexts = span_contexts(
            data.get(scheme.data_key), data.get("turns"), [(s.start, s.end) for s in spans]
        )
        return [
            Segment(
                text=span.text,
                codes=span.codes,
                task=task_id if _is_int(task_id) else None,
                participant=participant if isinstance(participant, str) else None,
                start=span.start,
                end=span.end,
                coder=coder,
                origin=span.origin,
                **context,
            )
            for span, context in zip(spans, contexts, strict=True)
        ]

    def predict(self, tasks: Sequence[Mapping], context: Mapping | None = None) -> list[dict]:
        """One prediction per task, in order: ``{"result", "score", "model_version"}``.

        Without ``context`` each task's text is cut into units (turns or paragraphs, then
        sentences); units that overlap a span some coder has already coded in that task are left
        out (suggestions are for what nobody has coded yet); every other unit is scored, and
        adjacent units sharing a code are merged into one region.
        With ``context`` (interactive pre-annotation: the regions a coder just selected) the
        codes are suggested for exactly those spans.

        In a batch, a task that cannot be read (no text, empty text, malformed turns) gets an
        empty prediction and a warning in the log (:meth:`predict_batch` also returns the
        reasons), so that one bad task does not cost the others their suggestions.

        Raises
        ------
        InputError
            ``tasks`` is not a non-empty list, every task of the batch is bad (the message
            gives each reason), or the context names an unknown control or code.
        """
        return self.predict_batch(tasks, context)[0]

    def predict_batch(
        self, tasks: Sequence[Mapping], context: Mapping | None = None
    ) -> tuple[list[dict], list[dict]]:
        """:meth:`predict`, and the tasks it could not read: ``[{"index", "task", "error"}]``."""
        received = now()  # the log's time: when Label Studio asked
        if not isinstance(tasks, Sequence) or isinstance(tasks, (str, bytes)) or not tasks:
            raise InputError("tasks must be a non-empty list of Label Studio tasks.")
        if context:
            if len(tasks) != 1:
                raise InputError(
                    f"Interactive prediction (with context) takes one task; got {len(tasks)}."
                )
            text = self._task_text(tasks[0], 0)
            texts, pieces = [text], [self._context_spans(context, text)]
            errors: list[dict] = []
        else:
            texts, pieces, errors, readable = [], [], [], []
            for i, task in enumerate(tasks):
                try:
                    text = self._task_text(task, i)
                    units = self._units(task, text, i)
                except InputError as exc:
                    errors.append({"index": i, "task": _task_id(task), "error": str(exc)})
                    text, units, task = "", [], {}  # an empty prediction; not logged
                texts.append(text)
                pieces.append(units)
                readable.append(task)
            if len(errors) == len(tasks) == 1:
                raise InputError(errors[0]["error"])
            if len(errors) == len(tasks):
                reasons = "; ".join(e["error"] for e in errors[:5])
                more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
                raise InputError(
                    f"None of the {len(tasks)} tasks of this request could be read, so there is "
                    f"nothing to predict: {reasons}{more}"
                )
            for error in errors:
                log.warning(
                    "project %s: /predict gives tasks[%d] an empty prediction: %s",
                    self.project_id,
                    error["index"],
                    error["error"],
                )
            tasks = readable
        return self._predict_read(tasks, texts, pieces, bool(context), received), errors

    def _predict_read(
        self,
        tasks: Sequence[Mapping],
        texts: Sequence[str],
        pieces: Sequence[Sequence[Unit]],
        interactive: bool,
        received: str,
    ) -> list[dict]:
        """The predictions of the tasks read by :meth:`predict_batch`: ``pieces`` are each
        task's units, or (``interactive``) the spans a coder selected."""
        fitted = self.ensure_fitted()
        blind = self._blind(tasks, fitted, received)
        pieces = [[] if hidden else units for hidden, units in zip(blind, pieces, strict=True)]
        if fitted.estimator is None:
            return [self._prediction([], fitted) for _ in tasks]
        items = [
            self._items(task, text, units)
            for task, text, units in zip(tasks, texts, pieces, strict=True)
        ]
        with self._sharing(lambda: _origin_of_items(tasks, items)):
            return self._predictions(tasks, texts, pieces, items, fitted, interactive, received)

    def _predictions(
        self,
        tasks: Sequence[Mapping],
        texts: Sequence[str],
        pieces: Sequence[Sequence[Unit]],
        items: Sequence[Sequence[Mapping]],
        fitted: _Fitted,
        interactive: bool,
        received: str,
    ) -> list[dict]:
        """Score the ``items`` of each task's ``pieces`` and make its prediction."""
        scored = self._score(fitted, [i for found in items for i in found], interactive)
        if not interactive:
            thresholds = fitted.prefill_thresholds(self.settings.prefill_precision)
        out, offset = [], 0
        for task, text, units, found in zip(tasks, texts, pieces, items, strict=True):
            unit_codes = scored[offset : offset + len(units)]
            offset += len(units)
            if interactive:  # the coder asked: every suggestion for the spans they selected
                spans = merge_adjacent(units, unit_codes)
                also: list[dict[str, float]] = [{} for _ in spans]
                held = [False] * len(units)
                self._log_units(task, units, unit_codes, held, fitted, "asked", received)
            else:
                spans, also = self._prefill(task, units, unit_codes, thresholds, fitted, received)
            regions = [
                self._region(fitted, task, text, span, found, unit_codes, other)
                for span, other in zip(spans, also, strict=True)
            ]
            out.append(self._prediction(regions, fitted))
        return out

    def _prefill(
        self,
        task: Mapping,
        units: Sequence[Unit],
        unit_codes: Sequence[Mapping[str, float]],
        thresholds: Mapping[str, float],
        fitted: _Fitted,
        received: str,
    ) -> tuple[list[Span], list[dict[str, float]]]:
        """The regions to pre-fill (see :mod:`.prefill`): the units' codes that reach their
        precision threshold, merged, at most ``MAX_PREFILL_PER_UNIT`` per turn or paragraph;
        and, per region, the other codes suggested in its turn that its note names.

        A withheld unit (``WITHHOLD_FRACTION``, :mod:`.suggestion_log`) gets nothing, and is
        named in no note; every unit is logged, stamped ``received``, with the codes it got or
        would have got."""
        chosen = prefilled(unit_codes, thresholds)
        task_id = task.get("id")
        fraction = self.settings.withhold_fraction
        held = [
            _is_int(task_id) and self.suggestions.withheld(task_id, u.start, u.end, fraction)
            for u in units
        ]
        unit_codes = [{} if hold else codes for codes, hold in zip(unit_codes, held, strict=True)]
        spans = merge_adjacent(units, prefilled(unit_codes, thresholds))
        spans = cap_per_block(spans, units, self.settings.max_prefill_per_unit)
        shown: list[set[str]] = [set() for _ in units]
        for span in spans:
            for i in span.units:
                shown[i].add(span.code)
        # logged: what each unit showed (after the cap), or what a withheld one would have
        logged = [
            codes if hold else {c: p for c, p in codes.items() if c in seen}
            for codes, hold, seen in zip(chosen, held, shown, strict=True)
        ]
        self._log_units(task, units, logged, held, fitted, "shown", received)
        return spans, also_possible(spans, units, unit_codes, shown)

    def _blind(self, tasks: Sequence[Mapping], fitted: _Fitted, received: str) -> list[bool]:
        """Per task, whether it gets no suggestions: chosen for blind double-coding
        (``BLIND_DOUBLE_CODING``); each such task is logged as blind, stamped ``received``."""
        if not self.settings.blind_double_coding:
            return [False] * len(tasks)
        blind = [is_blind(task) for task in tasks]
        hidden = [t["id"] for t, b in zip(tasks, blind, strict=True) if b and _is_int(t.get("id"))]
        self.suggestions.record_blind(hidden, received, **self._about(fitted))
        return blind

    def _log_units(self, task, units, codes, held, fitted: _Fitted, why: str, at: str) -> None:
        """Log each unit of ``task`` with the ``codes`` it was shown (or, ``held``, not)."""
        if _is_int(task.get("id")):  # else not a Label Studio task: no audit could match it
            about = self._about(fitted) | {"fraction": self.settings.withhold_fraction}
            self.suggestions.record_units(task["id"], units, codes, held, why, at, **about)

    def _about(self, fitted: _Fitted) -> dict:
        return {"model_version": fitted.version, "encoder": self._encoder_name}

    # ------------------------------------------------------------------ fitting
    def ensure_fitted(self) -> _Fitted:
        """The fitted model for the current segments; fits it first if they changed."""
        fitted = self._fitted
        if fitted is not None and fitted.version == self.model_version:
            return fitted
        self.refit()
        return self._fitted

    def refit(self) -> bool:
        """Fit the estimator on the current segments unless already fitted on them: by a
        rank-k update of the current one when a few segments changed, else from scratch
        (:func:`.refit.refit`).

        Returns whether a fit happened. Thread-safe; concurrent callers fit once.
        """
        asked = time.perf_counter()
        with self._fit_lock, self.store.refit_lock():  # one refit at a time, across workers
            segments, digest = self.store.state()
            scheme = self.scheme
            version = self._version(digest, len(segments), scheme)
            if self._fitted is not None and self._fitted.version == version:
                return False
            started = time.perf_counter()
            with self._sharing(lambda: _origin_of_segments(segments)):
                trained = self._train(segments, scheme)
            self._fitted = _Fitted(version, trained.estimator, scheme, len(segments), trained)
            log.info(
                "project %s: fitted %s on %d segments (%s) in %.3f s, after %.3f s waiting for "
                "the refit lock",
                self.project_id,
                version,
                len(segments),
                trained.how,
                time.perf_counter() - started,
                started - asked,
            )
            return True

    def _sharing(self, origin: Callable[[], Mapping[str, int]]):
        """Inside, texts are embedded once for every worker (``BACKEND_DATABASE_URL``; see
        :mod:`.pgshared`); ``origin()`` names their tasks. Nothing changes with the folder store."""
        return shared_embeddings(
            open_embeddings(self.settings, self.folder, self._encoder_name, origin)
        )

    def _train(self, segments: Sequence[Segment], scheme: CodingScheme) -> refitting.Trained:
        """The estimator for ``segments`` (their codes the config has) and the codebook."""
        trained = refitting.refit(
            self._fitted.trained if self._fitted is not None else None,
            segments,
            scheme,
            float(self.settings.accepted_suggestion_weight),
            _prediction_settings(self.settings),
            self._new_estimator,
        )
        if trained.dropped:
            log.info(
                "project %s: %d segments have only codes the config does not have (yet)",
                self.project_id,
                trained.dropped,
            )
        return trained

    def _new_estimator(self) -> CodeSuggester:
        return CodeSuggester(
            encoder=self.settings.encoder,
            cold_start_segments=self.settings.cold_start_segments,
            cold_start_similarity=self.settings.cold_start_similarity,
        )

    def rebuild_from_label_studio(self) -> int:
        """START_TRAINING: replace the segments with every annotation pulled through the SDK.

        Each request to Label Studio has a timeout, and the pull stops at
        :data:`~ls_thematic.backend.connection.MAX_PULL_TASKS` tasks: then, as after any
        failure, the segments are left as they were and the error is raised (the registry
        shows it on ``GET /versions``).
        Returns the number of segments. Events that arrive during the pull are kept.
        """
        url, key = self.connection()
        client = self._client_factory(url, key)
        self.store.begin_rebuild()
        annotations: dict[str, list[Segment]] = {}
        try:
            for task in pulled_tasks(client, self.project_id):
                self._read_pulled_task(_as_dict(task), annotations)
        except BaseException:
            # A failed pull changes nothing; the marker goes, so a restart does not repeat it.
            self.store.abort_rebuild()
            self.store.clear_rebuild_pending()
            raise
        self.store.rebuild(annotations)
        self.store.clear_rebuild_pending()
        return len(self.store)

    def _read_pulled_task(self, task: dict, annotations: dict[str, list[Segment]]) -> None:
        for annotation in task.get("annotations") or []:
            annotation = _as_dict(annotation)
            if annotation.get("id") is None:
                continue
            try:
                annotations[str(annotation["id"])] = self.segments_of(
                    annotation, task, where=f"annotation {annotation['id']}"
                )
            except InputError as exc:
                log.warning("project %s: START_TRAINING skips %s", self.project_id, exc)

    # ------------------------------------------------------------------ deletions and counts
    def remove_tasks(self, task_ids: Iterable[int]) -> list[str]:
        """Drop the segments coded in the tasks ``task_ids`` (TASKS_DELETED); returns the ids
        of the annotations removed. What was suggested on them is forgotten too."""
        task_ids = list(task_ids)
        self.suggestions.forget_tasks(task_ids)
        forget_embedded_tasks(self.settings, self.folder, task_ids)
        return self.store.remove(annotations_of_tasks(self.store, task_ids))

    def holds_tasks(self, task_ids: Iterable[int]) -> bool:
        """Whether some segment here was coded, or a suggestion logged, in one of ``task_ids``."""
        task_ids = list(task_ids)
        logged = self.suggestions.tasks()
        return bool(annotations_of_tasks(self.store, task_ids)) or any(
            t in logged for t in task_ids
        )

    def assistance(self) -> dict:
        """How this project's suggestions are controlled, for ``/versions``: whether the
        double-coded transcripts are blind and how many tasks were left blind, and the share of
        units withheld (see :mod:`.suggestion_log`)."""
        blind = self.suggestions.blind_tasks()
        return {
            "blind_double_coding": self.settings.blind_double_coding,
            "blind_tasks": len(blind),
            "note": f"{len(blind)} task(s) chosen for double-coding got no suggestions"
            if self.settings.blind_double_coding
            else "double-coded tasks get suggestions (BLIND_DOUBLE_CODING=false)",
            "withhold_fraction": self.settings.withhold_fraction,
        }

    def unknown_codes(self) -> dict[str, int]:
        """``{code: number of segments}`` of the codes the segments carry and the labelling
        config lacks (the fit ignores them until the config has them)."""
        known = self.scheme.known_codes
        counts = Counter(c for s in self.store.segments() for c in s.codes if c not in known)
        return dict(sorted(counts.items()))

    # ------------------------------------------------------------------ prediction helpers
    def _task_text(self, task: object, index: int) -> str:
        key = self.scheme.data_key
        if not isinstance(task, Mapping):
            raise InputError(f"tasks[{index}] must be a task object; found {type(task).__name__}.")
        name = _task_name(task, index)
        data = task.get("data")
        if not isinstance(data, Mapping):
            raise InputError(
                f"{name} has no 'data' object; a task is {{\"data\": {{{key!r}: ...}}}}."
            )
        text = data.get(key)
        if text is None:
            fields = ", ".join(map(str, data)) or "none"
            raise InputError(
                f"{name} has no {key!r} field in its data (fields: {fields}); "
                f"the labelling config's <Text name={self.scheme.to_name!r}> reads ${key}."
            )
        if not isinstance(text, str):
            raise InputError(f"{name}: data.{key} must be text; found {type(text).__name__}.")
        if not text.strip():
            raise InputError(f"{name}: data.{key} is empty; there is nothing to suggest codes for.")
        if len(text) > MAX_TASK_CHARS:
            raise InputError(
                f"{name}: data.{key} has {len(text):,} characters; the backend suggests codes for "
                f"tasks of at most {MAX_TASK_CHARS:,} (MAX_TASK_CHARS, about three hours of "
                "interview). Split the transcript into parts."
            )
        return text

    def _units(self, task: Mapping, text: str, index: int) -> list[Unit]:
        """The units of a task that nobody has coded yet."""
        turns = task["data"].get("turns")
        try:
            units = split_units(
                text,
                turns,
                skip_interviewer=self.settings.skip_interviewer,
                min_chars=self.settings.min_unit_chars,
            )
        except ValueError as exc:
            raise InputError(f"{_task_name(task, index)}: {exc}") from None
        return uncovered(units, self._coded_spans(task))

    def _coded_spans(self, task: Mapping) -> list[tuple[int, int]]:
        """Spans of ``task`` some coder has coded: from the store and the task's annotations."""
        task_id = task.get("id")
        spans = self.store.spans_of_task(task_id) if _is_int(task_id) else []
        for annotation in lsexport.counted_annotations(task):
            try:
                coded = lsexport.coded_spans(
                    task, annotation, self.scheme.from_name, self.scheme.data_key
                )
            except LabelStudioDataError as exc:  # a broken annotation hides nothing
                log.info("project %s: ignoring annotation spans (%s)", self.project_id, exc)
                continue
            spans += [(span.start, span.end) for span in coded if span.start is not None]
        return spans

    def _items(self, task: Mapping, text: str, units: Sequence[Unit]) -> list[dict]:
        """The suggester's items for ``units`` of ``task`` (:func:`.segment.context_items`)."""
        if not units:
            return []
        try:
            blocks = blocks_of(text, task["data"].get("turns"))
        except ValueError as exc:  # only interactive prediction gets here with bad turns
            raise InputError(f"{_task_name(task, 0)}: {exc}") from None
        return context_items(text, blocks, [(u.start, u.end) for u in units])

    def _context_spans(self, context: object, text: str) -> list[Unit]:
        scheme = self.scheme
        if not isinstance(context, Mapping) or not isinstance(context.get("result"), list):
            raise InputError(
                "context must be an object with a 'result' list (the regions the coder selected)."
            )
        units = []
        for i, result in enumerate(context["result"]):
            here = f"context.result[{i}]"
            if not isinstance(result, Mapping):
                raise InputError(f"{here} must be an object; found {type(result).__name__}.")
            if not scheme.check_from_name(result.get("from_name"), here):
                continue
            value = result.get("value")
            if not isinstance(value, Mapping):
                raise InputError(f"{here}: value must be an object with start and end.")
            if "labels" in value:
                scheme.check_labels(value["labels"], here)
            start, end = value.get("start"), value.get("end")
            if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(text)):
                raise InputError(
                    f"{here}: value.start and value.end must be offsets with "
                    f"0 <= start < end <= {len(text)}; found start={start!r}, end={end!r}."
                )
            # Each selected span is its own block, so that two selections never merge.
            units.append(Unit(start, end, block=i))
        return units

    def _score(
        self, fitted: _Fitted, items: list[dict], interactive: bool
    ) -> list[dict[str, float]]:
        """For each item, ``{code: probability}`` of the codes to suggest, best first."""
        if not items:
            return []
        estimator = fitted.estimator
        labels = set(fitted.scheme.labels)
        suggested = estimator.suggest(items)
        if interactive:
            proba = np.asarray(estimator.predict_proba(items), dtype=float)
            classes = [str(c) for c in estimator.classes_]
        out = []
        for i, codes in enumerate(suggested):
            picked = {
                c: p
                for c, p in codes.items()
                if c in labels and p >= self.settings.suggest_min_score
            }
            if interactive and not picked:
                # The coder asked about this span: give the best code even below threshold.
                best = [j for j in np.argsort(-proba[i], kind="stable") if classes[j] in labels]
                picked = {classes[j]: float(proba[i, j]) for j in best[:1]}
            ranked = sorted(picked.items(), key=lambda item: -item[1])
            out.append(dict(ranked[: self.settings.max_codes_per_unit]))
        return out

    def _region(
        self,
        fitted: _Fitted,
        task: Mapping,
        text: str,
        span: Span,
        items: Sequence[Mapping],
        unit_codes: Sequence[Mapping[str, float]],
        also: Mapping[str, float] | None = None,
    ) -> dict:
        """One region of the prediction (:func:`.regions.region`); its note names the codes in
        ``also`` (other codes suggested nearby and not pre-filled) as also possible."""
        # The "why" is asked for the span's best unit (``items`` are the units'): its text is
        # embedded already, so a merged span costs no extra encoder call.
        best = items[max(span.units, key=lambda i: (unit_codes[i][span.code], -i))]
        note = why_note(fitted.estimator, best, span, also, self.settings)
        return region(fitted.scheme, task, text, span, note)

    @staticmethod
    def _prediction(regions: list[dict], fitted: _Fitted) -> dict:
        score = float(np.mean([r["score"] for r in regions])) if regions else 0.0
        return {"result": regions, "score": score, "model_version": fitted.version}


# --------------------------------------------------------------------------- helpers


def _prediction_settings(settings: Settings) -> tuple[str, ...]:
    """The settings that change what the model predicts, as text for ``model_version``."""
    return (
        settings.encoder,
        f"cold={settings.cold_start_segments}/{settings.cold_start_similarity!r}",
        f"min_score={settings.suggest_min_score!r}",
        f"max_codes={settings.max_codes_per_unit}",
        f"prefill={settings.prefill_precision!r}/{settings.max_prefill_per_unit}",
        f"accepted_weight={settings.accepted_suggestion_weight!r}",
        f"skip_interviewer={settings.skip_interviewer}",
        f"min_unit_chars={settings.min_unit_chars}",
        f"explain_k={settings.explain_k}",
        f"context={CONTEXT_RULE}",
        f"blind={settings.blind_double_coding}",
        f"withhold={settings.withhold_fraction!r}",
    )


def _task_id(task: object) -> object:
    task_id = task.get("id") if isinstance(task, Mapping) else None
    return task_id if _is_int(task_id) or isinstance(task_id, str) else None


def _task_name(task: Mapping, index: int) -> str:
    task_id = task.get("id")
    return f"task {task_id}" if task_id is not None else f"tasks[{index}]"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _as_dict(obj: object) -> dict:
    if isinstance(obj, Mapping):
        return dict(obj)
    dump = getattr(obj, "model_dump", None) or getattr(obj, "dict", None)
    if dump is not None:
        return dump()
    return dict(vars(obj))


def annotations_of_tasks(store: Store, task_ids: Iterable[int]) -> list[str]:
    """The ids of the annotations in ``store`` that have a segment in one of ``task_ids``."""
    return store.annotations_of_tasks(t for t in task_ids if _is_int(t))


def _origin_of_segments(segments: Iterable[Segment]) -> dict[str, int]:
    """Text key -> task of every text a fit on ``segments`` embeds (their texts and the
    sentences before them)."""
    out: dict[str, int] = {}
    for seg in segments:
        if seg.task is not None:
            for text in (seg.text, *seg.previous):
                out.setdefault(text_key(text), seg.task)
    return out


def _origin_of_items(tasks: Sequence[Mapping], items: Sequence[Sequence[Mapping]]) -> dict:
    """Text key -> task of every text scoring ``items`` (each task's) embeds."""
    out: dict[str, int] = {}
    for task, found in zip(tasks, items, strict=True):
        task_id = task.get("id")
        if not _is_int(task_id):
            continue
        for item in found:
            for text in (item["text"], *item["previous"]):
                out.setdefault(text_key(text), task_id)
    return out
