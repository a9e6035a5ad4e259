"""benchmarks/bench_quality.py and its scorer: by value, on tiny synthetic documents.

The fake encoder stands in for MiniLM. The tests that run heldout_eval.py's own code need the
shared folder (they skip with the reason when it is absent); the bootstrap and kappa tests do not.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import numpy as np
import pytest

from ls_thematic.backend.suggester import CodeSuggester
from ls_thematic.scripts.agreement.coefficients import cohen_kappa

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
scoring = importlib.import_module("quality_scoring")
spec = importlib.util.spec_from_file_location("bench_quality", BENCHMARKS / "bench_quality.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

TOPICS = {
    "Food": ["food", "meals", "dinner", "menu", "lunch"],
    "Staff": ["nurses", "staff", "doctors", "carers"],
    "Parking": ["parking", "car park", "barrier", "parking charges"],
    "Noise": ["noise", "snoring", "alarms", "banging doors"],
}


def make_docs(n_docs: int = 14, per_doc: int = 8, multi: bool = False, seed: int = 0) -> dict:
    """heldout_eval-style documents: id -> [(text, [codes])]; ``multi`` adds two-code segments."""
    rng = random.Random(seed)
    docs = {}
    for d in range(n_docs):
        rows = []
        for s in range(per_doc):
            codes = rng.sample(sorted(TOPICS), 2 if multi and s % 3 == 0 else 1)
            words = " and ".join(rng.choice(TOPICS[c]) for c in codes)
            rows.append((f"doc{d} line {s}: the {words} {rng.choice(['was', 'were'])} fine", codes))
        docs[f"d{d:02d}"] = rows
    return docs


@pytest.fixture
def heldout(shared_dir, monkeypatch):
    """heldout_eval imported from the shared folder, with an empty embedding cache."""
    module = scoring.load_heldout(shared_dir / "tools" / "heldout_eval.py")
    monkeypatch.setattr(module, "_CACHE", {})
    return module


def _prefilled(heldout, docs, tmp_path, rare: bool = False):
    pool, test, pool_ids, test_ids = scoring.split_with_documents(heldout, docs)
    if rare:  # a code learned but absent from the test set: macro-F1 must leave it out
        pool = [(f"a rare remark {i}", ["Rare"]) for i in range(3)] + pool
    bench.prefill_embeddings(heldout, bench.needed_texts(pool + test), "fake", tmp_path / "emb")
    return pool, test, test_ids


# ----------------------------------------------------------------------------- the scorer
@pytest.mark.parametrize("multi", [False, True], ids=["one code", "several codes"])
@pytest.mark.parametrize("system", ["tfidf_lr", "emb_lr", "emb_knn", "project"])
def test_scorer_matches_heldout_score(heldout, tmp_path, multi, system):
    docs = make_docs(multi=multi)
    pool, test, test_ids = _prefilled(heldout, docs, tmp_path, rare=True)

    def make():
        return CodeSuggester(encoder="fake") if system == "project" else heldout.Baseline(system)

    for n in (30, len(pool)):
        ours = scoring.figures(scoring.fit_and_score(make(), pool, test, test_ids, n, False))
        theirs = heldout.score(make(), pool, test, n)
        for name in scoring.FIGURES:
            assert round(ours[name], 4) == theirs[name], (name, n)


def test_split_keeps_each_segments_document(heldout):
    docs = make_docs()
    pool, test, pool_ids, test_ids = scoring.split_with_documents(heldout, docs)
    assert (pool, test) == heldout.split(docs, 0)
    for (text, _), doc in zip(pool + test, pool_ids + test_ids, strict=True):
        assert text.startswith(f"doc{int(doc[1:])} ")
    assert not set(pool_ids) & set(test_ids)
    assert len(set(test_ids)) == int(len(docs) * 0.3)


# ----------------------------------------------------------------------------- bootstrap, kappa
def synthetic_scores(n_docs: int, per_doc: int = 6, right: float = 0.7, seed: int = 0):
    """Scores of a system whose top code is right with probability ``right``; one code each."""
    rng = np.random.default_rng(seed)
    codes = sorted(TOPICS)
    n = n_docs * per_doc
    gold_col = rng.integers(len(codes), size=n)
    hit = rng.random(n) < right
    first_col = np.where(hit, gold_col, (gold_col + rng.integers(1, len(codes), n)) % len(codes))
    truth = np.eye(len(codes), dtype=np.int8)[gold_col]
    predicted = np.eye(len(codes), dtype=np.int8)[first_col]
    return scoring.SegmentScores(
        documents=np.repeat([f"doc{d}" for d in range(n_docs)], per_doc).astype(object),
        truth=truth,
        predicted=predicted,
        top1=hit,
        top3=hit | (rng.random(n) < 0.5),
        first=np.array([codes[j] for j in first_col], dtype=object),
        gold=[[codes[j]] for j in gold_col],
        fit_s=0.0,
        predict_s=0.0,
        n_train=0,
    )


def test_bootstrap_interval_contains_the_point_and_shrinks_with_more_documents():
    widths = {}
    for n_docs in (10, 250):
        scores = synthetic_scores(n_docs)
        point = scoring.figures(scores) | {"kappa": scoring.kappa(scores)}
        draws = scoring.bootstrap(scores, resamples=1000, seed=0)
        assert set(draws) == {*scoring.FIGURES, "kappa"}
        for name, value in point.items():
            low, high = scoring.interval(draws[name])
            assert low <= value <= high, (n_docs, name, low, value, high)
            widths[n_docs, name] = high - low
    for name in point:
        assert widths[250, name] < widths[10, name] / 2, name
    # Seeded: the same seed gives the same draws, another seed other ones.
    scores = synthetic_scores(10)
    again = scoring.bootstrap(scores, resamples=200, seed=0)["macro_f1"]
    assert np.array_equal(again, scoring.bootstrap(scores, resamples=200, seed=0)["macro_f1"])
    assert not np.array_equal(again, scoring.bootstrap(scores, resamples=200, seed=1)["macro_f1"])


def test_bootstrap_resamples_documents_not_segments():
    # Two documents: one all right, one all wrong. Every resample holds 0, 1 or 2 copies of
    # the right one, so top-1 takes only the values 0, 1/2 and 1.
    scores = synthetic_scores(2, per_doc=5)
    top1 = np.array([True] * 5 + [False] * 5)
    scores = scoring.SegmentScores(**{**scores.__dict__, "top1": top1})
    assert set(scoring.bootstrap(scores, resamples=300)["top1"]) == {0.0, 0.5, 1.0}


def test_kappa_is_one_for_a_perfect_top_code_and_zero_for_a_constant_guess():
    perfect = synthetic_scores(20, right=1.0)
    assert scoring.kappa(perfect) == pytest.approx(1.0)
    constant = scoring.SegmentScores(
        **{**perfect.__dict__, "first": np.full(len(perfect.gold), "Food", dtype=object)}
    )
    assert scoring.kappa(constant) == pytest.approx(0.0, abs=1e-12)
    draws = scoring.bootstrap(perfect, resamples=100)["kappa"]
    assert np.allclose(draws, 1.0)


def test_bootstrap_kappa_equals_cohen_kappa_on_each_resample():
    scores = synthetic_scores(12, right=0.6, seed=3)
    draws = scoring.bootstrap(scores, resamples=20, seed=5)["kappa"]
    weights = scoring.resample_weights(scores.documents, 20, seed=5)
    _, row = np.unique(scores.documents.astype(str), return_inverse=True)
    gold = [g[0] for g in scores.gold]
    for b in range(20):
        expected = cohen_kappa(gold, scores.first.tolist(), sample_weight=weights[b, row])
        assert draws[b] == pytest.approx(expected, abs=1e-12)


def test_kappa_counts_only_segments_with_one_human_code():
    scores = synthetic_scores(10, right=1.0)
    gold = [g + ["Noise"] if i % 2 else g for i, g in enumerate(scores.gold)]
    first = np.array(["Staff" if i % 2 else f for i, f in enumerate(scores.first)], dtype=object)
    mixed = scoring.SegmentScores(**{**scores.__dict__, "gold": gold, "first": first})
    assert scoring.single_coded(mixed).sum() == len(gold) // 2
    assert scoring.kappa(mixed) == pytest.approx(1.0)


def test_margin_interval_is_paired():
    a = np.array([0.5, 0.6, 0.7, 0.8])
    assert scoring.margin_interval(a, a - 0.1) == pytest.approx((0.1, 0.1))


# ----------------------------------------------------------------------------- the run
def test_run_dataset_reports_every_system_and_reuses_the_embeddings(heldout, tmp_path, monkeypatch):
    docs = make_docs(n_docs=12, per_doc=10)
    monkeypatch.setitem(heldout.LOADERS, "px", lambda path: docs)
    options = dict(points=(30, 0), encoder="fake", cache_path=tmp_path / "emb", resamples=100)
    report = bench.run_dataset(
        heldout, "px", tmp_path / "unused", progress=lambda _: None, **options
    )
    assert [(r["n"], r["system"]) for r in report["rows"]] == [
        (n, s) for n in (30, report["pool"]) for s in bench.SYSTEMS
    ]
    assert report["embedded"] == len(bench.needed_texts(docs_items(docs)))
    for row in report["rows"]:
        for name in (*scoring.FIGURES, "kappa"):
            low, high = row["ci"][name]
            assert low <= row[name] <= high
    verdict = report["verdicts"][0]
    strongest = max(bench.BASELINES, key=lambda b: _row(report, 30, b)["macro_f1"])
    assert verdict["macro_f1"]["baseline"] == strongest
    margin = _row(report, 30, bench.PROJECT)["macro_f1"] - _row(report, 30, strongest)["macro_f1"]
    assert verdict["macro_f1"]["margin"] == pytest.approx(margin)
    assert verdict["met"] == (
        margin >= 0.05 and verdict["top3"]["met"] and verdict["micro_f1"]["met"]
    )
    text = bench.markdown(report, bench.machine_info(), "2026-01-01", 1.0)
    assert "| 30 | CodeSuggester |" in text and "target met" in text
    assert bench.summary_sentence(report) in text
    again = bench.run_dataset(
        heldout, "px", tmp_path / "unused", progress=lambda _: None, **options
    )
    assert again["embedded"] == 0
    assert [r["macro_f1"] for r in again["rows"]] == [r["macro_f1"] for r in report["rows"]]


def docs_items(docs):
    return [s for rows in docs.values() for s in rows]


def _row(report, n, system):
    return next(r for r in report["rows"] if r["n"] == n and r["system"] == system)


def test_summary_sentence_says_where_the_target_is_missed():
    def verdict(n, macro):
        parts = {
            name: {"margin": 0.01, "needed": need, "met": True} for name, need in bench.TARGETS
        }
        parts["macro_f1"] = {"margin": macro, "needed": 0.05, "met": macro >= 0.05}
        return {"n": n, **parts, "met": macro >= 0.05}

    report = {"dataset": "talkmoves", "verdicts": [verdict(100, 0.02), verdict(400, 0.08)]}
    assert bench.summary_sentence(report) == (
        "On TalkMoves the target is met at n = 400; not met at n = 100 (macro-F1 -0.030 from "
        "the target)."
    )


def test_main_says_when_the_shared_folder_is_absent(tmp_path, capsys):
    assert bench.main(["--shared", str(tmp_path), "--no-docs"]) == 1
    err = capsys.readouterr().err
    assert "heldout_eval.py was not found" in err and "--shared" in err
