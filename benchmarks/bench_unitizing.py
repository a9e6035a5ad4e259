"""Speed of Krippendorff's unitizing alphas on 100 transcripts x 3 coders x about 20,000 spans.

Synthetic, seeded: 100 transcripts of 30,000 characters; the first coder codes passages with 8
codes, the others keep them with jittered boundaries and another code now and then, skip some
and add some of their own (no coder's spans overlap, as the coefficients require). ``--spans``
is the total over all transcripts and coders (default 20,000, as in bench_agreement.py); try
``--spans 6000000`` for 20,000 spans per coder per transcript.

Timed: :func:`unitizing_alphas` on the whole set (checks, coincidences, every coefficient),
best of ``--repeats`` runs. Target: under 30 s. Prints the figures; writes nothing.

Run: ``python benchmarks/bench_unitizing.py``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from ls_thematic.scripts.agreement.unitizing import unitizing_alphas

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
    per_coder = max(1, n_spans // (n_transcripts * n_coders))
    length = max(30_000, 4 * per_coder)
    continua = {}
    for t in range(n_transcripts):
        base = _first_coder(rng, length, per_coder)
        coders = {"coder 1": base}
        for c in range(2, n_coders + 1):
            coders[f"coder {c}"] = _other_coder(rng, base, length)
        continua[f"transcript {t + 1}"] = (length, coders)
    return continua


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--spans", type=int, default=20_000, help="total over all transcripts")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    continua = synthetic_continua(args.transcripts, args.coders, args.spans, args.seed)
    n_spans = sum(len(s) for _, coders in continua.values() for s in coders.values())
    best, result = float("inf"), None
    for _ in range(args.repeats):
        started = time.perf_counter()
        result = unitizing_alphas(continua)
        best = min(best, time.perf_counter() - started)
    verdict = "ok" if best < TARGET_SECONDS else "TOO SLOW"
    print(
        f"unitizing alphas: {args.transcripts} transcripts x {args.coders} coders, "
        f"{n_spans:,} spans: best of {args.repeats} {best:.3f} s "
        f"(target < {TARGET_SECONDS:.0f} s: {verdict})"
    )
    print(
        f"  uα {result['u_alpha']:.4f}  |uα {result['binary_u_alpha']:.4f}  "
        f"cuα {result['cu_alpha']:.4f}  pairable {result['pairable_u']:,.0f} / "
        f"{result['pairable_cu']:,.0f}"
    )


if __name__ == "__main__":
    main()
