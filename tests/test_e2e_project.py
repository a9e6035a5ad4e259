"""End to end on a real Label Studio: codebook -> project -> transcripts, through the CLI and the SDK."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ls_thematic.label_config.codebook_io import codebook_to_yaml, load_codebook
from ls_thematic.label_config.lsxml import codebook_from_label_config
from ls_thematic.label_config.tasks import build_tasks
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.demo import ensure_demo_project
from ls_thematic.scripts.project import CODING_VIEW_TITLE

from .conftest import EXAMPLES

pytestmark = pytest.mark.e2e

TRANSCRIPTS = sorted(str(p) for p in (EXAMPLES / "transcripts").glob("*.txt"))
PARTICIPANTS = str(EXAMPLES / "participants.csv")
THESIS = str(EXAMPLES / "thesis_codebook.yaml")


def run(label_studio, *args, key=None):
    env = {
        "LABEL_STUDIO_URL": label_studio.url,
        "LABEL_STUDIO_API_KEY": key or label_studio.api_key,
    }
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def thesis_project(label_studio, ls_client):
    result = run(
        label_studio,
        "create-project",
        THESIS,
        *TRANSCRIPTS,
        "--participants",
        PARTICIPANTS,
        "--title",
        "E2E thesis project",
    )
    assert result.exit_code == 0, result.output
    project = next(p for p in ls_client.projects.list() if p.title == "E2E thesis project")
    return project


def test_project_has_the_codebook_and_the_transcripts(thesis_project, ls_client):
    book = load_codebook(THESIS)
    # The config Label Studio stored parses back into the same codebook.
    assert codebook_from_label_config(thesis_project.label_config) == book
    tasks = list(ls_client.tasks.list(project=thesis_project.id, fields="all"))
    assert len(tasks) == len(TRANSCRIPTS)
    built = build_tasks([Path(p) for p in TRANSCRIPTS], Path(PARTICIPANTS))
    expected = {t["data"]["participant"]: t["data"] for t in built}
    for task in tasks:
        data = task.data
        want = expected[data["participant"]]
        assert data["text"] == want["text"]
        assert data["attributes"]["role"] == want["attributes"]["role"]
        assert data["participant_header"].startswith(data["participant"])
        for turn in data["turns"]:
            assert 0 <= turn["start"] < turn["end"] <= len(data["text"])
            assert not data["text"][turn["start"] : turn["end"]].startswith((" ", "\n"))
        assert data["turns"] == want["turns"]


def test_reimport_skips_transcripts_already_there(label_studio, thesis_project, ls_client):
    result = run(
        label_studio,
        "import",
        *TRANSCRIPTS,
        "--participants",
        PARTICIPANTS,
        "--project",
        str(thesis_project.id),
    )
    assert result.exit_code == 0, result.output
    assert (
        f"Imported 0 transcripts into project {thesis_project.id}; skipped {len(TRANSCRIPTS)}"
        in result.output
    )
    assert len(list(ls_client.tasks.list(project=thesis_project.id))) == len(TRANSCRIPTS)


def test_removed_code_in_use_is_named_and_migrated(label_studio, ls_client, tmp_path):
    result = run(
        label_studio,
        "create-project",
        THESIS,
        TRANSCRIPTS[0],
        "--participants",
        PARTICIPANTS,
        "--title",
        "E2E codebook change",
    )
    assert result.exit_code == 0, result.output
    project = next(p for p in ls_client.projects.list() if p.title == "E2E codebook change")
    task = next(iter(ls_client.tasks.list(project=project.id, fields="all")))
    text = task.data["text"]
    span = {
        "from_name": "code",
        "to_name": "text",
        "type": "labels",
        "id": "r1",
        "value": {"start": 0, "end": 20, "text": text[:20], "labels": ["Psychology"]},
    }
    ls_client.annotations.create(id=task.id, result=[span])

    book = load_codebook(THESIS)
    book.code("Psychology").name = "Psychological approach"
    new_book = tmp_path / "renamed.yaml"
    new_book.write_text(codebook_to_yaml(book), encoding="utf-8")

    refused = run(label_studio, "update-codebook", str(new_book), "--project", str(project.id))
    assert refused.exit_code == 1
    assert (
        "removes codes that existing annotations use: 'Psychology' (1 annotations)"
        in refused.output
    )
    assert "--rename 'Psychology=<new code>'" in refused.output

    migrated = run(
        label_studio,
        "update-codebook",
        str(new_book),
        "--project",
        str(project.id),
        "--rename",
        "Psychology=Psychological approach",
    )
    assert migrated.exit_code == 0, migrated.output
    assert "migrated 1 annotations" in migrated.output
    annotation = ls_client.annotations.list(id=task.id)[0]
    assert annotation.result[0]["value"]["labels"] == ["Psychological approach"]
    stored = ls_client.projects.get(id=project.id).label_config
    assert "Psychological approach" in codebook_from_label_config(stored).names


def test_bad_token_and_unknown_project_are_clear(label_studio, thesis_project):
    bad = run(
        label_studio,
        "import",
        TRANSCRIPTS[0],
        "--participants",
        PARTICIPANTS,
        "--project",
        "1",
        key="0" * 40,
    )
    assert bad.exit_code == 1
    assert "refused the API key (401 Unauthorized)" in bad.output
    missing = run(
        label_studio, "import", TRANSCRIPTS[0], "--participants", PARTICIPANTS, "--project", "9999"
    )
    assert missing.exit_code == 1
    assert "has no project 9999; it has:" in missing.output
    assert "E2E thesis project" in missing.output


def test_bad_transcript_batch_imports_nothing(label_studio, thesis_project, ls_client, tmp_path):
    empty = tmp_path / "P1.txt"
    empty.write_text("", encoding="utf-8")
    before = len(list(ls_client.tasks.list(project=thesis_project.id)))
    result = run(
        label_studio,
        "import",
        TRANSCRIPTS[0],
        str(empty),
        "--participants",
        PARTICIPANTS,
        "--project",
        str(thesis_project.id),
    )
    assert result.exit_code == 1
    assert "P1.txt" in result.output and "empty" in result.output.lower()
    assert len(list(ls_client.tasks.list(project=thesis_project.id))) == before


def test_demo_project_opens_on_the_transcripts_tab_with_learning_by_webhook(ls_client):
    project_id, created = ensure_demo_project(ls_client)
    assert created
    # Label Studio accepted the config (memo in the region panel, heading notes, <Style>).
    stored = ls_client.projects.get(id=project_id)
    assert 'displayMode="region-list"' in stored.label_config
    # "Start model training on annotation submission" stays off: the webhook already trains.
    assert stored.start_training_on_annotation_update is False
    assert stored.min_annotations_to_start_training == 0
    views = list(ls_client.views.list(project=project_id))
    assert [v.data["title"] for v in views] == [CODING_VIEW_TITLE]
    hidden = set(views[0].data["hiddenColumns"]["explore"])
    columns = ls_client._client_wrapper.httpx_client.request(
        "api/dm/columns", method="GET", params={"project": project_id}
    ).json()["columns"]
    data_columns = {f"tasks:data.{c['id']}" for c in columns if c.get("parent") == "data"}
    shown = sorted(data_columns - hidden)
    assert shown == [
        "tasks:data.gender", "tasks:data.participant", "tasks:data.role",
        "tasks:data.source_file", "tasks:data.years_experience",
    ]  # fmt: skip
    task_columns = {
        f"tasks:{c['id']}" for c in columns if not c.get("parent") and c["id"] != "data"
    }
    assert sorted(task_columns - hidden) == [
        "tasks:annotators", "tasks:completed_at", "tasks:id", "tasks:total_annotations",
    ]  # fmt: skip
    task = next(iter(ls_client.tasks.list(project=project_id, fields="all")))
    assert task.data["role"] == task.data["attributes"]["role"]
    # Running the set-up again keeps the one tab.
    assert ensure_demo_project(ls_client) == (project_id, False)
    assert len(list(ls_client.views.list(project=project_id))) == 1
