"""End to end on a real Label Studio: two coders annotate, `pull`, then `report` (real encoder).

The project is created from the thesis codebook with the demo transcripts. Coder A (the admin
who owns the token) codes all six transcripts; a second user, created through the API, codes
two of them, as the thesis's second coder did. Their annotations go in with label-studio-sdk.
"""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from ls_thematic.scripts.cli import main
from ls_thematic.scripts.qdpx import schema_errors
from ls_thematic.scripts.report import report_agreement
from ls_thematic.scripts.snapshot import codebook_for, load_snapshot

from .writeup_data import PARTICIPANTS, THESIS, TRANSCRIPTS, code_demo, thesis_book

pytestmark = pytest.mark.e2e

TITLE = "E2E write-up"
SECOND = {"username": "second.coder", "email": "second.coder@example.org",
          "password": "second-coder-pw-2026"}


def run(label_studio, *args, key=None):
    env = {"LABEL_STUDIO_URL": label_studio.url,
           "LABEL_STUDIO_API_KEY": key or label_studio.api_key}
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def coded_project(label_studio, ls_client):
    """A project with six transcripts: coder A coded all, coder B two of them."""
    result = run(label_studio, "create-project", THESIS, *TRANSCRIPTS, "--participants",
                 PARTICIPANTS, "--title", TITLE)
    assert result.exit_code == 0, result.output
    project = next(p for p in ls_client.projects.list() if p.title == TITLE)
    # The session's Label Studio is shared: another test may have made this coder already.
    second = next((u for u in ls_client.users.list() if u.email == SECOND["email"]), None)
    second = second or ls_client.users.create(**SECOND)
    me = ls_client.users.whoami()
    tasks = [{"id": t.id, "data": t.data}
             for t in ls_client.tasks.list(project=project.id, fields="all")]
    coding = code_demo(tasks, thesis_book())
    double = sorted(t["data"]["participant"] for t in tasks)[:2]  # P11 and P13
    for task in tasks:
        ls_client.annotations.create(id=task["id"], result=coding[task["id"]]["A"])
        if task["data"]["participant"] in double:
            ls_client.annotations.create(id=task["id"], result=coding[task["id"]]["B"],
                                         completed_by=second.id)
    return {"project": project, "me": me, "second": second, "double": double, "tasks": tasks}


@pytest.fixture(scope="module")
def snapshot_file(label_studio, coded_project, tmp_path_factory):
    path = tmp_path_factory.mktemp("pull") / "snapshot.json"
    result = run(label_studio, "pull", "--project", coded_project["project"].id, "-o", path)
    assert result.exit_code == 0, result.output
    assert f"Pulled project {coded_project['project'].id} ({TITLE}): 6 tasks, 8 annotations by 2 coder(s)" in result.output
    return path


def test_pull_keeps_every_coders_annotations(snapshot_file, coded_project):
    document = json.loads(snapshot_file.read_text(encoding="utf-8"))
    assert document["format"] == "ls-thematic snapshot"
    assert document["project"]["title"] == TITLE and "<Labels" in document["project"]["label_config"]
    assert len(document["tasks"]) == 6
    coders = {}
    for task in document["tasks"]:
        for annotation in task["annotations"]:
            who = annotation["completed_by"]
            coders.setdefault(who["email"], []).append(task["data"]["participant"])
            assert annotation["result"]
    assert sorted(coders[SECOND["email"]]) == coded_project["double"]
    assert len(coders[coded_project["me"].email]) == 6
    assert document["meta"]["annotations"] == 8 and document["meta"]["url"]


def test_themes_live_and_from_the_snapshot_agree(label_studio, snapshot_file, coded_project):
    offline = run(label_studio, "themes", "--snapshot", snapshot_file, "--coders", "all",
                  "--format", "json")
    live = run(label_studio, "themes", "--project", coded_project["project"].id, "--coders", "all",
               "--format", "json")
    assert offline.exit_code == 0 and live.exit_code == 0, offline.output + live.output
    rows_offline = json.loads(offline.stdout)["rows"]
    assert json.loads(live.stdout)["rows"] == rows_offline
    n = {r["code"]: r["N"] for r in rows_offline}
    assert n["Afraid to reduce"] == 6 and n["Patients' motivation"] == 6


def test_report_from_the_pulled_snapshot(label_studio, snapshot_file, coded_project, tmp_path):
    out = tmp_path / "write-up"
    result = run(label_studio, "report", out, "--snapshot", snapshot_file, "--pseudonymise")
    assert result.exit_code == 0, result.output
    for name in ("report.md", "report.docx", "report.xlsx", "project.qdpx", "report.json",
                 "tables/theme_participant_matrix.csv", "tables/extracts.csv",
                 "tables/agreement_per_code.csv", "figures/theme_map.png", "figures/theme_map.svg",
                 "figures/participant_heatmap.png", "figures/agreement.png"):
        assert (out / name).is_file(), name
    with zipfile.ZipFile(out / "project.qdpx") as zf:
        qde = zf.read("project.qde").decode("utf-8")
    assert schema_errors(qde) == []
    # Both coders are there, under pseudonyms: --pseudonymise covers coder e-mails (issue 9).
    assert SECOND["email"] not in qde and coded_project["me"].email not in qde
    assert 'name="Coder A"' in qde and 'name="Coder B"' in qde
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "Participant A" in markdown and "(P11)" not in markdown
    assert "Unit: turn" in markdown


def test_agreement_command_on_the_pulled_snapshot(label_studio, snapshot_file):
    result = run(label_studio, "agreement", "--snapshot", snapshot_file, "--format", "json",
                 "-o", "-")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["unit"] == "turns" and document["unit_description"].startswith("turn")
    assert document["n_tasks"] == 2  # the two transcripts both coders coded
    assert SECOND["email"] in document["coders"] and len(document["coders"]) == 2
    # the report's agreement chart uses the same figures
    snapshot = load_snapshot(snapshot_file)
    ours = report_agreement(snapshot, codebook_for(snapshot))
    assert ours["overall"]["krippendorff_alpha"] == pytest.approx(
        document["overall"]["krippendorff_alpha"], abs=1e-12)


def test_live_errors(label_studio, ls_client, coded_project, tmp_path):
    missing = run(label_studio, "pull", "--project", 9999, "-o", tmp_path / "s.json")
    assert missing.exit_code == 1
    assert "has no project 9999; it has:" in missing.output and TITLE in missing.output
    bad = run(label_studio, "pull", "--project", coded_project["project"].id, "-o",
              tmp_path / "s.json", key="0" * 40)
    assert bad.exit_code == 1 and "refused the API key (401 Unauthorized)" in bad.output
    empty = ls_client.projects.create(title="E2E empty write-up", label_config=coded_project["project"].label_config)
    nothing = run(label_studio, "report", tmp_path / "r", "--project", empty.id)
    assert nothing.exit_code == 1 and f"Project {empty.id} (E2E empty write-up)" in nothing.output
    assert "has no tasks" in nothing.output
    other = run(label_studio, "themes", "--project", coded_project["project"].id, "--codebook",
                str(THESIS).replace("thesis_codebook", "belgian_codebook"))
    assert other.exit_code == 1 and "that the codebook" in other.output
    assert not (tmp_path / "s.json").exists() and not (tmp_path / "r").exists()
