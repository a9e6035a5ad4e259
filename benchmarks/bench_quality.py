"""Quality of code suggestions on held-out documents, with the maintainers' protocol.

The protocol is ``shared/tools/heldout_eval.py``, imported as it is (its loaders, its split and
its baseline classes), so it cannot drift: documents are shuffled with seed 0, 30 % of them are
held out, and every system is fitted on the first n segments of the others.

* **pxtextmining** (NHS patient comments, one comment a document, up to 50 codes each):
  n = 100, 400, 1,600 and all.
* **TalkMoves** (60 mathematics lessons; each tagged sentence one segment with one code,
  "T: <teacher move>" or "S: <student move>"): n = 100, 400, 1,600, 6,400. CodeSuggester gets
  each segment as ``{"text", "speaker", "previous"}`` (``heldout_eval --context``) unless
  ``--no-context`` is given; the baselines always see the text alone.

Systems, in the same run: ``tfidf_lr``, ``emb_lr``, ``emb_lr_bal`` and ``emb_knn`` (the
baselines of heldout_eval.py; ``emb_*`` on MiniLM) and the project's ``CodeSuggester``.

Figures (see :mod:`quality_scoring`): micro- and macro-F1 of the codes a system decides to
suggest, top-1 and top-3 hit of its ranking, and Cohen's kappa between its top-ranked code and
the human code on the held-out segments with exactly one human code; each with a 95 % bootstrap
interval over held-out documents (1,000 seeded resamples). Per n, a verdict against the target
of issue 11: macro-F1 at least 0.05 above the strongest baseline's, top-3 and micro-F1 not
below the strongest baseline's.

Embeddings are kept on disk (``--cache``): a re-run embeds nothing it has embedded before.
Results are printed, written as JSON with ``--json`` and into ``docs/benchmarks.md`` between
``<!-- quality:start -->``/``<!-- quality:end -->`` (pxtextmining) and
``<!-- quality-talkmoves:start -->``/``<!-- quality-talkmoves:end -->`` (TalkMoves).

Run: ``python benchmarks/bench_quality.py`` (both data sets, about 15-20 minutes of two cores
with warm embeddings, plus about 3 minutes to embed them the first time);
``--datasets talkmoves --points 100,400`` for a shorter run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_scoring import (  # noqa: E402  (a sibling script, not a package)
    FIGURES,
    RESAMPLES,
    SharedDataMissing,
    bootstrap,
    figures,
    fit_and_score,
    interval,
    kappa,
    load_heldout,
    margin_interval,
    single_coded,
    split_with_documents,
)

from ls_thematic.backend.encoders import get_embedding_cache, text_key  # noqa: E402
from ls_thematic.backend.suggester import CodeSuggester  # noqa: E402
from ls_thematic.label_config.fileio import atomic_write_bytes, atomic_write_text  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "pxtextmining" / "v6framework_230831.csv"
DEFAULT_DOCS = REPO / "docs" / "benchmarks.md"
DEFAULT_CACHE = Path("/tmp/ls-thematic-bench/minilm-pxtextmining")
TEXT_COLUMN = "FFT answer"
LAST_NON_CODE_COLUMN = "Comment sentiment"


# ----------------------------------------------------------------------------- shared helpers
def machine_info() -> dict:
    """Platform, CPU count and RAM of this machine, for the benchmark write-up."""
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "ram_gb": ram_gb,
    }


def machine_line(info: dict) -> str:
    ram = f"{info['ram_gb']:.1f} GB RAM" if info["ram_gb"] else "RAM unknown"
    return f"{info['platform']}, Python {info['python']}, {info['cpus']} CPUs, {ram}"


def update_section(path: Path, name: str, body: str, title: str = "# Benchmarks") -> None:
    """Replace the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->`` in ``path``.

    The section is appended when absent and the file created when missing; other sections stay.
    """
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else f"{title}\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)


def warm_cache(cache_path: Path | None):
    """The process-wide MiniLM embedding cache, pre-loaded from ``cache_path`` if it exists."""
    cache = get_embedding_cache("minilm")
    if cache_path is not None and cache_path.with_suffix(".json").exists():
        cache.load(cache_path)
    return cache


# ----------------------------------------------------------------------------- data
def load_pxtextmining(path: Path) -> tuple[list[str], np.ndarray, list[str]]:
    """Texts, a 0/1 matrix of shape (n_texts, n_codes) and the code names."""
    import pandas as pd

    frame = pd.read_csv(path)
    columns = list(frame.columns)
    codes = columns[columns.index(LAST_NON_CODE_COLUMN) + 1 :]
    text = frame[TEXT_COLUMN].fillna("").astype(str).str.strip()
    frame = frame[text != ""]
    texts = text[text != ""].tolist()
    labels = (frame[codes].fillna(0).to_numpy() > 0).astype(np.int8)
    return texts, labels, codes


# ----------------------------------------------------------------------------- the benchmark
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_HELDOUT_CACHE = Path("/tmp/ls-thematic-bench/minilm-heldout")
HELDOUT_SCRIPT = Path("tools") / "heldout_eval.py"
BASELINES = ("tfidf_lr", "emb_lr", "emb_lr_bal", "emb_knn")
PROJECT = "CodeSuggester"
SYSTEMS = BASELINES + (PROJECT,)
#: Per data set: the file under shared/, the learning-curve points (0: the whole pool), the
#: docs section, and whether CodeSuggester gets context mappings.
DATASETS = {
    "px": {
        "file": Path("data") / "pxtextmining" / "v6framework_230831.csv",
        "points": (100, 400, 1600, 0),
        "title": "pxtextmining",
        "section": "quality",
        "context": False,
    },
    "talkmoves": {
        "file": Path("data") / "talkmoves" / "talkmoves.csv.gz",
        "points": (100, 400, 1600, 6400),
        "title": "TalkMoves",
        "section": "quality-talkmoves",
        "context": True,
    },
}
#: The target of issue 11: macro-F1 this much above the strongest baseline's; top-3 and
#: micro-F1 not below the strongest baseline's.
TARGETS = (("macro_f1", 0.05), ("top3", 0.0), ("micro_f1", 0.0))
LABELS = {"micro_f1": "micro-F1", "macro_f1": "macro-F1", "top1": "top-1", "top3": "top-3"}


class ContextRejected(RuntimeError):
    """CodeSuggester does not accept the ``{"text", "speaker", "previous"}`` items yet."""


def needed_texts(segments) -> list[str]:
    """Every text a system may embed: each item's text and its previous units, once each."""
    out = []
    for item, _ in segments:
        if isinstance(item, dict):
            out.append(item["text"])
            out.extend(item.get("previous") or [])
        else:
            out.append(item)
    return list(dict.fromkeys(out))


def read_embeddings(path: Path | None, encoder_name) -> dict[str, np.ndarray]:
    """Vectors saved by :func:`write_embeddings` (text -> vector); empty when there is no file."""
    if path is None or not path.with_suffix(".json").exists():
        return {}
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    vectors = np.load(path.with_suffix(".npy"), allow_pickle=False)
    texts = meta.get("texts", [])
    if meta.get("encoder") != encoder_name or len(texts) != len(vectors):
        raise ValueError(
            f"The embedding cache {path}.json/.npy holds {len(texts)} texts and {len(vectors)} "
            f"vectors of encoder {meta.get('encoder')!r}; this run needs matching files of "
            f"{encoder_name!r}. Delete them or pass another --cache."
        )
    return dict(zip(texts, vectors, strict=True))


def write_embeddings(path: Path, known: dict[str, np.ndarray], encoder_name) -> None:
    """Save ``known`` as ``PATH.npy`` and ``PATH.json``, atomically each.

    The files have the layout of the project's ``EmbeddingCache.save`` (``encoder``, ``keys``)
    plus the texts, so both heldout_eval's cache and the project's can be filled from them.
    """
    import io

    texts = list(known)
    buffer = io.BytesIO()
    np.save(buffer, np.stack([known[t] for t in texts]).astype(np.float32), allow_pickle=False)
    meta = {"encoder": encoder_name, "keys": [text_key(t) for t in texts], "texts": texts}
    atomic_write_bytes(path.with_suffix(".npy"), buffer.getvalue())
    atomic_write_text(path.with_suffix(".json"), json.dumps(meta))


def prefill_embeddings(heldout, texts, encoder: str = "minilm", path=DEFAULT_HELDOUT_CACHE):
    """Make every text an embedding-cache hit for heldout_eval's baselines and CodeSuggester.

    Texts missing from the disk cache are embedded (once) by the project's encoder ``encoder``
    and saved; then heldout_eval's in-memory ``_CACHE`` and the project's
    ``get_embedding_cache(encoder)`` are filled. Returns (texts embedded now, seconds).
    """
    cache = get_embedding_cache(encoder)
    name = getattr(cache.encoder, "name", None)
    known = read_embeddings(path, name)
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    started = time.perf_counter()
    if missing:
        known.update(zip(missing, cache.embed(missing), strict=True))
        if path is not None:  # keep what another run saved meanwhile
            write_embeddings(path, {**read_embeddings(path, name), **known}, name)
    seconds = time.perf_counter() - started
    for text in texts:
        heldout._CACHE[text] = known[text]
    if path is not None:
        get_embedding_cache(encoder, limit=max(cache.limit, len(known))).load(path)
    return len(missing), seconds


def run_dataset(
    heldout,
    dataset: str,
    path: Path,
    *,
    points=None,
    context: bool | None = None,
    encoder: str = "minilm",
    cache_path: Path | None = DEFAULT_HELDOUT_CACHE,
    resamples: int = RESAMPLES,
    seed: int = 0,
    systems=SYSTEMS,
    progress=print,
) -> dict:
    """Every system at every point on one data set; figures, intervals, kappa and verdicts."""
    spec = DATASETS[dataset]
    points = spec["points"] if points is None else points
    context = spec["context"] if context is None else context
    docs = heldout.LOADERS[dataset](str(path))
    pool, test, _, test_ids = split_with_documents(heldout, docs, seed)
    sizes = [n or len(pool) for n in points]
    embedded, embed_s = prefill_embeddings(
        heldout, needed_texts(pool[: max(sizes)] + test), encoder, cache_path
    )
    rows, samples = [], {}
    for n in sizes:
        for system in systems:
            scored = _score_one(heldout, system, pool, test, test_ids, n, context, encoder)
            draws = bootstrap(scored, resamples, seed)
            row = {"n": scored.n_train, "system": system, **figures(scored)}
            row["kappa"] = kappa(scored)
            row["ci"] = {name: interval(draws[name]) for name in (*FIGURES, "kappa")}
            row.update(fit_s=scored.fit_s, predict_s=scored.predict_s)
            rows.append(row)
            samples[(row["n"], system)] = draws
            progress(format_row(dataset, row))
    return {
        "dataset": dataset,
        "pool": len(pool),
        "test": len(test),
        "test_documents": len(set(test_ids)),
        "single_coded": int(single_coded(scored).sum()),
        "context": context,
        "embedded": embedded,
        "embed_seconds": embed_s,
        "seed": seed,
        "resamples": resamples,
        "rows": rows,
        "verdicts": verdicts(rows, samples),
    }


def _score_one(heldout, system, pool, test, test_ids, n, context, encoder):
    if system != PROJECT:
        return fit_and_score(heldout.Baseline(system), pool, test, test_ids, n, context)
    try:
        return fit_and_score(CodeSuggester(encoder=encoder), pool, test, test_ids, n, context)
    except (TypeError, ValueError) as exc:
        if not context:
            raise
        raise ContextRejected(
            f"CodeSuggester rejected the context items {{'text', 'speaker', 'previous'}}: "
            f"{exc}. Run with --no-context to give it plain text."
        ) from exc


def verdicts(rows: list[dict], samples: dict) -> list[dict]:
    """Per n: CodeSuggester against the strongest baseline of each target figure.

    Each target figure gets the strongest baseline's name and value, CodeSuggester's margin,
    the paired bootstrap interval of that margin, the margin needed and whether it is met.
    """
    out = []
    for n in sorted({r["n"] for r in rows}):
        at = {r["system"]: r for r in rows if r["n"] == n}
        base = [b for b in BASELINES if b in at]
        if PROJECT not in at or not base:
            continue
        verdict = {"n": n}
        for name, needed in TARGETS:
            best = max(base, key=lambda b, name=name: at[b][name])
            margin = at[PROJECT][name] - at[best][name]
            verdict[name] = {
                "baseline": best,
                "baseline_value": at[best][name],
                "margin": margin,
                "ci": margin_interval(samples[(n, PROJECT)][name], samples[(n, best)][name]),
                "needed": needed,
                "met": margin >= needed,
            }
        verdict["met"] = all(verdict[name]["met"] for name, _ in TARGETS)
        out.append(verdict)
    return out


# ----------------------------------------------------------------------------- reporting
def format_row(dataset: str, row: dict) -> str:
    cells = "  ".join(
        f"{LABELS[name]} {row[name]:.3f} [{row['ci'][name][0]:.3f}, {row['ci'][name][1]:.3f}]"
        for name in FIGURES
    )
    return (
        f"{dataset:<9} n={row['n']:>5}  {row['system']:<13} {cells}  kappa {row['kappa']:.3f}  "
        f"fit+predict {row['fit_s'] + row['predict_s']:.1f} s"
    )


def _cell(value: float, ci) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:.3f} ({ci[0]:.3f}–{ci[1]:.3f})"


def _margin_cell(v: dict) -> str:
    low, high = v["ci"]
    return (
        f"{v['margin']:+.3f} ({low:+.3f} to {high:+.3f}) vs {v['baseline']}: "
        f"{'met' if v['met'] else '**not met**'}"
    )


def markdown(report: dict, info: dict, today: str, minutes: float) -> str:
    """One data set's tables: figures with intervals, then the verdicts per n."""
    spec = DATASETS[report["dataset"]]
    given = (
        'each segment as {"text", "speaker", "previous" (the two units before it)}'
        if report["context"]
        else "the text alone"
    )
    lines = [
        f"## Suggestion quality: {spec['title']} (held-out protocol)",
        "",
        f"Run {today} on {machine_line(info)}; `python benchmarks/bench_quality.py "
        f"--datasets {report['dataset']}` ({minutes:.0f} minutes for the whole run).",
        "",
        f"Protocol of `shared/tools/heldout_eval.py`, imported as it is: seed {report['seed']}, "
        f"30 % of the documents held out ({report['test_documents']:,} documents, "
        f"{report['test']:,} segments), each system fitted on the first n of the other "
        f"{report['pool']:,} segments. CodeSuggester is given {given}; the baselines see the "
        "text alone. Each cell: the figure on all held-out segments and its 95 % bootstrap "
        f"interval over held-out documents ({report['resamples']:,} seeded resamples). "
        f"κ: Cohen's kappa between the top-ranked code and the human code on the "
        f"{report['single_coded']:,} held-out segments with exactly one human code.",
        "",
        "| n | system | micro-F1 | macro-F1 | top-1 | top-3 | κ | fit + predict (s) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["rows"]:
        cells = " | ".join(_cell(r[name], r["ci"][name]) for name in (*FIGURES, "kappa"))
        lines.append(
            f"| {r['n']:,} | {r['system']} | {cells} | {r['fit_s'] + r['predict_s']:.1f} |"
        )
    lines += [
        "",
        "Target of issue 11, at every n: macro-F1 at least 0.05 above the strongest baseline's, "
        "top-3 and micro-F1 not below the strongest baseline's (the strongest for each figure, "
        "in the same run). Margins of CodeSuggester with the paired bootstrap interval "
        "(same resampled documents for both systems).",
        "",
        "| n | macro-F1 (≥ +0.05) | top-3 (≥ 0) | micro-F1 (≥ 0) | target met |",
        "|---:|---|---|---|---|",
    ]
    for v in report["verdicts"]:
        cells = " | ".join(_margin_cell(v[name]) for name, _ in TARGETS)
        lines.append(f"| {v['n']:,} | {cells} | {'yes' if v['met'] else '**no**'} |")
    lines += ["", summary_sentence(report)]
    return "\n".join(lines)


def summary_sentence(report: dict) -> str:
    """Where the target is met and where not, in plain words."""
    met = [v for v in report["verdicts"] if v["met"]]
    missed = [v for v in report["verdicts"] if not v["met"]]
    title = DATASETS[report["dataset"]]["title"]
    if not missed:
        return f"On {title} the target is met at every n."
    parts = []
    for v in missed:
        short = [
            f"{LABELS[name]} {v[name]['margin'] - v[name]['needed']:+.3f} from the target"
            for name, _ in TARGETS
            if not v[name]["met"]
        ]
        parts.append(f"n = {v['n']:,} ({', '.join(short)})")
    sizes = ", ".join(f"{v['n']:,}" for v in met)
    where = f"met at n = {sizes}; " if met else ""
    return f"On {title} the target is {where}not met at {'; '.join(parts)}."


def _plain(value):
    """JSON-ready copy: tuples as lists, NaN as null."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (tools/, data/)"
    )
    parser.add_argument("--datasets", default="px,talkmoves", help="px, talkmoves or both")
    parser.add_argument("--points", default=None, help="override the points, e.g. 100,400")
    parser.add_argument(
        "--no-context", action="store_true", help="give CodeSuggester plain text on TalkMoves"
    )
    parser.add_argument("--resamples", type=int, default=RESAMPLES)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="markdown file to update")
    parser.add_argument("--no-docs", action="store_true", help="print only")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_HELDOUT_CACHE,
        help="embedding cache (PATH.npy/.json) reused across runs; 'none' disables it",
    )
    args = parser.parse_args(argv)
    datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    unknown = [d for d in datasets if d not in DATASETS]
    if unknown or not datasets:
        parser.error(f"unknown data set {unknown}; allowed: {', '.join(DATASETS)}")
    try:
        points = [int(p) for p in args.points.split(",")] if args.points else None
    except ValueError:
        parser.error(f"--points takes whole numbers like 100,400; got {args.points!r}")
    missing = [
        args.shared / DATASETS[d]["file"]
        for d in datasets
        if not (args.shared / DATASETS[d]["file"]).is_file()
    ]
    try:
        heldout = load_heldout(args.shared / HELDOUT_SCRIPT)
        if missing:
            raise SharedDataMissing(
                f"Data set file(s) not found: {', '.join(map(str, missing))}; the quality "
                "benchmark needs the shared folder's data (pass --shared FOLDER)."
            )
    except SharedDataMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    cache = None if str(args.cache).lower() == "none" else args.cache
    if not args.no_context and "talkmoves" in datasets and not accepts_context():
        print(
            "CodeSuggester does not accept the context items {'text', 'speaker', 'previous'} "
            "yet; run with --no-context to give it plain text on TalkMoves.",
            file=sys.stderr,
        )
        return 1
    started = time.perf_counter()
    reports = []
    for dataset in datasets:
        try:
            report = run_dataset(
                heldout,
                dataset,
                args.shared / DATASETS[dataset]["file"],
                points=points,
                context=False if args.no_context else None,
                cache_path=cache,
                resamples=args.resamples,
                seed=args.seed,
            )
        except ContextRejected as exc:
            print(exc, file=sys.stderr)
            return 1
        reports.append(report)
        minutes = (time.perf_counter() - started) / 60
        print(f"{summary_sentence(reports[-1])} ({minutes:.1f} minutes so far)", flush=True)
        _write(reports, args, minutes)  # each data set as soon as it is done
    return 0


def accepts_context() -> bool:
    """Whether CodeSuggester takes ``{"text", "speaker", "previous"}`` items (a tiny fake fit)."""
    items = [{"text": f"tiny {i}", "speaker": "T", "previous": ["before"]} for i in range(4)]
    try:
        CodeSuggester(encoder="fake").fit(items, [["a"], ["b"], ["a"], ["b"]])
    except (TypeError, ValueError):
        return False
    return True


def _write(reports: list[dict], args, minutes: float) -> None:
    if args.json:
        atomic_write_text(args.json, json.dumps(_plain(reports), indent=1))
    if not args.no_docs:
        today, info = dt.date.today().isoformat(), machine_info()
        for report in reports:
            text = markdown(report, info, today, minutes)
            update_section(args.docs, DATASETS[report["dataset"]]["section"], text)


if __name__ == "__main__":
    sys.exit(main())
