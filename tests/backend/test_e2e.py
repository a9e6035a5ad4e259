"""End to end: a real Label Studio, the real backend under gunicorn, the real MiniLM encoder.

One scenario, in the order a research team meets it, on one Label Studio (the session fixture)
and one backend started the way ``make up`` starts it (``scripts/demo.py start_backend``, with a
temporary ``MODEL_DIR``):

1. create a project from the thesis codebook and import the demo transcripts;
2. connect the backend through the SDK (Label Studio then creates the backend's webhook);
3. code spans of two transcripts through the SDK, as the labelling UI would save them;
   Label Studio's webhooks reach the backend (its access log), which refits off the request
   path (its log) and changes ``model_version``;
4. have Label Studio retrieve predictions (the Data Manager's "Retrieve predictions" action)
   for two transcripts nobody coded: stored, with codes of the codebook, exact offsets, and
   notes that cite the coded extracts;
5. delete an annotation: the backend goes back to the model it had before that annotation, and
   the next predictions neither count nor cite it.

The tests share the scenario's state and run in file order.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import requests
from label_studio_sdk.label_interface import LabelInterface

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.tasks import build_tasks
from ls_thematic.scripts.demo import connect_backend, read_credentials, start_backend
from ls_thematic.scripts.lsserver import free_port, stop_process
from ls_thematic.scripts.project import create_project

from ..conftest import EXAMPLES

pytestmark = pytest.mark.e2e

TITLE = "E2E suggestions"
# What two researchers code: participant -> [(code, exact extract of that transcript)].
CODING = {
    "P11": [
        ("Worst withdrawal", "The withdrawal itself is harder than from the opiates."),
        (
            "Harder to engage",
            "They’re harder to engage. They don’t want to talk about the benzos, because talking "
            "about them means talking about what’s underneath.",
        ),
        (
            "Psychology",
            "Psychological input alongside the prescribing, because the prescribing on its own "
            "doesn’t touch the trauma.",
        ),
    ],
    "P13": [
        (
            "Worst withdrawal",
            "It’s long and it’s hard. Harder than the methadone, in my experience.",
        ),
        ("Worst withdrawal", "They feel everything the diazepam has been covering up."),
        ("Harder to engage", "Yes, absolutely won’t want to talk about it."),
        ("Psychology", "More psychology, honestly."),
        (
            "Psychology",
            "I do think they just need that psychological input. They really do, because they all "
            "say the same thing, that they feel very anxious about benzos, they feel very socially "
            "awkward.",
        ),
    ],
}
UNCODED = ("P8", "P9")  # Label Studio retrieves predictions for these
TIMEOUT = 180.0  # the first fit loads the encoder: a minute on a loaded 2-core CI machine


def wait_for(condition, what: str, timeout: float = TIMEOUT, every: float = 0.3):
    """Poll ``condition()`` until it returns something truthy; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}.")
        time.sleep(every)


# --------------------------------------------------------------------------- the scenario's parts


class Scenario:
    """Label Studio, the project, the backend, and what the tests learn along the way."""

    def __init__(self, ls_client, project_id: int, backend_url: str, data: Path):
        self.client = ls_client
        self.project_id = project_id
        self.backend_url = backend_url
        self.data = data
        self.tasks = {
            task.data["participant"]: task
            for task in ls_client.tasks.list(project=project_id, fields="all")
        }
        config = ls_client.projects.get(id=project_id).label_config
        self.interface = LabelInterface(config)
        self.from_name, self.to_name, _ = self.interface.get_first_tag_occurence("Labels", "Text")
        self.labels = set(self.interface.get_control(self.from_name).labels)
        self.annotations: dict[str, int] = {}  # participant -> annotation id
        self.versions: dict[str, str] = {}  # stage -> model_version

    @property
    def log(self) -> str:
        return (self.data / "backend.log").read_text(errors="replace")

    def version(self) -> str:
        response = requests.get(
            f"{self.backend_url}/versions",
            params={"project": self.project_id},
            auth=read_credentials(self.data).backend_auth,
            timeout=5,
        )
        response.raise_for_status()
        return response.json()["versions"][0]

    def segments(self) -> int:
        return int(re.match(r"ls-thematic-(\d+)seg-", self.version()).group(1))

    def code(self, participant: str) -> int:
        """Save an annotation with the spans of ``CODING[participant]``, as the UI does."""
        task = self.tasks[participant]
        text = task.data["text"]
        result = []
        for i, (code, extract) in enumerate(CODING[participant]):
            start = text.index(extract)
            result.append(
                {
                    "id": f"{participant}-{i}",
                    "from_name": self.from_name,
                    "to_name": self.to_name,
                    "type": "labels",
                    "origin": "manual",
                    "value": {
                        "start": start,
                        "end": start + len(extract),
                        "text": extract,
                        "labels": [code],
                    },
                }
            )
        annotation = self.client.annotations.create(id=task.id, result=result, lead_time=30.0)
        self.annotations[participant] = annotation.id
        return annotation.id

    def retrieve_predictions(self, participants) -> None:
        """The Data Manager's "Retrieve predictions" on these tasks (one /predict batch)."""
        ids = [self.tasks[p].id for p in participants]
        self.client.actions.create(
            id="retrieve_tasks_predictions",
            project=self.project_id,
            selected_items={"all": False, "included": ids},
        )

    def predictions(self, participant: str, version: str) -> list:
        task = self.tasks[participant]
        return [p for p in self.client.predictions.list(task=task.id) if p.model_version == version]


@pytest.fixture(scope="module")
def scenario(label_studio, ls_client, tmp_path_factory):
    book = load_codebook(EXAMPLES / "thesis_codebook.yaml")
    tasks = build_tasks(
        sorted((EXAMPLES / "transcripts").glob("*.txt")), EXAMPLES / "participants.csv"
    )
    project = create_project(ls_client, book, tasks, title=TITLE)
    data = tmp_path_factory.mktemp("backend")
    with pytest.MonkeyPatch.context() as env:
        # This scenario checks particular suggestions and notes: none may be withheld at random
        # (tests/backend/test_suggestion_log.py tests withholding).
        env.setenv("WITHHOLD_FRACTION", "0")
        backend_url, pid = start_backend(data, free_port(), label_studio)
    try:
        yield Scenario(ls_client, project.project_id, backend_url, data)
    finally:
        stop_process(pid)


# --------------------------------------------------------------------------- the steps


def test_connecting_the_backend_creates_its_webhook(scenario):
    client, project_id = scenario.client, scenario.project_id
    assert len(scenario.tasks) == 6
    auth = read_credentials(scenario.data).backend_auth
    connect_backend(client, project_id, scenario.backend_url, auth=auth)
    (backend,) = client.ml.list(project=project_id)
    assert backend.url.rstrip("/") == scenario.backend_url
    assert backend.is_interactive
    hooks = [h.url for h in client.webhooks.list(project=str(project_id))]
    assert f"{scenario.backend_url}/webhook" in hooks
    # Connecting called /setup: the backend knows the project and has nothing learned yet.
    assert "POST /setup" in scenario.log
    scenario.versions["empty"] = scenario.version()
    assert scenario.segments() == 0


def test_coding_through_label_studio_refits_the_backend_via_webhooks(scenario):
    webhooks_before = scenario.log.count("POST /webhook")
    scenario.code("P11")
    # Label Studio sent ANNOTATION_CREATED to the backend: the segment count is the backend's
    # own (it learns only from webhooks and START_TRAINING, and we sent it neither).
    wait_for(lambda: scenario.segments() == 3, "the backend to hold P11's 3 coded spans")
    after_p11 = scenario.version()
    assert after_p11 != scenario.versions["empty"]
    scenario.versions["P11"] = after_p11
    # The refit ran in the background worker, before any prediction asked for it.
    wait_for(lambda: f"fitted {after_p11} on 3 segments" in scenario.log, "the refit of P11")

    scenario.code("P13")
    wait_for(lambda: scenario.segments() == 8, "the backend to hold P11's and P13's spans")
    both = scenario.version()
    scenario.versions["both"] = both
    wait_for(lambda: f"fitted {both} on 8 segments" in scenario.log, "the refit of P13")
    assert scenario.log.count("POST /webhook") >= webhooks_before + 2
    assert '"POST /webhook HTTP/1.1" 200' in scenario.log
    # The answer stays the same while nothing changes (no duplicate predictions in LS).
    assert scenario.version() == both


def test_label_studio_stores_predictions_for_uncoded_transcripts(scenario):
    version = scenario.versions["both"]
    scenario.retrieve_predictions(UNCODED)
    coded_codes = {code for spans in CODING.values() for code, _ in spans}
    shown: dict[str, set[str]] = {}
    for participant in UNCODED:
        (prediction,) = wait_for(
            lambda p=participant: scenario.predictions(p, version),
            f"Label Studio to store the prediction for {participant}",
        )
        text = scenario.tasks[participant].data["text"]
        regions = prediction.result
        assert regions, f"no suggestion at all for {participant}"
        assert 0.0 < prediction.score <= 1.0
        assert scenario.interface.validate_prediction(
            {"result": regions, "score": prediction.score, "model_version": version}
        )
        for region in regions:
            value = region["value"]
            assert text[value["start"] : value["end"]] == value["text"]
            assert set(value["labels"]) <= scenario.labels
            assert region["from_name"] == scenario.from_name
            assert 0.0 < region["score"] <= 1.0
            assert region["meta"]["text"][0].startswith("Suggested: ")
        # What the coder sees: the pre-filled codes and the codes named in the notes ("Also
        # possible (not pre-filled): ..."). A code with one or two coded segments rarely has
        # the evidence to be pre-filled, so the coding shows in some transcripts, not all.
        notes = " ".join(r["meta"]["text"][0] for r in regions)
        shown[participant] = {label for r in regions for label in r["value"]["labels"]} | {
            code for code in coded_codes if f"{code} (" in notes
        }
    assert set().union(*shown.values()) & coded_codes, f"{shown} shares nothing with coding"
    p8 = scenario.predictions("P8", version)[0].result
    by_code = {}
    for region in p8:
        by_code.setdefault(region["value"]["labels"][0], []).append(region)
    # P8's detox sentence is the coded "Worst withdrawal", and its note cites coded extracts.
    withdrawal = [
        r for r in by_code.get("Worst withdrawal", []) if "diazepam detox" in r["value"]["text"]
    ]
    assert withdrawal, [(r["value"]["labels"], r["value"]["text"][:60]) for r in p8]
    note = withdrawal[0]["meta"]["text"][0]
    assert "Most similar coded extracts" in note
    assert "P11 · Worst withdrawal" in note or "P13 · Worst withdrawal" in note
    all_notes = "\n".join(r["meta"]["text"][0] for r in p8)
    assert "P13 · " in all_notes  # the extracts of the annotation the next test deletes
    # The batch: one /predict call answered both tasks.
    assert "POST /predict" in scenario.log


def test_deleting_an_annotation_removes_its_influence(scenario):
    scenario.client.annotations.delete(id=scenario.annotations["P13"])
    # ANNOTATIONS_DELETED reached the backend: back to exactly the model it had before P13.
    wait_for(lambda: scenario.segments() == 3, "the backend to drop P13's spans")
    assert scenario.version() == scenario.versions["P11"]

    scenario.retrieve_predictions(["P8"])
    (prediction,) = wait_for(
        lambda: scenario.predictions("P8", scenario.versions["P11"]),
        "Label Studio to store P8's prediction of the model without P13",
    )
    notes = "\n".join(r["meta"]["text"][0] for r in prediction.result)
    assert "P13 · " not in notes
    for _, extract in CODING["P13"]:
        assert extract[:40] not in notes
    # Worst withdrawal now rests on P11's one extract and the codebook, and says so.
    for region in prediction.result:
        if region["value"]["labels"] == ["Worst withdrawal"]:
            assert "P11 · Worst withdrawal" in region["meta"]["text"][0] or (
                "codebook · Worst withdrawal" in region["meta"]["text"][0]
            )
