"""Choosing the second coder's transcripts (reproducible, stratified) and assigning them in a real
Label Studio Community (a Data Manager tab, each task's overlap and meta)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from click.testing import CliRunner

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.errors import LabelStudioError
from ls_thematic.label_config.tasks import build_tasks
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.sampling import (
    META_KEY,
    SamplingError,
    assign_transcripts,
    choose_transcripts,
    format_sample,
    sample_meta,
    sample_result,
    sample_transcripts,
    view_title,
)

from .agreement import exports

EXAMPLES = Path(__file__).resolve().parents[1] / "label_config" / "examples"
ROLES = ["nurse"] * 6 + ["doctor"] * 3 + ["manager"]


def make_tasks(n=10, coded_by=None):
    tasks = []
    for i in range(1, n + 1):
        annotations = []
        if coded_by and i % 2:
            annotations = [{"id": i, "completed_by": {"id": 1, "email": coded_by}, "result": []}]
        tasks.append(
            {
                "id": 100 + i,
                "data": {
                    "text": f"Transcript {i}.",
                    "participant": f"P{i}",
                    "attributes": {"role": ROLES[(i - 1) % len(ROLES)]},
                },
                "annotations": annotations,
            }
        )
    return tasks


def run(*args, ok=True):
    result = CliRunner().invoke(main, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output + repr(result.exception)
    return result


# --------------------------------------------------------------------------- choosing
def test_same_seed_same_choice_whatever_the_task_order():
    tasks = make_tasks()
    first = choose_transcripts(tasks, 2, seed=42)
    shuffled = tasks[:]
    random.Random(1).shuffle(shuffled)
    again = choose_transcripts(shuffled, 2, seed=42)
    assert first["participant"].tolist() == again["participant"].tolist()
    assert len(first) == 2 and first["participant"].is_unique
    assert first.attrs == {"seed": 42, "n": 2, "stratify": None, "n_candidates": 10}
    choices = {tuple(choose_transcripts(tasks, 2, seed=s)["participant"]) for s in range(20)}
    assert len(choices) > 5  # different seeds give different choices


def test_stratified_spreads_over_the_attribute():
    tasks = make_tasks()
    for seed in range(30):
        chosen = choose_transcripts(tasks, 2, seed=seed, stratify="role")
        # nurse has 6/10 and doctor 3/10: one of each (largest shares)
        assert sorted(chosen["role"]) == ["doctor", "nurse"], seed
    # n=5: shares nurse 3.0, doctor 1.5, manager 0.5 -> 3 nurses, 1 doctor, and the last one
    # to doctor or manager (equal remainders: at random)
    seen = set()
    for seed in range(30):
        roles = sorted(choose_transcripts(tasks, 5, seed=seed, stratify="role")["role"])
        assert roles.count("nurse") == 3 and roles.count("doctor") >= 1, seed
        seen.add(tuple(roles))
    assert seen == {
        ("doctor", "doctor", "nurse", "nurse", "nurse"),
        ("doctor", "manager", "nurse", "nurse", "nurse"),
    }
    chosen = choose_transcripts(tasks, 10, seed=3, stratify="role")
    assert sorted(chosen["participant"]) == sorted(f"P{i}" for i in range(1, 11))
    assert choose_transcripts(tasks, 3, seed=9, stratify="role").equals(
        choose_transcripts(tasks, 3, seed=9, stratify="role")
    )


def test_coded_by_and_exclude_coded_by():
    tasks = make_tasks(coded_by="first@example.org")
    chosen = choose_transcripts(tasks, 3, seed=0, coded_by="first@example.org")
    assert all(int(p[1:]) % 2 for p in chosen["participant"])
    assert (chosen["n_coders"] == 1).all()
    chosen = choose_transcripts(tasks, 3, seed=0, exclude_coded_by="FIRST@example.org")
    assert not any(int(p[1:]) % 2 for p in chosen["participant"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n must be a positive whole number of transcripts; found 0"),
        ({"n": 11}, r"Cannot choose 11 transcripts: the project has 10 transcript\(s\)"),
        (
            {"n": 6, "coded_by": "first@example.org"},
            r"has 5 transcript\(s\) coded by first@example.org",
        ),
        ({"n": 2, "stratify": "age"}, "no participant attribute 'age'; they have: role"),
        ({"n": 2, "seed": -1}, "seed must be a non-negative whole number"),
    ],
)
def test_choice_errors(kwargs, message):
    with pytest.raises(SamplingError, match=message):
        choose_transcripts(make_tasks(coded_by="first@example.org"), **kwargs)


def test_choice_of_an_empty_project():
    with pytest.raises(SamplingError, match="The project has no tasks"):
        choose_transcripts([], 2, seed=1)


def test_sample_transcripts_draws_and_reports_a_seed():
    drawn = sample_transcripts(make_tasks(), 3)
    seed = drawn.chosen.attrs["seed"]
    assert isinstance(seed, int) and drawn.assignment is None
    assert drawn.chosen.equals(choose_transcripts(make_tasks(), 3, seed=seed))
    result = sample_result(drawn)
    assert result["seed"] == seed and [t["participant"] for t in result["transcripts"]] == list(
        drawn.chosen["participant"]
    )
    assert json.loads(format_sample(drawn, "json")) == result
    assert format_sample(drawn, "csv").splitlines()[0] == "task_id,participant,n_coders,role"
    text = format_sample(drawn, "table")
    assert text.startswith(
        f"3 of 10 transcripts (simple random, seed {seed}; repeat with --seed {seed})"
    )
    assert "| task_id | participant | n_coders | role |" in text


def test_sample_command_on_a_snapshot(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(make_tasks()))
    out = json.loads(
        run("sample", "--snapshot", path, "--n", "2", "--seed", "7", "--format", "json").stdout
    )
    expected = choose_transcripts(make_tasks(), 2, seed=7)
    assert [t["participant"] for t in out["transcripts"]] == expected["participant"].tolist()
    assert out["seed"] == 7 and out["n_candidates"] == 10
    table = run("sample", "--snapshot", path, "--seed", "7", "--stratify", "role").stdout
    assert "stratified by role, seed 7; repeat with --seed 7" in table
    drawn = run("sample", "--snapshot", path).stdout
    assert "repeat with --seed" in drawn
    failed = run("sample", "--snapshot", path, "--assign", "x@example.org", ok=False)
    assert failed.exit_code == 2 and "--assign needs a live --project" in failed.output
    failed = run("sample", "--snapshot", path, "--n", "20", ok=False)
    assert failed.exit_code == 1 and "Error: Cannot choose 20 transcripts" in failed.output


# --------------------------------------------------------------------------- the record
SECOND = SimpleNamespace(id=2, email="second@example.org")


class FakeClient:
    """The few calls of label-studio-sdk that :func:`assign_transcripts` makes, in memory."""

    def __init__(self, tasks):
        self.stored = {
            t["id"]: SimpleNamespace(
                id=t["id"], project=1, overlap=1, meta={}, annotations=t["annotations"]
            )
            for t in tasks
        }
        self.updates = {}
        self._client_wrapper = SimpleNamespace(get_base_url=lambda: "http://ls.test")
        self.projects = SimpleNamespace(get=lambda id: SimpleNamespace(id=id, title="p"))
        self.users = SimpleNamespace(list=lambda: [SECOND])
        self.tasks = SimpleNamespace(get=lambda id: self.stored[int(id)], update=self._update)
        self.annotations = SimpleNamespace(list=lambda id: self.stored[int(id)].annotations)
        self.predictions = SimpleNamespace(list=lambda task: [])
        self.views = SimpleNamespace(
            list=lambda project: [], create=lambda project, data: SimpleNamespace(id=5, data=data)
        )

    def _update(self, id, **fields):
        self.updates[int(id)] = fields


def test_sample_meta_records_the_choice():
    record = sample_meta(
        SECOND, np.int64(11), "2026-12-01T00:00:00+00:00", stratify="role", n=2, n_candidates=10
    )
    assert record == {
        "coder": "second@example.org",
        "user_id": 2,
        "seed": 11,
        "stratify": "role",
        "n": 2,
        "n_candidates": 10,
        "assigned_at": "2026-12-01T00:00:00+00:00",
    }
    assert json.loads(json.dumps(record)) == record
    assert sample_meta(SECOND, None, "t")["stratify"] is None


def test_assigning_records_the_stratification_for_the_methods_paragraph(tmp_path):
    tasks = make_tasks(coded_by="first@example.org")
    client = FakeClient(tasks)
    drawn = sample_transcripts(
        tasks,
        2,
        seed=11,
        stratify="role",
        coded_by="first@example.org",
        client=client,
        project_id=1,
        assign_to="second@example.org",
    )
    chosen = drawn.chosen["task_id"].tolist()
    assert sorted(client.updates) == sorted(chosen) == drawn.assignment.task_ids
    for task_id in chosen:
        update = client.updates[task_id]
        record = update["meta"][META_KEY]
        assert {k: v for k, v in record.items() if k != "assigned_at"} == {
            "coder": "second@example.org",
            "user_id": 2,
            "seed": 11,
            "stratify": "role",
            "n": 2,
            "n_candidates": 5,
        }
        assert update["overlap"] == 2 and update["is_labeled"] is False
    # the tasks as Label Studio exports them once the second coder has coded them
    first, second = (
        {"id": 1, "email": "first@example.org"},
        {"id": 2, "email": "second@example.org"},
    )
    coded = [
        exports.task(
            t,
            [
                exports.annotation(first, [exports.span(0, 13, "Trust")], 10 * t),
                exports.annotation(second, [exports.span(0, 13, "Trust")], 10 * t + 1),
            ],
            participant=f"P{t}",
        )
        | {"meta": client.updates[t]["meta"]}
        for t in chosen
    ]
    path = tmp_path / "coded.json"
    path.write_text(json.dumps(coded))
    out = json.loads(run("agreement", "--snapshot", path, "--methods", "--format", "json").stdout)
    assert out["methods"]["sample"] == {
        "n_tasks": 2,
        "seeds": [11],
        "seed": 11,
        "stratify": "role",
        "n_candidates": 5,
    }
    assert (
        "The double-coded transcripts were drawn at random from 5 candidate transcripts "
        "with `ls-thematic sample`, stratified by role (seed 11)."
    ) in out["methods"]["paragraph"]


# --------------------------------------------------------------------------- Label Studio
@pytest.fixture(scope="module")
def project(ls_client, label_studio):
    """The six demo transcripts; the admin (first coder) coded all of them."""
    from ls_thematic.scripts.project import create_project

    book = load_codebook(EXAMPLES / "thesis_codebook.yaml")
    tasks = build_tasks(
        sorted((EXAMPLES / "transcripts").glob("*.txt")), EXAMPLES / "participants.csv"
    )
    project_id = create_project(ls_client, book, tasks, title="sampling e2e").project_id
    for task in ls_client.tasks.list(project=project_id, fields="all"):
        turn = task.data["turns"][1]
        ls_client.annotations.create(
            id=task.id,
            result=[
                {
                    "from_name": "code",
                    "to_name": "text",
                    "type": "labels",
                    "value": {
                        "start": turn["start"],
                        "end": turn["end"],
                        "labels": ["Frustration"],
                    },
                }
            ],
        )
    emails = {u.email for u in ls_client.users.list()}
    if "second@example.org" not in emails:
        ls_client.users.create(email="second@example.org", username="second")
    return project_id


def test_assign_in_label_studio_community(ls_client, label_studio, project):
    args = ("--url", label_studio.url, "--api-key", label_studio.api_key)
    # every task holds a suggestion made before the assignment
    for task in ls_client.tasks.list(project=project):
        ls_client.predictions.create(task=task.id, result=[], model_version="before", score=0.5)
    out = json.loads(
        run(
            "sample",
            "--project",
            project,
            *args,
            "--n",
            "2",
            "--seed",
            "11",
            "--stratify",
            "role",
            "--coded-by",
            label_studio.username,
            "--assign",
            "second@example.org",
            "--format",
            "json",
        ).stdout
    )
    chosen = [t["task_id"] for t in out["transcripts"]]
    assert len(chosen) == 2 and out["n_candidates"] == 6
    assignment = out["assignment"]
    assert assignment["coder"] == "second@example.org" and assignment["task_ids"] == chosen
    assert assignment["url"].endswith(f"/projects/{project}/data?tab={assignment['view_id']}")
    # the tab lists exactly the chosen tasks
    listed = [t.id for t in ls_client.tasks.list(project=project, view=assignment["view_id"])]
    assert sorted(listed) == sorted(chosen)
    views = [
        v
        for v in ls_client.views.list(project=project)
        if v.data.get("title") == view_title("second@example.org")
    ]
    assert len(views) == 1
    # each chosen task needs a second annotation, stays unlabeled, and records the assignment
    for task_id in chosen:
        task = ls_client.tasks.get(id=str(task_id))
        assert task.overlap == 2 and task.is_labeled is False
        assert (
            task.meta[META_KEY]["coder"] == "second@example.org"
            and task.meta[META_KEY]["seed"] == 11
        )
        # blind double-coding: no suggestion stored before the assignment is left on it
        assert list(ls_client.predictions.list(task=task_id)) == []
    others = [t for t in ls_client.tasks.list(project=project) if t.id not in chosen]
    assert all(len(list(ls_client.predictions.list(task=t.id))) == 1 for t in others)
    assert all(t.overlap == 1 and META_KEY not in (t.meta or {}) for t in others)
    # the same seed chooses the same transcripts again; assigning again replaces the tab's list
    again = json.loads(
        run(
            "sample",
            "--project",
            project,
            *args,
            "--n",
            "2",
            "--seed",
            "11",
            "--stratify",
            "role",
            "--coded-by",
            label_studio.username,
            "--format",
            "json",
        ).stdout
    )
    assert [t["task_id"] for t in again["transcripts"]] == chosen
    second_id = next(u.id for u in ls_client.users.list() if u.email == "second@example.org")
    result = assign_transcripts(ls_client, project, [chosen[0]], second_id, seed=11)
    assert result.view_id == assignment["view_id"]
    assert [t.id for t in ls_client.tasks.list(project=project, view=result.view_id)] == [chosen[0]]

    # the second coder codes the tasks; then agreement runs on them live
    for task_id in chosen:
        turn = ls_client.tasks.get(id=str(task_id)).data["turns"][1]
        ls_client.annotations.create(
            id=task_id,
            completed_by=second_id,
            result=[
                {
                    "from_name": "code",
                    "to_name": "text",
                    "type": "labels",
                    "value": {
                        "start": turn["start"],
                        "end": turn["end"],
                        "labels": ["Frustration"],
                    },
                }
            ],
        )
        assert ls_client.tasks.get(id=str(task_id)).is_labeled is True
    report = json.loads(run("agreement", "--project", project, *args, "--format", "json").stdout)
    assert report["n_tasks"] == 2 and report["unit"] == "turns"
    assert report["overall"]["campbell_percent_agreement"] == 1.0


def test_assign_errors(ls_client, label_studio, project):
    with pytest.raises(
        LabelStudioError, match="has no user 'nobody@example.org'.*second@example.org"
    ):
        assign_transcripts(ls_client, project, [1], "nobody@example.org")
    with pytest.raises(LabelStudioError, match="has no project 9999; it has:"):
        assign_transcripts(ls_client, 9999, [1], "second@example.org")
    failed = run(
        "sample", "--project", project, "--url", label_studio.url, "--api-key", "f" * 40, ok=False
    )
    assert failed.exit_code == 1 and "refused the API key" in failed.output
