"""The feedback loop of suggestions: how much an accepted suggestion should count in the fit.

Label Studio pre-fills each new annotation with the backend's suggestions; what a coder keeps
unchanged is an *accepted suggestion* (origin ``prediction``), and the backend learns from it
with the weight ``ACCEPTED_SUGGESTION_WEIGHT`` (their own coding counts 1). This benchmark
simulates the loop on real coded data with the real encoder (all-MiniLM-L6-v2), round after
round of documents:

1. the suggester, fitted on every segment coded in the earlier rounds, pre-fills each document
   of the round with its suggestions (what ``predict`` gives, at most ``SUGGEST_MAX_CODES`` = 3
   codes per segment; round 1 has no model and is coded by hand);
2. the coder codes the round:

   * *accepts everything*: keeps every suggestion, wrong ones included, and codes by hand the
     gold codes the suggestions missed (the coder of issue 10 who presses Submit);
   * *reviews*: keeps only the correct suggestions, deletes the others, and codes the missing
     ones by hand;
   * *by hand* (reference): no suggestions, every code by hand;

   each kept suggestion is one accepted segment of one code (Label Studio's predicted regions
   carry one code each), the codes added by hand one manual segment;
3. the suggester is refitted with accepted segments weighted ``w`` and scored on held-out
   documents: micro- and macro-F1 of the codes it would suggest (the measures of
   ``shared/tools/heldout_eval.py``; macro over the codes present in the test documents).

Data (``shared/data``): pxtextmining (NHS feedback comments, 50 codes, several per comment; a
comment is a document) and TalkMoves (classroom transcripts, one move per sentence; a lesson is
a document, a sentence a segment, codes "T: <teacher move>" / "S: <student move>" as in
heldout_eval.py). Subsampled with a fixed seed to stay within about 15 minutes on 2 cores.

Run: ``python benchmarks/bench_feedback.py`` (``--quick`` for a smoke run). The tables are
printed and written into ``docs/feedback.md`` between ``<!-- feedback:start -->`` and
``<!-- feedback:end -->``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quality import (  # noqa: E402
    REPO,
    load_pxtextmining,
    machine_info,
    machine_line,
    update_section,
    warm_cache,
)

from ls_thematic.backend.suggester import CodeSuggester  # noqa: E402

DATA = REPO.parent / "shared" / "data"
PX = DATA / "pxtextmining" / "v6framework_230831.csv"
TALKMOVES = DATA / "talkmoves" / "talkmoves.csv.gz"
DEFAULT_DOC = REPO / "docs" / "feedback.md"
CACHE = Path("/tmp/ls-thematic-bench/minilm-feedback")
TITLE = "# Learning from accepted suggestions"
WEIGHTS = (0.0, 0.25, 0.5, 1.0)
CODERS = ("accepts everything", "reviews")
MAX_CODES = 3  # SUGGEST_MAX_CODES's default

Doc = list[tuple[str, list[str]]]  # a document: its segments' texts and gold codes


# ----------------------------------------------------------------------------- data
def px_documents(path: Path) -> list[Doc]:
    """One document per pxtextmining comment that has a code: ``[(text, codes)]``."""
    texts, labels, names = load_pxtextmining(path)
    return [
        [(text, [names[j] for j in np.flatnonzero(row)])]
        for text, row in zip(texts, labels, strict=True)
        if row.any()
    ]


def talkmoves_documents(path: Path, n_lessons: int, seed: int) -> list[Doc]:
    """``n_lessons`` seeded TalkMoves lessons, each tagged sentence one segment of one code."""
    by_lesson: dict[str, Doc] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            tag = row["teacher_tag"] and "T: " + row["teacher_tag"]
            tag = tag or row["student_tag"] and "S: " + row["student_tag"]
            if tag and row["text"].strip():
                by_lesson[row["transcript"]].append((row["text"].strip(), [tag]))
    names = sorted(by_lesson)
    np.random.RandomState(seed).shuffle(names)
    return [by_lesson[name] for name in names[:n_lessons]]


# ----------------------------------------------------------------------------- simulation
def code_document(doc: Doc, suggested: list[list[str]], coder: str) -> tuple[list[tuple], int]:
    """The segments a coder saves for one document, ``(text, codes, accepted)``, and how many
    of the suggestions they kept are wrong."""
    out, wrong = [], 0
    for (text, gold), codes in zip(doc, suggested, strict=True):
        kept = codes if coder == "accepts everything" else [c for c in codes if c in gold]
        wrong += sum(code not in gold for code in kept)
        out.extend((text, [code], True) for code in kept)
        by_hand = [c for c in gold if c not in kept]
        if by_hand:
            out.append((text, by_hand, False))
    return out, wrong


def fit(segments: list[tuple], weight: float) -> CodeSuggester:
    texts = [text for text, _, _ in segments]
    codes = [codes for _, codes, _ in segments]
    weights = [weight if accepted else 1.0 for _, _, accepted in segments]
    return CodeSuggester(encoder="minilm").fit(texts, codes, sample_weight=weights)


def f1_scores(model: CodeSuggester, test: Doc) -> tuple[float, float]:
    """Micro- and macro-F1 of ``model.predict`` on ``test`` (macro over codes present)."""
    predicted = model.predict([text for text, _ in test])
    gold_codes = sorted({c for _, gold in test for c in gold})
    tp, n_pred, n_gold = defaultdict(int), defaultdict(int), defaultdict(int)
    for (_, gold), found in zip(test, predicted, strict=True):
        for code in found:
            n_pred[code] += 1
            tp[code] += code in gold
        for code in gold:
            n_gold[code] += 1
    micro = 2 * sum(tp.values()) / max(sum(n_pred.values()) + sum(n_gold.values()), 1)
    macro = np.mean([2 * tp[c] / (n_pred[c] + n_gold[c]) for c in gold_codes])
    return micro, float(macro)


def simulate(rounds: list[list[Doc]], test: Doc, coder: str, weight: float) -> dict:
    """Code ``rounds`` with ``coder``; held-out F1 after each round and the accepted share."""
    segments: list[tuple] = []
    model = None
    micro, macro = [], []
    accepted = accepted_wrong = 0
    for docs in rounds:
        for doc in docs:
            if model is None or coder == "by hand":
                suggested = [[] for _ in doc]
            else:
                suggested = [codes[:MAX_CODES] for codes in model.predict([t for t, _ in doc])]
            saved, wrong = code_document(doc, suggested, coder)
            accepted += sum(is_accepted for _, _, is_accepted in saved)
            accepted_wrong += wrong
            segments.extend(saved)
        model = fit(segments, weight)
        scores = f1_scores(model, test)
        micro.append(scores[0])
        macro.append(scores[1])
    n_codes = sum(len(codes) for _, codes, _ in segments)
    return {
        "micro": micro,
        "macro": macro,
        "accepted_share": accepted / max(n_codes, 1),
        "accepted_wrong": accepted_wrong / max(accepted, 1),
    }


def run_dataset(name: str, docs: list[Doc], n_rounds: int, per_round: int, n_test: int, seeds):
    """Every coder and weight on ``docs``, over ``seeds`` (a different order of documents)."""
    results = []
    for seed in seeds:
        order = np.random.RandomState(seed).permutation(len(docs))
        test = [s for i in order[:n_test] for s in docs[i]]
        pool = [docs[i] for i in order[n_test : n_test + n_rounds * per_round]]
        rounds = [pool[r * per_round : (r + 1) * per_round] for r in range(n_rounds)]
        runs = [("by hand", 1.0)] + [(c, w) for c in CODERS for w in WEIGHTS]
        for coder, weight in runs:
            started = time.perf_counter()
            out = simulate(rounds, test, coder, weight)
            out.update(dataset=name, seed=seed, coder=coder, weight=weight)
            results.append(out)
            print(
                f"{name} seed {seed} {coder:<18} w={weight:<4} micro "
                + " ".join(f"{x:.3f}" for x in out["micro"])
                + f"  ({time.perf_counter() - started:.1f} s)",
                flush=True,
            )
    return results


# ----------------------------------------------------------------------------- report
def table(results: list[dict], name: str) -> str:
    rows = [r for r in results if r["dataset"] == name]
    n_rounds = len(rows[0]["micro"])
    shown = sorted({1, n_rounds // 2, n_rounds})
    head = (
        "| coder | weight | "
        + " | ".join(f"micro-F1 r{r}" for r in shown)
        + " | macro-F1 last | accepted share | accepted wrong |"
    )
    lines = [head, "|" + "---|" * (len(shown) + 5)]
    keys = [("by hand", 1.0)] + [(c, w) for c in CODERS for w in WEIGHTS]
    for coder, weight in keys:
        mine = [r for r in rows if r["coder"] == coder and r["weight"] == weight]
        micro = np.mean([r["micro"] for r in mine], axis=0)
        macro = np.mean([r["macro"][-1] for r in mine])
        share = np.mean([r["accepted_share"] for r in mine])
        wrong = np.mean([r["accepted_wrong"] for r in mine])
        label = "—" if coder == "by hand" else f"{weight:g}"
        lines.append(
            f"| {coder} | {label} | "
            + " | ".join(f"{micro[r - 1]:.3f}" for r in shown)
            + f" | {macro:.3f} | {share:.2f} | {wrong:.2f} |"
        )
    return "\n".join(lines)


def summary(results: list[dict]) -> list[tuple[float, float, float]]:
    """Per weight: mean and worst last-round micro-F1 over data sets and coders, each
    relative to coding by hand on the same data (1.0 = as good as coding everything by hand)."""
    out = []
    for weight in WEIGHTS:
        ratios = []
        for name in sorted({r["dataset"] for r in results}):
            hand = np.mean(
                [
                    r["micro"][-1]
                    for r in results
                    if r["dataset"] == name and r["coder"] == "by hand"
                ]
            )
            for coder in CODERS:
                mine = [
                    r["micro"][-1]
                    for r in results
                    if r["dataset"] == name and r["coder"] == coder and r["weight"] == weight
                ]
                ratios.append(np.mean(mine) / hand)
        out.append((weight, float(np.mean(ratios)), float(np.min(ratios))))
    return out


def render(results: list[dict], setup: dict, machine: str, seconds: float) -> str:
    parts = [
        f"Measured {dt.date.today().isoformat()} on {machine}, in {seconds / 60:.1f} minutes "
        f"(`python benchmarks/bench_feedback.py`; seeds {setup['seeds']}; the mean over seeds).",
        "",
        "*micro-F1 rN*: held-out micro-F1 of the suggester after round N; *accepted share*: the",
        "share of saved codes that are accepted suggestions; *accepted wrong*: the share of",
        "accepted suggestions that are not gold codes.",
    ]
    for name, info in setup["datasets"].items():
        parts += ["", f"### {name}", "", info, "", table(results, name)]
    parts += [
        "",
        "### Summary: last-round micro-F1 relative to coding by hand",
        "",
        "| weight | mean over data sets and coders | worst |",
        "|---|---|---|",
    ]
    parts += [f"| {w:g} | {mean:.3f} | {worst:.3f} |" for w, mean, worst in summary(results)]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one seed, fewer rounds")
    parser.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    args = parser.parse_args(argv)
    missing = [str(p) for p in (PX, TALKMOVES) if not p.is_file()]
    if missing:
        print(f"The shared data is missing ({', '.join(missing)}); nothing was run.")
        return 1
    seeds = (0,) if args.quick else (0, 1)
    px_rounds, px_per_round, px_test = (4, 50, 300) if args.quick else (5, 60, 400)
    tm_rounds, tm_test = (3, 2) if args.quick else (3, 3)
    started = time.perf_counter()
    cache = warm_cache(CACHE)
    px = px_documents(PX)
    talkmoves = talkmoves_documents(TALKMOVES, n_lessons=tm_rounds + tm_test + 4, seed=0)
    results = run_dataset("pxtextmining", px, px_rounds, px_per_round, px_test, seeds)
    results += run_dataset("TalkMoves", talkmoves, tm_rounds, 1, tm_test, seeds)
    cache.save(CACHE)
    setup = {
        "seeds": ", ".join(map(str, seeds)),
        "datasets": {
            "pxtextmining": (
                f"{px_rounds} rounds of {px_per_round} comments (one document each), scored on "
                f"{px_test} other comments; each seed draws other comments."
            ),
            "TalkMoves": (
                f"{tm_rounds} rounds of one lesson (a few hundred sentences each), scored on "
                f"{tm_test} other lessons, from {tm_rounds + tm_test + 4} lessons drawn with "
                "seed 0; each seed draws other lessons among them."
            ),
        },
    }
    body = render(results, setup, machine_line(machine_info()), time.perf_counter() - started)
    print(body)
    update_section(args.doc, "feedback", body, title=TITLE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
