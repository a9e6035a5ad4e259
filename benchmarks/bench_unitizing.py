"""Speed of ``ls-thematic agreement --unit spans``: the unitizing alphas and Mathet's γ.

Three measures, each through the library call the command makes
(:func:`~ls_thematic.scripts.agreement.compute_agreement` with ``unit="spans"``, or the function it
calls for γ):

1. ``unitizing_alphas`` alone on 100 synthetic transcripts x 3 coders x about 20,000 spans (seeded:
   transcripts of 30,000 characters; the first coder codes passages with 8 codes, the others keep
   them with jittered boundaries and another code now and then, skip some and add none; no
   coder's spans overlap, as the coefficients over all codes require). ``--spans`` is the total;
   try ``--spans 6000000`` for 20,000 spans per coder per transcript.
2. ``compute_agreement(unit="spans", gamma=False)`` (``agreement --unit spans --no-gamma``) on the
   same spans as a Label Studio export, and on bench_agreement.py's export shaped like interview
   coding (thesis codebook, 100 transcripts x 3 coders, about 22,600 spans, codes overlapping, so
   each code is reported on its own). Target: under 30 s (issue 13).
3. γ (:func:`~ls_thematic.scripts.agreement.gamma.gamma_per_continuum`, pygamma-agreement's
   defaults, 30 random samples): seconds per transcript of 20, 50, 100, 200 and 500 spans (2 coders, half
   each), median over ``--gamma-transcripts`` transcripts, after a first call that pays numba's
   compilation (reported on its own).

Best of ``--repeats`` runs for 1 and 2. Results are printed and written into
``docs/benchmarks.md`` between ``<!-- unitizing:start -->`` and ``<!-- unitizing:end -->``; other
sections are kept.

Run: ``python benchmarks/bench_unitizing.py`` (about a minute with γ; ``--no-gamma`` without).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_agreement import synthetic_snapshot  # noqa: E402
from bench_quality import DEFAULT_DOCS, machine_info, machine_line, update_section  # noqa: E402

from ls_thematic.scripts.agreement import compute_agreement  # noqa: E402
from ls_thematic.scripts.agreement.gamma import gamma_per_continuum  # noqa: E402
from ls_thematic.scripts.agreement.unitizing import unitizing_alphas  # noqa: E402
from ls_thematic.scripts.snapshot import Snapshot  # noqa: E402

TARGET_SECONDS = 30.0
CODES = [f"code {i}" for i in range(8)]


def _first_coder(rng: np.random.Generator, length: int, n_spans: int) -> list:
    cuts = np.sort(rng.choice(np.arange(1, length), size=2 * n_spans, replace=False))
    codes = rng.choice(len(CODES), size=n_spans)
    return [(int(cuts[2 * i]), int(cuts[2 * i + 1]), CODES[codes[i]]) for i in range(n_spans)]


def _other_coder(rng: np.random.Generator, base: list, length: int) -> list:
    """The first coder's passages with jittered boundaries, some codes changed or skipped."""
    spans, last_end = [], 0
    for start, end, code in base:
        if rng.random() < 0.1:
            continue
        start = max(last_end, start + int(rng.integers(-3, 4)))
        end = min(length, end + int(rng.integers(-3, 4)))
        if rng.random() < 0.2:
            code = CODES[int(rng.integers(len(CODES)))]
        if end > start:
            spans.append((start, end, code))
            last_end = end
    return spans


def synthetic_continua(n_transcripts: int, n_coders: int, n_spans: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    # the other coders skip a tenth of the first coder's passages: about n_spans in all
    per_coder = max(1, math.ceil(n_spans / (n_transcripts * (1 + 0.9 * (n_coders - 1)))))
    length = max(30_000, 4 * per_coder)
    continua = {}
    for t in range(n_transcripts):
        base = _first_coder(rng, length, per_coder)
        coders = {"coder 1": base}
        for c in range(2, n_coders + 1):
            coders[f"coder {c}"] = _other_coder(rng, base, length)
        continua[f"transcript {t + 1}"] = (length, coders)
    return continua


GAMMA_SIZES = (20, 50, 100, 200, 500)
GAMMA_SAMPLES = 30


def continua_snapshot(continua: dict) -> Snapshot:
    """The continua as a Label Studio export: one task per transcript (text of letters), one
    annotation per coder, one labels result per span."""
    tasks = []
    for task_id, (length, coders) in enumerate(continua.values(), start=1):
        text = ("abcdefghi " * (length // 10 + 1))[:length]
        annotations = [
            {
                "id": 10 * task_id + index,
                "completed_by": {"id": index + 1, "email": f"coder{index + 1}@example.org"},
                "was_cancelled": False,
                "result": [
                    {
                        "id": f"{index}-{number}",
                        "from_name": "code",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": start, "end": end, "labels": [code]},
                    }
                    for number, (start, end, code) in enumerate(spans)
                ],
            }  # fmt: skip
            for index, spans in enumerate(coders.values())
        ]
        tasks.append({"id": task_id, "data": {"text": text}, "annotations": annotations})
    return Snapshot(tasks)


def _best(call, repeats: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - started)
    return best, result


def run_alphas(args) -> list[dict]:
    """Measures 1 and 2: one row each (``name``, ``n_spans``, ``seconds``, ``u_alpha``, ...)."""
    continua = synthetic_continua(args.transcripts, args.coders, args.spans, args.seed)
    n_spans = sum(len(s) for _, coders in continua.values() for s in coders.values())
    shape = f"{args.transcripts} transcripts x {args.coders} coders x {n_spans:,} spans"
    seconds, result = _best(lambda: unitizing_alphas(continua), args.repeats)
    rows = [{"name": f"unitizing_alphas: {shape} (8 codes, disjoint)", "n_spans": n_spans,
             "seconds": seconds, "u_alpha": result["u_alpha"], "note": ""}]  # fmt: skip
    for label, snapshot in (
        (f"spans_agreement (no γ): {shape} (8 codes, disjoint)", continua_snapshot(continua)),
        ("spans_agreement (no γ): bench_agreement.py's export", synthetic_snapshot()),
    ):
        call = lambda s=snapshot: compute_agreement(s, unit="spans", gamma=False)[1]  # noqa: E731
        seconds, result = _best(call, args.repeats)
        found = result["unitizing"]
        alone = [r["alone_u_alpha"] for r in found["per_code"] if r["alone_u_alpha"] is not None]
        note = "" if found["overlap"] is None else (
            f"codes overlap: {len(alone)} codes on their own, uα {min(alone):.3f} to "
            f"{max(alone):.3f}"
        )  # fmt: skip
        if "bench_agreement" in label:
            label = (f"spans_agreement (no γ): {result['n_tasks']} transcripts x "
                     f"{len(result['coders'])} coders x {found['n_spans']:,} spans (thesis "
                     "codebook, bench_agreement.py's export)")  # fmt: skip
        rows.append({"name": label, "n_spans": found["n_spans"], "seconds": seconds,
                     "u_alpha": found["u_alpha"], "note": note})  # fmt: skip
    for row in rows:
        print(f"{row['name']}: best of {args.repeats} {row['seconds']:.3f} s "
              f"(target < {TARGET_SECONDS:.0f} s) {row['note']}", flush=True)  # fmt: skip
    return rows


def run_gamma(n_transcripts: int, seed: int, sizes=GAMMA_SIZES) -> dict:
    """Measure 3: ``warmup`` (s, the first call: compilation and a 20-span transcript) and
    ``rows`` (``n_spans``, ``seconds`` median per transcript, ``min``, ``max``, ``gammas``)."""
    rng = np.random.default_rng(seed)

    def transcript(n_spans: int) -> dict:
        length = 500 * n_spans
        base = _first_coder(rng, length, n_spans // 2)
        return {"x": (length, {"coder 1": base, "coder 2": _other_coder(rng, base, length)})}

    started = time.perf_counter()
    gamma_per_continuum(transcript(20), n_samples=GAMMA_SAMPLES)
    warmup = time.perf_counter() - started
    print(f"γ, first call (numba compiles; 20 spans): {warmup:.1f} s", flush=True)
    rows = []
    for n_spans in sizes:
        times, gammas = [], []
        for index in range(n_transcripts):
            one = transcript(n_spans)
            started = time.perf_counter()
            found = gamma_per_continuum(one, n_samples=GAMMA_SAMPLES, seed=index)
            times.append(time.perf_counter() - started)
            gammas.append(found["gamma"]["per_task"][0]["gamma"])
        rows.append({"n_spans": n_spans, "seconds": float(np.median(times)), "min": min(times),
                     "max": max(times), "gammas": gammas})  # fmt: skip
        print(f"γ, {n_spans} spans (2 coders): {np.median(times):.2f} s per transcript "
              f"(min {min(times):.2f}, max {max(times):.2f}); γ "
              + ", ".join(f"{g:.3f}" for g in gammas), flush=True)  # fmt: skip
    snapshot = synthetic_snapshot(n_tasks=n_transcripts)
    started = time.perf_counter()
    result = compute_agreement(snapshot, unit="spans")[1]  # the command's call, γ on
    seconds = (time.perf_counter() - started) / n_transcripts
    found = result["gamma"]["per_task"]
    interview = {"n_spans": float(np.mean([r["n_spans"] for r in found])), "seconds": seconds,
                 "gammas": [r["gamma"] for r in found], "coders": len(result["coders"])}  # fmt: skip
    print(f"γ and the alphas, bench_agreement.py's export ({interview['coders']} coders, "
          f"{interview['n_spans']:.0f} spans per transcript): {seconds:.2f} s per transcript",
          flush=True)  # fmt: skip
    return {"warmup": warmup, "rows": rows, "n_transcripts": n_transcripts,
            "interview": interview}  # fmt: skip


def markdown(rows: list, gamma: dict | None, args, info: dict, date: str) -> str:
    lines = [
        "## Unitizing agreement (`--unit spans`)",
        "",
        f"Run {date} on {machine_line(info)}; `python benchmarks/bench_unitizing.py`.",
        "",
        "Synthetic, seeded spans (see the script). Time: the library call behind "
        '`ls-thematic agreement --unit spans --no-gamma` (`compute_agreement(unit="spans", '
        f"gamma=False)`: export, continua, every alpha overall and per code), best of {args.repeats} "
        f"runs, and `unitizing_alphas` alone. Target: under {TARGET_SECONDS:g} s.",
        "",
        "| measure | time (s) | met | uα | note |",
        "|---|---:|---|---:|---|",
    ]
    for row in rows:
        u_alpha = "-" if row["u_alpha"] is None else f"{row['u_alpha']:.3f}"
        met = "yes" if row["seconds"] < TARGET_SECONDS else "no"
        lines.append(
            f"| {row['name']} | {row['seconds']:.2f} | {met} | {u_alpha} | {row['note']} |"
        )
    if gamma:
        lines += [
            "",
            f"γ (pygamma-agreement, combined categorical dissimilarity, {GAMMA_SAMPLES} random "
            "samples), per transcript of 2 coders (half the spans each, the second coder's "
            "boundaries jittered), median over "
            f"{gamma['n_transcripts']} transcripts. The first γ of a process also pays numba's "
            f"compilation: {gamma['warmup']:.1f} s for a 20-span transcript.",
            "",
            "| spans per transcript | median (s) | min (s) | max (s) | γ |",
            "|---:|---:|---:|---:|---|",
        ]
        for row in gamma["rows"]:
            gammas = ", ".join(f"{g:.3f}" for g in row["gammas"])
            lines.append(f"| {row['n_spans']} | {row['seconds']:.2f} | {row['min']:.2f} | "
                         f"{row['max']:.2f} | {gammas} |")  # fmt: skip
        shaped = gamma["interview"]
        lines += [
            "",
            f"On transcripts shaped like interview coding (bench_agreement.py's export, first "
            f"{gamma['n_transcripts']}: {shaped['coders']} coders, {shaped['n_spans']:.0f} spans "
            'per transcript on average, codes overlapping), `compute_agreement(unit="spans")` '
            f"with γ took {shaped['seconds']:.2f} s per transcript after the compilation (γ "
            + ", ".join(f"{g:.3f}" for g in shaped["gammas"])
            + ").",
        ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--spans", type=int, default=20_000, help="total over all transcripts")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--gamma-transcripts", type=int, default=3,
                        help="transcripts timed per γ size")  # fmt: skip
    parser.add_argument("--gamma-sizes", type=int, nargs="+", default=list(GAMMA_SIZES),
                        help="spans per transcript timed for γ")  # fmt: skip
    parser.add_argument("--no-gamma", action="store_true", help="leave out the γ measures")
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="markdown file to update")
    parser.add_argument("--no-write", action="store_true", help="only print")
    args = parser.parse_args(argv)
    rows = run_alphas(args)
    gamma = (
        None if args.no_gamma else run_gamma(args.gamma_transcripts, args.seed, args.gamma_sizes)
    )
    if not args.no_write:
        text = markdown(rows, gamma, args, machine_info(), dt.date.today().isoformat())
        update_section(args.docs, "unitizing", text)
        print(f"Updated {args.docs}")
    return 1 if any(r["seconds"] >= TARGET_SECONDS for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
