"""``ls-thematic agreement``: snapshots built here, the real LEOKA exports, a real Label Studio.

Golden values are from /work/shared/reference/agreement.md (Cohen's 2x2 table: po 0.70, pe 0.50,
kappa 0.40), reproduced through the command's JSON output to 1e-6.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config
from ls_thematic.label_config.tasks import build_tasks
from ls_thematic.scripts import agreement as ag
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.snapshot import save_snapshot

EXAMPLES = Path(__file__).resolve().parents[1] / "label_config" / "examples"
A, B = "a@example.org", "b@example.org"


def run(*args, ok=True):
    result = CliRunner().invoke(main, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def run_json(*args):
    return json.loads(run(*args, "--format", "json", "-o", "-").stdout)


def labels(start, end, code, rid):
    return {"id": rid, "from_name": "code", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "labels": [code]}}


def annotation(coder, results, aid):
    who = {"id": aid % 7 + 1, "email": coder} if isinstance(coder, str) else coder
    return {"id": aid, "completed_by": who, "result": results, "was_cancelled": False,
            "updated_at": "2026-01-01T00:00:00Z"}


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def book():
    return load_codebook(EXAMPLES / "thesis_codebook.yaml")


def coded_tasks(book, seed=0, agree=0.7):
    """The six demo transcripts, coded by two coders: B keeps A's code on ~70% of A's turns,
    picks a sibling or another code otherwise, and codes some turns A left uncoded."""
    rng = np.random.default_rng(seed)
    tasks = build_tasks(sorted((EXAMPLES / "transcripts").glob("*.txt")), EXAMPLES / "participants.csv")
    codable = [c.name for c, _ in book.walk() if c.codable and c.name != "Unsure"]
    out = []
    for number, task in enumerate(tasks, start=1):
        turns = task["data"]["turns"]
        a_results, b_results = [], []
        for index, turn in enumerate(turns):
            if turn.get("speaker", "").upper().startswith("I"):
                continue
            start, end = turn["start"], turn["end"]
            if end - start < 10:
                continue
            draw = rng.random()
            if draw < 0.5:
                code = codable[rng.integers(len(codable))]
                a_results.append(labels(start, end, code, f"a{number}-{index}"))
                if rng.random() < agree:
                    other = code
                else:
                    siblings = [c for c in codable if book.parent_of(c) == book.parent_of(code) and c != code]
                    other = siblings[rng.integers(len(siblings))] if siblings and rng.random() < 0.6 else codable[rng.integers(len(codable))]
                b_results.append(labels(start + 2, end, other, f"b{number}-{index}"))
            elif draw < 0.58:
                b_results.append(labels(start, end, codable[rng.integers(len(codable))], f"b{number}-{index}"))
        out.append({"id": number, "data": task["data"], "annotations": [
            annotation(A, a_results, 100 + number), annotation(B, b_results, 200 + number)]})
    return out


@pytest.fixture(scope="module")
def snapshot_path(tmp_path_factory, book):
    path = tmp_path_factory.mktemp("agreement") / "snapshot.json"
    save_snapshot(coded_tasks(book), path, meta={"source": "test"},
                  project={"id": 1, "title": "thesis", "label_config": codebook_to_label_config(book)})
    return path


def turns_task(task_id, pattern):
    """One task of len(pattern) one-word turns; pattern[i] = (A coded "Trust", B coded "Trust")."""
    words = [f"Word{i:03d}." for i in range(len(pattern))]
    text = " ".join(words)
    turns, a, b, position = [], [], [], 0
    for i, (first, second) in enumerate(pattern):
        turns.append({"start": position, "end": position + len(words[i]), "speaker": "P"})
        if first:
            a.append(labels(position, position + len(words[i]), "Trust", f"a{i}"))
        if second:
            b.append(labels(position, position + len(words[i]), "Trust", f"b{i}"))
        position += len(words[i]) + 1
    return {"id": task_id, "data": {"text": text, "turns": turns, "participant": f"P{task_id}"},
            "annotations": [annotation(A, a, 1000 + task_id), annotation(B, b, 2000 + task_id)]}


def write(tmp_path, tasks, name="export.json"):
    path = tmp_path / name
    path.write_text(json.dumps(tasks))
    return path


# --------------------------------------------------------------------------- golden values
def test_cohen_2x2_golden_through_the_cli(tmp_path):
    # yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> po 0.70, pe 0.50, kappa 0.40 (agreement.md)
    pattern = [(1, 1)] * 20 + [(1, 0)] * 5 + [(0, 1)] * 10 + [(0, 0)] * 15
    path = write(tmp_path, [turns_task(1, pattern)])
    result = run_json("agreement", "--snapshot", path, "--unit", "turns")
    overall = result["overall"]
    assert result["unit"] == "turns" and "turn" in result["unit_description"]
    assert overall["cohen_kappa"] == pytest.approx(0.40, abs=1e-6)
    assert overall["percent_agreement"] == pytest.approx(0.70, abs=1e-6)
    assert overall["unit_agreement"] == pytest.approx(0.70, abs=1e-6)
    # the seed's rule: units either coder coded = 35, both = 20
    assert overall["campbell_percent_agreement"] == pytest.approx(20 / 35, abs=1e-12)
    assert result["matrix"]["cohen_kappa"][0][1] == pytest.approx(0.40, abs=1e-6)
    shown = ("coder_a", "coder_b", "cohen_kappa", "percent_agreement", "n_tasks")  # + the interval
    assert [{k: p[k] for k in shown} for p in result["pairwise"]] == [
        {"coder_a": A, "coder_b": B, "cohen_kappa": pytest.approx(0.4, abs=1e-6),
         "percent_agreement": pytest.approx(0.7, abs=1e-6), "n_tasks": 1}]
    # and the same figures on presence units would be a different unit: the output says so
    presence = run_json("agreement", "--snapshot", path, "--unit", "presence")
    assert presence["unit"] == "presence" and presence["overall"]["n_items"] == 1


def test_uncoded_by_the_other_coder_is_a_disagreement_not_dropped(tmp_path):
    # B codes 10 turns that A left uncoded: they count against agreement
    pattern = [(1, 1)] * 10 + [(0, 1)] * 10 + [(0, 0)] * 20
    path = write(tmp_path, [turns_task(1, pattern)])
    result = run_json("agreement", "--snapshot", path, "--disagreements", tmp_path / "d.csv")
    assert result["overall"]["campbell_percent_agreement"] == pytest.approx(0.5)
    # dropping positions only one coder labelled would give kappa 1.0
    assert result["overall"]["cohen_kappa"] == pytest.approx(
        ag.cohen_kappa([1] * 10 + [0] * 30, [1] * 20 + [0] * 20), abs=1e-12)
    assert result["overall"]["cohen_kappa"] < 0.6
    rows = pd.read_csv(tmp_path / "d.csv", dtype=str, keep_default_na=False)
    assert len(rows) == 10 and set(rows[A]) == {"none"} and set(rows[B]) == {"Trust"}


# --------------------------------------------------------------------------- the thesis snapshot
def test_json_matches_the_library_and_names_the_unit(snapshot_path, book):
    result = run_json("agreement", "--snapshot", snapshot_path)
    tasks = json.loads(snapshot_path.read_text())["tasks"]
    report = ag.agreement_report(tasks, "turns", codes=result["codes"])
    assert result["unit"] == "turns" and result["unit_description"] == report["unit"]
    assert result["unit_options"] == {"min_overlap": 0.5}
    assert result["coders"] == [A, B] and result["n_tasks"] == 6
    for key, value in report["overall"].items():
        assert result["overall"][key] == pytest.approx(value, abs=1e-12, nan_ok=True) or (
            result["overall"][key] is None and np.isnan(value))
    per_code = {row["code"]: row for row in result["per_code"]}
    for code, row in report["per_code"].iterrows():
        assert per_code[code]["n_coded"] == row["n_coded"]
    assert per_code["Frustration"]["path"] == ["Frustration"]
    # levels: coarsest first, named by the codebook; coarser levels agree more
    levels = [row["level"] for row in result["per_level"]]
    assert levels == ["domain", "sub-domain", "theme", "sub-theme"]
    seed_rule = [row["campbell_percent_agreement"] for row in result["per_level"]]
    assert seed_rule[0] > seed_rule[2]
    assert seed_rule[-1] == pytest.approx(result["overall"]["campbell_percent_agreement"], abs=1e-12)
    assert result["n_disagreements"] > 0


def test_one_level(snapshot_path, book):
    theme = run_json("agreement", "--snapshot", snapshot_path, "--level", "theme")
    every = run_json("agreement", "--snapshot", snapshot_path)
    assert theme["level"] == "theme" and theme["per_level"] == []
    themes = {name for name in theme["codes"]}
    assert all(len(book.path_of(c)) <= 3 for c in themes if c in book.names)
    by_level = {row["level"]: row for row in every["per_level"]}
    assert theme["overall"]["campbell_percent_agreement"] == pytest.approx(
        by_level["theme"]["campbell_percent_agreement"], abs=1e-12)
    domain = run_json("agreement", "--snapshot", snapshot_path, "--level", "domain")
    assert domain["overall"]["cohen_kappa"] == pytest.approx(by_level["domain"]["cohen_kappa"], abs=1e-12)


@pytest.mark.parametrize("unit", ["turns", "sentences", "overlap", "characters", "presence"])
def test_every_unit_and_format(snapshot_path, unit, tmp_path):
    result = run_json("agreement", "--snapshot", snapshot_path, "--unit", unit)
    assert result["unit"] == unit
    table = run("agreement", "--snapshot", snapshot_path, "--unit", unit).stdout
    assert f"Unit: {unit}" in table and "Coder x coder" in table and "% (seed)" in table
    md = run("agreement", "--snapshot", snapshot_path, "--unit", unit, "--format", "md").stdout
    assert md.startswith("# Inter-coder agreement") and f"Unit: {unit}" in md and "| domain (depth 1) |" in md
    out = tmp_path / "agreement.csv"
    run("agreement", "--snapshot", snapshot_path, "--unit", unit, "--format", "csv", "-o", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert {r["unit"] for r in rows} == {unit}
    overall = next(r for r in rows if r["section"] == "overall")
    expected = result["overall"]["campbell_percent_agreement"]
    assert float(overall["campbell_percent_agreement"]) == expected  # full precision
    assert [r["name"] for r in rows if r["section"] == "pair"] == [f"{A} vs {B}"]


def test_bracketed_needs_and_uses_the_bracketing_coder(snapshot_path):
    result = run_json("agreement", "--snapshot", snapshot_path, "--unit", "bracketed", "--bracketing-coder", A)
    assert result["unit"] == "bracketed" and result["unit_options"]["bracketing_coder"] == A
    failed = run("agreement", "--snapshot", snapshot_path, "--unit", "bracketed", ok=False)
    assert failed.exit_code == 1 and "needs bracketing_coder" in failed.output


@pytest.mark.parametrize("suffix", [".csv", ".md"])
def test_negotiated_round_trip(snapshot_path, tmp_path, suffix):
    path = tmp_path / f"disagreements{suffix}"
    first = run_json("agreement", "--snapshot", snapshot_path, "--disagreements", path)
    n = first["n_disagreements"]
    if suffix == ".csv":
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert list(table.columns) == ["task_id", "participant", "unit_start", "unit_end", "text",
                                       "codes_differing", A, B, "negotiated"]
        assert len(table) == n and (table["negotiated"] == "").all()
        table["negotiated"] = ["disagreed" if i % 4 == 0 else "agreed" for i in range(n)]
        table.loc[1, "negotiated"] = table.loc[1, "codes_differing"].split("; ")[0]
        table.to_csv(path, index=False)
    else:
        text = path.read_text()
        assert "Unit: turn" in text and "| negotiated |" in text
        lines = text.splitlines()
        body = [i for i, ln in enumerate(lines) if ln.startswith("| ")][1:]
        assert len(body) == n
        for k, i in enumerate(body):
            lines[i] = lines[i][: -len("|")].rstrip() + (" disagreed |" if k % 4 == 0 else " agreed |")
        path.write_text("\n".join(lines) + "\n")
    # an unfilled row is an error first
    result = run_json("agreement", "--snapshot", snapshot_path, "--negotiated", path)
    negotiated = result["negotiated"]
    unresolved = len(range(0, n, 4))
    assert negotiated["initial_agreement"] == result["overall"]["unit_agreement"]
    assert negotiated["n_resolved"] == n - unresolved
    expected = (result["overall"]["n_units_agreed"] + n - unresolved) / result["overall"]["n_units"]
    assert negotiated["negotiated_agreement"] == pytest.approx(expected, abs=1e-12)
    assert negotiated["negotiated_agreement"] > negotiated["initial_agreement"]
    table = run("agreement", "--snapshot", snapshot_path, "--negotiated", path).stdout
    assert "Negotiated agreement:" in table and "initial" in table


def test_negotiated_errors(snapshot_path, tmp_path):
    path = tmp_path / "d.csv"
    run("agreement", "--snapshot", snapshot_path, "--disagreements", path)
    failed = run("agreement", "--snapshot", snapshot_path, "--negotiated", path, ok=False)
    assert failed.exit_code == 1 and "have no outcome" in failed.output
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["negotiated"] = "Fear of the pills"
    table.to_csv(path, index=False)
    failed = run("agreement", "--snapshot", snapshot_path, "--negotiated", path, ok=False)
    assert failed.exit_code == 1 and "Unknown outcome 'Fear of the pills'" in failed.output
    table["negotiated"] = "agreed"
    table.to_csv(path, index=False)
    failed = run("agreement", "--snapshot", snapshot_path, "--negotiated", path, "--level", "domain", ok=False)
    assert failed.exit_code == 1 and (
        "same options" in failed.output or "rows but the report" in failed.output)
    failed = run("agreement", "--snapshot", snapshot_path, "--negotiated", tmp_path / "none.csv", ok=False)
    assert failed.exit_code == 1 and "no such disagreements file" in failed.output


# --------------------------------------------------------------------------- errors
def test_error_snapshot_from_a_different_codebook(snapshot_path):
    failed = run("agreement", "--snapshot", snapshot_path, "--codebook",
                 EXAMPLES / "belgian_codebook.yaml", ok=False)
    assert failed.exit_code == 1
    assert "Error: The snapshot uses" in failed.output and "codebook" in failed.output
    assert "does not have" in failed.output


def test_error_coders_with_no_overlapping_tasks(tmp_path):
    one = turns_task(1, [(1, 1)] * 3)
    two = turns_task(2, [(1, 0)] * 3)
    one["annotations"] = one["annotations"][:1]  # only A coded task 1
    two["annotations"] = two["annotations"][1:]  # only B coded task 2
    path = write(tmp_path, [one, two])
    failed = run("agreement", "--snapshot", path, ok=False)
    assert failed.exit_code == 1 and "No task was annotated by two or more of the coders" in failed.output
    failed = run("agreement", "--snapshot", path, "--coder", A, "--coder", B, ok=False)
    assert failed.exit_code == 1 and f"Coders {A} and {B} share no tasks" in failed.output


def test_error_empty_snapshot_and_other_input(tmp_path, snapshot_path):
    failed = run("agreement", "--snapshot", write(tmp_path, []), ok=False)
    assert failed.exit_code == 1 and "the snapshot has no tasks" in failed.output
    failed = run("agreement", "--snapshot", tmp_path / "missing.json", ok=False)
    assert failed.exit_code == 1 and "no such snapshot file" in failed.output
    failed = run("agreement", "--snapshot", snapshot_path, "--level", "chapter", ok=False)
    assert failed.exit_code == 1 and "Unknown level 'chapter'" in failed.output and "sub-domain" in failed.output
    failed = run("agreement", "--snapshot", snapshot_path, "--coder", "c@example.org", ok=False)
    assert failed.exit_code == 1 and "No annotations by coder 'c@example.org'" in failed.output
    failed = run("agreement", "--snapshot", write(tmp_path, [turns_task(1, [(1, 1)])]), "--unit", "sentences",
                 "--min-overlap", "1.5", ok=False)
    assert failed.exit_code == 1 and "min_overlap must satisfy" in failed.output
    failed = run("agreement", ok=False)
    assert failed.exit_code == 2 and "either --snapshot FILE or --project ID" in failed.output
    leoka_like = [dict(turns_task(1, [(1, 1)]), data={"text": "Word000.", "participant": "P1"})]
    failed = run("agreement", "--snapshot", write(tmp_path, leoka_like, "noturns.json"), ok=False)
    assert failed.exit_code == 1 and "has no turns" in failed.output


# --------------------------------------------------------------------------- real data
@pytest.mark.parametrize("team", [1, 2, 3, 4, 6, 7, 8])
def test_leoka_exports_end_to_end(shared_dir, team):
    path = shared_dir / "data" / "leoka" / f"LEOKA_team_{team}.json"
    result = run_json("agreement", "--snapshot", path, "--unit", "characters")
    tasks = json.loads(path.read_text())
    report = ag.agreement_report(tasks, "characters", from_name="label")
    assert result["unit"] == "characters" and result["n_tasks"] == report["n_tasks"] >= 100
    assert len(result["coders"]) >= 3 and all(c.endswith("@example.org") for c in result["coders"])
    for key in ("campbell_percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1"):
        assert result["overall"][key] == pytest.approx(report["overall"][key], abs=1e-12)
    assert 0 < result["overall"]["cohen_kappa"] < 1
    n = len(result["coders"])
    assert len(result["pairwise"]) == n * (n - 1) // 2


@pytest.mark.parametrize("unit", ["sentences", "overlap", "presence"])
def test_leoka_other_units_and_disagreements(shared_dir, unit, tmp_path):
    path = shared_dir / "data" / "leoka" / "LEOKA_team_1.json"
    out = tmp_path / "d.md"
    result = run_json("agreement", "--snapshot", path, "--unit", unit, "--disagreements", out)
    assert result["unit"] == unit and result["n_tasks"] == 130
    assert result["per_level"] == [] and result["level"] == "all"
    if unit == "overlap":
        assert result["overall"]["cohen_kappa"] is None  # not defined: no unit is coded by nobody
    text = out.read_text()
    assert text.count("\n| ") == result["n_disagreements"] + 1  # header + rows (rule starts with |-)


# --------------------------------------------------------------------------- live Label Studio
@pytest.fixture(scope="module")
def live(ls_client, label_studio, book):
    """One project with the six demo transcripts coded by two users, and one empty project."""
    from ls_thematic.scripts.project import create_project

    tasks = build_tasks(sorted((EXAMPLES / "transcripts").glob("*.txt")), EXAMPLES / "participants.csv")
    project = create_project(ls_client, book, tasks, title="agreement e2e").project_id
    users = {u.email: u.id for u in ls_client.users.list()}
    if "second.coder@example.org" not in users:
        users["second.coder@example.org"] = ls_client.users.create(
            email="second.coder@example.org", username="second_coder").id
    coded = coded_tasks(book, seed=1)
    by_file = {t["data"]["source_file"]: t for t in coded}
    for task in ls_client.tasks.list(project=project, fields="all"):
        mine = by_file[task.data["source_file"]]
        first, second = mine["annotations"]
        ls_client.annotations.create(id=task.id, result=first["result"], completed_by=users[label_studio.username])
        ls_client.annotations.create(id=task.id, result=second["result"],
                                     completed_by=users["second.coder@example.org"])
    empty = ls_client.projects.create(title="empty agreement").id
    return {"project": project, "empty": empty, "url": label_studio.url, "key": label_studio.api_key,
            "username": label_studio.username}


def test_live_project_end_to_end(live, tmp_path):
    args = ("--url", live["url"], "--api-key", live["key"])
    result = run_json("agreement", "--project", live["project"], *args)
    assert result["unit"] == "turns" and result["n_tasks"] == 6
    assert set(result["coders"]) == {"second.coder@example.org", live["username"]}
    assert [r["level"] for r in result["per_level"]] == ["domain", "sub-domain", "theme", "sub-theme"]
    # the same figures as on a pulled snapshot (pull is the snapshot module's)
    run("pull", "--project", live["project"], *args, "-o", tmp_path / "s.json")
    offline = run_json("agreement", "--snapshot", tmp_path / "s.json")
    assert offline["overall"] == result["overall"]


def test_live_errors(live):
    args = ("--url", live["url"], "--api-key", live["key"])
    failed = run("agreement", "--project", 9999, *args, ok=False)
    assert failed.exit_code == 1 and "has no project 9999; it has:" in failed.output
    failed = run("agreement", "--project", live["project"], "--url", live["url"], "--api-key", "0" * 40, ok=False)
    assert failed.exit_code == 1 and "refused the API key (401 Unauthorized)" in failed.output
    failed = run("agreement", "--project", live["empty"], *args, ok=False)
    assert failed.exit_code == 1 and "has no tasks" in failed.output
