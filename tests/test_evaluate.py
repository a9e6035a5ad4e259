"""`ls-thematic evaluate`: learning curves of code suggestions on a project's own coded segments.

Fast tests use the deterministic fake encoder on a synthetic export; real-data tests use the
leoka Label Studio exports (fake encoder) and the pxtextmining comments (real MiniLM encoder);
one end-to-end test evaluates a live project in a real Label Studio.
"""

from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

from ls_thematic.backend.suggester import CodeSuggester
from ls_thematic.label_config.codebook import Code, Codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.evaluate import (
    BASELINES,
    EVALUATED,
    MEASURES,
    EvaluationError,
    _frequencies,
    _items,
    code_table,
    coded_segments,
    kappa_sentence,
    learning_curve,
    measures,
    split_by_transcript,
    top_kappa,
    training_sizes,
)
from ls_thematic.scripts.evaluate_format import to_csv, to_json, to_markdown
from ls_thematic.scripts.evaluate_plot import curve_figure, save_plot
from ls_thematic.scripts.snapshot import SnapshotError, load_snapshot, segments

# ----------------------------------------------------------------------------- synthetic data
WORDS = {
    "Food": ["food", "meals", "dinner", "breakfast", "drinks", "portions", "menu", "lunch"],
    "Parking": ["parking", "car park", "parking spaces", "parking charges", "barrier"],
    "Staff": ["nurses", "staff", "doctors", "receptionist", "carers", "porters"],
    "Noise": ["noise", "loud ward", "snoring", "alarms at night", "banging doors"],
}
ADJECTIVES = ["awful", "great", "fine", "poor", "lovely", "terrible", "better", "worse"]
OPENERS = ["Honestly", "I think", "To be fair", "Last week", "Every day", "On the ward", "Well"]


def _sentence(rng: random.Random, code: str) -> str:
    return f"{rng.choice(OPENERS)} the {rng.choice(WORDS[code])} {rng.choice(['was', 'were'])} {rng.choice(ADJECTIVES)}."


def make_export(
    participants: int = 8, per_code: int = 4, seed: int = 0, rare: bool = True, lonely: bool = True
) -> list[dict]:
    """A Label Studio JSON export: one transcript per participant, every sentence a coded span.

    Each transcript has ``per_code`` sentences of each topic code, one sentence coded with two
    codes, and an uncoded sentence. ``rare`` adds a code "Safety" with 3 segments in all;
    ``lonely`` a code "Chaplaincy" with 6 segments, all in P1.
    """
    rng = random.Random(seed)
    tasks = []
    for p in range(1, participants + 1):
        sentences: list[tuple[str, list[str]]] = []
        for code in WORDS:
            sentences += [(_sentence(rng, code), [code]) for _ in range(per_code)]
        sentences.append(
            (
                f"The {rng.choice(WORDS['Food'])} and the {rng.choice(WORDS['Staff'])} were {rng.choice(ADJECTIVES)}.",
                ["Food", "Staff"],
            )
        )
        sentences.append(("Nothing more to say about that.", []))
        if rare and p <= 3:
            sentences.append(("I did not feel safe at night on the ward.", ["Safety"]))
        if lonely and p == 1:
            sentences += [
                (f"The chaplain visited me {i + 1} times.", ["Chaplaincy"]) for i in range(6)
            ]
        rng.shuffle(sentences)
        text, result = "", []
        for i, (sentence, codes) in enumerate(sentences):
            start = len(text)
            text += sentence + " "
            if codes:
                result.append(
                    {
                        "id": f"r{p}-{i}",
                        "type": "labels",
                        "from_name": "code",
                        "to_name": "text",
                        "value": {
                            "start": start,
                            "end": start + len(sentence),
                            "text": sentence,
                            "labels": codes,
                        },
                    }
                )
        tasks.append(
            {
                "id": p,
                "data": {"text": text, "participant": f"P{p}"},
                "annotations": [
                    {
                        "id": 100 + p,
                        "completed_by": {"id": 1, "email": "coder1@example.org"},
                        "result": result,
                        "was_cancelled": False,
                    }
                ],
            }
        )
    return tasks


@pytest.fixture(scope="module")
def export() -> list[dict]:
    return make_export()


@pytest.fixture(scope="module")
def result(export) -> dict:
    return learning_curve(export, encoder="fake", repeats=3, seed=0)


@pytest.fixture
def export_file(tmp_path, export):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- segments and splits
def test_coded_segments_merges_identical_spans_of_coders(export):
    tasks = json.loads(json.dumps(export[:2]))
    second = json.loads(json.dumps(tasks[0]["annotations"][0]))
    second.update(id=999, completed_by={"id": 2, "email": "coder2@example.org"})
    second["result"] = second["result"][:2]
    second["result"][0]["value"]["labels"] = ["Noise"]
    tasks[0]["annotations"].append(second)
    frame = coded_segments(tasks)
    alone = coded_segments(export[:2])
    assert len(frame) == len(alone)  # the second coder's spans are the same spans
    span = tasks[0]["annotations"][0]["result"][0]["value"]
    row = frame[(frame["task_id"] == 1) & (frame["start"] == span["start"])].iloc[0]
    assert set(row["codes"]) == set(span["labels"]) | {"Noise"}
    assert row["text"] == span["text"]
    assert list(frame.columns) == [
        *["task_id", "participant", "start", "end", "text", "codes", "speaker", "previous"]
    ]


def test_segments_carry_the_backends_context_and_the_curve_fits_on_it(monkeypatch):
    # An interview with turns: the answer's context is its role and the question before it,
    # read by the backend's one rule, so the curve measures the suggester as it is served.
    question = "Interviewer: What helps you at work? Tell me more."
    answer = "P1: Supervision helps. My team listens."
    text = f"{question}\n{answer}"
    turns = [
        {"start": 0, "end": len(question), "speaker": "Interviewer", "role": "interviewer"},
        {"start": len(question) + 1, "end": len(text), "speaker": "P1", "role": "participant"},
    ]
    start = text.index("My team")
    result = {
        "from_name": "codes", "to_name": "text", "type": "labels", "id": "r1",
        "value": {"start": start, "end": len(text), "text": text[start:], "labels": ["Team"]},
    }  # fmt: skip
    tasks = [{"id": 7, "data": {"text": text, "turns": turns, "participant": "P1"},
              "annotations": [{"id": 1, "completed_by": 1, "result": [result]}]}]  # fmt: skip
    row = coded_segments(tasks).iloc[0]
    assert row["speaker"] == "participant"
    assert row["previous"] == ("Tell me more.", "P1: Supervision helps.")
    item = _items(coded_segments(tasks))[0]
    assert item == {"text": "My team listens.", "speaker": "participant",
                    "previous": ["Tell me more.", "P1: Supervision helps."]}  # fmt: skip
    seen = []
    real_fit = CodeSuggester.fit

    def spy(self, texts, codes, **kwargs):
        seen.extend(texts)
        return real_fit(self, texts, codes, **kwargs)

    monkeypatch.setattr(CodeSuggester, "fit", spy)
    export = make_export()
    learning_curve(export, encoder="fake", repeats=1, seed=0)
    items = _items(coded_segments(export))
    assert sum(isinstance(item, dict) for item in items) > len(items) / 2
    assert seen and all(item in items for item in seen)  # the fits learn from the items
    assert any(isinstance(item, dict) for item in seen)


@pytest.mark.parametrize("seed", range(6))
def test_split_holds_out_whole_transcripts(seed):
    groups = [f"P{i // 7}" for i in range(70)] + ["P99"] * 30
    test, train = split_by_transcript(groups, 0.3, np.random.default_rng(seed))
    held = {groups[i] for i in test}
    kept = {groups[i] for i in train}
    assert held and kept and not held & kept
    assert sorted(np.concatenate([test, train]).tolist()) == list(range(100))
    assert len(test) >= 30 or "P99" in kept


def test_split_is_reproducible_and_varies_with_the_seed():
    groups = [f"P{i % 10}" for i in range(100)]
    first = split_by_transcript(groups, 0.3, np.random.default_rng([0, 0]))
    again = split_by_transcript(groups, 0.3, np.random.default_rng([0, 0]))
    other = split_by_transcript(groups, 0.3, np.random.default_rng([0, 1]))
    assert all((a == b).all() for a, b in zip(first, again, strict=True))
    assert not (first[0].shape == other[0].shape and (first[0] == other[0]).all())


def test_split_of_two_transcripts_keeps_one_for_training():
    test, train = split_by_transcript(["A"] * 5 + ["B"] * 5, 0.9, np.random.default_rng(0))
    assert len(test) == 5 and len(train) == 5


@pytest.mark.parametrize(
    ("pool", "sizes", "expected"),
    [
        (40, None, [25, 40]),
        (30, None, [30]),  # 25 would add little beside all 30
        (25, None, [25]),
        (410, None, [25, 50, 100, 200, 410]),
        (1774, None, [25, 50, 100, 200, 400, 800, 1774]),
        (100, [10, 40, 500], [10, 40, 100]),
        (12, None, [12]),
    ],
)
def test_training_sizes(pool, sizes, expected):
    assert training_sizes(pool, sizes) == expected


def test_training_sizes_must_be_positive():
    with pytest.raises(EvaluationError, match=r"positive whole numbers of segments; got 0"):
        training_sizes(100, [0, 50])


# ----------------------------------------------------------------------------- measures
def test_measures_by_hand():
    truth = np.array([[1, 0, 0], [0, 1, 0], [0, 1, 1], [0, 0, 0]])
    predicted = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 0]])
    proba = np.array([[0.9, 0.1, 0.0], [0.6, 0.5, 0.1], [0.2, 0.7, 0.1], [0.1, 0.1, 0.1]])
    scored = np.array([True, True, False])
    got = measures(truth, predicted, proba, scored)
    # micro: tp 2, fp 1, fn 2 -> 4 / 7; macro over codes 0 and 1: F1 2/3 and 2/3
    assert got["micro_f1"] == pytest.approx(4 / 7)
    assert got["macro_f1"] == pytest.approx(2 / 3)
    assert got["top1"] == pytest.approx(2 / 4)  # rows 0 and 2
    assert got["top3"] == pytest.approx(3 / 4)  # every coded row; the uncoded row never hits


def test_frequent_codes_baseline_by_hand():
    train = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0]])
    scores = _frequencies(train, 2)
    assert scores.tolist() == [[3, 2, 0], [3, 2, 0]]
    truth = np.array([[0, 1, 0], [0, 0, 1]])
    got = measures(truth, truth, scores, np.ones(3, dtype=bool))
    assert got["top1"] == 0 and got["top3"] == 1.0


def test_macro_is_nan_without_scored_codes():
    truth = np.array([[1, 0], [0, 1]])
    got = measures(truth, truth, truth.astype(float), np.array([False, False]))
    assert np.isnan(got["macro_f1"]) and got["micro_f1"] == 1.0


def test_top_kappa_one_for_a_perfect_top_code_zero_for_a_constant_guess():
    truth = np.eye(3, dtype=np.int8)[[0, 1, 2, 0, 1, 2, 0, 0]]
    assert top_kappa(truth, truth.argmax(axis=1)) == pytest.approx(1.0)
    assert top_kappa(truth, np.zeros(8, dtype=int)) == pytest.approx(0.0, abs=1e-12)
    # A segment with two codes is left out: it has no single code to agree with.
    both = np.vstack([truth, [[1, 1, 0]]])
    assert top_kappa(both, np.append(truth.argmax(axis=1), 2)) == pytest.approx(1.0)
    assert np.isnan(top_kappa(np.ones((3, 3), dtype=np.int8), np.zeros(3, dtype=int)))
    got = measures(truth, truth, truth.astype(float), np.ones(3, dtype=bool))
    assert got["kappa"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kappa", "band"),
    [(-0.1, "poor"), (0.15, "slight"), (0.52, "moderate"), (1.0, "almost perfect")],
)
def test_kappa_sentence_reads_kappa_on_the_usual_bands_without_claiming_more(kappa, band):
    text = kappa_sentence(kappa)
    assert f"kappa {kappa:.2f}" in text and f"called {band} agreement" in text
    assert "a convention, not a test" in text and "ls-thematic agreement" in text


# ----------------------------------------------------------------------------- the curve
def test_curve_shape_and_sizes(result, export):
    curve, runs = result["curve"], result["runs"]
    assert list(curve["size"][:-1]) == [25, 50, 100][: len(curve) - 1]
    assert curve["size"].iloc[-1] == "all"
    assert curve["n_train"].is_monotonic_increasing
    assert len(runs) == 3 * len(curve)
    assert set(runs["repeat"]) == {0, 1, 2}
    for measure in MEASURES + BASELINES:
        low = -1 if measure == "kappa" else 0  # kappa: below 0 when worse than chance
        assert curve[measure].between(low, 1).all(), measure
        assert (curve[f"{measure}_sd"] >= 0).all()
    assert (runs["kappa_segments"] > 0).all() and (runs["kappa_segments"] <= runs["n_test"]).all()
    summary = result["summary"]
    assert summary["transcripts"] == 8 and summary["repeats"] == 3 and summary["seed"] == 0
    assert summary["segments"] == len(coded_segments(export))
    assert summary["sizes"][-1] == "all"


def test_suggestions_improve_with_more_segments(result):
    curve = result["curve"]
    first, last = curve.iloc[0], curve.iloc[-1]
    assert last["macro_f1"] > first["macro_f1"]
    assert last["top1"] >= 0.8  # topic words are easy for the n-gram encoder
    assert last["top3"] >= last["top1"]


def test_held_out_transcripts_are_about_the_test_share(result):
    runs = result["runs"]
    total = result["summary"]["segments"]
    share = runs["n_test"] / total
    assert share.between(0.25, 0.5).all()
    assert (runs["n_train"] + runs["n_test"] <= total).all()
    assert (runs["test_transcripts"] >= 1).all()


def test_same_seed_same_curve_other_seed_other_splits(export, result):
    again = learning_curve(export, encoder="fake", repeats=3, seed=0)
    pd.testing.assert_frame_equal(again["runs"], result["runs"])
    other = learning_curve(export, encoder="fake", repeats=3, seed=7)
    assert not other["runs"][["n_test"]].equals(result["runs"][["n_test"]]) or not np.allclose(
        other["runs"]["micro_f1"], result["runs"]["micro_f1"]
    )


def test_codes_with_too_few_segments_are_reported_not_dropped(result):
    codes = result["codes"].set_index("code")
    assert codes.loc["Safety", "status"] == "too few segments (3 < 5)"
    assert codes.loc["Chaplaincy", "status"] == "coded in one transcript only"
    assert not codes.loc["Safety", "scored"] and codes.loc["Safety", "learned"]
    assert set(codes.index[codes["scored"]]) == set(WORDS)
    assert (codes.loc[list(WORDS), "status"] == EVALUATED).all()
    assert codes.loc[list(WORDS), "f1"].between(0, 1).all()
    assert (codes.loc[list(WORDS), "test_segments"] > 0).all()
    assert result["summary"]["codes_scored"] == 4 and result["summary"]["codes"] == 6
    text = result["summary"]["interpretation"]
    assert (
        "2 code(s) have too few segments or transcripts to be scored (they are still learned): Chaplaincy; Safety"
        in text
    )


def test_interpretation_reads_the_numbers(result):
    text = result["summary"]["interpretation"]
    last = result["curve"].iloc[-1]
    assert f"{100 * last['top1']:.0f}%" in text
    assert f"macro-F1 {last['macro_f1']:.2f}" in text
    assert (
        f"always proposing the three most frequent codes: {100 * last['top3_frequent']:.0f}%"
        in text
    )
    assert ("still rising" in text) or ("levelled off" in text)
    assert f"Cohen's kappa {last['kappa']:.2f}" in text


def test_code_table_min_segments(export):
    data = coded_segments(export)
    table = code_table(data, None, min_segments=50)
    assert not table["scored"].any()
    assert table["status"].str.startswith("too few segments").all()
    assert table["segments"].is_monotonic_decreasing


def test_codebook_limits_learning_and_gives_prototypes(export):
    book = Codebook(
        title="Ward", codes=[Code(name) for name in ("Food", "Parking", "Staff", "Noise", "Safety")]
    )
    result = learning_curve(export, encoder="fake", repeats=1, codebook=book)
    codes = result["codes"].set_index("code")
    assert codes.loc["Chaplaincy", "status"] == "not in the codebook (not learned)"
    assert not codes.loc["Chaplaincy", "learned"]
    assert result["summary"]["prototypes"] is True
    assert result["summary"]["segments"] == len(coded_segments(export)) - 6
    without = learning_curve(export, encoder="fake", repeats=1, codebook=book, prototypes=False)
    assert without["summary"]["prototypes"] is False


def test_codebook_from_the_snapshots_labelling_config(export):
    book = Codebook(
        title="Ward",
        codes=[Code(n) for n in ("Food", "Parking", "Staff", "Noise", "Safety", "Chaplaincy")],
    )
    document = {
        "project": {"id": 1, "title": "Ward", "label_config": codebook_to_label_config(book)},
        "tasks": export,
    }
    result = learning_curve(document, encoder="fake", repeats=1)
    assert result["summary"]["prototypes"] is True
    assert result["codes"]["learned"].all()


def test_accepts_coded_segments_frame(export):
    frame = coded_segments(export)
    result = learning_curve(frame, encoder="fake", repeats=1, sizes=[30])
    assert list(result["curve"]["size"]) == [30, "all"]


def test_coders_selection(export):
    tasks = json.loads(json.dumps(export))
    for task in tasks[:4]:
        task["annotations"][0]["completed_by"] = {"id": 2, "email": "coder2@example.org"}
    only = learning_curve(tasks, encoder="fake", repeats=1, coders=["coder2@example.org"])
    assert only["summary"]["transcripts"] == 4


def test_origin_judges_the_suggestions_against_the_coders_own_coding(export, tmp_path):
    """A suggestion a coder kept unchanged is not evidence that suggestions are good: with
    --origin manual it is neither learned from nor scored against."""
    tasks = json.loads(json.dumps(export))
    accepted = 0
    for task in tasks:
        for result in task["annotations"][0]["result"][::3]:
            result["origin"] = "prediction"
            accepted += 1
    everything = coded_segments(tasks)
    manual = coded_segments(tasks, origin="manual")
    kept = coded_segments(tasks, origin="accepted")
    assert len(manual) + len(kept) == len(everything) and len(kept) == accepted
    first = tasks[0]["annotations"][0]["result"][0]["value"]
    assert first["start"] not in set(manual[manual["task_id"] == 1]["start"])
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "evaluate",
            str(path),
            "--encoder",
            "fake",
            "--repeats",
            "1",
            "--origin",
            "manual",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    assert summary["origin"] == "manual" and summary["segments"] == len(manual)
    wrong = CliRunner().invoke(main, ["evaluate", str(path), "--origin", "mine"])
    assert wrong.exit_code == 2 and "'all', 'manual', 'accepted'" in wrong.output


# ----------------------------------------------------------------------------- errors
def test_too_few_coded_segments(export):
    tasks = json.loads(json.dumps(export[:2]))
    for task in tasks:
        task["annotations"][0]["result"] = task["annotations"][0]["result"][:6]
    with pytest.raises(
        EvaluationError, match=r"Only 12 coded segments \(in 2 transcripts\).*at least 20"
    ):
        learning_curve(tasks, encoder="fake")


def test_one_transcript(export):
    with pytest.raises(
        EvaluationError, match=r"All \d+ coded segments come from one transcript \(P1\)"
    ):
        learning_curve(export[:1], encoder="fake")


def test_export_without_annotations(export):
    tasks = [{**task, "annotations": []} for task in export]
    with pytest.raises(
        SnapshotError, match=r"8 tasks \(0 with annotations\) but no coded segments"
    ):
        learning_curve(tasks, encoder="fake")


def test_unknown_encoder(export):
    with pytest.raises(EvaluationError, match=r"Unknown encoder '/no/such/model'"):
        learning_curve(export, encoder="/no/such/model")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"repeats": 0}, r"repeats must be a whole number of at least 1; got 0"),
        ({"test_share": 1.5}, r"test_share must be a share between 0 and 1 \(e.g. 0.3\); got 1.5"),
        ({"min_segments": 0}, r"min_segments must be a whole number of at least 1; got 0"),
    ],
)
def test_bad_settings(export, options, message):
    with pytest.raises(EvaluationError, match=message):
        learning_curve(export, encoder="fake", **options)


# ----------------------------------------------------------------------------- exports and figure
def test_json_export(result):
    document = json.loads(to_json(result))
    assert set(document) == {"summary", "curve", "codes", "runs"}
    assert document["curve"][-1]["size"] == "all"
    assert document["curve"][0]["micro_f1"] == pytest.approx(result["curve"]["micro_f1"].iloc[0])
    assert {c["code"] for c in document["codes"]} >= set(WORDS)


def test_csv_and_markdown_exports(result):
    csv = to_csv(result)
    assert csv.splitlines()[0].startswith("size,n_train,repeats,micro_f1,micro_f1_sd,macro_f1")
    assert len(csv.splitlines()) == len(result["curve"]) + 1
    md = to_markdown(result)
    assert "| training segments | micro-F1 | macro-F1 | top-1 hit | top-3 hit |" in md
    assert "| all (" in md and " ± " in md
    assert "| Safety | 3 | 3 | " in md
    assert result["summary"]["interpretation"] in md


def test_figure_has_two_panels_and_saves(result, tmp_path):
    figure = curve_figure(result)
    assert isinstance(figure, Figure)
    left, right = figure.axes
    assert [t.get_text() for t in left.get_legend().get_texts()] == ["micro-F1", "macro-F1"]
    assert [t.get_text() for t in right.get_legend().get_texts()] == [
        "top-1 hit",
        "top-3 hit",
        "top-3 hit, most frequent codes",
    ]
    assert left.get_xticklabels()[-1].get_text().startswith("all")
    png = save_plot(figure, tmp_path / "curve.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = save_plot(figure, tmp_path / "curve.svg").read_text()
    assert "<svg" in svg and "micro-F1" in svg  # text stays text
    with pytest.raises(EvaluationError, match=r"unknown suffix '.pdf'; allowed: .png, .svg"):
        save_plot(figure, tmp_path / "curve.pdf")


# ----------------------------------------------------------------------------- CLI
def test_cli_table(export_file):
    result = CliRunner().invoke(
        main, ["evaluate", str(export_file), "--encoder", "fake", "--repeats", "2"]
    )
    assert result.exit_code == 0, result.output
    for text in (
        "Suggestion quality on held-out transcripts",
        "micro-F1",
        "top-3 hit",
        "all (",
        "Safety",
        "too few segments (3 < 5)",
        "Learning from",
    ):
        assert text in result.stdout, text
    assert "Repeat 2 of 2" in result.stderr


def test_cli_json_to_stdout_and_plot(export_file, tmp_path):
    plot = tmp_path / "curve.png"
    result = CliRunner().invoke(
        main,
        [
            "evaluate",
            str(export_file),
            "--encoder",
            "fake",
            "--repeats",
            "2",
            "--seed",
            "3",
            "--sizes",
            "20,40",
            "--format",
            "json",
            "-o",
            "-",
            "--plot",
            str(plot),
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [row["size"] for row in document["curve"]] == [20, 40, "all"]
    assert document["summary"]["seed"] == 3 and document["summary"]["repeats"] == 2
    assert plot.read_bytes()[:4] == b"\x89PNG"
    assert f"Wrote {plot}" in result.stderr


def test_cli_csv_and_md_files(export_file, tmp_path):
    runner = CliRunner()
    for fmt in ("csv", "md"):
        out = tmp_path / f"curve.{fmt}"
        result = runner.invoke(
            main,
            [
                "evaluate",
                str(export_file),
                "--encoder",
                "fake",
                "--repeats",
                "1",
                "--format",
                fmt,
                "-o",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        assert out.read_text().strip()
    assert (tmp_path / "curve.csv").read_text().startswith("size,n_train")
    assert "## Suggestion quality" in (tmp_path / "curve.md").read_text()


@pytest.mark.parametrize(
    ("tasks", "message"),
    [
        (
            [{"id": 1, "data": {"text": "hello"}, "annotations": []}],
            "Error: The snapshot has 1 tasks (0 with annotations) but no coded segments",
        ),
        ("too few", "Error: Only 12 coded segments (in 2 transcripts)"),
        ("one transcript", "Error: All 24 coded segments come from one transcript (P1)"),
    ],
)
def test_cli_domain_errors_exit_1(export, tmp_path, tasks, message):
    if tasks == "too few":
        tasks = json.loads(json.dumps(export[:2]))
        for task in tasks:
            task["annotations"][0]["result"] = task["annotations"][0]["result"][:6]
    elif tasks == "one transcript":
        tasks = export[:1]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks))
    result = CliRunner().invoke(main, ["evaluate", str(path), "--encoder", "fake"])
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_cli_usage_errors(export_file, tmp_path):
    runner = CliRunner()
    neither = runner.invoke(main, ["evaluate"])
    assert (
        neither.exit_code == 2
        and "Give either an EXPORT file (or --snapshot FILE) or --project ID" in neither.output
    )
    both = runner.invoke(main, ["evaluate", str(export_file), "--project", "3"])
    assert both.exit_code == 2
    twice = runner.invoke(main, ["evaluate", str(export_file), "--snapshot", str(export_file)])
    assert twice.exit_code == 2 and "Give the export once" in twice.output
    sizes = runner.invoke(main, ["evaluate", str(export_file), "--sizes", "25,x"])
    assert sizes.exit_code == 2 and "'x' is not a positive whole number" in sizes.output
    plot = runner.invoke(main, ["evaluate", str(export_file), "--plot", str(tmp_path / "a.pdf")])
    assert plot.exit_code == 2 and "must end in .png or .svg" in plot.output
    missing = runner.invoke(main, ["evaluate", str(tmp_path / "nope.json")])
    assert missing.exit_code == 1 and "no such snapshot file" in missing.output


def test_cli_stdin(export):
    result = CliRunner().invoke(
        main,
        ["evaluate", "-", "--encoder", "fake", "--repeats", "1", "--format", "csv"],
        input=json.dumps(export),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("size,n_train")


# ----------------------------------------------------------------------------- real data
def test_leoka_export_with_several_coders(shared_dir):
    """A real Label Studio export: 130 narratives, 3-4 coders each, spans merged across coders."""
    snapshot = load_snapshot(shared_dir / "data" / "leoka" / "LEOKA_team_1.json")
    rows = segments(snapshot)
    result = learning_curve(snapshot, encoder="fake", repeats=1, seed=0)
    summary = result["summary"]
    assert summary["transcripts"] == 130
    distinct = rows.drop_duplicates(["task_id", "start", "end"])
    assert summary["segments"] == len(distinct) < len(rows)
    assert summary["codes"] == 10 and summary["codes_scored"] == 10
    curve = result["curve"]
    assert curve["size"].iloc[-1] == "all" and curve["n_train"].iloc[-1] > 1400
    assert curve["top3"].iloc[-1] > curve["top3"].iloc[0]


def pxtextmining_export(shared_dir, respondents: int = 260, seed: int = 0) -> list[dict]:
    """pxtextmining comments as a Label Studio export: one task per respondent (their answers to
    the survey's questions, one after the other), each answer a span with its framework codes."""
    frame = pd.read_csv(shared_dir / "data" / "pxtextmining" / "v6framework_230831.csv")
    columns = list(frame.columns)
    code_names = columns[columns.index("Comment sentiment") + 1 :]
    frame["FFT answer"] = frame["FFT answer"].fillna("").astype(str).str.strip()
    frame = frame[frame["FFT answer"] != ""]
    ids = sorted(frame["Respondent ID"].astype(str).unique())
    chosen = set(random.Random(seed).sample(ids, respondents))
    tasks = []
    for n, (rid, group) in enumerate(
        frame[frame["Respondent ID"].astype(str).isin(chosen)].groupby("Respondent ID")
    ):
        text, result = "", []
        for i, (_, row) in enumerate(group.iterrows()):
            start = len(text)
            text += row["FFT answer"] + "\n\n"
            codes = [c for c in code_names if row[c] == 1]
            if codes:
                result.append(
                    {
                        "id": f"{rid}-{i}",
                        "type": "labels",
                        "from_name": "code",
                        "to_name": "text",
                        "value": {
                            "start": start,
                            "end": start + len(row["FFT answer"]),
                            "labels": codes,
                        },
                    }
                )
        tasks.append(
            {
                "id": n + 1,
                "data": {"text": text, "participant": f"R{rid}"},
                "annotations": [{"id": n + 1, "completed_by": 1, "result": result}],
            }
        )
    return tasks


def test_pxtextmining_with_the_real_encoder(shared_dir):
    """Real comments and the real MiniLM: suggestions beat always proposing the frequent codes."""
    tasks = pxtextmining_export(shared_dir)
    data = coded_segments(tasks)
    assert 400 <= len(data) <= 600
    result = learning_curve(tasks, encoder="minilm", repeats=2, seed=0)
    curve, runs = result["curve"], result["runs"]
    last = curve.iloc[-1]
    # Baseline: the three most frequent codes of the training segments, for every segment.
    counts = data["codes"].explode().value_counts()
    top3 = set(counts.index[:3])
    baseline = data["codes"].map(lambda codes: bool(top3 & set(codes))).mean()
    assert last["top3"] > baseline + 0.1, (last["top3"], baseline)
    assert last["top3"] > last["top3_frequent"] + 0.1
    assert last["top3_frequent"] == pytest.approx(baseline, abs=0.1)  # same idea, computed apart
    assert last["top3"] > 0.6 and last["top1"] > 0.35
    assert last["macro_f1"] > curve["macro_f1"].iloc[0]
    assert last["micro_f1"] > 0.3
    assert (runs["n_test"] > 100).all()
    codes = result["codes"]
    assert (~codes["scored"]).sum() > 0  # 50 codes over ~600 comments: some are rare
    assert "too few segments or transcripts to be scored" in result["summary"]["interpretation"]


# ----------------------------------------------------------------------------- live project
LIVE_CONFIG = """<View>
  <Labels name="code" toName="text">
    <Label value="Food"/><Label value="Parking"/><Label value="Staff"/><Label value="Noise"/>
    <Label value="Safety"/><Label value="Chaplaincy"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>"""


@pytest.mark.e2e
def test_cli_on_a_live_project(label_studio, ls_client, export):
    project = ls_client.projects.create(title="Evaluate suggestions", label_config=LIVE_CONFIG)
    ls_client.projects.import_tasks(
        id=project.id,
        request=[
            {"text": t["data"]["text"], "participant": t["data"]["participant"]} for t in export
        ],
    )
    by_participant = {t["data"]["participant"]: t for t in export}
    for task in ls_client.tasks.list(project=project.id, fields="all"):
        source = by_participant[task.data["participant"]]
        ls_client.annotations.create(id=task.id, result=source["annotations"][0]["result"])
    runner = CliRunner()
    connection = ["--url", label_studio.url, "--api-key", label_studio.api_key]
    result = runner.invoke(
        main,
        [
            "evaluate",
            "--project",
            str(project.id),
            *connection,
            "--encoder",
            "fake",
            "--repeats",
            "1",
            "--format",
            "json",
            "-o",
            "-",
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["summary"]["transcripts"] == 8
    assert document["summary"]["prototypes"] is True  # code names from the labelling config
    assert document["curve"][-1]["size"] == "all"

    unknown = runner.invoke(
        main, ["evaluate", "--project", "999999", *connection, "--encoder", "fake"]
    )
    assert unknown.exit_code == 1 and "999999" in unknown.stderr, unknown.output
    assert "Traceback" not in unknown.output
    bad = runner.invoke(
        main,
        [
            "evaluate",
            "--project",
            str(project.id),
            "--url",
            label_studio.url,
            "--api-key",
            "0" * 40,
            "--encoder",
            "fake",
        ],
    )
    assert bad.exit_code == 1 and "refused the API key" in bad.stderr, bad.output
