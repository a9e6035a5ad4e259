"""Speed of ``ls-thematic report`` on the demo project (target: under 30 s).

The snapshot is the demo project as shipped, ``label_config/examples/demo_snapshot.json``
(``scripts/demo_coding.py``): the six demo transcripts coded with the thesis codebook, every
extract the thesis quotes from them coded by the first coder, with memos and relationship links,
and two transcripts coded by a second coder (so the report has an agreement chart). With
``--dense`` it is instead the denser coding of ``tests/writeup_data.py`` (every participant turn
that matches a theme, whole turns; about three times as many coded spans).

Timed:

* the whole command, ``ls-thematic report OUT --snapshot SNAPSHOT`` in a fresh process with the
  real all-MiniLM-L6-v2 encoder (Python start, imports, encoder load, everything written), as a
  user runs it; the median of ``--repeats`` runs;
* a breakdown in one process: encoder load, agreement, the tables with the extracts (embedding
  included), and writing the folder (figures PNG+SVG, DOCX, XLSX, Markdown, .qdpx).

Results are printed and written into ``docs/benchmarks.md`` between ``<!-- report:start -->``
and ``<!-- report:end -->``; other sections stay as they are.

Run: ``python benchmarks/bench_report.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ls_thematic.backend.encoders import get_encoder
from ls_thematic.scripts.report import (
    anonymise_snapshot,
    build_report,
    report_agreement,
    report_tables,
)
from ls_thematic.scripts.snapshot import as_snapshot, codebook_for

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quality import DEFAULT_DOCS, REPO, machine_info, machine_line, update_section  # noqa: E402

sys.path.insert(0, str(REPO))
from tests.writeup_data import demo_snapshot as dense_demo_snapshot  # noqa: E402

DEMO_SNAPSHOT = REPO / "label_config" / "examples" / "demo_snapshot.json"

TARGET_S = 30.0
CLI = Path(sys.executable).with_name("ls-thematic")


def time_command(snapshot: Path, out: Path, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([str(CLI), "report", str(out), "--snapshot", str(snapshot)], check=True,
                       capture_output=True, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
        times.append(time.perf_counter() - started)
    return times


def breakdown(document: dict, out: Path) -> dict[str, float]:
    steps: dict[str, float] = {}
    started = time.perf_counter()
    snapshot = as_snapshot(document)
    book = codebook_for(snapshot)
    encoder = get_encoder("minilm")
    encoder.encode(["warm up"])
    steps["encoder load"] = time.perf_counter() - started

    started = time.perf_counter()
    agreement = report_agreement(snapshot, book)
    steps["agreement (turns, per code and level)"] = time.perf_counter() - started

    started = time.perf_counter()
    private, _ = anonymise_snapshot(snapshot)
    report_tables(private, book, agreement=agreement, embed=encoder)
    steps["tables and extracts (embedding included)"] = time.perf_counter() - started

    started = time.perf_counter()
    build_report(snapshot, book, out, agreement=agreement, embed=encoder)
    whole = time.perf_counter() - started
    steps["build_report with the encoder loaded (tables again, figures, DOCX, XLSX, .qdpx)"] = whole
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--dense", action="store_true",
                        help="Use the denser coding of tests/writeup_data.py.")
    parser.add_argument("--no-write", action="store_true", help="Only print the figures.")
    args = parser.parse_args()

    if args.dense:
        document = dense_demo_snapshot()
        name = "the demo transcripts, dense coding (tests/writeup_data.py)"
    else:
        document = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
        name = "the demo project (label_config/examples/demo_snapshot.json)"
    load_before = os.getloadavg()[0]
    tasks = document["tasks"]
    spans = sum(len([r for r in a["result"] if r["type"] == "labels"])
                for t in tasks for a in t["annotations"])
    links = sum(len([r for r in a["result"] if r["type"] == "relation"])
                for t in tasks for a in t["annotations"])
    characters = sum(len(t["data"]["text"]) for t in tasks)
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = Path(tmp) / "snapshot.json"
        snapshot.write_text(json.dumps(document), encoding="utf-8")
        times = time_command(snapshot, Path(tmp) / "report", args.repeats)
        files = json.loads((Path(tmp) / "report" / "report.json").read_text())["files"]
        steps = breakdown(document, Path(tmp) / "report-2")
    median = statistics.median(times)
    load_after = os.getloadavg()[0]
    coders = {str((a.get("completed_by") or {}).get("email")) for t in tasks for a in t["annotations"]}
    info = machine_info()
    lines = [
        "## Report",
        "",
        f"Run {dt.date.today().isoformat()} on {machine_line(info)}; "
        "`python benchmarks/bench_report.py`.",
        "",
        "| measure | figure | target | met |",
        "|---|---:|---:|---|",
        f"| `ls-thematic report` on {name}, fresh process, real MiniLM encoder "
        f"(median of {len(times)}) | {median:.1f} s | < {TARGET_S:.0f} s | "
        f"{'yes' if median < TARGET_S else 'no'} |",
        "",
        f"{len(tasks)} transcripts ({characters:,} characters) coded with the thesis codebook by "
        f"{len(coders)} coders: {spans} coded spans, {links} relationship links. "
        f"The folder holds {len(files)} files (Markdown, DOCX, XLSX, {sum(f.startswith('tables/') for f in files)} CSV "
        f"tables, {sum(f.startswith('figures/') for f in files)} figure files in PNG and SVG, a "
        "REFI-QDA .qdpx). Runs: " + ", ".join(f"{t:.1f} s" for t in times) + ". "
        f"Load average of the machine (1 min) before and after: {load_before:.1f}, "
        f"{load_after:.1f} (other work shared the {info['cpus']} CPUs).",
        "",
        "Breakdown in one process:",
        "",
    ]
    lines += [f"- {name}: {seconds:.2f} s" for name, seconds in steps.items()]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        update_section(args.docs, "report", body)
        print(f"\nWrote the Report section of {args.docs}")


if __name__ == "__main__":
    main()
