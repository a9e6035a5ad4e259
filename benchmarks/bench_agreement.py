"""Speed of ``ls-thematic agreement`` on 100 transcripts x 3 coders x about 20,000 spans.

The export is synthetic but shaped like real interview coding, and seeded: 100 transcripts of
about 30,000 characters, each with about 80 speaker turns (interviewer and participant), coded by
three coders with the thesis codebook (its codable codes, so the per-level table has four
levels). The first coder codes participant turns or parts of them; the others code the same
passages with jittered boundaries, keep the code most of the time, pick a sibling code or another
code otherwise, skip some passages and add some of their own. About 20,000 spans in all.

Timed: the whole computation behind the command (``agreement.compute_agreement``: reading
the export, the units, every coefficient overall, per code, per level (four re-codings) and per
coder pair, the disagreements table and the JSON-ready result) for every unit, best of
``--repeats`` runs. Target: under 5 s for each unit.

Results are printed and written into ``docs/benchmarks.md`` between ``<!-- agreement:start -->``
and ``<!-- agreement:end -->``; other sections are kept.

Run: ``python benchmarks/bench_agreement.py`` (about half a minute).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quality import DEFAULT_DOCS, REPO, machine_info, machine_line, update_section  # noqa: E402

from ls_thematic.label_config.codebook_io import load_codebook  # noqa: E402
from ls_thematic.label_config.lsxml import codebook_to_label_config  # noqa: E402
from ls_thematic.scripts.agreement import compute_agreement  # noqa: E402
from ls_thematic.scripts.snapshot import Snapshot  # noqa: E402

CODEBOOK = REPO / "label_config" / "examples" / "thesis_codebook.yaml"
TARGET_SECONDS = 5.0
UNITS = ("turns", "sentences", "bracketed", "overlap", "characters", "presence")
CODERS = ("first@example.org", "second@example.org", "third@example.org")
WORDS = ("I", "think", "the", "patients", "really", "need", "it", "to", "function", "and",
         "we", "try", "to", "reduce", "slowly", "but", "they", "feel", "anxious", "about", "it")


def synthetic_snapshot(n_tasks=100, length=30_000, turns_per_task=150, seed=0) -> Snapshot:
    """A seeded export: ``n_tasks`` transcripts x 3 coders, about 20,000 spans (see the module)."""
    rng = np.random.default_rng(seed)
    book = load_codebook(CODEBOOK)
    codable = [c.name for c, _ in book.walk() if c.codable]
    siblings = {
        code: [c for c in codable if book.parent_of(c) == book.parent_of(code) and c != code]
        for code in codable
    }
    tasks = []
    for task_id in range(1, n_tasks + 1):
        pieces, turns, position = [], [], 0
        for index in range(turns_per_task):
            speaker = "Interviewer" if index % 2 == 0 else f"P{task_id}"
            n_words = int(rng.integers(8, 30) if index % 2 == 0 else rng.integers(30, 230))
            words = rng.choice(WORDS, size=n_words).tolist()
            cuts = np.cumsum(rng.integers(6, 20, size=n_words))
            sentences = [words[a:b] for a, b in zip([0, *cuts], [*cuts, n_words], strict=True) if words[a:b]]
            body = " ".join(" ".join(w).capitalize() + "." for w in sentences)
            line = f"{speaker}: {body}"
            turns.append({"start": position, "end": position + len(line), "speaker": speaker})
            pieces.append(line)
            position += len(line) + 1
            if position > length:
                break
        text = "\n".join(pieces)
        participant_turns = [t for t in turns if t["speaker"] != "Interviewer"]
        annotations = []
        # the first coder's passages: parts of participant turns
        base = []
        for turn in participant_turns:
            for _ in range(int(rng.integers(1, 4))):
                width = turn["end"] - turn["start"]
                start = turn["start"] + int(rng.integers(0, max(width // 2, 1)))
                end = min(turn["end"], start + int(rng.integers(40, max(width, 41))))
                base.append((start, end, codable[int(rng.integers(len(codable)))]))
        for coder_index, coder in enumerate(CODERS):
            results = []
            for number, (start, end, code) in enumerate(base):
                if coder_index and rng.random() < 0.12:
                    continue  # this coder left the passage uncoded
                if coder_index:
                    start = int(np.clip(start + rng.integers(-25, 26), 0, len(text) - 1))
                    end = int(np.clip(end + rng.integers(-25, 26), start + 1, len(text)))
                    draw = rng.random()
                    if draw > 0.8:
                        code = (siblings[code] or codable)[int(rng.integers(len(siblings[code]) or len(codable)))]
                    elif draw > 0.72:
                        code = codable[int(rng.integers(len(codable)))]
                results.append(_span(f"{coder_index}-{number}", start, end, code))
            for extra in range(int(rng.integers(2, 8)) if coder_index else 0):
                turn = participant_turns[int(rng.integers(len(participant_turns)))]
                results.append(_span(f"{coder_index}-x{extra}", turn["start"], turn["end"],
                                     codable[int(rng.integers(len(codable)))]))
            annotations.append({
                "id": task_id * 10 + coder_index, "completed_by": {"id": coder_index + 1, "email": coder},
                "result": results, "was_cancelled": False, "updated_at": "2026-01-01T00:00:00Z",
            })
        tasks.append({"id": task_id, "data": {"text": text, "turns": turns, "participant": f"P{task_id}"},
                      "annotations": annotations})
    project = {"id": 1, "title": "benchmark", "label_config": codebook_to_label_config(book)}
    return Snapshot(tasks, project=project)


def _span(rid, start, end, code):
    return {"id": rid, "from_name": "code", "to_name": "text", "type": "labels",
            "value": {"start": int(start), "end": int(end), "labels": [code]}}


def run(repeats: int = 3) -> dict:
    started = time.perf_counter()
    snapshot = synthetic_snapshot()
    built = time.perf_counter() - started
    n_spans = sum(len(a["result"]) for t in snapshot for a in t["annotations"])
    n_chars = sum(len(t["data"]["text"]) for t in snapshot)
    n_turns = sum(len(t["data"]["turns"]) for t in snapshot)
    rows = []
    for unit in UNITS:
        options = {"bracketing_coder": CODERS[0]} if unit == "bracketed" else {}
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            _, result = compute_agreement(snapshot, unit=unit, **options)
            times.append(time.perf_counter() - start)
        overall = result["overall"]
        rows.append({
            "unit": unit, "seconds": min(times), "median": float(np.median(times)),
            "campbell": overall["campbell_percent_agreement"], "kappa": overall["cohen_kappa"],
            "alpha": overall["krippendorff_alpha"], "ac1": overall["gwet_ac1"],
            "levels": len(result["per_level"]), "disagreements": result["n_disagreements"],
            "items": overall["n_items"],
        })
        print(f"{unit:>10}: {min(times):6.2f} s (median {np.median(times):.2f})  "
              f"seed's rule {overall['campbell_percent_agreement']:.3f}  kappa {_f(overall['cohen_kappa'])}  "
              f"{result['n_disagreements']} disagreements", flush=True)
    return {"n_tasks": len(snapshot), "n_spans": n_spans, "n_chars": n_chars, "n_turns": n_turns, "build_seconds": built,
            "repeats": repeats, "rows": rows}


def _f(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def markdown(result: dict, info: dict, date: str) -> str:
    lines = [
        "## Agreement",
        "",
        f"Run {date} on {machine_line(info)}; `python benchmarks/bench_agreement.py`.",
        "",
        f"Synthetic, seeded export: {result['n_tasks']} transcripts ({result['n_chars']:,} characters, "
        f"{result['n_turns'] / result['n_tasks']:.0f} speaker turns each on average) x 3 coders x {result['n_spans']:,} spans, thesis codebook (4 levels). "
        "Time: the whole computation behind `ls-thematic agreement` (export, units, every coefficient "
        "overall, per code, per level and per coder pair, disagreements, JSON-ready result), best of "
        f"{result['repeats']} runs. Target: under {TARGET_SECONDS:g} s per unit.",
        "",
        "| unit | time (s) | median (s) | met | % agreement (seed's rule) | Cohen's kappa | Krippendorff's alpha | Gwet's AC1 | disagreements |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        lines.append(
            f"| {row['unit']} | {row['seconds']:.2f} | {row['median']:.2f} | "
            f"{'yes' if row['seconds'] < TARGET_SECONDS else 'no'} | {100 * row['campbell']:.1f}% | "
            f"{_f(row['kappa'])} | {_f(row['alpha'])} | {_f(row['ac1'])} | {row['disagreements']:,} |"
        )
    lines += ["", "Chance-corrected coefficients are not defined for `overlap` (no segment is coded by "
              "nobody) and are shown as -."]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per unit (the best is reported)")
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="markdown file to update")
    parser.add_argument("--no-write", action="store_true", help="only print")
    args = parser.parse_args(argv)
    result = run(args.repeats)
    slow = [r["unit"] for r in result["rows"] if r["seconds"] >= TARGET_SECONDS]
    print(f"{result['n_tasks']} transcripts, {result['n_spans']:,} spans; built in {result['build_seconds']:.1f} s; "
          + ("all units under target" if not slow else f"over target: {', '.join(slow)}"))
    if not args.no_write:
        update_section(args.docs, "agreement", markdown(result, machine_info(), dt.date.today().isoformat()))
        print(f"Updated {args.docs}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
