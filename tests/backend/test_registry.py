"""One model per project and the refit worker (backend/registry.py): events are fast and durable,
a burst costs one refit, START_TRAINING rebuilds through the SDK, models survive a restart and
projects never see each other's segments."""

from __future__ import annotations

import json
import threading
import time
from types import SimpleNamespace

import pytest

from ls_thematic.backend import encoders
from ls_thematic.backend.connection import PULL_PAGE_SIZE
from ls_thematic.backend.model import ThematicModel
from ls_thematic.backend.store import JOURNAL, SegmentStore

from .helpers import (
    MONEY_SENTENCE,
    SLEEP_SENTENCES,
    TRANSCRIPT,
    annotation_event,
    make_settings,
    make_task,
    notes,
    post_event,
    predict,
    registry,
    setup,
    span,
)


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
                list=lambda project, fields, page_size: (
                    calls.append((project, fields, page_size)) or iter(pulled)
                )
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
    assert calls == [("http://ls.example:8080", "k" * 40), (1, "all", PULL_PAGE_SIZE)]
    store = registry(app).get(1).store
    assert store.annotation_ids == ["41", "42"]
    assert [s.text for s in store.segments()] == [MONEY_SENTENCE]
    assert not store.rebuild_pending()
    prediction = predict(client, label_config)["results"][0]
    assert MONEY_SENTENCE in notes(prediction)
    assert SLEEP_SENTENCES not in notes(prediction)


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
    original = ThematicModel._train

    def counting(self, segments, scheme):
        fits.append(len(segments))
        return original(self, segments, scheme)

    monkeypatch.setattr(ThematicModel, "_train", counting)
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
        "ls_thematic.backend.registry.ModelRegistry.schedule",
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
    response = restarted.post("/predict", json={"tasks": [make_task(6)], "project": "1.1700000000"})
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
