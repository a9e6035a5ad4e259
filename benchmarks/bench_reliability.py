"""What was tried against the backend and the text rule, and what held: ``docs/reliability.md``.

Four measurements, most in their own module beside this script, all against the real thing (a real
gunicorn backend process with the packaged all-MiniLM-L6-v2 encoder, ``HF_HUB_OFFLINE=1``):

* **Fuzzing** (``reliability_fuzz.fuzz``): generated and mutated request bodies posted to
  ``/setup``, ``/predict`` and ``/webhook``, with ``/health`` probed during the run. Held when no
  answer is a 5xx and ``/health`` never failed.
* **Crashes** (``reliability_crash.crash_cycles``): 8 threads post annotation events while the
  process is killed with SIGKILL at random moments; after each restart every event that got a 2xx
  must be in the store. Held when none is lost.
* **/health under adversarial tasks** (:func:`health_during_predict`): a real gunicorn backend
  (``reliability_fuzz.running_backend``) answers ``/predict`` of each adversarial text at
  ``MAX_TASK_CHARS`` (split and scored) and at 1 MB (refused), one at a time, while a thread asks
  ``/health`` every 20 ms. Held when every probe answers within 100 ms and each 1 MB task is
  refused within 1 s.
* **Worst-case text**: a real backend app answers ``/predict`` of 1 MB adversarial task texts
  (refused by ``MAX_TASK_CHARS``); and ``reliability_text.worst_case_text`` splits adversarial
  texts (punctuation runs and the like) into sentences, at the size limit and at 1 MB. Held when
  the backend answers in under 1 s and each split at the size limit takes under 1 s (the 1 MB
  splits show that the time grows linearly; they are not a bar, since no task that long reaches
  the backend's sentence rule).

Run: ``python benchmarks/bench_reliability.py`` (the issue's sizes: 10,000 bodies, 20 kill cycles;
about half an hour on 2 cores), or ``--quick`` for a smoke run, or ``--only PART ...`` (parts:
fuzz, crash, health, predict, text) to measure some parts and keep the table's other rows as they
were, with their date. The table is printed and written into ``docs/reliability.md`` between
``<!-- reliability:start -->`` and ``<!-- reliability:end -->``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quality import REPO, machine_info, machine_line, update_section  # noqa: E402
from reliability_crash import crash_cycles  # noqa: E402
from reliability_fuzz import HealthProbe, fuzz, running_backend  # noqa: E402
from reliability_text import ADVERSARIAL, adversarial_text, worst_case_text  # noqa: E402

from ls_thematic.backend.app import create_app  # noqa: E402
from ls_thematic.backend.config import Settings  # noqa: E402
from ls_thematic.backend.model import MAX_TASK_CHARS  # noqa: E402
from ls_thematic.label_config.codebook_io import load_codebook  # noqa: E402
from ls_thematic.label_config.lsxml import codebook_to_label_config  # noqa: E402

DEFAULT_DOC = REPO / "docs" / "reliability.md"
TEXT_LIMIT_S = 1.0
HEALTH_LIMIT_MS = 100.0
HEALTH_EVERY_S = 0.02
PREDICT_TIMEOUT_S = 120.0
MB = 1_000_000
JSON_HEADERS = {"Content-Type": "application/json"}
TITLE = "# Reliability"
#: The parts of the measurement, in the table's order, and words of their rows' first cell.
PARTS = {
    "fuzz": "fuzzed bodies",
    "crash": "SIGKILL cycles",
    "health": "/health during /predict",
    "predict": "/predict of",
    "text": "sentence split of",
}
VERDICT = {True: "held", False: "**failed**"}
_ONLY_NOTE = re.compile(r"^Re-measured with `--only (\w+)`")

Rows = list[tuple[str, bool]]  # Markdown table rows and whether each held


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=10_000, help="fuzzed request bodies")
    parser.add_argument("--cycles", type=int, default=20, help="SIGKILL cycles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="300 bodies, 3 cycles")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(PARTS),
        metavar="PART",
        help=f"measure only these parts ({', '.join(PARTS)}); the table keeps the other rows "
        "as they were, with their date",
    )
    parser.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    args = parser.parse_args(argv)
    bodies, cycles = (300, 3) if args.quick else (args.bodies, args.cycles)

    machine = f"{machine_line(machine_info())}, load average {os.getloadavg()[0]:.1f} at the start"
    rows: dict[str, Rows] = {}
    for part in [part for part in PARTS if part in (args.only or PARTS)]:
        result = measure(part, bodies=bodies, cycles=cycles, seed=args.seed)
        print(f"{part}: {result}", flush=True)
        rows[part] = ROWS[part](result)

    when = dt.date.today().isoformat()
    if args.only:
        old = args.doc.read_text(encoding="utf-8") if args.doc.exists() else ""
        body = merge(old, rows, f"{when} on {machine}", quick=args.quick)
    else:
        quick = " (quick run: `--quick`)." if args.quick else "."
        body = "\n".join([f"Measured {when} on {machine}{quick}", "", *table(rows)])
    print(body)
    update_section(args.doc, "reliability", body, title=TITLE)
    return 0 if all(ok for part_rows in rows.values() for _, ok in part_rows) else 1


def measure(part: str, *, bodies: int, cycles: int, seed: int) -> dict | list[dict]:
    """Run one part of the measurement (a key of :data:`PARTS`)."""
    if part == "fuzz":
        return fuzz(n_bodies=bodies, seed=seed)
    if part == "crash":
        return crash_cycles(cycles=cycles, threads=8, seed=seed)
    if part == "health":
        return health_during_predict()
    if part == "predict":
        return predict_answers()
    texts = worst_case_text(MAX_TASK_CHARS)
    at_1mb = {row["input"]: row for row in worst_case_text()}
    for row in texts:
        row["seconds_1mb"] = at_1mb[row["input"]]["seconds"]
    return texts


def thesis_label_config() -> str:
    """The labelling config of the example thesis codebook (the one the /predict bodies use)."""
    return codebook_to_label_config(
        load_codebook(REPO / "label_config" / "examples" / "thesis_codebook.yaml")
    )


def predict_answers(chars: int = MB) -> list[dict]:
    """``/predict`` of each 1 MB adversarial task on a backend app (default encoder): the
    status and the seconds to answer."""
    config = thesis_label_config()
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


def health_during_predict(sizes: tuple[int, ...] = (MAX_TASK_CHARS, MB)) -> dict:
    """``/health`` on a real gunicorn backend (packaged encoder) while it answers ``/predict`` of
    each adversarial text at each size in turn, asked every :data:`HEALTH_EVERY_S` seconds.

    Returns
    -------
    dict
        ``health_ms`` (milliseconds of every probe that answered 200), ``health_failures``
        (probes without a 200 within 2 s), ``predicts`` (one ``{"input", "chars", "status",
        "seconds"}`` per post; ``status`` is ``"no answer"`` when none came) and ``seconds``
        (the posting, without the backend's start and the encoder's warm-up).
    """
    config = thesis_label_config()
    project = "1.1700000000"
    predicts = []
    with tempfile.TemporaryDirectory(prefix="ls-thematic-health-") as tmp:
        with running_backend(Path(tmp)) as url:
            session = requests.Session()
            warm_up = {"id": 1, "data": {"text": "P1: I could not sleep. The money ran out."}}
            body = {"tasks": [warm_up], "project": project, "label_config": config}
            session.post(f"{url}/predict", json=body, timeout=PREDICT_TIMEOUT_S).raise_for_status()
            probe = HealthProbe(f"{url}/health", every_s=HEALTH_EVERY_S)
            probe.start()
            started = time.perf_counter()
            try:
                for chars in sizes:
                    for description in ADVERSARIAL:
                        task = {"id": 1, "data": {"text": adversarial_text(description, chars)}}
                        body = {"tasks": [task], "project": project, "label_config": config}
                        data = json.dumps(body).encode("ascii")  # encoded before the clock starts
                        sent = time.perf_counter()
                        try:
                            status = session.post(
                                f"{url}/predict", data=data, headers=JSON_HEADERS,
                                timeout=PREDICT_TIMEOUT_S,
                            ).status_code  # fmt: skip
                        except requests.RequestException:
                            status = "no answer"
                        predicts.append(
                            {"input": description, "chars": chars, "status": status,
                             "seconds": time.perf_counter() - sent}
                        )  # fmt: skip
            finally:
                seconds = time.perf_counter() - started
                probe.stop()
    return {
        "health_ms": probe.answered_ms,
        "health_failures": probe.failures,
        "predicts": predicts,
        "seconds": seconds,
    }


def fuzz_held(fuzzed: dict) -> bool:
    """No 5xx, every post answered, /health always up."""
    return (
        fuzzed["status_5xx"] == 0
        and fuzzed["status_counts"].get("no answer", 0) == 0
        and fuzzed["health_failures"] == 0
    )


def fuzz_rows(fuzzed: dict) -> Rows:
    statuses = ", ".join(
        f"{code}: {n:,}" for code, n in sorted(fuzzed["status_counts"].items(), key=str)
    )
    return [
        (
            f"| {fuzzed['requests']:,} fuzzed bodies to /setup, /predict, /webhook "
            f"({fuzzed['seconds']:.0f} s) | 5xx: {fuzzed['status_5xx']}; answers {statuses}; "
            f"/health failures {fuzzed['health_failures']}, "
            f"slowest {fuzzed['health_max_ms']:.0f} ms",
            fuzz_held(fuzzed),
        )
    ]


def crash_rows(crashed: dict) -> Rows:
    return [
        (
            f"| {crashed['cycles']} SIGKILL cycles, 8 threads posting events "
            f"({crashed['seconds']:.0f} s) | acknowledged {crashed['acknowledged']:,}, "
            f"found after restart {crashed['found']:,}, lost {crashed['lost']}",
            crashed["lost"] == 0,
        )
    ]


def health_rows(measured: dict) -> Rows:
    """One row: /health latency, and the /predict answers at the limit and at 1 MB."""
    probes = measured["health_ms"] or [float("inf")]  # no probe answered: that fails the bar
    p95 = statistics.quantiles(probes, n=20, method="inclusive")[-1] if probes[1:] else probes[0]
    at_limit = [row for row in measured["predicts"] if row["chars"] <= MAX_TASK_CHARS]
    over = [row for row in measured["predicts"] if row["chars"] > MAX_TASK_CHARS]

    def answers(rows: list[dict]) -> str:
        counts = sorted(Counter(row["status"] for row in rows).items(), key=str)
        slowest = max(row["seconds"] for row in rows) * 1000
        return ", ".join(f"{status}: {n}" for status, n in counts) + f"; slowest {slowest:,.0f} ms"

    held = (
        measured["health_failures"] == 0
        and max(probes) < HEALTH_LIMIT_MS
        and all(isinstance(row["status"], int) and row["status"] < 500 for row in at_limit)
        and all(row["status"] == 400 and row["seconds"] < TEXT_LIMIT_S for row in over)
    )
    return [
        (
            f"| /health during /predict of {len(at_limit)} adversarial tasks at MAX_TASK_CHARS "
            f"({MAX_TASK_CHARS:,} chars) and {len(over)} of {over[0]['chars']:,} chars, one at "
            f"a time, on a real gunicorn backend ({measured['seconds']:.0f} s) "
            f"| /health ({len(measured['health_ms']):,} probes every {HEALTH_EVERY_S * 1000:.0f} ms, "
            f"{measured['health_failures']} failed): median {statistics.median(probes):.0f} ms, "
            f"p95 {p95:.0f} ms, max {max(probes):.0f} ms (bar {HEALTH_LIMIT_MS:.0f} ms); "
            f"/predict at the limit answered {answers(at_limit)}; "
            f"1 MB refused {answers(over)} (bar {TEXT_LIMIT_S * 1000:.0f} ms)",
            held,
        )
    ]


def predict_rows(answers: list[dict]) -> Rows:
    slowest = max(answers, key=lambda row: row["seconds"])
    statuses = sorted({row["status"] for row in answers})
    return [
        (
            f"| /predict of {len(answers)} adversarial tasks of {answers[0]['chars']:,} chars "
            f"| answered {', '.join(map(str, statuses))} (over MAX_TASK_CHARS = "
            f"{MAX_TASK_CHARS:,}); slowest {slowest['seconds'] * 1000:.0f} ms",
            all(r["seconds"] < TEXT_LIMIT_S and r["status"] < 500 for r in answers),
        )
    ]


def text_rows(texts: list[dict]) -> Rows:
    return [
        (
            f"| sentence split of {row['input']} ({row['chars']:,} chars; 1 MB: "
            f"{row['seconds_1mb'] * 1000:,.0f} ms) "
            f"| {row['seconds'] * 1000:.0f} ms ({row.get('cpu_seconds', row['seconds']) * 1000:.0f} ms "
            f"CPU), {row['sentences']:,} sentences",
            row["seconds"] < TEXT_LIMIT_S,
        )
        for row in texts
    ]


ROWS = {
    "fuzz": fuzz_rows,
    "crash": crash_rows,
    "health": health_rows,
    "predict": predict_rows,
    "text": text_rows,
}


def table(rows: dict[str, Rows], kept: dict[str, list[str]] | None = None) -> list[str]:
    """The Markdown table: the measured ``rows`` of each part, else its ``kept`` lines."""
    lines = ["| what was tried | figures | held? |", "| --- | --- | --- |"]
    for part in PARTS:
        if part in rows:
            lines += [f"{row} | {VERDICT[ok]} |" for row, ok in rows[part]]
        else:
            lines += (kept or {}).get(part, [])
    return lines


def merge(doc: str, rows: dict[str, Rows], when: str, *, quick: bool) -> str:
    """The table of ``doc``'s reliability section with the rows of the parts in ``rows``
    replaced, and one note per re-measured part saying when (replacing its older note)."""
    section = re.search(r"<!-- reliability:start -->\n(.*?)<!-- reliability:end -->", doc, re.S)
    intro: list[str] = []
    kept: dict[str, list[str]] = {}
    for line in (section.group(1) if section else "").splitlines():
        if not line.startswith("|"):
            note = _ONLY_NOTE.match(line)
            if line.strip() and not (note and note.group(1) in rows):
                intro.append(line)
        elif not line.startswith(("| what was tried", "| ---")):
            part = next((p for p, words in PARTS.items() if words in line.split("|")[1]), None)
            if part is not None:
                kept.setdefault(part, []).append(line)
    quick_note = " (quick run: `--quick`)" if quick else ""
    for part in rows:
        intro.append(
            f"Re-measured with `--only {part}`: the {PARTS[part]} rows, {when}{quick_note}."
        )
    return "\n\n".join(intro) + "\n\n" + "\n".join(table(rows, kept))


if __name__ == "__main__":
    raise SystemExit(main())
