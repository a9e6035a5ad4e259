"""What was tried against the backend and the text rule, and what held: ``docs/reliability.md``.

Three measurements, each in its own module beside this script, all against the real thing (a real
gunicorn backend process with the packaged all-MiniLM-L6-v2 encoder, ``HF_HUB_OFFLINE=1``):

* **Fuzzing** (``reliability_fuzz.fuzz``): generated and mutated request bodies posted to
  ``/setup``, ``/predict`` and ``/webhook``, with ``/health`` probed during the run. Held when no
  answer is a 5xx and ``/health`` never failed.
* **Crashes** (``reliability_crash.crash_cycles``): 8 threads post annotation events while the
  process is killed with SIGKILL at random moments; after each restart every event that got a 2xx
  must be in the store. Held when none is lost.
* **Worst-case text**: a real backend app answers ``/predict`` of 1 MB adversarial task texts
  (refused by ``MAX_TASK_CHARS``); and ``reliability_text.worst_case_text`` splits adversarial
  texts (punctuation runs and the like) into sentences, at the size limit and at 1 MB. Held when
  the backend answers in under 1 s and each split at the size limit takes under 1 s (the 1 MB
  splits show that the time grows linearly; they are not a bar, since no task that long reaches
  the backend's sentence rule).

Run: ``python benchmarks/bench_reliability.py`` (the issue's sizes: 10,000 bodies, 20 kill cycles;
about half an hour on 2 cores), or ``--quick`` for a smoke run. The table is printed and written
into ``docs/reliability.md`` between ``<!-- reliability:start -->`` and ``<!-- reliability:end -->``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quality import REPO, machine_info, machine_line, update_section  # noqa: E402
from reliability_crash import crash_cycles  # noqa: E402
from reliability_fuzz import fuzz  # noqa: E402
from reliability_text import ADVERSARIAL, adversarial_text, worst_case_text  # noqa: E402

from ls_thematic.backend.app import create_app  # noqa: E402
from ls_thematic.backend.config import Settings  # noqa: E402
from ls_thematic.backend.model import MAX_TASK_CHARS  # noqa: E402
from ls_thematic.label_config.codebook_io import load_codebook  # noqa: E402
from ls_thematic.label_config.lsxml import codebook_to_label_config  # noqa: E402

DEFAULT_DOC = REPO / "docs" / "reliability.md"
TEXT_LIMIT_S = 1.0
TITLE = "# Reliability"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=10_000, help="fuzzed request bodies")
    parser.add_argument("--cycles", type=int, default=20, help="SIGKILL cycles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="300 bodies, 3 cycles")
    parser.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    args = parser.parse_args(argv)
    bodies, cycles = (300, 3) if args.quick else (args.bodies, args.cycles)

    fuzzed = fuzz(n_bodies=bodies, seed=args.seed)
    print(f"fuzz: {fuzzed}", flush=True)
    crashed = crash_cycles(cycles=cycles, threads=8, seed=args.seed)
    print(f"crash: {crashed}", flush=True)
    answers = predict_answers()
    print(f"predict: {answers}", flush=True)
    texts = worst_case_text(MAX_TASK_CHARS)
    at_1mb = {row["input"]: row for row in worst_case_text()}
    for row in texts:
        row["seconds_1mb"] = at_1mb[row["input"]]["seconds"]
    print(f"text: {texts}", flush=True)

    body = render(fuzzed, crashed, answers, texts, machine_line(machine_info()), quick=args.quick)
    print(body)
    update_section(args.doc, "reliability", body, title=TITLE)
    return 0 if held(fuzzed, crashed, answers, texts) else 1


def predict_answers(chars: int = 1_000_000) -> list[dict]:
    """``/predict`` of each 1 MB adversarial task on a backend app (default encoder): the
    status and the seconds to answer."""
    book = load_codebook(REPO / "label_config" / "examples" / "thesis_codebook.yaml")
    config = codebook_to_label_config(book)
    rows = []
    with tempfile.TemporaryDirectory(prefix="ls-thematic-bigtask-") as tmp:
        client = create_app(Settings(model_dir=Path(tmp) / "models")).test_client()
        for description in ADVERSARIAL:
            task = {"id": 1, "data": {"text": adversarial_text(description, chars)}}
            body = {"tasks": [task], "project": "1.1700000000", "label_config": config}
            started = time.perf_counter()
            response = client.post("/predict", json=body)
            rows.append(
                {
                    "input": description,
                    "chars": chars,
                    "status": response.status_code,
                    "seconds": time.perf_counter() - started,
                }
            )
    return rows


def fuzz_held(fuzzed: dict) -> bool:
    """No 5xx, every post answered, /health always up."""
    return (
        fuzzed["status_5xx"] == 0
        and fuzzed["status_counts"].get("no answer", 0) == 0
        and fuzzed["health_failures"] == 0
    )


def held(fuzzed: dict, crashed: dict, answers: list[dict], texts: list[dict]) -> bool:
    """Whether every measurement met its bar."""
    return (
        fuzz_held(fuzzed)
        and crashed["lost"] == 0
        and all(row["seconds"] < TEXT_LIMIT_S and row["status"] < 500 for row in answers)
        and all(row["seconds"] < TEXT_LIMIT_S for row in texts)
    )


def render(
    fuzzed: dict,
    crashed: dict,
    answers: list[dict],
    texts: list[dict],
    machine: str,
    *,
    quick: bool,
) -> str:
    """The Markdown table of ``docs/reliability.md``."""
    verdict = {True: "held", False: "**failed**"}
    statuses = ", ".join(
        f"{code}: {n:,}" for code, n in sorted(fuzzed["status_counts"].items(), key=str)
    )
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine}"
        + (" (quick run: `--quick`)." if quick else "."),
        "",
        "| what was tried | figures | held? |",
        "| --- | --- | --- |",
        f"| {fuzzed['requests']:,} fuzzed bodies to /setup, /predict, /webhook "
        f"({fuzzed['seconds']:.0f} s) | 5xx: {fuzzed['status_5xx']}; answers {statuses}; "
        f"/health failures {fuzzed['health_failures']}, slowest {fuzzed['health_max_ms']:.0f} ms "
        f"| {verdict[fuzz_held(fuzzed)]} |",
        f"| {crashed['cycles']} SIGKILL cycles, 8 threads posting events "
        f"({crashed['seconds']:.0f} s) | acknowledged {crashed['acknowledged']:,}, "
        f"found after restart {crashed['found']:,}, lost {crashed['lost']} "
        f"| {verdict[crashed['lost'] == 0]} |",
    ]
    slowest = max(answers, key=lambda row: row["seconds"])
    statuses = sorted({row["status"] for row in answers})
    lines.append(
        f"| /predict of {len(answers)} adversarial tasks of {answers[0]['chars']:,} chars "
        f"| answered {', '.join(map(str, statuses))} (over MAX_TASK_CHARS = {MAX_TASK_CHARS:,}); "
        f"slowest {slowest['seconds'] * 1000:.0f} ms "
        f"| {verdict[all(r['seconds'] < TEXT_LIMIT_S and r['status'] < 500 for r in answers)]} |"
    )
    for row in texts:
        lines.append(
            f"| sentence split of {row['input']} ({row['chars']:,} chars; 1 MB: "
            f"{row['seconds_1mb'] * 1000:,.0f} ms) "
            f"| {row['seconds'] * 1000:.0f} ms ({row.get('cpu_seconds', row['seconds']) * 1000:.0f} ms "
            f"CPU), {row['sentences']:,} sentences "
            f"| {verdict[row['seconds'] < TEXT_LIMIT_S]} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
