"""What the model gives the suggester (backend/model.py, issue 11): each unit or coded span with
its speaker and the two sentences before it (backend/segment.py ``context_items``), the same for
prediction, interactive prediction, webhooks and the START_TRAINING rebuild.

A spy suggester records the items the model passes and fits and scores on their text alone, so
these tests check the model's side of the contract whatever the suggester does with context."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace

import pytest

from ls_thematic.backend import model as model_module
from ls_thematic.backend.model import ThematicModel
from ls_thematic.backend.scheme import ANNOTATION_CREATED
from ls_thematic.backend.segment import MAX_UNIT_CHARS, blocks_of, context_items, split_units
from ls_thematic.backend.store import Segment
from ls_thematic.backend.suggester import CodeSuggester
from ls_thematic.label_config.errors import InputError

from .helpers import (
    ANSWER,
    INTERVIEW,
    QUESTION_LAST_TWO,
    annotation_event,
    make_settings,
    make_task,
    span,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def _plain(items):
    return [item["text"] if isinstance(item, Mapping) else item for item in items]


@pytest.fixture
def spy(monkeypatch):
    """``calls[method]``: the items each call of the suggester's methods was given."""
    calls = defaultdict(list)

    class Spy(CodeSuggester):
        def fit(self, texts, codes, **kwargs):
            calls["fit"].append(list(texts))
            return super().fit(_plain(texts), codes, **kwargs)

        def suggest(self, texts):
            calls["suggest"].append(list(texts))
            return super().suggest(_plain(texts))

        def predict_proba(self, texts):
            calls["predict_proba"].append(list(texts))
            return super().predict_proba(_plain(texts))

        def explain(self, text, **kwargs):
            calls["explain"].append(text)
            return super().explain(_plain([text])[0], **kwargs)

    monkeypatch.setattr(model_module, "CodeSuggester", Spy)
    return calls


@pytest.fixture
def model(tmp_path, label_config):
    return ThematicModel("1", label_config, make_settings(tmp_path))


def interview_task(task_id=3):
    return make_task(task_id, text=INTERVIEW, participant="P3")


# --------------------------------------------------------------------------- prediction
def test_each_answer_unit_goes_with_its_role_and_the_question_before_it(model, spy):
    model.predict([interview_task()])
    assert spy["suggest"] == [
        [
            {"text": ANSWER[0], "speaker": "participant", "previous": QUESTION_LAST_TWO},
            {
                "text": ANSWER[1],
                "speaker": "participant",
                "previous": [QUESTION_LAST_TWO[1], ANSWER[0]],
            },
            {"text": ANSWER[2], "speaker": "participant", "previous": ANSWER[:2]},
        ]
    ]


def test_a_paragraph_transcript_has_no_speaker(model, spy):
    text = "I lie awake for hours every single night.\n\nThe money runs out every week now."
    model.predict([make_task(4, text=text, turns=False)])
    assert spy["suggest"] == [
        [
            {"text": "I lie awake for hours every single night.", "speaker": None, "previous": []},
            {
                "text": "The money runs out every week now.",
                "speaker": None,
                "previous": ["I lie awake for hours every single night."],
            },
        ]
    ]


def test_a_selected_region_gets_the_same_context_and_its_note_asks_with_it(model, spy, monkeypatch):
    start = INTERVIEW.index(ANSWER[1])
    region = {
        "from_name": model.scheme.from_name,
        "to_name": model.scheme.to_name,
        "type": "labels",
        "value": {"start": start, "end": start + len(ANSWER[1])},
    }
    [prediction] = model.predict([interview_task()], {"result": [region]})
    item = {
        "text": ANSWER[1],
        "speaker": "participant",
        "previous": [QUESTION_LAST_TWO[1], ANSWER[0]],
    }
    assert spy["suggest"] == spy["predict_proba"] == [[item]]
    assert prediction["result"] and set(map(str, spy["explain"])) == {str(item)}


def test_a_selected_region_of_a_task_with_malformed_turns_is_a_clear_error(model, spy):
    task = interview_task()
    task["data"]["turns"] = [{"start": 0, "end": 10**6, "speaker": "I", "role": None}]
    region = {
        "from_name": model.scheme.from_name,
        "to_name": model.scheme.to_name,
        "type": "labels",
        "value": {"start": 0, "end": 5},
    }
    with pytest.raises(InputError, match=r"^task 3: data\.turns\[0\]"):
        model.predict([task], {"result": [region]})


# --------------------------------------------------------------------------- training
def coded(label_config, annotation_id=11):
    """An annotation of the interview coding a mid-turn sentence and a span starting on the
    speaker label."""
    return annotation_event(
        ANNOTATION_CREATED,
        annotation_id,
        interview_task(),
        [span(INTERVIEW, ANSWER[1], "Sleep"), span(INTERVIEW, "P3: I lie awake", "Sleep")],
        label_config,
    )


def test_a_coded_span_keeps_its_speaker_and_the_two_sentences_before_its_start(
    model, spy, label_config
):
    model.fit(ANNOTATION_CREATED, coded(label_config))
    mid, label = model.store.segments()
    assert (mid.text, mid.speaker, mid.previous) == (
        ANSWER[1],
        "participant",
        (QUESTION_LAST_TWO[1], ANSWER[0]),
    )
    assert (label.speaker, label.previous) == ("participant", tuple(QUESTION_LAST_TWO))
    # A restarted backend knows it: it is in the journal.
    assert ThematicModel("1", None, model.settings).store.segments() == [mid, label]


def test_the_fit_learns_each_segment_with_its_context_and_an_old_one_as_text(
    model, spy, label_config
):
    model.store.replace(10, [Segment("It costs a lot of money.", ("Money",), task=9)])
    model.fit(ANNOTATION_CREATED, coded(label_config))
    model.refit()
    [fitted] = spy["fit"]
    assert fitted == [
        "It costs a lot of money.",
        {
            "text": ANSWER[1],
            "speaker": "participant",
            "previous": [QUESTION_LAST_TWO[1], ANSWER[0]],
        },
        {"text": "P3: I lie awake", "speaker": "participant", "previous": QUESTION_LAST_TWO},
    ]


def test_the_webhook_and_the_rebuild_from_label_studio_make_identical_segments(
    tmp_path, label_config
):
    event = coded(label_config)
    webhook = ThematicModel("1", label_config, make_settings(tmp_path / "a"))
    webhook.fit(ANNOTATION_CREATED, event)
    pulled = SimpleNamespace(id=3, data=event["task"]["data"], annotations=[event["annotation"]])

    def client_factory(url, api_key):
        return SimpleNamespace(
            tasks=SimpleNamespace(list=lambda project, fields, page_size: iter([pulled]))
        )

    settings = make_settings(
        tmp_path / "b", label_studio_url="http://ls.example:8080", label_studio_api_key="k" * 40
    )
    rebuilt = ThematicModel("1", label_config, settings, client_factory=client_factory)
    assert rebuilt.rebuild_from_label_studio() == 2
    assert rebuilt.store.segments() == webhook.store.segments()
    assert all(s.speaker == "participant" and s.previous for s in rebuilt.store.segments())
    assert rebuilt.store.digest() == webhook.store.digest()


def test_the_model_version_names_the_context_rule(model, monkeypatch):
    before = model.model_version
    monkeypatch.setattr(model_module, "CONTEXT_RULE", "prev3-role-v2")
    assert model.model_version != before


# --------------------------------------------------------------------------- speed
def talkmoves_transcript(words: int = 7000) -> tuple[str, list[dict]]:
    """The first lessons of TalkMoves as one transcript of about ``words`` words: the teacher's
    turns as the interviewer's, the students' as participants'."""
    path = SHARED / "talkmoves" / "talkmoves.csv.gz"
    if not path.is_file():
        pytest.skip(f"{path} is absent (shared/ is beside the checkout in CI only)")
    text, turns, count, key = "", [], 0, None
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if count >= words:
                break
            here = (row["transcript"], row["turn"], row["speaker"])
            if here != key:  # a new turn
                text += "\n\n" if text else ""
                teacher = row["speaker"] == "T"
                turns.append(
                    {
                        "start": len(text),
                        "end": len(text),
                        "speaker": row["speaker"],
                        "role": "interviewer" if teacher else "participant",
                    }
                )
                key = here
            else:
                text += " "
            text += row["text"].strip()
            turns[-1]["end"] = len(text)
            count += len(row["text"].split())
    return text, turns


def embedded_over_units(text: str, turns: list[dict] | None) -> float:
    """Characters a cold suggestion embeds (each distinct text once: the units and the sentences
    before them) over the units' own characters, with the backend's default unit settings."""
    units = split_units(text, turns)
    items = context_items(text, blocks_of(text, turns), [(u.start, u.end) for u in units])
    distinct = {i["text"] for i in items} | {p for i in items for p in i["previous"]}
    return sum(map(len, distinct)) / sum(len(i["text"]) for i in items)


def test_a_7000_word_paragraph_transcripts_context_adds_under_a_third_to_embed():
    """The sentences before a unit are mostly units (cached embeddings); a short sentence merged
    into a unit, and the unit's own first sentence when it was merged, are embedded on their own.
    Measured: 1.23x on the first 7,000 words of the thesis in shared/seeds."""
    path = SHARED.parent / "seeds" / "thesis_opioid_benzodiazepine_clinicians.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent (shared/ is beside the checkout in CI only)")
    text = " ".join(path.read_text(encoding="utf-8").split(" ")[:7000])
    assert len(text.split()) >= 6900
    assert embedded_over_units(text, None) <= 1.3


def test_a_7000_word_dialogue_adds_the_interviewers_sentences_before_each_answer():
    """TalkMoves, the teacher as the interviewer: the teacher says 60% of the words and gives no
    units, so the two sentences before each student's turn are mostly the teacher's. Measured:
    1.76x the units' characters (1.36x when every turn gives units: short sentences such as
    "Okay?" are merged into units but are sentences of their own)."""
    text, turns = talkmoves_transcript()
    assert len(text.split()) >= 7000
    assert embedded_over_units(text, turns) <= 1.8
    everyone = [{**turn, "role": "participant"} for turn in turns]
    assert embedded_over_units(text, everyone) <= 1.4


def test_a_huge_sentence_before_a_unit_is_cut_as_units_are():
    text = "This sentence goes on " + "and on " * 400 + "forever. The next one is short enough."
    [*_, last] = split_units(text, None, min_chars=0)
    [item] = context_items(text, blocks_of(text), [(last.start, last.end)])
    assert item["text"] == "The next one is short enough."
    assert len(item["previous"]) == 2 and all(len(p) <= MAX_UNIT_CHARS for p in item["previous"])
    assert item["previous"][-1].endswith("and on forever.")
