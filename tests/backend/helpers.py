"""What the backend tests share: a codebook, a transcript, and helpers to build Label Studio's
requests (tasks, coded spans, webhook events) and check its answers.

The fixtures built on them (the labelling config, apps on the test's MODEL_DIR, a test client)
are in ``conftest.py``.
"""

from __future__ import annotations

import functools
from dataclasses import asdict

from label_studio_sdk.label_interface import LabelInterface

from ls_thematic.backend.app import REGISTRY_KEY
from ls_thematic.backend.config import Settings
from ls_thematic.label_config.turns import parse_turns

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


def make_settings(tmp_path, **overrides) -> Settings:
    values = dict(
        model_dir=tmp_path / "models",
        encoder="fake",
        refit_delay=0.01,
        min_unit_chars=20,
        # The fake encoder's cosine scale: on-topic sentences reach 0.39-0.9 of this codebook's
        # prototypes, introductions and small talk stay below 0.27 (MiniLM's default is 0.55).
        cold_start_similarity=FAKE_COLD_START_SIMILARITY,
        # Tests that expect a suggestion on a given unit must not find it withheld at random;
        # tests/backend/test_suggestion_log.py turns withholding on.
        withhold_fraction=0.0,
    )
    values.update(overrides)
    return Settings(**values)


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


def post_event(client, event):
    response = client.post("/webhook", json=event)
    assert response.status_code == 200, response.json
    return response.json


# An interview of one question and a three-sentence answer (context tests, issue 11).
INTERVIEW = (
    "Interviewer: Thank you for coming today. Let us start with sleep. "
    "How do you sleep at night?\n\n"
    "P3: I lie awake for hours every single night. The tablets helped me at first. "
    "Now nothing at all helps me sleep."
)
QUESTION_LAST_TWO = ["Let us start with sleep.", "How do you sleep at night?"]
ANSWER = [
    "I lie awake for hours every single night.",
    "The tablets helped me at first.",
    "Now nothing at all helps me sleep.",
]
