"""What the pre-filled annotation holds: precision and coverage of pre-filled suggestions.

Before, every suggestion above ``SUGGEST_MIN_SCORE`` was a region of the prediction, and Label
Studio pre-fills a new annotation with all of them. Now only those whose calibrated probability
reaches their code's precision threshold are (:mod:`ls_thematic.backend.prefill`, target
``PREFILL_PRECISION``, at most ``MAX_PREFILL_PER_UNIT`` per turn or paragraph). This measures
both rules on held-out coded segments.

Protocol: the maintainers' held-out protocol (``shared/tools/heldout_eval.py``, imported from
there): documents shuffled with seed 0, 30 % of them held out; the CodeSuggester (real
all-MiniLM-L6-v2, the backend's default settings, no codebook) is fitted on the first n coded
segments of the rest, and suggests codes for a seeded sample of held-out segments. Each held-out
segment is one unit and its own turn (a px comment is one paragraph; a TalkMoves sentence is
one unit and the cap per turn is applied per sentence). Data sets: ``px`` (pxtextmining, 50 codes,
1.3 codes per comment) and ``talkmoves`` (60 lessons, one move per sentence).

Measures per rule: suggestions per 100 segments, precision (share of suggested codes that the
segment has), coverage (share of segments, and of their characters, with at least one right
suggestion) and recall (share of the segments' codes suggested).

Run: ``python benchmarks/bench_prefill.py`` (about 10 minutes on 2 cores the first time, most
of it embedding; the embeddings are cached in /tmp). Writes ``docs/prefill.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quality import REPO, machine_info, machine_line, warm_cache  # noqa: E402

from ls_thematic.backend.config import Settings  # noqa: E402
from ls_thematic.backend.prefill import prefilled, thresholds_of  # noqa: E402
from ls_thematic.backend.suggester import CodeSuggester  # noqa: E402
from ls_thematic.label_config.fileio import atomic_write_text  # noqa: E402

SHARED = REPO.parent / "shared"
DATA = {
    "px": SHARED / "data" / "pxtextmining" / "v6framework_230831.csv",
    "talkmoves": SHARED / "data" / "talkmoves" / "talkmoves.csv.gz",
}
HELDOUT = SHARED / "tools" / "heldout_eval.py"
DEFAULT_DOC = REPO / "docs" / "prefill.md"
DEFAULT_CACHE = Path("/tmp/ls-thematic-bench/minilm-prefill")
POINTS = (100, 400, 1600)
N_TEST = 1000
TITLE = "# Pre-filled suggestions: precision and coverage"


def heldout_protocol():
    """The maintainers' ``heldout_eval`` module (its loaders and its split)."""
    spec = importlib.util.spec_from_file_location("heldout_eval", HELDOUT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def held_out(name: str, n_test: int, seed: int) -> tuple[list, list]:
    """The ordered training pool and a seeded sample of ``n_test`` held-out segments, as
    ``(text, codes)`` pairs."""
    protocol = heldout_protocol()
    pool, test = protocol.split(protocol.LOADERS[name](str(DATA[name])), seed)
    pool = [(protocol.as_text(t), list(c)) for t, c in pool]
    test = [(protocol.as_text(t), list(c)) for t, c in test]
    pick = np.random.RandomState(seed).permutation(len(test))[:n_test]
    return pool, [test[i] for i in sorted(pick)]


def suggestions(estimator, texts: list[str], settings: Settings) -> list[dict[str, float]]:
    """Per text, what the backend's ``_score`` keeps of the suggester's suggestions."""
    out = []
    for codes in estimator.suggest(texts):
        kept = [(c, p) for c, p in codes.items() if p >= settings.suggest_min_score]
        kept.sort(key=lambda item: -item[1])
        out.append(dict(kept[: settings.max_codes_per_unit]))
    return out


def capped(unit_codes: list[dict[str, float]], limit: int) -> list[dict[str, float]]:
    """At most ``limit`` codes per unit, the most probable first (each unit its own turn)."""
    return [dict(sorted(c.items(), key=lambda item: -item[1])[:limit]) for c in unit_codes]


def measure(picked: list[dict[str, float]], test: list[tuple[str, list[str]]]) -> dict:
    n_suggested = sum(len(p) for p in picked)
    right = [len(set(p) & set(codes)) for p, (_, codes) in zip(picked, test, strict=True)]
    chars = np.array([len(text) for text, _ in test], dtype=float)
    covered = np.array([r > 0 for r in right])
    return {
        "per_100": 100.0 * n_suggested / len(test),
        "precision": sum(right) / n_suggested if n_suggested else float("nan"),
        "units": covered.mean(),
        "text": chars[covered].sum() / chars.sum(),
        "recall": sum(right) / sum(len(set(codes)) for _, codes in test),
    }


def run(name: str, settings: Settings, n_test: int, seed: int) -> list[dict]:
    pool, test = held_out(name, n_test, seed)
    texts = [text for text, _ in test]
    rows = []
    for n in POINTS:
        train = pool[:n]
        started = time.perf_counter()
        estimator = CodeSuggester(
            encoder="minilm",
            cold_start_segments=settings.cold_start_segments,
            cold_start_similarity=settings.cold_start_similarity,
        ).fit([t for t, _ in train], [c for _, c in train])
        unit_codes = suggestions(estimator, texts, settings)
        thresholds = thresholds_of(estimator, settings.prefill_precision)
        new = capped(prefilled(unit_codes, thresholds), settings.max_prefill_per_unit)
        finite = [t for t in thresholds.values() if np.isfinite(t)]
        for rule, picked in (("everything suggested (before)", unit_codes), ("pre-filled", new)):
            row = {"data": name, "n": n, "rule": rule, **measure(picked, test)}
            row["codes"] = f"{len(finite)}/{len(thresholds)}" if rule == "pre-filled" else ""
            rows.append(row)
            print(row, f"{time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return rows


def render(rows: list[dict], settings: Settings, machine: str, n_test: int, seconds: float) -> str:
    lines = [
        TITLE,
        "",
        f"Measured {dt.date.today().isoformat()} on {machine}, in {seconds / 60:.1f} minutes, "
        "by `benchmarks/bench_prefill.py` (real all-MiniLM-L6-v2; the maintainers' held-out "
        f"protocol, {n_test:,} held-out segments per data set, seed 0). Pre-fill target "
        f"`PREFILL_PRECISION={settings.prefill_precision}`, "
        f"`MAX_PREFILL_PER_UNIT={settings.max_prefill_per_unit}`, `SUGGEST_MIN_SCORE="
        f"{settings.suggest_min_score}`, `SUGGEST_MAX_CODES={settings.max_codes_per_unit}`.",
        "",
        "*Before*: every suggestion is a region, and Label Studio pre-fills them all. *Pre-filled*:"
        " only those at or above their code's precision threshold. Precision: share of the "
        "suggested codes the segment has. Covered: share of the held-out segments (and of their "
        "characters) with at least one right suggestion. Codes: how many codes can be pre-filled "
        "(a finite threshold) of those the suggester knows.",
        "",
        "| data | coded segments | rule | suggestions / 100 segments | precision | covered "
        "segments | covered text | recall | codes |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        precision = "–" if np.isnan(r["precision"]) else f"{r['precision']:.2f}"
        lines.append(
            f"| {r['data']} | {r['n']:,} | {r['rule']} | {r['per_100']:.0f} | {precision} | "
            f"{r['units']:.2f} | {r['text']:.2f} | {r['recall']:.2f} | {r['codes']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="px,talkmoves", help="comma-separated: px, talkmoves")
    parser.add_argument("--n-test", type=int, default=N_TEST)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    missing = [str(DATA[n]) for n in args.data.split(",") if not DATA[n].exists()]
    if missing or not HELDOUT.exists():
        print(f"Shared data missing: {', '.join(missing) or HELDOUT}", file=sys.stderr)
        return 1
    settings = Settings()
    cache = warm_cache(args.cache)
    started = time.perf_counter()
    rows = []
    for name in args.data.split(","):
        rows += run(name, settings, args.n_test, args.seed)
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        cache.save(args.cache)
    body = render(
        rows, settings, machine_line(machine_info()), args.n_test, time.perf_counter() - started
    )
    print(body)
    atomic_write_text(args.doc, body + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
