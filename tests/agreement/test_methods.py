"""The methods paragraph: every number it states is in the agreement JSON, as the tables round it.

Through ``ls-thematic agreement --methods`` on Label Studio exports (tests/agreement/exports.py),
and from hand-made results for the parts other commands fill in (the intervals block).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from docx import Document

from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.lsexport import SAMPLE_META_KEY, coders_of
from ls_thematic.label_config.lsxml import codebook_to_label_config
from ls_thematic.scripts.agreement import compute_agreement
from ls_thematic.scripts.agreement.methods import (
    add_methods,
    codebook_changes,
    methods_paragraph,
    report_methods,
    sample_record,
)
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.report import build_report, report_agreement
from ls_thematic.scripts.snapshot import as_snapshot, save_snapshot

from ..writeup_data import demo_snapshot, thesis_book
from .exports import LEOKA_FILES, annotation, leoka, span, task
from .test_spans_cli import export_of

REPO = Path(__file__).resolve().parents[2]

#: A number as the paragraph writes it: 0.620, -0.100, 95%, 1,000, 60.0%.
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:,\d{3})*(?:\.\d+)?%?")
#: ``label = value`` in the paragraph.
FIGURE = re.compile(
    r"(Krippendorff's α \(nominal\)|Cohen's κ|Fleiss' κ|Gwet's AC1)"
    r"(?: \(mean over coder pairs\))? = (-?\d\.\d{3})"
)
KEYS = {
    "Krippendorff's α (nominal)": "krippendorff_alpha",
    "Cohen's κ": "cohen_kappa",
    "Fleiss' κ": "fleiss_kappa",
    "Gwet's AC1": "gwet_ac1",
}
A, B = {"id": 1, "email": "a@example.org"}, {"id": 2, "email": "b@example.org"}

INTERVALS = {
    "n_boot": 1000,
    "seed": 2026,
    "level": 0.95,
    "method": {
        "cohen_kappa": "bootstrap over transcripts",
        "krippendorff_alpha": "Hayes & Krippendorff (2007) bootstrap",
        "percent_agreement": "bootstrap over transcripts",
    },
    "overall": {
        "cohen_kappa": {"ci_low": 0.48, "ci_high": 0.74},
        "krippendorff_alpha": {"ci_low": -0.1, "ci_high": 0.7},
        "fleiss_kappa": {"ci_low": None, "ci_high": None},
        "percent_agreement": {"ci_low": 0.5, "ci_high": 0.9},
    },
    "per_code": {},
    "note": None,
}


# --------------------------------------------------------------------------- data
def book(round_: int = 2) -> Codebook:
    if round_ == 1:
        return Codebook.from_dict({"title": "Care", "codes": ["Trust", "Fear", "Doubt"]})
    return Codebook.from_dict(
        {
            "title": "Care",
            "codes": [
                {"name": "Relationship", "codable": False, "children": ["Trust", "Fear"]},
                "Hope",
            ],
        }
    )


def tasks(sampled: bool = True, round_: int = 2) -> list[dict]:
    """Three transcripts; two coders on the first two (the second coder's were sampled)."""
    third = "Hope" if round_ == 2 else "Doubt"
    out = [
        task(1, [annotation(A, [span(0, 13, "Trust"), span(28, 45, "Fear")], 11),
                 annotation(B, [span(0, 13, "Trust"), span(28, 45, "Trust")], 12)]),
        task(2, [annotation(A, [span(14, 27, "Fear"), span(55, 60, third)], 21),
                 annotation(B, [span(14, 27, "Fear"), span(46, 54, third)], 22)],
             participant="P02"),
        task(3, [annotation(A, [span(0, 13, "Trust")], 31)], participant="P03"),
    ]  # fmt: skip
    if sampled:
        for t in out[:2]:
            t["meta"] = {SAMPLE_META_KEY: {"coder": B["email"], "user_id": 2, "seed": 7}}
    return out


def write(path, sampled: bool = True, round_: int = 2):
    config = codebook_to_label_config(book(round_))
    save_snapshot(tasks(sampled, round_), path, meta={"source": "test"},
                  project={"id": 1, "title": "care", "label_config": config})  # fmt: skip
    return path


def run(*args):
    outcome = CliRunner().invoke(main, ["agreement", *map(str, args)])
    assert outcome.exit_code == 0, outcome.output + repr(outcome.exception)
    return outcome.stdout


def run_json(*args) -> dict:
    return json.loads(run(*args, "--format", "json"))


# --------------------------------------------------------------------------- the check
def _walk(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    else:
        yield value


def shown_numbers(result: dict) -> set[str]:
    """Every way the tables show a number of ``result``, and the numbers in its texts."""
    shown = set()
    for value in _walk(result):
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)):
            shown |= {f"{value:.3f}", f"{100 * value:.1f}%", f"{100 * value:.0f}%"}
            if float(value).is_integer():
                shown |= {f"{value:,.0f}", f"{value:.0f}"}
        elif isinstance(value, str) and value != result.get("methods", {}).get("paragraph"):
            shown |= set(NUMBER.findall(value))
    return shown


def check_numbers(paragraph: str, result: dict) -> list[str]:
    """Assert that each number of the paragraph is in the result; return the numbers."""
    numbers = NUMBER.findall(paragraph)
    allowed = shown_numbers(result)
    assert numbers and [n for n in numbers if n not in allowed] == []
    return numbers


def binary_figures(paragraph: str, result: dict) -> None:
    """The sentence on the binary view names each overall coefficient with its value."""
    sentence = next(s for s in paragraph.split(". ") if "binary item" in s)
    found = dict(FIGURE.findall(sentence))
    assert found == {label: f"{result['overall'][key]:.3f}" for label, key in KEYS.items()}


# --------------------------------------------------------------------------- through the CLI
@pytest.fixture(scope="module")
def snapshot_path(tmp_path_factory):
    return write(tmp_path_factory.mktemp("methods") / "round2.json")


@pytest.fixture(scope="module")
def result(snapshot_path):
    return run_json("--snapshot", snapshot_path, "--methods")


def test_the_paragraph_states_only_numbers_of_the_json(result):
    paragraph = result["methods"]["paragraph"]
    numbers = check_numbers(paragraph, result)
    binary_figures(paragraph, result)
    assert "Reliability was assessed on 2 of the 3 transcripts" in paragraph
    assert "coded independently by two coders." in paragraph
    assert "drawn at random with `ls-thematic sample` (seed 7)." in paragraph
    assert f"Unit of analysis: {result['unit_description']}" in paragraph
    assert f"{100 * result['overall']['campbell_percent_agreement']:.1f}%" in numbers
    bare = copy.deepcopy(result)
    del bare["intervals"], bare["categorical"]["intervals"]
    bare = methods_paragraph(bare)
    assert "CI" not in bare  # no intervals block: bare values
    assert bare.split("Unit of analysis")[0] == paragraph.split("Unit of analysis")[0]
    assert "a@example.org" not in paragraph  # coders are counted, not named


def test_the_methods_facts_are_in_the_json(result):
    facts = result["methods"]
    assert facts["n_transcripts"] == 3 and facts["n_double_coded"] == result["n_tasks"] == 2
    assert facts["n_coders"] == 2 and facts["codebook_changes"] == []
    assert facts["n_codes"] == len(result["codes"]) > 0
    assert facts["sample"] == {
        "n_tasks": 2, "seeds": [7], "seed": 7, "stratify": None, "n_candidates": None
    }  # fmt: skip


def test_without_methods_the_json_is_unchanged(snapshot_path, result):
    plain = run_json("--snapshot", snapshot_path)
    assert "methods" not in plain
    assert {k: v for k, v in result.items() if k != "methods"} == plain


@pytest.mark.parametrize("fmt, head", [("table", "Methods paragraph:\n"),
                                       ("md", "## Methods paragraph\n\n")])  # fmt: skip
def test_the_paragraph_follows_the_tables(snapshot_path, result, fmt, head):
    text = run("--snapshot", snapshot_path, "--methods", "--format", fmt)
    assert text.endswith(f"{head}{result['methods']['paragraph']}\n")
    assert text.index("Coder x coder") < text.index(head)


def test_a_sample_not_drawn_with_the_sample_command(tmp_path):
    result = run_json("--snapshot", write(tmp_path / "s.json", sampled=False), "--methods")
    paragraph = result["methods"]["paragraph"]
    assert "The sample was not drawn with `ls-thematic sample`." in paragraph
    assert result["methods"]["sample"] is None
    check_numbers(paragraph, result)


def test_negotiated_agreement_after_the_meeting(snapshot_path, tmp_path):
    path = tmp_path / "disagreements.csv"
    run("--snapshot", snapshot_path, "--disagreements", path)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["negotiated"] = ["agreed"] + ["disagreed"] * (len(table) - 1)
    table.to_csv(path, index=False)
    result = run_json("--snapshot", snapshot_path, "--negotiated", path, "--methods")
    paragraph, negotiated = result["methods"]["paragraph"], result["negotiated"]
    check_numbers(paragraph, result)
    assert (
        f"After the consensus meeting, 1 of the {negotiated['n_disagreements']:.0f} "
        "disagreements were resolved, and the units coded identically rose from "
        f"{100 * negotiated['initial_agreement']:.1f}% to "
        f"{100 * negotiated['negotiated_agreement']:.1f}%."
    ) in paragraph


def test_codebook_changes_between_rounds(snapshot_path, tmp_path):
    earlier = write(tmp_path / "round1.json", round_=1)
    result = run_json("--snapshot", snapshot_path, "--methods", "--earlier-round", earlier)
    (change,) = result["methods"]["codebook_changes"]
    assert change["added"] == ["Hope"] and change["removed"] == ["Doubt"]
    assert change["moved"] == ["Trust", "Fear"]
    paragraph = result["methods"]["paragraph"]
    assert paragraph.endswith(
        "Between round 1 (round1.json) and round 2, codes: 1 added (Hope); 1 removed (Doubt); "
        "2 moved (Trust, Fear)."
    )
    check_numbers(paragraph, result)


def test_codebook_changes_without_codebooks():
    plain = [{k: v for k, v in t.items()} for t in tasks()]
    (change,) = codebook_changes([("before", plain[:1]), ("after", plain)])
    assert change == {"from": "before", "to": "after", "added": ["Hope"], "removed": [],
                      "moved": [], "n_added": 1, "n_removed": 0, "n_moved": 0}  # fmt: skip


def test_option_errors(snapshot_path, tmp_path):
    for args in (["--methods", "--format", "csv"], ["--earlier-round", snapshot_path]):
        outcome = CliRunner().invoke(main, ["agreement", "--snapshot", str(snapshot_path), *args])
        assert outcome.exit_code == 2
        assert re.search(r"--methods goes with --format table, md or json", outcome.output)
    outcome = CliRunner().invoke(main, ["agreement", "--snapshot", str(snapshot_path), "--methods",
                                        "--earlier-round", str(tmp_path / "none.json")])  # fmt: skip
    assert outcome.exit_code != 0 and "none.json" in outcome.output


# --------------------------------------------------------------------------- intervals
@pytest.fixture(scope="module")
def with_intervals(snapshot_path, result):
    made = copy.deepcopy(result)
    made["intervals"] = INTERVALS
    made["overall"]["cohen_kappa"] = 0.62
    return made


def test_intervals_when_the_result_has_them(with_intervals):
    paragraph = methods_paragraph(with_intervals)
    assert (
        "Cohen's κ = 0.620 (95% CI 0.480–0.740; bootstrap over transcripts, 1,000 resamples, "
        "seed 2026)"
    ) in paragraph
    assert (
        "Krippendorff's α (nominal) = "
        f"{with_intervals['overall']['krippendorff_alpha']:.3f} (95% CI -0.100 to 0.700; "
        "Hayes & Krippendorff (2007) bootstrap, 1,000 resamples, seed 2026)"
    ) in paragraph
    fleiss = f"Fleiss' κ = {with_intervals['overall']['fleiss_kappa']:.3f};"
    assert fleiss in paragraph  # a null interval: the bare value
    # the method is described once: the percentage's interval only gives the bounds
    assert "(95% CI 50.0%–90.0%)" in paragraph
    assert paragraph.count("bootstrap over transcripts") == 1
    check_numbers(paragraph, with_intervals)
    binary_figures(paragraph, with_intervals)


def test_a_wrong_figure_fails_the_number_check(with_intervals):
    wrong = copy.deepcopy(with_intervals)
    wrong["overall"]["gwet_ac1"] = 0.123456
    paragraph = methods_paragraph(wrong)
    with pytest.raises(AssertionError):
        binary_figures(paragraph, with_intervals)
    with pytest.raises(AssertionError):
        check_numbers(paragraph, with_intervals)


# --------------------------------------------------------------------------- library
def test_coder_names_and_three_coders():
    snapshot = as_snapshot(tasks())
    snapshot[0]["annotations"].append(annotation({"id": 3, "email": "c@example.org"},
                                                 [span(0, 13, "Fear")], 13))  # fmt: skip
    _, result = compute_agreement(snapshot)
    result = add_methods(result, snapshot, coder_names=["Coder A", "Coder B", "Coder C"])
    paragraph = result["methods"]["paragraph"]
    assert "three coders (Coder A, Coder B, Coder C)" in paragraph
    assert "Cohen's κ (mean over coder pairs) = " in paragraph
    check_numbers(paragraph, result)


def test_sample_record():
    assert sample_record(tasks(sampled=False)) is None
    mixed = tasks()
    mixed[1]["meta"][SAMPLE_META_KEY] = {"seed": 8, "stratify": "role"}
    assert sample_record(mixed) == {"n_tasks": 2, "seeds": [7, 8], "seed": None,
                                    "stratify": "role", "n_candidates": None}  # fmt: skip
    mixed[0]["meta"][SAMPLE_META_KEY]["stratify"] = "role"
    mixed[0]["meta"][SAMPLE_META_KEY]["seed"] = 8
    _, result = compute_agreement(as_snapshot(mixed))
    paragraph = add_methods(result, as_snapshot(mixed))["methods"]["paragraph"]
    assert "with `ls-thematic sample`, stratified by role (seed 8)." in paragraph


@pytest.mark.parametrize("path", LEOKA_FILES[:1], ids=lambda p: p.stem)
def test_real_data(path, tmp_path):
    snapshot = tmp_path / "leoka.json"
    snapshot.write_text(json.dumps(leoka(path)), encoding="utf-8")
    result = run_json("--snapshot", snapshot, "--methods", "--unit", "sentences",
                      "--min-overlap", "0")  # fmt: skip
    paragraph = result["methods"]["paragraph"]
    check_numbers(paragraph, result)
    binary_figures(paragraph, result)
    assert f"Reliability was assessed on {result['n_tasks']:,} of the " in paragraph


# --------------------------------------------------------------------------- the report
@pytest.fixture(scope="module")
def report_folder(tmp_path_factory):
    book = thesis_book()
    snapshot = as_snapshot(demo_snapshot(book))
    out = tmp_path_factory.mktemp("report") / "write-up"
    build_report(snapshot, book, out, agreement=report_agreement(snapshot, book),
                 embed="tfidf", pseudonymise=True, seed=3)  # fmt: skip
    methods = report_methods(report_agreement(snapshot, book), snapshot, book)
    return out, methods, snapshot


def test_the_report_has_the_paragraph_in_markdown_and_docx(report_folder):
    out, methods, snapshot = report_folder
    markdown = (out / "report.md").read_text(encoding="utf-8")
    section = markdown.split("### Reliability\n", 1)[1]
    paragraph = next(line for line in section.splitlines() if line.startswith("Reliability "))
    document = Document(out / "report.docx")
    assert paragraph in [p.text for p in document.paragraphs]
    # the paragraph names the coders by their pseudonyms, never by their e-mails
    coders = {c.key for t in snapshot for c in coders_of(t) if c.known}
    assert not [c for c in coders if c in markdown]
    assert re.search(r"coded independently by two coders \(Coder [A-Z], Coder [A-Z]\)", paragraph)
    # apart from the names, it is the paragraph of the agreement result, figures and all
    result = methods["result"]
    unnamed = re.sub(r" \(Coder [A-Z], Coder [A-Z]\)", "", paragraph)
    assert unnamed == methods["paragraph"]
    check_numbers(paragraph, result)
    binary_figures(paragraph, result)
    # each figure of the paragraph is in the table above it, as the paragraph shows it
    table = section.split("\n\nReliability ", 1)[0]
    for _, value in FIGURE.findall(paragraph):
        assert f"| {value} " in table


def test_report_methods_needs_the_full_agreement_report():
    book = thesis_book()
    assert report_methods({"Trust": 0.5}, as_snapshot(demo_snapshot(book)), book) is None


# --------------------------------------------------------------------------- --unit spans
SPAN_CODING = (
    {
        "a@example.org": [(2, 12, "Fear"), (20, 31, "Hope"), (40, 52, "Fear")],
        "b@example.org": [(0, 10, "Fear"), (22, 31, "Hope"), (31, 35, "Fear"), (41, 55, "Fear")],
    },
    {
        "a@example.org": [(0, 10, "Fear"), (20, 30, "Hope")],
        "b@example.org": [(2, 10, "Fear"), (20, 33, "Hope")],
    },
)


def spans_json(tmp_path, codings, *extra) -> dict:
    path = tmp_path / "spans.json"
    tasks = [export_of(coding, task_id=i) for i, coding in enumerate(codings, start=1)]
    path.write_text(json.dumps(tasks), encoding="utf-8")
    return run_json("--snapshot", path, "--unit", "spans", "--methods", *extra)


@pytest.mark.parametrize("gamma", [False, True], ids=["no-gamma", "gamma"])
def test_spans_paragraph_states_only_numbers_of_the_json(tmp_path, gamma):
    if gamma:
        pytest.importorskip("pygamma_agreement", reason="γ needs the gamma extra")
    result = spans_json(tmp_path, SPAN_CODING, *([] if gamma else ["--no-gamma"]))
    paragraph, found = result["methods"]["paragraph"], result["unitizing"]
    check_numbers(paragraph, result)
    assert paragraph.startswith(
        "Reliability was assessed on 2 of the 2 transcripts, coded independently by two coders."
    )
    assert "The unit of analysis was the coded span as drawn: each transcript was one " in paragraph
    assert (
        "Krippendorff's unitizing coefficients over all 2 codes: "
        f"uα = {found['u_alpha']:.3f} (where the segments are and how they are coded); "
        f"|uα = {found['binary_u_alpha']:.3f} (where the coded segments are, codes ignored); "
        f"cuα = {found['cu_alpha']:.3f} (the codes where the coders' segments meet)."
    ) in paragraph
    if not gamma:
        assert "γ" not in paragraph and result["methods"]["gamma"] is None
        return
    values = sorted(row["gamma"] for row in result["gamma"]["per_task"])
    assert paragraph.endswith(
        "Mathet's γ (30 random continua, seed 0), computed per transcript: median "
        f"{(values[0] + values[1]) / 2:.3f}, from {values[0]:.3f} to {values[1]:.3f} over 2 "
        "transcripts."
    )


def test_spans_paragraph_when_codes_overlap(tmp_path):
    overlapping = {
        "a@example.org": [(0, 10, "Fear"), (5, 15, "Hope"), (30, 34, "Hope"), (32, 40, "Hope")],
        "b@example.org": [(0, 12, "Fear"), (6, 15, "Hope"), (30, 40, "Hope")],
    }
    result = spans_json(tmp_path, [overlapping], "--no-gamma")
    paragraph = result["methods"]["paragraph"]
    check_numbers(paragraph, result)
    alone = sorted(r["alone_u_alpha"] for r in result["unitizing"]["per_code"])
    assert result["unitizing"]["u_alpha"] is None and alone[0] < alone[1]
    assert (
        "each code was assessed on its own, its segments against the text left uncoded "
        f"(Krippendorff's uα), over the 2 codes applied: uα ranged from {alone[0]:.3f} to "
        f"{alone[1]:.3f}."
    ) in paragraph
    assert (
        "A coder's overlapping spans of the same code were merged into one segment first (1 merged)."
    ) in paragraph
    assert "Reliability was assessed on 1 of the 1 transcripts" in paragraph


@pytest.mark.parametrize("fmt, head", [("table", "Methods paragraph:\n"),
                                       ("md", "## Methods paragraph\n\n")])  # fmt: skip
def test_spans_paragraph_follows_the_tables(tmp_path, fmt, head):
    result = spans_json(tmp_path, SPAN_CODING, "--no-gamma")
    text = run("--snapshot", tmp_path / "spans.json", "--unit", "spans", "--no-gamma",
               "--methods", "--format", fmt)  # fmt: skip
    assert text.endswith(f"{head}{result['methods']['paragraph']}\n")
    assert text.index("code alone uα") < text.index(head)


def test_the_report_command_gives_intervals_and_the_changes_since_an_earlier_round(tmp_path):
    demo = (REPO / "label_config" / "examples" / "demo_snapshot.json").read_text(encoding="utf-8")
    earlier = tmp_path / "round1.json"
    earlier.write_text(demo.replace("Frustration", "Annoyance"), encoding="utf-8")
    out = tmp_path / "write-up"
    result = CliRunner().invoke(main, [
        "report", str(out), "--snapshot", str(REPO / "label_config" / "examples" / "demo_snapshot.json"),
        "--embedder", "tfidf", "--earlier-round", str(earlier),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    section = (out / "report.md").read_text(encoding="utf-8").split("### Reliability\n", 1)[1]
    paragraph = next(line for line in section.splitlines() if line.startswith("Reliability "))
    assert re.search(r"α \(nominal\) = 0\.\d{3} \(95% CI -?\d\.\d{3}–\d\.\d{3}; Hayes & "
                     r"Krippendorff \(2007\) bootstrap, 1,000 resamples, seed 2026\)", paragraph)
    assert paragraph.endswith(
        "Between round 1 (round1.json) and round 2, codes: 1 added (Frustration); "
        "1 removed (Annoyance)."
    )
    assert paragraph in [p.text for p in Document(out / "report.docx").paragraphs]
