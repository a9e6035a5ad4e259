"""The suggestion backend over HTTP (Flask test client), with the fake encoder.

Covers Label Studio's ML backend protocol (shapes validated by the SDK's LabelInterface), units
and merging, learning from webhooks (create, update, delete, START_TRAINING with a stubbed SDK
client), model_version, persistence, project isolation, Basic auth and bad input. The real
encoder and a real Label Studio are the end-to-end tests' business.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from dataclasses import asdict
from types import SimpleNamespace

import numpy as np
import pytest
from label_studio_sdk.label_interface import LabelInterface

from ls_thematic.backend import encoders
from ls_thematic.backend.app import REGISTRY_KEY, create_app
from ls_thematic.backend.config import Settings
from ls_thematic.backend.model import InputError, ThematicModel, parse_project_id
from ls_thematic.backend.segment import Unit, merge_adjacent, merge_short, paragraphs, split_units
from ls_thematic.backend.store import JOURNAL, Segment, SegmentStore
from ls_thematic.label_config.codebook import UNSURE, Codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config
from ls_thematic.label_config.transcripts import parse_turns

CODEBOOK = {
    "title": "Test codebook",
    "codes": [
        {
            "name": "Sleep",
            "description": "Problems with sleep at night, insomnia, lying awake, tiredness.",
            "examples": ["I can't sleep at night without them."],
        },
        {
            "name": "Money",
            "description": "Costs, money, paying for drugs or for treatment.",
            "examples": ["It costs a lot of money every week."],
        },
        {
            "name": "Family",
            "description": "Children, partners, parents and family relations.",
            "examples": ["My kids and my mother worry about me."],
        },
    ],
}

TRANSCRIPT = """Interviewer: How do you sleep at night, and what keeps you awake?

P7: I can't sleep at night, I lie awake for hours. The insomnia is the worst part of it. Yes.

Interviewer: And what about money, costs, paying for things?

P7: The money runs out every week because I pay for the tablets. \
My kids and my mother worry about me all the time."""

MONEY_SENTENCE = "The money runs out every week because I pay for the tablets."
FAKE_COLD_START_SIMILARITY = 0.3
SLEEP_SENTENCES = (
    "I can't sleep at night, I lie awake for hours. The insomnia is the worst part of it."
)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def label_config() -> str:
    return codebook_to_label_config(Codebook.from_dict(CODEBOOK))


@pytest.fixture(scope="module")
def interface(label_config) -> LabelInterface:
    return LabelInterface(label_config)


def make_settings(tmp_path, **overrides) -> Settings:
    values = dict(
        model_dir=tmp_path / "models",
        encoder="fake",
        refit_delay=0.01,
        min_unit_chars=20,
        # The fake encoder's cosine scale: on-topic sentences reach 0.39-0.9 of this codebook's
        # prototypes, introductions and small talk stay below 0.27 (MiniLM's default is 0.55).
        cold_start_similarity=FAKE_COLD_START_SIMILARITY,
    )
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def make_app(tmp_path):
    """Build apps on the test's MODEL_DIR; their refit workers are stopped afterwards."""
    apps = []

    def build(settings: Settings | None = None, **kwargs):
        app = create_app(settings or make_settings(tmp_path), **kwargs)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions[REGISTRY_KEY].close()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


def registry(app):
    return app.extensions[REGISTRY_KEY]


def turns_of(text: str) -> list[dict]:
    return [asdict(turn) for turn in parse_turns(text)]


def make_task(task_id=5, text=TRANSCRIPT, participant="P7", turns=True, project=1) -> dict:
    data = {"text": text, "participant": participant}
    if turns:
        data["turns"] = turns_of(text)
    return {"id": task_id, "project": project, "data": data}


def span(text: str, piece: str, code: str, from_name="code") -> dict:
    start = text.index(piece)
    return {
        "id": f"r{start}",
        "from_name": from_name,
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": start + len(piece), "text": piece, "labels": [code]},
    }


def annotation_event(action, annotation_id, task, spans, label_config, project=1) -> dict:
    return {
        "action": action,
        "project": {"id": project, "label_config": label_config},
        "annotation": {"id": annotation_id, "result": spans, "completed_by": 1, "task": task["id"]},
        "task": task,
    }


def setup(client, label_config, project="1.1700000000"):
    return client.post(
        "/setup",
        json={"project": project, "schema": label_config, "hostname": "", "access_token": ""},
    )


def predict(client, label_config, tasks=None, project="1.1700000000", **extra):
    """POST /predict; by default for task 6, another interview with the text of task 5, which
    the tests code (a task's own coded spans get no suggestions)."""
    tasks = tasks or [make_task(6, participant="P8")]
    body = {"tasks": tasks, "project": project, "label_config": label_config}
    body.update(extra)
    response = client.post("/predict", json=body)
    assert response.status_code == 200, response.json
    results = response.json["results"]
    assert len(results) == len(tasks)
    interface = interface_of(label_config)
    key = interface.get_first_tag_occurence("Labels", "Text")[2]
    for task, prediction in zip(tasks, results, strict=True):
        # Every prediction any test sees is valid for the config, with exact offsets.
        check_prediction(prediction, interface, task["data"][key])
    return response.json


@functools.lru_cache(maxsize=8)
def interface_of(label_config: str) -> LabelInterface:
    return LabelInterface(label_config)


def notes(prediction: dict) -> str:
    return "\n".join(r.get("meta", {}).get("text", [""])[0] for r in prediction["result"])


def regions(prediction: dict, code: str | None = None) -> list[dict]:
    return [r for r in prediction["result"] if code is None or r["value"]["labels"] == [code]]


def check_prediction(prediction: dict, interface: LabelInterface, text: str) -> None:
    """Valid for the config, exact offsets, scores in [0, 1], a note per region."""
    assert interface.validate_prediction(prediction), interface.validate_prediction(
        prediction, return_errors=True
    )
    assert 0.0 <= prediction["score"] <= 1.0
    assert isinstance(prediction["model_version"], str) and prediction["model_version"]
    ids = [r["id"] for r in prediction["result"]]
    assert len(ids) == len(set(ids))
    for region in prediction["result"]:
        value = region["value"]
        assert text[value["start"] : value["end"]] == value["text"]
        assert value["text"] == value["text"].strip()
        assert 0.0 <= region["score"] <= 1.0
        if "meta" in region:  # absent only with EXPLAIN_K=0
            note = region["meta"]["text"]
            assert isinstance(note, list) and len(note) == 1 and note[0].startswith("Suggested: ")


# --------------------------------------------------------------------------- units and merging


def test_units_follow_turns_skip_the_interviewer_and_merge_short_sentences():
    units = split_units(TRANSCRIPT, turns_of(TRANSCRIPT), min_chars=20)
    texts = [TRANSCRIPT[u.start : u.end] for u in units]
    assert all(u.role == "participant" for u in units)
    assert "money, costs" not in " ".join(texts)  # the interviewer's question
    # "Yes." (4 characters) is merged into the sentence before it, the last of its turn.
    assert texts[:2] == [
        "I can't sleep at night, I lie awake for hours.",
        "The insomnia is the worst part of it. Yes.",
    ]
    assert texts[2] == MONEY_SENTENCE
    assert len({u.block for u in units}) == 2


def test_interviewer_turns_get_units_when_not_skipped():
    units = split_units(TRANSCRIPT, turns_of(TRANSCRIPT), skip_interviewer=False, min_chars=20)
    assert {u.role for u in units} == {"interviewer", "participant"}


def test_without_turns_the_paragraphs_are_the_blocks():
    text = "First paragraph here, long enough.\nStill the first.\n\n  Second paragraph.  \n"
    blocks = paragraphs(text)
    assert [text[b.start : b.end] for b in blocks] == [
        "First paragraph here, long enough.\nStill the first.",
        "Second paragraph.",
    ]
    units = split_units(text, None, min_chars=0)
    assert [u.block for u in units] == [0, 0, 1]  # two sentences, then one


@pytest.mark.parametrize(
    "spans, min_chars, expected",
    [
        ([(0, 3), (4, 50)], 10, [(0, 50)]),  # short first piece joins the next
        ([(0, 50), (51, 54)], 10, [(0, 54)]),  # short last piece joins the one before
        ([(0, 3)], 10, [(0, 3)]),  # alone, it stays
        ([(0, 30), (31, 60)], 10, [(0, 30), (31, 60)]),
        ([(0, 2), (3, 5), (6, 40)], 10, [(0, 40)]),
    ],
)
def test_merge_short(spans, min_chars, expected):
    assert merge_short(spans, min_chars) == expected


def test_merge_adjacent_joins_runs_of_a_code_within_a_block_only():
    units = [Unit(0, 10, 0), Unit(11, 20, 0), Unit(21, 30, 0), Unit(40, 50, 1), Unit(51, 60, 1)]
    codes = [{"A": 0.9}, {"A": 0.7, "B": 0.6}, {"B": 0.8}, {"B": 0.5}, {}]
    spans = merge_adjacent(units, codes)
    got = [(s.start, s.end, s.code, round(s.score, 6), s.units) for s in spans]
    assert got == [
        (0, 20, "A", 0.8, (0, 1)),
        (11, 30, "B", 0.7, (1, 2)),
        (40, 50, "B", 0.5, (3,)),  # same code, next block: a span of its own
    ]


@pytest.mark.parametrize(
    "turns, message",
    [
        ("nope", "must be a list"),
        ([{"start": "0", "end": 5}], "integer start and end"),
        ([{"start": 0, "end": 10_000}], "outside the text"),
        ([{"start": 0, "end": 20}, {"start": 10, "end": 30}], "overlap"),
        ([{"start": 0, "end": 5, "role": 3}], "role must be text"),
    ],
)
def test_malformed_turns_are_rejected_with_a_reason(turns, message):
    with pytest.raises(ValueError, match=message):
        split_units("x" * 100, turns)


# --------------------------------------------------------------------------- protocol


def test_health_is_up(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "UP"


def test_setup_returns_a_model_version_without_loading_anything(client, label_config):
    response = setup(client, label_config)
    assert response.status_code == 200
    assert response.json["model_version"].startswith("ls-thematic-0seg-")


def test_batch_predict_gives_one_valid_prediction_per_task_in_order(
    client, label_config, interface
):
    other = "P9: I pay for everything myself and the money is gone by Friday. It costs too much."
    tasks = [make_task(5), make_task(6, text=other, participant="P9", turns=False)]
    body = predict(client, label_config, tasks)
    results = body["results"]
    assert len(results) == 2
    for task, prediction in zip(tasks, results, strict=True):
        check_prediction(prediction, interface, task["data"]["text"])
        assert prediction["result"], "the codebook alone (cold start) should suggest something"
    # Cold start: the codebook's descriptions and examples place the obvious codes.
    first = results[0]
    assert MONEY_SENTENCE in [r["value"]["text"] for r in regions(first, "Money")]
    assert any(r["value"]["text"].startswith("I can't sleep") for r in regions(first, "Sleep"))
    assert body["model_version"] == first["model_version"]
    assert first["score"] == pytest.approx(np.mean([r["score"] for r in first["result"]]))


def test_adjacent_units_sharing_a_code_become_one_region(make_app, tmp_path, label_config):
    # The second sleep sentence shares few words with the codebook's Sleep text, so the fake
    # encoder's cold-start gate would drop it: turn the gate off to test the merging alone.
    client = make_app(make_settings(tmp_path, cold_start_segments=0)).test_client()
    prediction = predict(client, label_config)["results"][0]
    sleep = regions(prediction, "Sleep")
    assert len(sleep) == 1
    # Both sleep sentences (two units) are one region with exact offsets.
    assert sleep[0]["value"]["text"].startswith(SLEEP_SENTENCES)


def test_no_suggestion_inside_interviewer_turns(client, label_config):
    prediction = predict(client, label_config)["results"][0]
    interviewer = [t for t in turns_of(TRANSCRIPT) if t["role"] == "interviewer"]
    assert interviewer
    for region in prediction["result"]:
        for turn in interviewer:
            value = region["value"]
            assert value["end"] <= turn["start"] or value["start"] >= turn["end"]


def test_interviewer_turns_are_coded_when_skip_interviewer_is_off(make_app, tmp_path, label_config):
    client = make_app(make_settings(tmp_path, skip_interviewer=False)).test_client()
    prediction = predict(client, label_config)["results"][0]
    question = TRANSCRIPT.index("And what about money")
    assert any(r["value"]["start"] == question for r in prediction["result"])


def test_interactive_predict_suggests_codes_for_the_selected_span(client, label_config, interface):
    selected = span(TRANSCRIPT, MONEY_SENTENCE, "Money")
    del selected["value"]["labels"]
    body = predict(client, label_config, params={"context": {"result": [selected]}})
    (prediction,) = body["results"]
    check_prediction(prediction, interface, TRANSCRIPT)
    assert [r["value"]["text"] for r in prediction["result"]] == [MONEY_SENTENCE]
    assert prediction["result"][0]["value"]["labels"] == ["Money"]


def test_versions_lists_the_current_model_version(client, label_config):
    version = setup(client, label_config).json["model_version"]
    assert client.get("/versions").json["versions"] == [version]
    assert client.get("/versions?project=1").json["versions"] == [version]


def test_names_come_from_the_labelling_config_not_literals(client, interface):
    config = """<View>
      <Text name="transcript" value="$body"/>
      <Labels name="theme" toName="transcript"><Label value="Money"/><Label value="Sleep"/></Labels>
    </View>"""
    text = "I lie awake all night and cannot sleep. The money is always gone by the weekend."
    task = {"id": 1, "data": {"body": text}}
    coded = span(text, "The money is always gone by the weekend.", "Money", from_name="theme")
    coded["to_name"] = "transcript"
    event = {
        "action": "ANNOTATION_CREATED",
        "project": {"id": 4, "label_config": config},
        "annotation": {"id": 1, "result": [coded]},
        "task": task,
    }
    assert client.post("/webhook", json=event).status_code == 200
    prediction = predict(client, config, [task], project="4.1")["results"][0]
    assert LabelInterface(config).validate_prediction(prediction)
    assert prediction["result"]
    assert {(r["from_name"], r["to_name"]) for r in prediction["result"]} == {
        ("theme", "transcript")
    }


# --------------------------------------------------------------------------- learning


def post_event(client, event):
    response = client.post("/webhook", json=event)
    assert response.status_code == 200, response.json
    return response.json


def test_webhook_create_update_delete_change_the_next_suggestions(app, client, label_config):
    task = make_task()
    before = predict(client, label_config)["results"][0]
    assert MONEY_SENTENCE not in notes(before)

    # Created: the coded extract is now the evidence for the suggestion of its code.
    event = annotation_event(
        "ANNOTATION_CREATED", 11, task, [span(TRANSCRIPT, MONEY_SENTENCE, "Money")], label_config
    )
    assert post_event(client, event)["changed"] is True
    created = predict(client, label_config)["results"][0]
    assert created["model_version"] != before["model_version"]
    money = [r for r in regions(created, "Money") if r["value"]["text"] == MONEY_SENTENCE]
    assert money and f"P7 · Money · 1.00: “{MONEY_SENTENCE}”" in money[0]["meta"]["text"][0]

    # Updated to another code: the extract now backs Family, and no longer Money.
    event = annotation_event(
        "ANNOTATION_UPDATED", 11, task, [span(TRANSCRIPT, MONEY_SENTENCE, "Family")], label_config
    )
    post_event(client, event)
    updated = predict(client, label_config)["results"][0]
    assert updated["model_version"] not in (before["model_version"], created["model_version"])
    assert MONEY_SENTENCE in "".join(r["meta"]["text"][0] for r in regions(updated, "Family"))
    assert MONEY_SENTENCE not in "".join(r["meta"]["text"][0] for r in regions(updated, "Money"))

    # Deleted: its influence is gone, and the model is the one before it was created.
    post_event(
        client,
        {
            "action": "ANNOTATIONS_DELETED",
            "annotations": [{"id": 11}],
            "project": {"id": 1, "label_config": label_config},
        },
    )
    deleted = predict(client, label_config)["results"][0]
    assert MONEY_SENTENCE not in notes(deleted)
    assert deleted["model_version"] == before["model_version"]
    assert deleted["result"] == before["result"]


def test_spans_already_coded_in_a_task_get_no_suggestion_there(client, label_config):
    task = make_task(5)
    mine = predict(client, label_config, [task])["results"][0]
    assert MONEY_SENTENCE in [r["value"]["text"] for r in mine["result"]]
    post_event(
        client,
        annotation_event(
            "ANNOTATION_CREATED",
            12,
            task,
            [span(TRANSCRIPT, MONEY_SENTENCE, "Money")],
            label_config,
        ),
    )
    coded = TRANSCRIPT.index(MONEY_SENTENCE), TRANSCRIPT.index(MONEY_SENTENCE) + len(MONEY_SENTENCE)

    def overlaps(prediction):
        return [
            r
            for r in prediction["result"]
            if r["value"]["start"] < coded[1] and coded[0] < r["value"]["end"]
        ]

    assert not overlaps(predict(client, label_config, [task])["results"][0])
    # Another task with the same text still gets it (with the coded extract as the why).
    assert overlaps(predict(client, label_config)["results"][0])
    # Spans coded in annotations the request carries count too, even before any webhook.
    other = make_task(7)
    other["annotations"] = [{"id": 99, "result": [span(TRANSCRIPT, SLEEP_SENTENCES, "Sleep")]}]
    sleep_start = TRANSCRIPT.index(SLEEP_SENTENCES)
    assert all(
        r["value"]["end"] <= sleep_start
        or r["value"]["start"] >= sleep_start + len(SLEEP_SENTENCES)
        for r in predict(client, label_config, [other])["results"][0]["result"]
    )
    # Deleted: the unit is open for suggestions again.
    post_event(
        client,
        {
            "action": "ANNOTATIONS_DELETED",
            "annotations": [{"id": 12}],
            "project": {"id": 1, "label_config": label_config},
        },
    )
    assert overlaps(predict(client, label_config, [task])["results"][0])


def test_delete_without_project_finds_the_project_that_holds_the_annotation(client, label_config):
    event = annotation_event(
        "ANNOTATION_CREATED",
        21,
        make_task(),
        [span(TRANSCRIPT, MONEY_SENTENCE, "Money")],
        label_config,
        project=3,
    )
    post_event(client, event)
    answer = post_event(client, {"action": "ANNOTATIONS_DELETED", "annotations": [{"id": 21}]})
    assert answer["removed"] == 1
    assert MONEY_SENTENCE not in notes(predict(client, label_config, project="3.5")["results"][0])


def test_other_events_are_ignored(client):
    answer = post_event(client, {"action": "PROJECT_UPDATED", "project": {"id": 1}})
    assert answer["status"] == "ignored"


def test_model_version_is_stable_until_the_segments_change(client, label_config):
    first = setup(client, label_config).json["model_version"]
    again = setup(client, label_config).json["model_version"]
    predicted = predict(client, label_config)["results"][0]["model_version"]
    assert first == again == predicted

    task = make_task()
    event = annotation_event(
        "ANNOTATION_CREATED", 31, task, [span(TRANSCRIPT, MONEY_SENTENCE, "Money")], label_config
    )
    post_event(client, event)
    changed = setup(client, label_config).json["model_version"]
    assert changed != first
    # The same content again (an update that changes nothing) keeps the version.
    event["action"] = "ANNOTATION_UPDATED"
    assert post_event(client, event)["changed"] is False
    assert setup(client, label_config).json["model_version"] == changed
    # The same segment coded in another annotation is another segment: a new version.
    post_event(
        client,
        annotation_event(
            "ANNOTATION_CREATED", 32, task, event["annotation"]["result"], label_config
        ),
    )
    assert setup(client, label_config).json["model_version"] not in (first, changed)


def test_start_training_rebuilds_from_all_annotations_through_the_sdk(
    make_app, tmp_path, label_config
):
    task = make_task()
    pulled = [
        SimpleNamespace(
            id=5,
            data=task["data"],
            annotations=[
                {
                    "id": 41,
                    "result": [span(TRANSCRIPT, MONEY_SENTENCE, "Money")],
                    "completed_by": 2,
                },
                {"id": 42, "result": [], "was_cancelled": True},
            ],
        ),
        SimpleNamespace(id=6, data={"text": "Nothing coded here."}, annotations=[]),
    ]
    calls = []

    def client_factory(url, api_key):
        calls.append((url, api_key))
        return SimpleNamespace(
            tasks=SimpleNamespace(
                list=lambda project, fields: calls.append((project, fields)) or iter(pulled)
            )
        )

    settings = make_settings(
        tmp_path, label_studio_url="http://ls.example:8080", label_studio_api_key="k" * 40
    )
    app = make_app(settings, client_factory=client_factory)
    client = app.test_client()
    # A stale segment that Label Studio no longer has: the rebuild drops it.
    post_event(
        client,
        annotation_event(
            "ANNOTATION_CREATED",
            40,
            task,
            [span(TRANSCRIPT, SLEEP_SENTENCES, "Sleep")],
            label_config,
        ),
    )
    answer = post_event(
        client, {"action": "START_TRAINING", "project": {"id": 1, "label_config": label_config}}
    )
    assert answer["rebuild"] is True
    assert registry(app).wait_idle(10)
    assert calls == [("http://ls.example:8080", "k" * 40), (1, "all")]
    store = registry(app).get(1).store
    assert store.annotation_ids == ["41", "42"]
    assert [s.text for s in store.segments()] == [MONEY_SENTENCE]
    assert not store.rebuild_pending()
    prediction = predict(client, label_config)["results"][0]
    assert MONEY_SENTENCE in notes(prediction)
    assert SLEEP_SENTENCES not in notes(prediction)


def test_start_training_without_label_studio_address_is_a_clear_error(client, label_config):
    response = client.post(
        "/webhook",
        json={"action": "START_TRAINING", "project": {"id": 1, "label_config": label_config}},
    )
    assert response.status_code == 400
    assert "LABEL_STUDIO_URL" in response.json["error"]


def test_an_event_during_a_rebuild_is_kept(tmp_path):
    store = SegmentStore(tmp_path / "p")
    store.begin_rebuild()
    store.replace(7, [Segment("new while pulling", ("Money",))])
    store.remove([8])
    store.rebuild(
        {8: [Segment("deleted while pulling", ("Sleep",))], 9: [Segment("pulled", ("Family",))]}
    )
    assert {s.text for s in store.segments()} == {"new while pulling", "pulled"}


# ------------------------------------------------------------------ events: fast and durable


@pytest.fixture
def slow_encoder(monkeypatch):
    """ENCODER="slow": a fake encoder whose first use takes 2 s, like loading a real model."""

    class SlowLoading(encoders.FakeEncoder):
        def __init__(self):
            super().__init__(32)
            self.name = "slow"
            self.loaded = threading.Event()

        def encode(self, texts):
            if not self.loaded.is_set():
                time.sleep(2.0)
                self.loaded.set()
            return super().encode(texts)

    encoder = SlowLoading()
    monkeypatch.setattr(encoders, "_ENCODERS", {"slow": encoder})
    monkeypatch.setattr(encoders, "_CACHES", {})
    return encoder


def test_setup_answers_fast_even_when_the_encoder_is_slow_to_load(
    make_app, tmp_path, label_config, slow_encoder
):
    app = make_app(make_settings(tmp_path, encoder="slow"))
    client = app.test_client()
    started = time.perf_counter()
    response = setup(client, label_config)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert elapsed < 0.5, f"/setup took {elapsed:.2f} s; Label Studio gives it 3 s"
    assert not slow_encoder.loaded.is_set(), "/setup must not load the encoder"
    # The worker warms the encoder up after /setup, so the first /predict finds it loaded.
    assert registry(app).wait_idle(10) and slow_encoder.loaded.is_set()


def test_webhooks_answer_fast_while_the_refit_is_slow_and_one_refit_takes_a_burst(
    make_app, tmp_path, label_config, slow_encoder, monkeypatch
):
    fits = []
    original = ThematicModel._fit_estimator

    def counting(self, segments, scheme):
        fits.append(len(segments))
        return original(self, segments, scheme)

    monkeypatch.setattr(ThematicModel, "_fit_estimator", counting)
    app = make_app(make_settings(tmp_path, encoder="slow", refit_delay=0.3))
    client = app.test_client()
    task = make_task()
    pieces = [MONEY_SENTENCE, SLEEP_SENTENCES, "My kids and my mother worry about me all the time."]
    timings = []
    for i, piece in enumerate(pieces):
        event = annotation_event(
            "ANNOTATION_CREATED", 50 + i, task, [span(TRANSCRIPT, piece, "Money")], label_config
        )
        started = time.perf_counter()
        post_event(client, event)
        timings.append(time.perf_counter() - started)
    assert max(timings) < 0.25 and sorted(timings)[1] < 0.05, timings
    assert registry(app).wait_idle(20)
    assert fits == [3], "three events in a burst should cost one refit, on all three segments"
    assert slow_encoder.loaded.is_set()


def test_an_event_is_on_disk_before_the_webhook_answers(
    make_app, tmp_path, label_config, monkeypatch
):
    # No refit may run: the event must be durable by itself.
    monkeypatch.setattr(
        "ls_thematic.backend.model.ModelRegistry.schedule",
        lambda self, project_id, rebuild=False: None,
    )
    client = make_app().test_client()
    post_event(
        client,
        annotation_event(
            "ANNOTATION_CREATED",
            61,
            make_task(),
            [span(TRANSCRIPT, MONEY_SENTENCE, "Money")],
            label_config,
        ),
    )
    folder = tmp_path / "models" / "1"
    lines = (folder / JOURNAL).read_text().splitlines()
    assert json.loads(lines[-1])["annotation"] == "61"
    # A process that died now would find it again.
    assert [s.text for s in SegmentStore(folder).segments()] == [MONEY_SENTENCE]


def test_a_torn_last_journal_line_is_skipped(tmp_path):
    store = SegmentStore(tmp_path / "p")
    store.replace(1, [Segment("kept", ("Money",))])
    with open(tmp_path / "p" / JOURNAL, "a") as handle:
        handle.write('{"seq": 2, "op": "replace", "annotation": "2", "segm')
    assert [s.text for s in SegmentStore(tmp_path / "p").segments()] == ["kept"]


def test_compaction_keeps_every_segment(tmp_path):
    store = SegmentStore(tmp_path / "p")
    for i in range(5):
        store.replace(i, [Segment(f"text {i}", ("Money",))])
    store.remove([0])
    digest = store.digest()
    store.compact()
    assert (tmp_path / "p" / JOURNAL).read_text() == ""
    store.replace(9, [Segment("after the snapshot", ("Sleep",))])
    reloaded = SegmentStore(tmp_path / "p")
    assert reloaded.annotation_ids == ["1", "2", "3", "4", "9"]
    reloaded.remove([9])
    assert reloaded.digest() == digest


# ------------------------------------------------------------------ persistence and isolation


def test_the_model_survives_a_restart(make_app, label_config):
    first = make_app().test_client()
    post_event(
        first,
        annotation_event(
            "ANNOTATION_CREATED",
            71,
            make_task(),
            [span(TRANSCRIPT, MONEY_SENTENCE, "Money")],
            label_config,
        ),
    )
    before = predict(first, label_config)["results"][0]

    restarted = make_app().test_client()  # a new process on the same MODEL_DIR
    # Without any config in the request: the stored one is used.
    response = restarted.post("/predict", json={"tasks": [make_task(6)], "project": "1.17"})
    assert response.status_code == 200, response.json
    after = response.json["results"][0]
    assert after["model_version"] == before["model_version"]
    assert after["result"] == before["result"]
    assert MONEY_SENTENCE in notes(after)


def test_a_project_never_sees_another_projects_segments(make_app, tmp_path, label_config):
    app = make_app()
    client = app.test_client()
    secret = "My probation officer Steve Marsh knows about the diazepam from the street."
    text = TRANSCRIPT + "\n\nP7: " + secret
    task = make_task(text=text, participant="P-secret")
    empty_version = setup(client, label_config, project="2.1").json["model_version"]
    post_event(
        client,
        annotation_event(
            "ANNOTATION_CREATED", 81, task, [span(text, secret, "Money")], label_config, project=1
        ),
    )
    # Project 1 learnt it ...
    own = predict(client, label_config, [make_task(8, text=text)], project="1.1")["results"][0]
    assert "P-secret" in notes(own) and "Steve Marsh" in notes(own)
    # ... project 2, with the same config and the very same text, does not know it.
    other = predict(client, label_config, [make_task(text=text, participant="P2")], project="2.1")[
        "results"
    ][0]
    assert "P-secret" not in json.dumps(other) and "Steve Marsh" not in notes(other)
    assert other["model_version"] == empty_version
    assert registry(app).get(2).store.segments() == []
    assert "Steve Marsh" not in "".join(
        p.read_text() for p in (tmp_path / "models" / "2").iterdir() if p.is_file()
    )


@pytest.mark.parametrize("value, expected", [("3.1700000000", "3"), (3, "3"), ("12", "12")])
def test_project_ids(value, expected):
    assert parse_project_id(value) == expected


@pytest.mark.parametrize("value", ["../etc", "", None, True, "a/b.1", 3.5])
def test_bad_project_ids(value):
    with pytest.raises(InputError, match="project"):
        parse_project_id(value)


# --------------------------------------------------------------------------- Basic auth


@pytest.fixture
def auth_client(make_app, tmp_path):
    settings = make_settings(tmp_path, basic_auth_user="coder", basic_auth_pass="s3cret pass")
    return make_app(settings).test_client()


def basic(user, password):
    import base64

    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_health_needs_no_credentials(auth_client):
    assert auth_client.get("/health").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        basic("coder", "wrong"),
        basic("other", "s3cret pass"),
        {"Authorization": "Bearer s3cret pass"},
    ],
)
@pytest.mark.parametrize(
    "method, path",
    [("post", "/setup"), ("post", "/predict"), ("post", "/webhook"), ("get", "/versions")],
)
def test_every_other_route_needs_basic_auth(auth_client, headers, method, path, label_config):
    response = getattr(auth_client, method)(
        path, headers=headers, json={"project": "1.1", "schema": label_config}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert "Basic auth" in response.json["error"]


def test_right_credentials_pass(auth_client, label_config):
    response = auth_client.post(
        "/setup",
        headers=basic("coder", "s3cret pass"),
        json={"project": "1.1", "schema": label_config},
    )
    assert response.status_code == 200


# --------------------------------------------------------------------------- bad input

NO_LABELS_CONFIG = """<View><Text name="text" value="$text"/>
  <Choices name="c" toName="text"><Choice value="A"/></Choices></View>"""


def bad_requests(label_config):
    task = make_task()
    good_event = annotation_event(
        "ANNOTATION_CREATED", 91, task, [span(TRANSCRIPT, MONEY_SENTENCE, "Money")], label_config
    )

    def event_with(**changes):
        event = json.loads(json.dumps(good_event))
        result = event["annotation"]["result"][0]
        for key, value in changes.items():
            if key == "labels":
                result["value"]["labels"] = value
            else:
                result[key] = value
        return event

    def predict_body(**changes):
        body = {"tasks": [make_task()], "project": "1.1", "label_config": label_config}
        body.update(changes)
        return body

    return [
        # (id, path, raw body or JSON, expected status, words the message must contain)
        ("malformed-json", "/predict", b'{"tasks": [', 400, "not valid JSON"),
        ("empty-body", "/setup", b"", 400, "empty"),
        ("json-list", "/webhook", b"[1, 2]", 400, "JSON object"),
        ("setup-without-schema", "/setup", {"project": "1.1"}, 400, "'schema'"),
        ("setup-without-project", "/setup", {"schema": label_config}, 400, "'project'"),
        (
            "config-without-labels",
            "/setup",
            {"project": "1.1", "schema": NO_LABELS_CONFIG},
            400,
            "no <Labels> control",
        ),
        (
            "config-not-xml",
            "/setup",
            {"project": "1.1", "schema": "<View><Text"},
            400,
            "not valid XML",
        ),
        (
            "bad-project-id",
            "/setup",
            {"project": "../../etc.1", "schema": label_config},
            400,
            "not a project id",
        ),
        ("predict-without-tasks", "/predict", {"project": "1.1"}, 400, "'tasks'"),
        ("predict-empty-tasks", "/predict", predict_body(tasks=[]), 400, "non-empty list"),
        (
            "predict-tasks-not-list",
            "/predict",
            predict_body(tasks={"id": 1}),
            400,
            "non-empty list",
        ),
        ("task-not-object", "/predict", predict_body(tasks=["text"]), 400, "task object"),
        ("task-without-data", "/predict", predict_body(tasks=[{"id": 3}]), 400, "no 'data'"),
        (
            "task-without-text",
            "/predict",
            predict_body(tasks=[{"id": 3, "data": {"body": "x"}}]),
            400,
            "task 3 has no 'text' field",
        ),
        (
            "task-empty-text",
            "/predict",
            predict_body(tasks=[{"id": 3, "data": {"text": "  "}}]),
            400,
            "empty",
        ),
        (
            "task-text-not-string",
            "/predict",
            predict_body(tasks=[{"id": 3, "data": {"text": 5}}]),
            400,
            "must be text",
        ),
        (
            "task-bad-turns",
            "/predict",
            predict_body(
                tasks=[{"id": 3, "data": {"text": "abc", "turns": [{"start": 0, "end": 9}]}}]
            ),
            400,
            "outside the text",
        ),
        (
            "new-project-without-config",
            "/predict",
            {"tasks": [make_task()], "project": "77.1"},
            400,
            "without a labelling config",
        ),
        (
            "context-unknown-from-name",
            "/predict",
            predict_body(
                params={
                    "context": {
                        "result": [span(TRANSCRIPT, MONEY_SENTENCE, "Money", from_name="nope")]
                    }
                }
            ),
            400,
            "unknown from_name 'nope'",
        ),
        (
            "context-unknown-label",
            "/predict",
            predict_body(
                params={"context": {"result": [span(TRANSCRIPT, MONEY_SENTENCE, "Fear")]}}
            ),
            400,
            "unknown code 'Fear'",
        ),
        (
            "context-bad-offsets",
            "/predict",
            predict_body(
                params={
                    "context": {
                        "result": [
                            {
                                "from_name": "code",
                                "to_name": "text",
                                "type": "labels",
                                "value": {"start": 5, "end": 2},
                            }
                        ]
                    }
                }
            ),
            400,
            "0 <= start < end",
        ),
        (
            "context-not-object",
            "/predict",
            predict_body(params={"context": "x"}),
            400,
            "'result' list",
        ),
        ("webhook-without-action", "/webhook", {"project": {"id": 1}}, 400, "'action'"),
        ("webhook-action-not-text", "/webhook", {"action": 5}, 400, "event name"),
        (
            "webhook-unknown-label",
            "/webhook",
            event_with(labels=["Fear"]),
            400,
            "unknown code 'Fear'",
        ),
        (
            "webhook-unknown-from-name",
            "/webhook",
            event_with(from_name="nope"),
            400,
            "unknown from_name 'nope'",
        ),
        (
            "webhook-labels-not-list",
            "/webhook",
            event_with(labels="Money"),
            400,
            "list of code names",
        ),
        (
            "webhook-without-annotation",
            "/webhook",
            {"action": "ANNOTATION_CREATED", "project": {"id": 1, "label_config": label_config}},
            400,
            "'annotation'",
        ),
        ("webhook-without-project", "/webhook", {**good_event, "project": None}, 400, "project"),
        (
            "delete-without-annotations",
            "/webhook",
            {"action": "ANNOTATIONS_DELETED", "project": {"id": 1}},
            400,
            "'annotations'",
        ),
        (
            "delete-ids-missing",
            "/webhook",
            {"action": "ANNOTATIONS_DELETED", "annotations": [{}], "project": {"id": 1}},
            400,
            "'id'",
        ),
    ]


def _ids(label_config="<View/>"):
    return [case[0] for case in bad_requests(label_config)]


@pytest.mark.parametrize("case_id", _ids())
def test_bad_input_gets_a_4xx_json_error_and_the_server_keeps_serving(
    client, label_config, interface, case_id
):
    setup(client, label_config)  # project 1 is known
    case = {c[0]: c for c in bad_requests(label_config)}[case_id]
    _, path, body, status, words = case
    if isinstance(body, bytes):
        response = client.post(path, data=body, content_type="application/json")
    else:
        response = client.post(path, json=body)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    error = response.json["error"]
    assert words in error
    assert "Traceback" not in error and 'File "' not in error
    # Still serving.
    assert client.get("/health").status_code == 200
    check_prediction(predict(client, label_config)["results"][0], interface, TRANSCRIPT)


def test_an_oversized_body_gets_413(make_app, tmp_path, label_config):
    client = make_app(make_settings(tmp_path, max_body_bytes=4096)).test_client()
    response = client.post(
        "/predict",
        json={
            "tasks": [make_task(text="x " * 5000)],
            "project": "1.1",
            "label_config": label_config,
        },
    )
    assert response.status_code == 413
    assert "MAX_BODY_BYTES" in response.json["error"]
    assert client.get("/health").status_code == 200


@pytest.mark.parametrize("method, path, status", [("get", "/nope", 404), ("get", "/predict", 405)])
def test_unknown_routes_and_methods_get_json(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert "/predict" in response.json["error"]


def test_an_unexpected_error_is_a_json_500_without_traceback(client, label_config, monkeypatch):
    def boom(self, tasks, context=None):
        raise RuntimeError("secret internals /home/x/file.py line 3")

    monkeypatch.setattr(ThematicModel, "predict_batch", boom)
    response = client.post(
        "/predict", json={"tasks": [make_task()], "project": "1.1", "label_config": label_config}
    )
    assert response.status_code == 500
    assert response.json == {
        "error": "Internal error (RuntimeError); the backend's log has the details."
    }
    monkeypatch.undo()
    assert client.get("/health").status_code == 200


# --------------------------------------------------------------------------- configuration


def test_settings_defaults_from_an_empty_environment():
    settings = Settings.from_env({})
    assert settings.cold_start_segments == 5 and settings.cold_start_similarity == 0.55
    assert settings.model_dir.as_posix() == "data/models"
    assert settings.encoder == "minilm"
    assert settings.skip_interviewer is True
    assert settings.max_body_bytes == 20 * 1024 * 1024
    assert settings.basic_auth is False


def test_settings_from_the_environment(tmp_path):
    settings = Settings.from_env(
        {
            "MODEL_DIR": str(tmp_path),
            "ENCODER": "fake",
            "SUGGEST_MIN_SCORE": "0.4",
            "SKIP_INTERVIEWER": "no",
            "LABEL_STUDIO_URL": "http://127.0.0.1:8080",
            "LABEL_STUDIO_API_KEY": "abc",
            "BASIC_AUTH_USER": "u",
            "BASIC_AUTH_PASS": " p ",
            "MAX_BODY_BYTES": "2048",
            "SUGGEST_MAX_CODES": "2",
            "EXPLAIN_K": "2",
            "COLD_START_SEGMENTS": "5",
            "COLD_START_SIMILARITY": "0.6",
        }
    )
    assert settings.cold_start_segments == 5 and settings.cold_start_similarity == 0.6
    assert settings.model_dir == tmp_path and settings.encoder == "fake"
    assert settings.suggest_min_score == 0.4 and settings.skip_interviewer is False
    assert settings.basic_auth and settings.basic_auth_pass == " p "
    assert settings.max_body_bytes == 2048 and settings.max_codes_per_unit == 2
    assert "abc" not in repr(settings) and " p " not in repr(settings)


@pytest.mark.parametrize(
    "env, message",
    [
        ({"SUGGEST_MIN_SCORE": "high"}, "SUGGEST_MIN_SCORE must be a number"),
        ({"SUGGEST_MIN_SCORE": "1.5"}, "between 0 and 1"),
        ({"SKIP_INTERVIEWER": "maybe"}, "SKIP_INTERVIEWER must be true or false"),
        ({"MAX_BODY_BYTES": "10MB"}, "MAX_BODY_BYTES must be an integer"),
        ({"BASIC_AUTH_USER": "u"}, "must be set together"),
        ({"SUGGEST_MAX_CODES": "0"}, "SUGGEST_MAX_CODES must be an integer >= 1"),
        ({"COLD_START_SIMILARITY": "strong"}, "COLD_START_SIMILARITY must be a number"),
        ({"COLD_START_SIMILARITY": "1.2"}, "cosine similarity between -1 and 1"),
        ({"COLD_START_SEGMENTS": "-1"}, "COLD_START_SEGMENTS must be an integer >= 0"),
    ],
)
def test_bad_settings_say_which_variable_and_what_is_allowed(env, message):
    with pytest.raises(ValueError, match=message):
        Settings.from_env(env)


def test_an_unknown_encoder_fails_at_start(tmp_path):
    with pytest.raises(ValueError, match="Unknown encoder"):
        create_app(make_settings(tmp_path, encoder="no-such-model"))


def test_settings_are_applied(make_app, tmp_path, label_config):
    client = make_app(make_settings(tmp_path, suggest_min_score=0.999, explain_k=0)).test_client()
    prediction = predict(client, label_config)["results"][0]
    assert all(r["score"] >= 0.999 for r in prediction["result"])
    assert all("meta" not in r for r in prediction["result"])


# --------------------------------------------------------------------------- cold start

INTRO = (
    "Interviewer: Thank you for agreeing to take part today.\n\n"
    "P3: I'm a nurse and I have worked here for ten years.\n\n"
    "Interviewer: What is it like?\n\n"
    "P3: My kids and my mother worry about me all the time."
)


def test_cold_start_abstains_on_introductions_and_keeps_clear_matches(
    make_app, tmp_path, label_config
):
    """No coded segment yet: the codebook is the only evidence, so only close matches count."""
    task = make_task(9, text=INTRO, participant="P3")
    gated = make_app(make_settings(tmp_path / "gated")).test_client()
    (prediction,) = predict(gated, label_config, [task])["results"]
    texts = [r["value"]["text"] for r in prediction["result"]]
    assert texts == ["My kids and my mother worry about me all the time."]
    assert regions(prediction, "Family")
    # The note says the suggestion comes from the codebook, and quotes it.
    assert "codebook · Family" in notes(prediction)
    assert "My kids and my mother worry about me." in notes(prediction)

    # Without the gate the ridge scores alone put a code on the introduction: the old behaviour.
    ungated = make_app(make_settings(tmp_path / "ungated", cold_start_segments=0)).test_client()
    (prediction,) = predict(ungated, label_config, [task])["results"]
    assert any(r["value"]["text"].startswith("I'm a nurse") for r in prediction["result"])


def test_a_code_leaves_cold_start_once_it_has_enough_coded_segments(
    make_app, tmp_path, label_config
):
    """COLD_START_SEGMENTS=1: one coded segment lifts the gate from that code only."""
    app = make_app(make_settings(tmp_path, cold_start_segments=1))
    client = app.test_client()
    insomnia = "The insomnia is the worst part of it."

    def sleep_texts():
        prediction = predict(client, label_config)["results"][0]  # task 6, same text as task 5
        return " ".join(r["value"]["text"] for r in regions(prediction, "Sleep"))

    # Cold: this sentence is too far from the codebook's Sleep text.
    assert "I can't sleep at night" in sleep_texts() and insomnia not in sleep_texts()
    task = make_task()
    event = annotation_event(
        "ANNOTATION_CREATED", 3, task, [span(TRANSCRIPT, insomnia, "Sleep")], label_config
    )
    post_event(client, event)
    estimator = registry(app).get("1").ensure_fitted().estimator
    cold = dict(zip(estimator.classes_, map(bool, estimator.cold_), strict=True))
    assert cold == {"Family": True, "Money": True, "Sleep": False, UNSURE: False}
    assert insomnia in sleep_texts()


def test_a_cold_codes_note_cites_its_coded_extracts_then_the_codebook(client, label_config):
    task = make_task()
    event = annotation_event(
        "ANNOTATION_CREATED", 4, task, [span(TRANSCRIPT, MONEY_SENTENCE, "Money")], label_config
    )
    post_event(client, event)  # Money: one coded segment, still cold (COLD_START_SEGMENTS=5)
    (money,) = regions(predict(client, label_config)["results"][0], "Money")
    lines = money["meta"]["text"][0].splitlines()
    assert lines[0].startswith("Suggested: Money (") and "Most similar coded extracts:" in lines[0]
    assert lines[1].startswith("• P7 · Money · ")
    assert lines[-1].startswith("• codebook · Money · ") and len(lines) == 3


def test_cold_start_settings_change_the_model_version(make_app, tmp_path, label_config):
    first = setup(make_app(make_settings(tmp_path / "a")).test_client(), label_config)
    other = make_settings(tmp_path / "b", cold_start_similarity=0.9)
    second = setup(make_app(other).test_client(), label_config)
    same = setup(make_app(make_settings(tmp_path / "c")).test_client(), label_config)
    assert first.json["model_version"] != second.json["model_version"]
    assert first.json["model_version"] == same.json["model_version"]


# --------------------------------------------------------------------------- batches with bad tasks


def test_a_bad_task_in_a_batch_gets_an_empty_result_and_the_others_get_predictions(
    client, label_config, interface, caplog
):
    good = make_task(5)
    no_text = {"id": 8, "project": 1, "data": {"body": "x"}}
    empty = {"id": 9, "project": 1, "data": {"text": "   "}}
    tasks = [no_text, good, empty]
    with caplog.at_level("WARNING", logger="ls_thematic.backend"):
        response = client.post(
            "/predict", json={"tasks": tasks, "project": "1.1", "label_config": label_config}
        )
    assert response.status_code == 200, response.json
    results = response.json["results"]
    assert len(results) == 3
    assert results[0]["result"] == [] and results[2]["result"] == []
    assert results[0]["score"] == 0.0
    assert len({r["model_version"] for r in results}) == 1
    check_prediction(results[1], interface, TRANSCRIPT)
    assert regions(results[1], "Money")
    errors = response.json["errors"]
    assert [(e["index"], e["task"]) for e in errors] == [(0, 8), (2, 9)]
    assert "task 8 has no 'text' field" in errors[0]["error"]
    assert "task 9: data.text is empty" in errors[1]["error"]
    logged = caplog.text
    assert "tasks[0] an empty prediction" in logged and "task 8 has no 'text' field" in logged
    assert "tasks[2] an empty prediction" in logged


def test_a_batch_of_only_bad_tasks_is_a_400_naming_each_reason(client, label_config):
    tasks = [{"id": 8, "data": {"body": "x"}}, {"id": 9, "data": {"text": ""}}, "text"]
    response = client.post(
        "/predict", json={"tasks": tasks, "project": "1.1", "label_config": label_config}
    )
    assert response.status_code == 400
    error = response.json["error"]
    assert error.startswith("None of the 3 tasks of this request could be read")
    assert "task 8 has no 'text' field" in error
    assert "task 9: data.text is empty" in error
    assert "tasks[2] must be a task object" in error
    assert client.get("/health").status_code == 200
