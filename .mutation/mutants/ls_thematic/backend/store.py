"""The coded segments of one Label Studio project, kept durably under ``MODEL_DIR/<project>/``.

The training data of a project's model is every span any coder coded, grouped by the annotation
it belongs to, so that an edited or deleted annotation replaces or removes exactly its segments.

Files in the project folder:

``segments.json``
    A snapshot: ``{"seq": N, "annotations": {annotation id: [segment, ...]}}``, written
    atomically (temporary file, fsync, ``os.replace``).
``journal.jsonl``
    One JSON line per change since the snapshot, each with a sequence number above the
    snapshot's. A change is appended and fsynced *before* it is applied in memory and before
    the webhook is answered, so an event Label Studio was told about survives a crash.
    Loading replays the lines newer than the snapshot; a torn last line (a crash mid-write) is
    skipped. :meth:`SegmentStore.compact` folds the journal into a new snapshot.
``label_config.xml``
    The project's labelling config as last seen (from ``/setup``, ``/predict`` or a webhook).
``rebuild.pending``
    Present while a START_TRAINING rebuild has been asked for and not finished yet.

Everything here is thread-safe: one lock per store guards the memory state and the files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from ls_thematic.label_config.fileio import atomic_write_bytes, atomic_write_text

log = logging.getLogger(__name__)

SNAPSHOT = "segments.json"
JOURNAL = "journal.jsonl"
LABEL_CONFIG = "label_config.xml"
REBUILD_PENDING = "rebuild.pending"


from mutmut.mutation.trampoline import wrap_in_trampoline as _mutmut_mutated, MutantDict
mutants_xǁSegmentǁfrom_dict__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentǁto_dict__mutmut: MutantDict = {}  # type: ignore


@dataclass(frozen=True)
class Segment:
    """One coded span: its text and codes, and where it came from (for the "why" notes)."""

    text: str
    codes: tuple[str, ...]
    task: int | None = None
    participant: str | None = None
    start: int | None = None
    end: int | None = None
    coder: int | None = None

    @classmethod
    @_mutmut_mutated(mutants_xǁSegmentǁfrom_dict__mutmut, is_classmethod = True)
    def from_dict(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_orig(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_1(cls, data: Mapping) -> Segment:
        return cls(
            text=None,
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_2(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=None,
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_3(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=None,
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_4(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=None,
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_5(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=None,
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_6(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=None,
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_7(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=None,
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_8(cls, data: Mapping) -> Segment:
        return cls(
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_9(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_10(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_11(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_12(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_13(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_14(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_15(cls, data: Mapping) -> Segment:
        return cls(
            text=data["XXtextXX"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_16(cls, data: Mapping) -> Segment:
        return cls(
            text=data["TEXT"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_17(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(None),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_18(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["XXcodesXX"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_19(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["CODES"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_20(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get(None),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_21(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("XXtaskXX"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_22(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("TASK"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_23(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get(None),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_24(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("XXparticipantXX"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_25(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("PARTICIPANT"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_26(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get(None),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_27(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("XXstartXX"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_28(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("START"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_29(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get(None),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_30(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("XXendXX"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_31(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("END"),
            coder=data.get("coder"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_32(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get(None),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_33(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("XXcoderXX"),
        )

    @classmethod
    def xǁSegmentǁfrom_dict__mutmut_34(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("CODER"),
        )

    @_mutmut_mutated(mutants_xǁSegmentǁto_dict__mutmut)
    def to_dict(self) -> dict:
        out = asdict(self)
        out["codes"] = list(self.codes)
        return {k: v for k, v in out.items() if v is not None}

    def xǁSegmentǁto_dict__mutmut_orig(self) -> dict:
        out = asdict(self)
        out["codes"] = list(self.codes)
        return {k: v for k, v in out.items() if v is not None}

    def xǁSegmentǁto_dict__mutmut_1(self) -> dict:
        out = None
        out["codes"] = list(self.codes)
        return {k: v for k, v in out.items() if v is not None}

    def xǁSegmentǁto_dict__mutmut_2(self) -> dict:
        out = asdict(None)
        out["codes"] = list(self.codes)
        return {k: v for k, v in out.items() if v is not None}

    def xǁSegmentǁto_dict__mutmut_3(self) -> dict:
        out = asdict(self)
        out["codes"] = None
        return {k: v for k, v in out.items() if v is not None}

    def xǁSegmentǁto_dict__mutmut_4(self) -> dict:
        out = asdict(self)
        out["XXcodesXX"] = list(self.codes)
        return {k: v for k, v in out.items() if v is not None}

    def xǁSegmentǁto_dict__mutmut_5(self) -> dict:
        out = asdict(self)
        out["CODES"] = list(self.codes)
        return {k: v for k, v in out.items() if v is not None}

    def xǁSegmentǁto_dict__mutmut_6(self) -> dict:
        out = asdict(self)
        out["codes"] = list(None)
        return {k: v for k, v in out.items() if v is not None}

    def xǁSegmentǁto_dict__mutmut_7(self) -> dict:
        out = asdict(self)
        out["codes"] = list(self.codes)
        return {k: v for k, v in out.items() if v is None}

mutants_xǁSegmentǁfrom_dict__mutmut['_mutmut_orig'] = Segment.xǁSegmentǁfrom_dict__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_1'] = Segment.xǁSegmentǁfrom_dict__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_2'] = Segment.xǁSegmentǁfrom_dict__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_3'] = Segment.xǁSegmentǁfrom_dict__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_4'] = Segment.xǁSegmentǁfrom_dict__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_5'] = Segment.xǁSegmentǁfrom_dict__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_6'] = Segment.xǁSegmentǁfrom_dict__mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_7'] = Segment.xǁSegmentǁfrom_dict__mutmut_7 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_8'] = Segment.xǁSegmentǁfrom_dict__mutmut_8 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_9'] = Segment.xǁSegmentǁfrom_dict__mutmut_9 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_10'] = Segment.xǁSegmentǁfrom_dict__mutmut_10 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_11'] = Segment.xǁSegmentǁfrom_dict__mutmut_11 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_12'] = Segment.xǁSegmentǁfrom_dict__mutmut_12 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_13'] = Segment.xǁSegmentǁfrom_dict__mutmut_13 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_14'] = Segment.xǁSegmentǁfrom_dict__mutmut_14 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_15'] = Segment.xǁSegmentǁfrom_dict__mutmut_15 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_16'] = Segment.xǁSegmentǁfrom_dict__mutmut_16 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_17'] = Segment.xǁSegmentǁfrom_dict__mutmut_17 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_18'] = Segment.xǁSegmentǁfrom_dict__mutmut_18 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_19'] = Segment.xǁSegmentǁfrom_dict__mutmut_19 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_20'] = Segment.xǁSegmentǁfrom_dict__mutmut_20 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_21'] = Segment.xǁSegmentǁfrom_dict__mutmut_21 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_22'] = Segment.xǁSegmentǁfrom_dict__mutmut_22 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_23'] = Segment.xǁSegmentǁfrom_dict__mutmut_23 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_24'] = Segment.xǁSegmentǁfrom_dict__mutmut_24 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_25'] = Segment.xǁSegmentǁfrom_dict__mutmut_25 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_26'] = Segment.xǁSegmentǁfrom_dict__mutmut_26 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_27'] = Segment.xǁSegmentǁfrom_dict__mutmut_27 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_28'] = Segment.xǁSegmentǁfrom_dict__mutmut_28 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_29'] = Segment.xǁSegmentǁfrom_dict__mutmut_29 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_30'] = Segment.xǁSegmentǁfrom_dict__mutmut_30 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_31'] = Segment.xǁSegmentǁfrom_dict__mutmut_31 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_32'] = Segment.xǁSegmentǁfrom_dict__mutmut_32 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_33'] = Segment.xǁSegmentǁfrom_dict__mutmut_33 # type: ignore # mutmut generated
mutants_xǁSegmentǁfrom_dict__mutmut['xǁSegmentǁfrom_dict__mutmut_34'] = Segment.xǁSegmentǁfrom_dict__mutmut_34 # type: ignore # mutmut generated

mutants_xǁSegmentǁto_dict__mutmut['_mutmut_orig'] = Segment.xǁSegmentǁto_dict__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentǁto_dict__mutmut['xǁSegmentǁto_dict__mutmut_1'] = Segment.xǁSegmentǁto_dict__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentǁto_dict__mutmut['xǁSegmentǁto_dict__mutmut_2'] = Segment.xǁSegmentǁto_dict__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentǁto_dict__mutmut['xǁSegmentǁto_dict__mutmut_3'] = Segment.xǁSegmentǁto_dict__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentǁto_dict__mutmut['xǁSegmentǁto_dict__mutmut_4'] = Segment.xǁSegmentǁto_dict__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentǁto_dict__mutmut['xǁSegmentǁto_dict__mutmut_5'] = Segment.xǁSegmentǁto_dict__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentǁto_dict__mutmut['xǁSegmentǁto_dict__mutmut_6'] = Segment.xǁSegmentǁto_dict__mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentǁto_dict__mutmut['xǁSegmentǁto_dict__mutmut_7'] = Segment.xǁSegmentǁto_dict__mutmut_7 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁ__len____mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁhas_annotation__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁsegments__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁspans_of_task__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁdigest__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁreplace__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁremove__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁbegin_rebuild__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁrebuild__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁcompact__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁlabel_config__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁset_label_config__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁmark_rebuild_pending__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁrebuild_pending__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁclear_rebuild_pending__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁ_apply_replace__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁ_apply_remove__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁ_recount__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁ_append__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut: MutantDict = {}  # type: ignore
mutants_xǁSegmentStoreǁ_load__mutmut: MutantDict = {}  # type: ignore


class SegmentStore:
    """The segments of one project, by annotation id, persisted in ``folder``.

    Parameters
    ----------
    folder : path-like
        ``MODEL_DIR/<project id>``; created when missing. Existing files are loaded.
    """

    @_mutmut_mutated(mutants_xǁSegmentStoreǁ__init____mutmut)
    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_orig(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_1(self, folder: str | os.PathLike):
        self.folder = None
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_2(self, folder: str | os.PathLike):
        self.folder = Path(None)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_3(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=None, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_4(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=None)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_5(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_6(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, )
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_7(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=False, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_8(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=False)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_9(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = None
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_10(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = None
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_11(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = None
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_12(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 1
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_13(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = None
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_14(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 1
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_15(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = None  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_16(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = None
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_17(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 1
        self._recording: list[tuple] | None = None
        self._load()

    def xǁSegmentStoreǁ__init____mutmut_18(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = ""
        self._load()

    # ------------------------------------------------------------------ reading
    @_mutmut_mutated(mutants_xǁSegmentStoreǁ__len____mutmut)
    def __len__(self) -> int:
        with self._lock:
            return sum(len(segments) for segments in self._annotations.values())

    # ------------------------------------------------------------------ reading
    def xǁSegmentStoreǁ__len____mutmut_orig(self) -> int:
        with self._lock:
            return sum(len(segments) for segments in self._annotations.values())

    # ------------------------------------------------------------------ reading
    def xǁSegmentStoreǁ__len____mutmut_1(self) -> int:
        with self._lock:
            return sum(None)

    @property
    def annotation_ids(self) -> list[str]:
        with self._lock:
            return sorted(self._annotations, key=_id_order)

    @_mutmut_mutated(mutants_xǁSegmentStoreǁhas_annotation__mutmut)
    def has_annotation(self, annotation_id: object) -> bool:
        with self._lock:
            return _key(annotation_id) in self._annotations

    def xǁSegmentStoreǁhas_annotation__mutmut_orig(self, annotation_id: object) -> bool:
        with self._lock:
            return _key(annotation_id) in self._annotations

    def xǁSegmentStoreǁhas_annotation__mutmut_1(self, annotation_id: object) -> bool:
        with self._lock:
            return _key(None) in self._annotations

    def xǁSegmentStoreǁhas_annotation__mutmut_2(self, annotation_id: object) -> bool:
        with self._lock:
            return _key(annotation_id) not in self._annotations

    @_mutmut_mutated(mutants_xǁSegmentStoreǁsegments__mutmut)
    def segments(self) -> list[Segment]:
        """Every segment, grouped by annotation in id order (a stable order)."""
        with self._lock:
            return [
                segment
                for key in sorted(self._annotations, key=_id_order)
                for segment in self._annotations[key]
            ]

    def xǁSegmentStoreǁsegments__mutmut_orig(self) -> list[Segment]:
        """Every segment, grouped by annotation in id order (a stable order)."""
        with self._lock:
            return [
                segment
                for key in sorted(self._annotations, key=_id_order)
                for segment in self._annotations[key]
            ]

    def xǁSegmentStoreǁsegments__mutmut_1(self) -> list[Segment]:
        """Every segment, grouped by annotation in id order (a stable order)."""
        with self._lock:
            return [
                segment
                for key in sorted(None, key=_id_order)
                for segment in self._annotations[key]
            ]

    def xǁSegmentStoreǁsegments__mutmut_2(self) -> list[Segment]:
        """Every segment, grouped by annotation in id order (a stable order)."""
        with self._lock:
            return [
                segment
                for key in sorted(self._annotations, key=None)
                for segment in self._annotations[key]
            ]

    def xǁSegmentStoreǁsegments__mutmut_3(self) -> list[Segment]:
        """Every segment, grouped by annotation in id order (a stable order)."""
        with self._lock:
            return [
                segment
                for key in sorted(key=_id_order)
                for segment in self._annotations[key]
            ]

    def xǁSegmentStoreǁsegments__mutmut_4(self) -> list[Segment]:
        """Every segment, grouped by annotation in id order (a stable order)."""
        with self._lock:
            return [
                segment
                for key in sorted(self._annotations, )
                for segment in self._annotations[key]
            ]

    @_mutmut_mutated(mutants_xǁSegmentStoreǁspans_of_task__mutmut)
    def spans_of_task(self, task_id: int) -> list[tuple[int, int]]:
        """``(start, end)`` of every segment coded in task ``task_id``."""
        with self._lock:
            return [
                (s.start, s.end)
                for segments in self._annotations.values()
                for s in segments
                if s.task == task_id and s.start is not None and s.end is not None
            ]

    def xǁSegmentStoreǁspans_of_task__mutmut_orig(self, task_id: int) -> list[tuple[int, int]]:
        """``(start, end)`` of every segment coded in task ``task_id``."""
        with self._lock:
            return [
                (s.start, s.end)
                for segments in self._annotations.values()
                for s in segments
                if s.task == task_id and s.start is not None and s.end is not None
            ]

    def xǁSegmentStoreǁspans_of_task__mutmut_1(self, task_id: int) -> list[tuple[int, int]]:
        """``(start, end)`` of every segment coded in task ``task_id``."""
        with self._lock:
            return [
                (s.start, s.end)
                for segments in self._annotations.values()
                for s in segments
                if s.task == task_id and s.start is not None or s.end is not None
            ]

    def xǁSegmentStoreǁspans_of_task__mutmut_2(self, task_id: int) -> list[tuple[int, int]]:
        """``(start, end)`` of every segment coded in task ``task_id``."""
        with self._lock:
            return [
                (s.start, s.end)
                for segments in self._annotations.values()
                for s in segments
                if s.task == task_id or s.start is not None and s.end is not None
            ]

    def xǁSegmentStoreǁspans_of_task__mutmut_3(self, task_id: int) -> list[tuple[int, int]]:
        """``(start, end)`` of every segment coded in task ``task_id``."""
        with self._lock:
            return [
                (s.start, s.end)
                for segments in self._annotations.values()
                for s in segments
                if s.task != task_id and s.start is not None and s.end is not None
            ]

    def xǁSegmentStoreǁspans_of_task__mutmut_4(self, task_id: int) -> list[tuple[int, int]]:
        """``(start, end)`` of every segment coded in task ``task_id``."""
        with self._lock:
            return [
                (s.start, s.end)
                for segments in self._annotations.values()
                for s in segments
                if s.task == task_id and s.start is None and s.end is not None
            ]

    def xǁSegmentStoreǁspans_of_task__mutmut_5(self, task_id: int) -> list[tuple[int, int]]:
        """``(start, end)`` of every segment coded in task ``task_id``."""
        with self._lock:
            return [
                (s.start, s.end)
                for segments in self._annotations.values()
                for s in segments
                if s.task == task_id and s.start is not None and s.end is None
            ]

    def state(self) -> tuple[list[Segment], str]:
        """``(segments(), digest())`` read together, consistent with each other."""
        with self._lock:
            return self.segments(), self.digest()

    def digest_and_size(self) -> tuple[str, int]:
        """``(digest(), len(self))``, consistent with each other."""
        with self._lock:
            return self.digest(), len(self)

    @_mutmut_mutated(mutants_xǁSegmentStoreǁdigest__mutmut)
    def digest(self) -> str:
        """SHA-256 (hex) of the multiset of segments: equal sets give equal digests, in any order.

        It covers each segment's text, codes and participant, which is all a model learns or
        shows; it does not depend on which annotation a segment came from. It is kept up to
        date incrementally (a sum of per-segment hashes), so it costs nothing per event.
        """
        with self._lock:
            return hashlib.sha256(f"{self._total:064x}:{len(self)}".encode()).hexdigest()

    def xǁSegmentStoreǁdigest__mutmut_orig(self) -> str:
        """SHA-256 (hex) of the multiset of segments: equal sets give equal digests, in any order.

        It covers each segment's text, codes and participant, which is all a model learns or
        shows; it does not depend on which annotation a segment came from. It is kept up to
        date incrementally (a sum of per-segment hashes), so it costs nothing per event.
        """
        with self._lock:
            return hashlib.sha256(f"{self._total:064x}:{len(self)}".encode()).hexdigest()

    def xǁSegmentStoreǁdigest__mutmut_1(self) -> str:
        """SHA-256 (hex) of the multiset of segments: equal sets give equal digests, in any order.

        It covers each segment's text, codes and participant, which is all a model learns or
        shows; it does not depend on which annotation a segment came from. It is kept up to
        date incrementally (a sum of per-segment hashes), so it costs nothing per event.
        """
        with self._lock:
            return hashlib.sha256(None).hexdigest()

    # ------------------------------------------------------------------ changes
    @_mutmut_mutated(mutants_xǁSegmentStoreǁreplace__mutmut)
    def replace(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_orig(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_1(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = None
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_2(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(None)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_3(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = None
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_4(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(None)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_5(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations or self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_6(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key not in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_7(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] != new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_8(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return True
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_9(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                None
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_10(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"XXopXX": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_11(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"OP": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_12(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "XXreplaceXX", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_13(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "REPLACE", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_14(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "XXannotationXX": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_15(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "ANNOTATION": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_16(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "XXsegmentsXX": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_17(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "SEGMENTS": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_18(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(None, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_19(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, None)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_20(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_21(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, )
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_22(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is None:
                self._recording.append(("replace", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_23(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(None)
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_24(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("XXreplaceXX", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_25(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("REPLACE", key, new))
            return True

    # ------------------------------------------------------------------ changes
    def xǁSegmentStoreǁreplace__mutmut_26(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return False

    @_mutmut_mutated(mutants_xǁSegmentStoreǁremove__mutmut)
    def remove(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_orig(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_1(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = None
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_2(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(None) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_3(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(None) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_4(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k not in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_5(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_6(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(None)
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_7(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("XXremoveXX", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_8(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("REMOVE", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_9(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(None) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_10(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append(None)
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_11(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"XXopXX": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_12(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"OP": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_13(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "XXremoveXX", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_14(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "REMOVE", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_15(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "XXannotationsXX": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_16(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "ANNOTATIONS": keys})
                self._apply_remove(keys)
            return keys

    def xǁSegmentStoreǁremove__mutmut_17(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(None)
            return keys

    @_mutmut_mutated(mutants_xǁSegmentStoreǁbegin_rebuild__mutmut)
    def begin_rebuild(self) -> None:
        """Start remembering changes, to replay them over the state :meth:`rebuild` installs.

        A rebuild pulls every annotation from Label Studio, which takes a while; a webhook that
        arrives meanwhile may or may not be in what was pulled. Replaying the changes made since
        this call keeps such an event whatever the pull saw.
        """
        with self._lock:
            self._recording = []

    def xǁSegmentStoreǁbegin_rebuild__mutmut_orig(self) -> None:
        """Start remembering changes, to replay them over the state :meth:`rebuild` installs.

        A rebuild pulls every annotation from Label Studio, which takes a while; a webhook that
        arrives meanwhile may or may not be in what was pulled. Replaying the changes made since
        this call keeps such an event whatever the pull saw.
        """
        with self._lock:
            self._recording = []

    def xǁSegmentStoreǁbegin_rebuild__mutmut_1(self) -> None:
        """Start remembering changes, to replay them over the state :meth:`rebuild` installs.

        A rebuild pulls every annotation from Label Studio, which takes a while; a webhook that
        arrives meanwhile may or may not be in what was pulled. Replaying the changes made since
        this call keeps such an event whatever the pull saw.
        """
        with self._lock:
            self._recording = None

    @_mutmut_mutated(mutants_xǁSegmentStoreǁrebuild__mutmut)
    def rebuild(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_orig(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_1(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = None
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_2(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(None): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_3(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(None) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_4(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording and []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_5(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[1] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_6(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] != "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_7(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "XXreplaceXX":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_8(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "REPLACE":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_9(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = None
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_10(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[2]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_11(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[3]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_12(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[2]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_13(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(None, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_14(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_15(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, )
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_16(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = ""
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_17(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = None
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_18(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new == self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_19(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = None
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_20(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq = 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_21(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq -= 1
            self._write_snapshot()
            return changed

    def xǁSegmentStoreǁrebuild__mutmut_22(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 2
            self._write_snapshot()
            return changed

    @_mutmut_mutated(mutants_xǁSegmentStoreǁcompact__mutmut)
    def compact(self) -> None:
        """Fold the journal into a new snapshot (a no-op when the journal is empty)."""
        with self._lock:
            if self._seq != self._snapshot_seq:
                self._write_snapshot()

    def xǁSegmentStoreǁcompact__mutmut_orig(self) -> None:
        """Fold the journal into a new snapshot (a no-op when the journal is empty)."""
        with self._lock:
            if self._seq != self._snapshot_seq:
                self._write_snapshot()

    def xǁSegmentStoreǁcompact__mutmut_1(self) -> None:
        """Fold the journal into a new snapshot (a no-op when the journal is empty)."""
        with self._lock:
            if self._seq == self._snapshot_seq:
                self._write_snapshot()

    @property
    def journal_length(self) -> int:
        """Changes recorded since the last snapshot."""
        with self._lock:
            return self._seq - self._snapshot_seq

    # ------------------------------------------------------------------ label config
    @_mutmut_mutated(mutants_xǁSegmentStoreǁlabel_config__mutmut)
    def label_config(self) -> str | None:
        path = self.folder / LABEL_CONFIG
        with self._lock:
            return path.read_text(encoding="utf-8") if path.is_file() else None

    # ------------------------------------------------------------------ label config
    def xǁSegmentStoreǁlabel_config__mutmut_orig(self) -> str | None:
        path = self.folder / LABEL_CONFIG
        with self._lock:
            return path.read_text(encoding="utf-8") if path.is_file() else None

    # ------------------------------------------------------------------ label config
    def xǁSegmentStoreǁlabel_config__mutmut_1(self) -> str | None:
        path = None
        with self._lock:
            return path.read_text(encoding="utf-8") if path.is_file() else None

    # ------------------------------------------------------------------ label config
    def xǁSegmentStoreǁlabel_config__mutmut_2(self) -> str | None:
        path = self.folder * LABEL_CONFIG
        with self._lock:
            return path.read_text(encoding="utf-8") if path.is_file() else None

    # ------------------------------------------------------------------ label config
    def xǁSegmentStoreǁlabel_config__mutmut_3(self) -> str | None:
        path = self.folder / LABEL_CONFIG
        with self._lock:
            return path.read_text(encoding="utf-8") if (path.is_file()) and False else None

    # ------------------------------------------------------------------ label config
    def xǁSegmentStoreǁlabel_config__mutmut_4(self) -> str | None:
        path = self.folder / LABEL_CONFIG
        with self._lock:
            return path.read_text(encoding="utf-8") if (path.is_file()) or True else None

    # ------------------------------------------------------------------ label config
    def xǁSegmentStoreǁlabel_config__mutmut_5(self) -> str | None:
        path = self.folder / LABEL_CONFIG
        with self._lock:
            return path.read_text(encoding=None) if path.is_file() else None

    # ------------------------------------------------------------------ label config
    def xǁSegmentStoreǁlabel_config__mutmut_6(self) -> str | None:
        path = self.folder / LABEL_CONFIG
        with self._lock:
            return path.read_text(encoding="XXutf-8XX") if path.is_file() else None

    # ------------------------------------------------------------------ label config
    def xǁSegmentStoreǁlabel_config__mutmut_7(self) -> str | None:
        path = self.folder / LABEL_CONFIG
        with self._lock:
            return path.read_text(encoding="UTF-8") if path.is_file() else None

    @_mutmut_mutated(mutants_xǁSegmentStoreǁset_label_config__mutmut)
    def set_label_config(self, xml: str) -> None:
        with self._lock:
            if self.label_config() != xml:
                atomic_write_text(self.folder / LABEL_CONFIG, xml)

    def xǁSegmentStoreǁset_label_config__mutmut_orig(self, xml: str) -> None:
        with self._lock:
            if self.label_config() != xml:
                atomic_write_text(self.folder / LABEL_CONFIG, xml)

    def xǁSegmentStoreǁset_label_config__mutmut_1(self, xml: str) -> None:
        with self._lock:
            if self.label_config() == xml:
                atomic_write_text(self.folder / LABEL_CONFIG, xml)

    def xǁSegmentStoreǁset_label_config__mutmut_2(self, xml: str) -> None:
        with self._lock:
            if self.label_config() != xml:
                atomic_write_text(None, xml)

    def xǁSegmentStoreǁset_label_config__mutmut_3(self, xml: str) -> None:
        with self._lock:
            if self.label_config() != xml:
                atomic_write_text(self.folder / LABEL_CONFIG, None)

    def xǁSegmentStoreǁset_label_config__mutmut_4(self, xml: str) -> None:
        with self._lock:
            if self.label_config() != xml:
                atomic_write_text(xml)

    def xǁSegmentStoreǁset_label_config__mutmut_5(self, xml: str) -> None:
        with self._lock:
            if self.label_config() != xml:
                atomic_write_text(self.folder / LABEL_CONFIG, )

    def xǁSegmentStoreǁset_label_config__mutmut_6(self, xml: str) -> None:
        with self._lock:
            if self.label_config() != xml:
                atomic_write_text(self.folder * LABEL_CONFIG, xml)

    # ------------------------------------------------------------------ START_TRAINING marker
    @_mutmut_mutated(mutants_xǁSegmentStoreǁmark_rebuild_pending__mutmut)
    def mark_rebuild_pending(self) -> None:
        with self._lock:
            atomic_write_text(self.folder / REBUILD_PENDING, "START_TRAINING\n")

    # ------------------------------------------------------------------ START_TRAINING marker
    def xǁSegmentStoreǁmark_rebuild_pending__mutmut_orig(self) -> None:
        with self._lock:
            atomic_write_text(self.folder / REBUILD_PENDING, "START_TRAINING\n")

    # ------------------------------------------------------------------ START_TRAINING marker
    def xǁSegmentStoreǁmark_rebuild_pending__mutmut_1(self) -> None:
        with self._lock:
            atomic_write_text(None, "START_TRAINING\n")

    # ------------------------------------------------------------------ START_TRAINING marker
    def xǁSegmentStoreǁmark_rebuild_pending__mutmut_2(self) -> None:
        with self._lock:
            atomic_write_text(self.folder / REBUILD_PENDING, None)

    # ------------------------------------------------------------------ START_TRAINING marker
    def xǁSegmentStoreǁmark_rebuild_pending__mutmut_3(self) -> None:
        with self._lock:
            atomic_write_text("START_TRAINING\n")

    # ------------------------------------------------------------------ START_TRAINING marker
    def xǁSegmentStoreǁmark_rebuild_pending__mutmut_4(self) -> None:
        with self._lock:
            atomic_write_text(self.folder / REBUILD_PENDING, )

    # ------------------------------------------------------------------ START_TRAINING marker
    def xǁSegmentStoreǁmark_rebuild_pending__mutmut_5(self) -> None:
        with self._lock:
            atomic_write_text(self.folder * REBUILD_PENDING, "START_TRAINING\n")

    # ------------------------------------------------------------------ START_TRAINING marker
    def xǁSegmentStoreǁmark_rebuild_pending__mutmut_6(self) -> None:
        with self._lock:
            atomic_write_text(self.folder / REBUILD_PENDING, "XXSTART_TRAINING\nXX")

    # ------------------------------------------------------------------ START_TRAINING marker
    def xǁSegmentStoreǁmark_rebuild_pending__mutmut_7(self) -> None:
        with self._lock:
            atomic_write_text(self.folder / REBUILD_PENDING, "start_training\n")

    @_mutmut_mutated(mutants_xǁSegmentStoreǁrebuild_pending__mutmut)
    def rebuild_pending(self) -> bool:
        return (self.folder / REBUILD_PENDING).is_file()

    def xǁSegmentStoreǁrebuild_pending__mutmut_orig(self) -> bool:
        return (self.folder / REBUILD_PENDING).is_file()

    def xǁSegmentStoreǁrebuild_pending__mutmut_1(self) -> bool:
        return (self.folder * REBUILD_PENDING).is_file()

    @_mutmut_mutated(mutants_xǁSegmentStoreǁclear_rebuild_pending__mutmut)
    def clear_rebuild_pending(self) -> None:
        with self._lock:
            (self.folder / REBUILD_PENDING).unlink(missing_ok=True)

    def xǁSegmentStoreǁclear_rebuild_pending__mutmut_orig(self) -> None:
        with self._lock:
            (self.folder / REBUILD_PENDING).unlink(missing_ok=True)

    def xǁSegmentStoreǁclear_rebuild_pending__mutmut_1(self) -> None:
        with self._lock:
            (self.folder / REBUILD_PENDING).unlink(missing_ok=None)

    def xǁSegmentStoreǁclear_rebuild_pending__mutmut_2(self) -> None:
        with self._lock:
            (self.folder * REBUILD_PENDING).unlink(missing_ok=True)

    def xǁSegmentStoreǁclear_rebuild_pending__mutmut_3(self) -> None:
        with self._lock:
            (self.folder / REBUILD_PENDING).unlink(missing_ok=False)

    # ------------------------------------------------------------------ internals
    @_mutmut_mutated(mutants_xǁSegmentStoreǁ_apply_replace__mutmut)
    def _apply_replace(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(key, 0) + new_sum) % _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_orig(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(key, 0) + new_sum) % _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_1(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = None
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(key, 0) + new_sum) % _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_2(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = None
        self._total = (self._total - self._sums.get(key, 0) + new_sum) % _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_3(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(None)
        self._total = (self._total - self._sums.get(key, 0) + new_sum) % _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_4(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = None
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_5(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(key, 0) + new_sum) / _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_6(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(key, 0) - new_sum) % _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_7(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total + self._sums.get(key, 0) + new_sum) % _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_8(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(None, 0) + new_sum) % _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_9(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(key, None) + new_sum) % _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_10(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(0) + new_sum) % _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_11(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(key, ) + new_sum) % _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_12(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(key, 1) + new_sum) % _MOD
        self._sums[key] = new_sum

    # ------------------------------------------------------------------ internals
    def xǁSegmentStoreǁ_apply_replace__mutmut_13(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(key, 0) + new_sum) % _MOD
        self._sums[key] = None

    @_mutmut_mutated(mutants_xǁSegmentStoreǁ_apply_remove__mutmut)
    def _apply_remove(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(key, None)
            self._total = (self._total - self._sums.pop(key, 0)) % _MOD

    def xǁSegmentStoreǁ_apply_remove__mutmut_orig(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(key, None)
            self._total = (self._total - self._sums.pop(key, 0)) % _MOD

    def xǁSegmentStoreǁ_apply_remove__mutmut_1(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(None, None)
            self._total = (self._total - self._sums.pop(key, 0)) % _MOD

    def xǁSegmentStoreǁ_apply_remove__mutmut_2(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(None)
            self._total = (self._total - self._sums.pop(key, 0)) % _MOD

    def xǁSegmentStoreǁ_apply_remove__mutmut_3(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(key, )
            self._total = (self._total - self._sums.pop(key, 0)) % _MOD

    def xǁSegmentStoreǁ_apply_remove__mutmut_4(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(key, None)
            self._total = None

    def xǁSegmentStoreǁ_apply_remove__mutmut_5(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(key, None)
            self._total = (self._total - self._sums.pop(key, 0)) / _MOD

    def xǁSegmentStoreǁ_apply_remove__mutmut_6(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(key, None)
            self._total = (self._total + self._sums.pop(key, 0)) % _MOD

    def xǁSegmentStoreǁ_apply_remove__mutmut_7(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(key, None)
            self._total = (self._total - self._sums.pop(None, 0)) % _MOD

    def xǁSegmentStoreǁ_apply_remove__mutmut_8(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(key, None)
            self._total = (self._total - self._sums.pop(key, None)) % _MOD

    def xǁSegmentStoreǁ_apply_remove__mutmut_9(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(key, None)
            self._total = (self._total - self._sums.pop(0)) % _MOD

    def xǁSegmentStoreǁ_apply_remove__mutmut_10(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(key, None)
            self._total = (self._total - self._sums.pop(key, )) % _MOD

    def xǁSegmentStoreǁ_apply_remove__mutmut_11(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(key, None)
            self._total = (self._total - self._sums.pop(key, 1)) % _MOD

    @_mutmut_mutated(mutants_xǁSegmentStoreǁ_recount__mutmut)
    def _recount(self) -> None:
        self._sums = {key: _sum_of(segments) for key, segments in self._annotations.items()}
        self._total = sum(self._sums.values()) % _MOD

    def xǁSegmentStoreǁ_recount__mutmut_orig(self) -> None:
        self._sums = {key: _sum_of(segments) for key, segments in self._annotations.items()}
        self._total = sum(self._sums.values()) % _MOD

    def xǁSegmentStoreǁ_recount__mutmut_1(self) -> None:
        self._sums = None
        self._total = sum(self._sums.values()) % _MOD

    def xǁSegmentStoreǁ_recount__mutmut_2(self) -> None:
        self._sums = {key: _sum_of(None) for key, segments in self._annotations.items()}
        self._total = sum(self._sums.values()) % _MOD

    def xǁSegmentStoreǁ_recount__mutmut_3(self) -> None:
        self._sums = {key: _sum_of(segments) for key, segments in self._annotations.items()}
        self._total = None

    def xǁSegmentStoreǁ_recount__mutmut_4(self) -> None:
        self._sums = {key: _sum_of(segments) for key, segments in self._annotations.items()}
        self._total = sum(self._sums.values()) / _MOD

    def xǁSegmentStoreǁ_recount__mutmut_5(self) -> None:
        self._sums = {key: _sum_of(segments) for key, segments in self._annotations.items()}
        self._total = sum(None) % _MOD

    @_mutmut_mutated(mutants_xǁSegmentStoreǁ_append__mutmut)
    def _append(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_orig(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_1(self, entry: dict) -> None:
        entry = None
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_2(self, entry: dict) -> None:
        entry = {"XXseqXX": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_3(self, entry: dict) -> None:
        entry = {"SEQ": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_4(self, entry: dict) -> None:
        entry = {"seq": self._seq - 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_5(self, entry: dict) -> None:
        entry = {"seq": self._seq + 2, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_6(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = None
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_7(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) - "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_8(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(None, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_9(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=None) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_10(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_11(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_12(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=True) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_13(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "XX\nXX"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_14(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = None
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_15(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder * JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_16(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = None
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_17(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_18(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(None, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_19(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, None, encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_20(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding=None) as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_21(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_22(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_23(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", ) as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_24(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "XXaXX", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_25(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "A", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_26(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="XXutf-8XX") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_27(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="UTF-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_28(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(None)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_29(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(None)
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_30(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(None)  # the new file's name must survive a crash too
        self._seq += 1

    def xǁSegmentStoreǁ_append__mutmut_31(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq = 1

    def xǁSegmentStoreǁ_append__mutmut_32(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq -= 1

    def xǁSegmentStoreǁ_append__mutmut_33(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 2

    @_mutmut_mutated(mutants_xǁSegmentStoreǁ_write_snapshot__mutmut)
    def _write_snapshot(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_orig(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_1(self) -> None:
        data = None
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_2(self) -> None:
        data = {
            "XXseqXX": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_3(self) -> None:
        data = {
            "SEQ": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_4(self) -> None:
        data = {
            "seq": self._seq,
            "XXannotationsXX": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_5(self) -> None:
        data = {
            "seq": self._seq,
            "ANNOTATIONS": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_6(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    None, key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_7(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=None
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_8(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_9(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_10(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: None
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_11(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(None)
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_12(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[1])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_13(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            None, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_14(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, None
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_15(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_16(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_17(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder * SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_18(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode(None)
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_19(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(None, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_20(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=None).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_21(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_22(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_23(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=True).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_24(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("XXutf-8XX")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_25(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("UTF-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_26(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(None, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_27(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, None)
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_28(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_29(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, )
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_30(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder * JOURNAL, b"")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_31(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"XXXX")
        self._snapshot_seq = self._seq

    def xǁSegmentStoreǁ_write_snapshot__mutmut_32(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = None

    @_mutmut_mutated(mutants_xǁSegmentStoreǁ_load__mutmut)
    def _load(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_orig(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_1(self) -> None:
        snapshot = None
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_2(self) -> None:
        snapshot = self.folder * SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_3(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = None
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_4(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(None)
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_5(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding=None))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_6(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="XXutf-8XX"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_7(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="UTF-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_8(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = None
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_9(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(None)
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_10(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get(None, 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_11(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", None))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_12(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get(0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_13(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", ))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_14(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("XXseqXX", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_15(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("SEQ", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_16(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 1))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_17(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = None
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_18(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(None)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_19(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(None) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_20(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get(None, {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_21(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", None).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_22(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get({}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_23(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", ).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_24(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("XXannotationsXX", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_25(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("ANNOTATIONS", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_26(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = None
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_27(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder * JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_28(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_29(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_30(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding=None).splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_31(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="XXutf-8XX").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_32(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="UTF-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_33(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(None, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_34(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, None):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_35(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_36(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, ):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_37(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 2):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_38(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_39(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                break
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_40(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = None
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_41(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(None)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_42(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = None
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_43(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if (number == len(lines)) and False
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_44(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if (number == len(lines)) or True
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_45(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "XXits last line (cut off by a crash)XX"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_46(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "ITS LAST LINE (CUT OFF BY A CRASH)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_47(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number != len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_48(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning(None, journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_49(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", None, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_50(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, None)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_51(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning(journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_52(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_53(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, )
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_54(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("XX%s: skipping %s, which is not valid JSONXX", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_55(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid json", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_56(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%S: SKIPPING %S, WHICH IS NOT VALID JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_57(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                break
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_58(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = None
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_59(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(None)
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_60(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get(None, 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_61(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", None))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_62(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get(0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_63(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", ))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_64(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("XXseqXX", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_65(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("SEQ", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_66(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 1))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_67(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq < self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_68(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                break  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_69(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get(None) == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_70(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("XXopXX") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_71(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("OP") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_72(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") != "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_73(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "XXreplaceXX":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_74(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "REPLACE":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_75(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    None,
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_76(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    None,
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_77(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_78(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_79(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["XXannotationXX"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_80(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["ANNOTATION"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_81(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(None),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_82(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(None) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_83(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get(None, [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_84(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", None)),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_85(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get([])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_86(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", )),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_87(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("XXsegmentsXX", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_88(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("SEGMENTS", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_89(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get(None) == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_90(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("XXopXX") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_91(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("OP") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_92(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") != "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_93(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "XXremoveXX":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_94(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "REMOVE":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_95(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(None)
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_96(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(None))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_97(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get(None, [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_98(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", None)))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_99(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get([])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_100(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", )))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_101(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("XXannotationsXX", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_102(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("ANNOTATIONS", [])))
            self._seq = max(self._seq, seq)

    def xǁSegmentStoreǁ_load__mutmut_103(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = None

    def xǁSegmentStoreǁ_load__mutmut_104(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(None, seq)

    def xǁSegmentStoreǁ_load__mutmut_105(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, None)

    def xǁSegmentStoreǁ_load__mutmut_106(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(seq)

    def xǁSegmentStoreǁ_load__mutmut_107(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, )

mutants_xǁSegmentStoreǁ__init____mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_1'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_2'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_3'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_4'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_5'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_6'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_7'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_7 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_8'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_8 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_9'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_9 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_10'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_10 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_11'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_11 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_12'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_12 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_13'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_13 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_14'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_14 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_15'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_15 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_16'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_16 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_17'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_17 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__init____mutmut['xǁSegmentStoreǁ__init____mutmut_18'] = SegmentStore.xǁSegmentStoreǁ__init____mutmut_18 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁ__len____mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁ__len____mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ__len____mutmut['xǁSegmentStoreǁ__len____mutmut_1'] = SegmentStore.xǁSegmentStoreǁ__len____mutmut_1 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁhas_annotation__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁhas_annotation__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁhas_annotation__mutmut['xǁSegmentStoreǁhas_annotation__mutmut_1'] = SegmentStore.xǁSegmentStoreǁhas_annotation__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁhas_annotation__mutmut['xǁSegmentStoreǁhas_annotation__mutmut_2'] = SegmentStore.xǁSegmentStoreǁhas_annotation__mutmut_2 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁsegments__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁsegments__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁsegments__mutmut['xǁSegmentStoreǁsegments__mutmut_1'] = SegmentStore.xǁSegmentStoreǁsegments__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁsegments__mutmut['xǁSegmentStoreǁsegments__mutmut_2'] = SegmentStore.xǁSegmentStoreǁsegments__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁsegments__mutmut['xǁSegmentStoreǁsegments__mutmut_3'] = SegmentStore.xǁSegmentStoreǁsegments__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁsegments__mutmut['xǁSegmentStoreǁsegments__mutmut_4'] = SegmentStore.xǁSegmentStoreǁsegments__mutmut_4 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁspans_of_task__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁspans_of_task__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁspans_of_task__mutmut['xǁSegmentStoreǁspans_of_task__mutmut_1'] = SegmentStore.xǁSegmentStoreǁspans_of_task__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁspans_of_task__mutmut['xǁSegmentStoreǁspans_of_task__mutmut_2'] = SegmentStore.xǁSegmentStoreǁspans_of_task__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁspans_of_task__mutmut['xǁSegmentStoreǁspans_of_task__mutmut_3'] = SegmentStore.xǁSegmentStoreǁspans_of_task__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁspans_of_task__mutmut['xǁSegmentStoreǁspans_of_task__mutmut_4'] = SegmentStore.xǁSegmentStoreǁspans_of_task__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁspans_of_task__mutmut['xǁSegmentStoreǁspans_of_task__mutmut_5'] = SegmentStore.xǁSegmentStoreǁspans_of_task__mutmut_5 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁdigest__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁdigest__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁdigest__mutmut['xǁSegmentStoreǁdigest__mutmut_1'] = SegmentStore.xǁSegmentStoreǁdigest__mutmut_1 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁreplace__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_1'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_2'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_3'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_4'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_5'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_6'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_7'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_7 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_8'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_8 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_9'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_9 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_10'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_10 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_11'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_11 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_12'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_12 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_13'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_13 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_14'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_14 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_15'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_15 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_16'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_16 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_17'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_17 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_18'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_18 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_19'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_19 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_20'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_20 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_21'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_21 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_22'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_22 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_23'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_23 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_24'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_24 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_25'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_25 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁreplace__mutmut['xǁSegmentStoreǁreplace__mutmut_26'] = SegmentStore.xǁSegmentStoreǁreplace__mutmut_26 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁremove__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_1'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_2'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_3'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_4'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_5'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_6'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_7'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_7 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_8'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_8 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_9'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_9 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_10'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_10 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_11'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_11 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_12'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_12 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_13'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_13 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_14'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_14 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_15'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_15 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_16'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_16 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁremove__mutmut['xǁSegmentStoreǁremove__mutmut_17'] = SegmentStore.xǁSegmentStoreǁremove__mutmut_17 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁbegin_rebuild__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁbegin_rebuild__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁbegin_rebuild__mutmut['xǁSegmentStoreǁbegin_rebuild__mutmut_1'] = SegmentStore.xǁSegmentStoreǁbegin_rebuild__mutmut_1 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁrebuild__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_1'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_2'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_3'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_4'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_5'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_6'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_7'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_7 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_8'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_8 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_9'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_9 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_10'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_10 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_11'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_11 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_12'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_12 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_13'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_13 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_14'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_14 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_15'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_15 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_16'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_16 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_17'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_17 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_18'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_18 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_19'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_19 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_20'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_20 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_21'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_21 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild__mutmut['xǁSegmentStoreǁrebuild__mutmut_22'] = SegmentStore.xǁSegmentStoreǁrebuild__mutmut_22 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁcompact__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁcompact__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁcompact__mutmut['xǁSegmentStoreǁcompact__mutmut_1'] = SegmentStore.xǁSegmentStoreǁcompact__mutmut_1 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁlabel_config__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁlabel_config__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁlabel_config__mutmut['xǁSegmentStoreǁlabel_config__mutmut_1'] = SegmentStore.xǁSegmentStoreǁlabel_config__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁlabel_config__mutmut['xǁSegmentStoreǁlabel_config__mutmut_2'] = SegmentStore.xǁSegmentStoreǁlabel_config__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁlabel_config__mutmut['xǁSegmentStoreǁlabel_config__mutmut_3'] = SegmentStore.xǁSegmentStoreǁlabel_config__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁlabel_config__mutmut['xǁSegmentStoreǁlabel_config__mutmut_4'] = SegmentStore.xǁSegmentStoreǁlabel_config__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁlabel_config__mutmut['xǁSegmentStoreǁlabel_config__mutmut_5'] = SegmentStore.xǁSegmentStoreǁlabel_config__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁlabel_config__mutmut['xǁSegmentStoreǁlabel_config__mutmut_6'] = SegmentStore.xǁSegmentStoreǁlabel_config__mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁlabel_config__mutmut['xǁSegmentStoreǁlabel_config__mutmut_7'] = SegmentStore.xǁSegmentStoreǁlabel_config__mutmut_7 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁset_label_config__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁset_label_config__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁset_label_config__mutmut['xǁSegmentStoreǁset_label_config__mutmut_1'] = SegmentStore.xǁSegmentStoreǁset_label_config__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁset_label_config__mutmut['xǁSegmentStoreǁset_label_config__mutmut_2'] = SegmentStore.xǁSegmentStoreǁset_label_config__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁset_label_config__mutmut['xǁSegmentStoreǁset_label_config__mutmut_3'] = SegmentStore.xǁSegmentStoreǁset_label_config__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁset_label_config__mutmut['xǁSegmentStoreǁset_label_config__mutmut_4'] = SegmentStore.xǁSegmentStoreǁset_label_config__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁset_label_config__mutmut['xǁSegmentStoreǁset_label_config__mutmut_5'] = SegmentStore.xǁSegmentStoreǁset_label_config__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁset_label_config__mutmut['xǁSegmentStoreǁset_label_config__mutmut_6'] = SegmentStore.xǁSegmentStoreǁset_label_config__mutmut_6 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁmark_rebuild_pending__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁmark_rebuild_pending__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁmark_rebuild_pending__mutmut['xǁSegmentStoreǁmark_rebuild_pending__mutmut_1'] = SegmentStore.xǁSegmentStoreǁmark_rebuild_pending__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁmark_rebuild_pending__mutmut['xǁSegmentStoreǁmark_rebuild_pending__mutmut_2'] = SegmentStore.xǁSegmentStoreǁmark_rebuild_pending__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁmark_rebuild_pending__mutmut['xǁSegmentStoreǁmark_rebuild_pending__mutmut_3'] = SegmentStore.xǁSegmentStoreǁmark_rebuild_pending__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁmark_rebuild_pending__mutmut['xǁSegmentStoreǁmark_rebuild_pending__mutmut_4'] = SegmentStore.xǁSegmentStoreǁmark_rebuild_pending__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁmark_rebuild_pending__mutmut['xǁSegmentStoreǁmark_rebuild_pending__mutmut_5'] = SegmentStore.xǁSegmentStoreǁmark_rebuild_pending__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁmark_rebuild_pending__mutmut['xǁSegmentStoreǁmark_rebuild_pending__mutmut_6'] = SegmentStore.xǁSegmentStoreǁmark_rebuild_pending__mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁmark_rebuild_pending__mutmut['xǁSegmentStoreǁmark_rebuild_pending__mutmut_7'] = SegmentStore.xǁSegmentStoreǁmark_rebuild_pending__mutmut_7 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁrebuild_pending__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁrebuild_pending__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁrebuild_pending__mutmut['xǁSegmentStoreǁrebuild_pending__mutmut_1'] = SegmentStore.xǁSegmentStoreǁrebuild_pending__mutmut_1 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁclear_rebuild_pending__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁclear_rebuild_pending__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁclear_rebuild_pending__mutmut['xǁSegmentStoreǁclear_rebuild_pending__mutmut_1'] = SegmentStore.xǁSegmentStoreǁclear_rebuild_pending__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁclear_rebuild_pending__mutmut['xǁSegmentStoreǁclear_rebuild_pending__mutmut_2'] = SegmentStore.xǁSegmentStoreǁclear_rebuild_pending__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁclear_rebuild_pending__mutmut['xǁSegmentStoreǁclear_rebuild_pending__mutmut_3'] = SegmentStore.xǁSegmentStoreǁclear_rebuild_pending__mutmut_3 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁ_apply_replace__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_1'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_2'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_3'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_4'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_5'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_6'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_7'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_7 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_8'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_8 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_9'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_9 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_10'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_10 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_11'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_11 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_12'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_12 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_replace__mutmut['xǁSegmentStoreǁ_apply_replace__mutmut_13'] = SegmentStore.xǁSegmentStoreǁ_apply_replace__mutmut_13 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁ_apply_remove__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁ_apply_remove__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_remove__mutmut['xǁSegmentStoreǁ_apply_remove__mutmut_1'] = SegmentStore.xǁSegmentStoreǁ_apply_remove__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_remove__mutmut['xǁSegmentStoreǁ_apply_remove__mutmut_2'] = SegmentStore.xǁSegmentStoreǁ_apply_remove__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_remove__mutmut['xǁSegmentStoreǁ_apply_remove__mutmut_3'] = SegmentStore.xǁSegmentStoreǁ_apply_remove__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_remove__mutmut['xǁSegmentStoreǁ_apply_remove__mutmut_4'] = SegmentStore.xǁSegmentStoreǁ_apply_remove__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_remove__mutmut['xǁSegmentStoreǁ_apply_remove__mutmut_5'] = SegmentStore.xǁSegmentStoreǁ_apply_remove__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_remove__mutmut['xǁSegmentStoreǁ_apply_remove__mutmut_6'] = SegmentStore.xǁSegmentStoreǁ_apply_remove__mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_remove__mutmut['xǁSegmentStoreǁ_apply_remove__mutmut_7'] = SegmentStore.xǁSegmentStoreǁ_apply_remove__mutmut_7 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_remove__mutmut['xǁSegmentStoreǁ_apply_remove__mutmut_8'] = SegmentStore.xǁSegmentStoreǁ_apply_remove__mutmut_8 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_remove__mutmut['xǁSegmentStoreǁ_apply_remove__mutmut_9'] = SegmentStore.xǁSegmentStoreǁ_apply_remove__mutmut_9 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_remove__mutmut['xǁSegmentStoreǁ_apply_remove__mutmut_10'] = SegmentStore.xǁSegmentStoreǁ_apply_remove__mutmut_10 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_apply_remove__mutmut['xǁSegmentStoreǁ_apply_remove__mutmut_11'] = SegmentStore.xǁSegmentStoreǁ_apply_remove__mutmut_11 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁ_recount__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁ_recount__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_recount__mutmut['xǁSegmentStoreǁ_recount__mutmut_1'] = SegmentStore.xǁSegmentStoreǁ_recount__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_recount__mutmut['xǁSegmentStoreǁ_recount__mutmut_2'] = SegmentStore.xǁSegmentStoreǁ_recount__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_recount__mutmut['xǁSegmentStoreǁ_recount__mutmut_3'] = SegmentStore.xǁSegmentStoreǁ_recount__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_recount__mutmut['xǁSegmentStoreǁ_recount__mutmut_4'] = SegmentStore.xǁSegmentStoreǁ_recount__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_recount__mutmut['xǁSegmentStoreǁ_recount__mutmut_5'] = SegmentStore.xǁSegmentStoreǁ_recount__mutmut_5 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁ_append__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_1'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_2'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_3'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_4'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_5'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_6'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_7'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_7 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_8'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_8 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_9'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_9 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_10'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_10 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_11'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_11 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_12'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_12 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_13'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_13 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_14'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_14 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_15'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_15 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_16'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_16 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_17'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_17 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_18'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_18 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_19'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_19 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_20'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_20 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_21'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_21 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_22'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_22 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_23'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_23 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_24'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_24 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_25'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_25 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_26'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_26 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_27'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_27 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_28'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_28 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_29'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_29 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_30'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_30 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_31'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_31 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_32'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_32 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_append__mutmut['xǁSegmentStoreǁ_append__mutmut_33'] = SegmentStore.xǁSegmentStoreǁ_append__mutmut_33 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_1'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_2'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_3'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_4'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_5'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_6'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_7'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_7 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_8'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_8 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_9'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_9 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_10'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_10 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_11'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_11 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_12'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_12 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_13'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_13 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_14'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_14 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_15'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_15 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_16'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_16 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_17'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_17 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_18'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_18 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_19'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_19 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_20'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_20 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_21'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_21 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_22'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_22 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_23'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_23 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_24'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_24 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_25'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_25 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_26'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_26 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_27'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_27 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_28'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_28 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_29'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_29 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_30'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_30 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_31'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_31 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_write_snapshot__mutmut['xǁSegmentStoreǁ_write_snapshot__mutmut_32'] = SegmentStore.xǁSegmentStoreǁ_write_snapshot__mutmut_32 # type: ignore # mutmut generated

mutants_xǁSegmentStoreǁ_load__mutmut['_mutmut_orig'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_orig # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_1'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_1 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_2'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_2 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_3'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_3 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_4'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_4 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_5'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_5 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_6'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_6 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_7'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_7 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_8'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_8 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_9'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_9 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_10'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_10 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_11'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_11 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_12'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_12 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_13'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_13 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_14'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_14 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_15'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_15 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_16'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_16 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_17'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_17 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_18'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_18 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_19'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_19 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_20'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_20 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_21'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_21 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_22'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_22 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_23'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_23 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_24'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_24 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_25'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_25 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_26'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_26 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_27'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_27 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_28'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_28 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_29'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_29 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_30'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_30 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_31'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_31 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_32'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_32 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_33'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_33 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_34'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_34 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_35'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_35 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_36'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_36 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_37'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_37 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_38'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_38 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_39'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_39 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_40'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_40 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_41'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_41 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_42'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_42 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_43'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_43 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_44'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_44 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_45'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_45 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_46'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_46 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_47'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_47 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_48'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_48 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_49'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_49 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_50'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_50 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_51'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_51 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_52'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_52 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_53'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_53 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_54'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_54 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_55'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_55 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_56'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_56 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_57'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_57 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_58'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_58 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_59'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_59 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_60'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_60 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_61'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_61 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_62'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_62 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_63'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_63 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_64'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_64 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_65'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_65 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_66'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_66 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_67'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_67 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_68'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_68 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_69'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_69 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_70'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_70 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_71'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_71 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_72'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_72 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_73'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_73 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_74'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_74 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_75'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_75 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_76'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_76 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_77'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_77 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_78'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_78 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_79'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_79 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_80'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_80 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_81'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_81 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_82'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_82 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_83'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_83 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_84'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_84 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_85'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_85 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_86'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_86 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_87'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_87 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_88'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_88 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_89'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_89 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_90'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_90 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_91'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_91 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_92'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_92 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_93'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_93 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_94'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_94 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_95'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_95 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_96'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_96 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_97'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_97 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_98'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_98 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_99'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_99 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_100'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_100 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_101'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_101 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_102'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_102 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_103'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_103 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_104'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_104 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_105'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_105 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_106'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_106 # type: ignore # mutmut generated
mutants_xǁSegmentStoreǁ_load__mutmut['xǁSegmentStoreǁ_load__mutmut_107'] = SegmentStore.xǁSegmentStoreǁ_load__mutmut_107 # type: ignore # mutmut generated


_MOD = 1 << 256
mutants_x__fsync_dir__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__fsync_dir__mutmut)
def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open a directory; nothing more to do there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def x__fsync_dir__mutmut_orig(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open a directory; nothing more to do there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def x__fsync_dir__mutmut_1(folder: Path) -> None:
    try:
        fd = None
    except OSError:  # some platforms cannot open a directory; nothing more to do there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def x__fsync_dir__mutmut_2(folder: Path) -> None:
    try:
        fd = os.open(None, os.O_RDONLY)
    except OSError:  # some platforms cannot open a directory; nothing more to do there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def x__fsync_dir__mutmut_3(folder: Path) -> None:
    try:
        fd = os.open(folder, None)
    except OSError:  # some platforms cannot open a directory; nothing more to do there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def x__fsync_dir__mutmut_4(folder: Path) -> None:
    try:
        fd = os.open(os.O_RDONLY)
    except OSError:  # some platforms cannot open a directory; nothing more to do there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def x__fsync_dir__mutmut_5(folder: Path) -> None:
    try:
        fd = os.open(folder, )
    except OSError:  # some platforms cannot open a directory; nothing more to do there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def x__fsync_dir__mutmut_6(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open a directory; nothing more to do there
        return
    try:
        os.fsync(None)
    finally:
        os.close(fd)


def x__fsync_dir__mutmut_7(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open a directory; nothing more to do there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(None)

mutants_x__fsync_dir__mutmut['_mutmut_orig'] = x__fsync_dir__mutmut_orig # type: ignore # mutmut generated
mutants_x__fsync_dir__mutmut['x__fsync_dir__mutmut_1'] = x__fsync_dir__mutmut_1 # type: ignore # mutmut generated
mutants_x__fsync_dir__mutmut['x__fsync_dir__mutmut_2'] = x__fsync_dir__mutmut_2 # type: ignore # mutmut generated
mutants_x__fsync_dir__mutmut['x__fsync_dir__mutmut_3'] = x__fsync_dir__mutmut_3 # type: ignore # mutmut generated
mutants_x__fsync_dir__mutmut['x__fsync_dir__mutmut_4'] = x__fsync_dir__mutmut_4 # type: ignore # mutmut generated
mutants_x__fsync_dir__mutmut['x__fsync_dir__mutmut_5'] = x__fsync_dir__mutmut_5 # type: ignore # mutmut generated
mutants_x__fsync_dir__mutmut['x__fsync_dir__mutmut_6'] = x__fsync_dir__mutmut_6 # type: ignore # mutmut generated
mutants_x__fsync_dir__mutmut['x__fsync_dir__mutmut_7'] = x__fsync_dir__mutmut_7 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__sum_of__mutmut)
def _sum_of(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_orig(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_1(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = None
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_2(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 1
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_3(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = None
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_4(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps(None, ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_5(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=None)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_6(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps(ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_7(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], )
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_8(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(None), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_9(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=True)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_10(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total = int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_11(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total -= int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_12(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(None, "big")
    return total % _MOD


def x__sum_of__mutmut_13(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), None)
    return total % _MOD


def x__sum_of__mutmut_14(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes("big")
    return total % _MOD


def x__sum_of__mutmut_15(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), )
    return total % _MOD


def x__sum_of__mutmut_16(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(None).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_17(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode(None)).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_18(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("XXutf-8XX")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_19(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("UTF-8")).digest(), "big")
    return total % _MOD


def x__sum_of__mutmut_20(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "XXbigXX")
    return total % _MOD


def x__sum_of__mutmut_21(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "BIG")
    return total % _MOD


def x__sum_of__mutmut_22(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total / _MOD

mutants_x__sum_of__mutmut['_mutmut_orig'] = x__sum_of__mutmut_orig # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_1'] = x__sum_of__mutmut_1 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_2'] = x__sum_of__mutmut_2 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_3'] = x__sum_of__mutmut_3 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_4'] = x__sum_of__mutmut_4 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_5'] = x__sum_of__mutmut_5 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_6'] = x__sum_of__mutmut_6 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_7'] = x__sum_of__mutmut_7 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_8'] = x__sum_of__mutmut_8 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_9'] = x__sum_of__mutmut_9 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_10'] = x__sum_of__mutmut_10 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_11'] = x__sum_of__mutmut_11 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_12'] = x__sum_of__mutmut_12 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_13'] = x__sum_of__mutmut_13 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_14'] = x__sum_of__mutmut_14 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_15'] = x__sum_of__mutmut_15 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_16'] = x__sum_of__mutmut_16 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_17'] = x__sum_of__mutmut_17 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_18'] = x__sum_of__mutmut_18 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_19'] = x__sum_of__mutmut_19 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_20'] = x__sum_of__mutmut_20 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_21'] = x__sum_of__mutmut_21 # type: ignore # mutmut generated
mutants_x__sum_of__mutmut['x__sum_of__mutmut_22'] = x__sum_of__mutmut_22 # type: ignore # mutmut generated
mutants_x__key__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__key__mutmut)
def _key(annotation_id: object) -> str:
    return str(annotation_id)


def x__key__mutmut_orig(annotation_id: object) -> str:
    return str(annotation_id)


def x__key__mutmut_1(annotation_id: object) -> str:
    return str(None)

mutants_x__key__mutmut['_mutmut_orig'] = x__key__mutmut_orig # type: ignore # mutmut generated
mutants_x__key__mutmut['x__key__mutmut_1'] = x__key__mutmut_1 # type: ignore # mutmut generated
mutants_x__id_order__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__id_order__mutmut)
def _id_order(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if key.isdigit() else (1, key)


def x__id_order__mutmut_orig(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if key.isdigit() else (1, key)


def x__id_order__mutmut_1(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if (key.isdigit()) and False else (1, key)


def x__id_order__mutmut_2(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if (key.isdigit()) or True else (1, key)


def x__id_order__mutmut_3(key: str) -> tuple[int, int | str]:
    return (1, int(key)) if key.isdigit() else (1, key)


def x__id_order__mutmut_4(key: str) -> tuple[int, int | str]:
    return (0, int(None)) if key.isdigit() else (1, key)


def x__id_order__mutmut_5(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if key.isdigit() else (2, key)

mutants_x__id_order__mutmut['_mutmut_orig'] = x__id_order__mutmut_orig # type: ignore # mutmut generated
mutants_x__id_order__mutmut['x__id_order__mutmut_1'] = x__id_order__mutmut_1 # type: ignore # mutmut generated
mutants_x__id_order__mutmut['x__id_order__mutmut_2'] = x__id_order__mutmut_2 # type: ignore # mutmut generated
mutants_x__id_order__mutmut['x__id_order__mutmut_3'] = x__id_order__mutmut_3 # type: ignore # mutmut generated
mutants_x__id_order__mutmut['x__id_order__mutmut_4'] = x__id_order__mutmut_4 # type: ignore # mutmut generated
mutants_x__id_order__mutmut['x__id_order__mutmut_5'] = x__id_order__mutmut_5 # type: ignore # mutmut generated
