"""The suggestion model of a project (backend/model.py), through the app: units and regions,
names read from the labelling config, learning from webhooks, model_version, settings and the
cold start."""

from __future__ import annotations

from label_studio_sdk.label_interface import LabelInterface

from ls_thematic.backend import model as model_module
from ls_thematic.label_config.codebook import UNSURE, Code, Codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config

from .helpers import (
    CODEBOOK,
    MONEY_SENTENCE,
    SLEEP_SENTENCES,
    TRANSCRIPT,
    annotation_event,
    make_settings,
    make_task,
    notes,
    post_event,
    predict,
    regions,
    registry,
    setup,
    span,
    turns_of,
)

# Pre-fill every suggestion, as before the precision target (backend/prefill.py): for the tests
# of what is suggested rather than of what is pre-filled.
PREFILL_ALL = {"prefill_precision": 1e-9, "max_prefill_per_unit": 1000}


def test_adjacent_units_sharing_a_code_become_one_region(make_app, tmp_path, label_config):
    # The second sleep sentence shares few words with the codebook's Sleep text, so the fake
    # encoder's cold-start gate would drop it: turn the gate off to test the merging alone.
    settings = make_settings(tmp_path, cold_start_segments=0, **PREFILL_ALL)
    client = make_app(settings).test_client()
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
    settings = make_settings(tmp_path, skip_interviewer=False, **PREFILL_ALL)
    client = make_app(settings).test_client()
    prediction = predict(client, label_config)["results"][0]
    question = TRANSCRIPT.index("And what about money")
    assert any(r["value"]["start"] == question for r in prediction["result"])


def test_names_come_from_the_labelling_config_not_literals(make_app, tmp_path, monkeypatch):
    # What is suggested, not what is pre-filled: "Sleep" has no coded segment yet and the one
    # coded segment lacks it, so the precision rule keeps it out at any target; pre-fill all.
    monkeypatch.setattr(
        model_module,
        "thresholds_of",
        lambda estimator, target: {str(c): float("-inf") for c in estimator.classes_},
    )
    client = make_app(make_settings(tmp_path)).test_client()
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


def test_spans_already_coded_in_a_task_get_no_suggestion_there(make_app, tmp_path, label_config):
    client = make_app(make_settings(tmp_path, **PREFILL_ALL)).test_client()
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


def test_start_training_without_label_studio_address_is_a_clear_error(client, label_config):
    response = client.post(
        "/webhook",
        json={"action": "START_TRAINING", "project": {"id": 1, "label_config": label_config}},
    )
    assert response.status_code == 400
    assert "LABEL_STUDIO_URL" in response.json["error"]


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
    ungated = make_app(
        make_settings(tmp_path / "ungated", cold_start_segments=0, **PREFILL_ALL)
    ).test_client()
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


# ------------------------------------------------------------------ unknown codes and controls


def test_an_unknown_code_is_stored_counted_ignored_and_used_once_the_config_has_it(
    app, client, label_config
):
    task = make_task()
    coded = [span(TRANSCRIPT, MONEY_SENTENCE, "Fear"), span(TRANSCRIPT, SLEEP_SENTENCES, "Sleep")]
    answer = post_event(
        client, annotation_event("ANNOTATION_CREATED", 31, task, coded, label_config)
    )
    assert (answer["status"], answer["segments"]) == ("ok", 2)
    model = registry(app).get(1)
    assert sorted(s.codes for s in model.store.segments()) == [("Fear",), ("Sleep",)]
    versions = client.get("/versions").json
    assert versions["unknown_codes"] == {"1": {"Fear": 1}}
    assert client.get("/versions?project=1").json["unknown_codes"] == {"Fear": 1}
    prediction = predict(client, label_config)["results"][0]
    assert all(r["value"]["labels"] != ["Fear"] for r in prediction["result"])
    assert "Fear" not in model.ensure_fitted().estimator.classes_
    # The codebook gains the code: the stored segment counts again, nothing was lost.
    book = Codebook.from_dict(CODEBOOK)
    book.codes.append(Code(name="Fear", description="Fear of what comes next."))
    setup(client, codebook_to_label_config(book))
    assert "Fear" in model.ensure_fitted().estimator.classes_
    assert client.get("/versions").json["unknown_codes"] == {}


def test_results_of_an_unknown_control_are_skipped_and_the_rest_is_kept(app, client, label_config):
    task = make_task()
    coded = [
        span(TRANSCRIPT, MONEY_SENTENCE, "Money"),
        span(TRANSCRIPT, SLEEP_SENTENCES, "Sleep", from_name="old_control"),
    ]
    answer = post_event(
        client, annotation_event("ANNOTATION_CREATED", 32, task, coded, label_config)
    )
    assert (answer["status"], answer["segments"]) == ("ok", 1)
    assert [s.text for s in registry(app).get(1).store.segments()] == [MONEY_SENTENCE]
