"""Speed and memory of code suggestions: refit after an annotation event, predict, RSS.

* Refit: the backend's refit (:func:`ls_thematic.backend.refit.refit`) on 10,000 coded segments
  (the pxtextmining comments, plus single sentences of the longer ones with their comment's
  codes; a codebook of their 46 codes, whose names are the prototypes), embeddings cached. Each
  segment has a role and the two segments before it (:func:`with_context`), so the design has
  the context block (previous units, speaker). One annotation event then adds a coded segment
  (its text was embedded when it was suggested on), or recodes one; the backend compares the
  segments with those fitted and applies the difference by a rank-k update. Timed: that refit
  (the segments read, compared and the estimator updated) for each event, and a fit from
  scratch on the 10,001 segments (what the backend does at start, when the labelling config
  changes, or after rank-k updates changed a tenth of the segments).
* Predict: the first 7,000 words of a real thesis (``shared/seeds``), split into sentences. Cold:
  texts never embedded (the encoder's work plus the suggester's); warm: the same texts again
  (cache hits). The encoder's own time is ``encode`` on the same sentences, just before and after.
* Memory: VmRSS / VmHWM (peak) of a separate process that loads the embedding cache and the
  encoder, fits the suggester on the 10,000 segments and predicts the transcript, as the backend
  does.

Targets: refit after an event <= 0.3 s; warm predict <= 0.3 s; cold predict <= 1.3 x the encoder's own time;
RSS <= 700 MB. Results are printed and written into ``docs/benchmarks.md`` between
``<!-- speed:start -->`` and ``<!-- speed:end -->``.

Run: ``python benchmarks/bench_refit.py`` (about a minute with a warm cache in /tmp; embedding
the segments the first time takes a few minutes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ls_thematic.backend import refit as refitting
from ls_thematic.backend.encoders import get_encoder
from ls_thematic.backend.scheme import CodingScheme
from ls_thematic.backend.store import Segment
from ls_thematic.backend.suggester import CodeSuggester
from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quality import (  # noqa: E402  (a sibling script, not a package)
    DEFAULT_CACHE,
    DEFAULT_DATA,
    DEFAULT_DOCS,
    REPO,
    load_pxtextmining,
    machine_info,
    machine_line,
    update_section,
    warm_cache,
)

DEFAULT_TRANSCRIPT = (
    REPO.parent / "shared" / "seeds" / "thesis_opioid_benzodiazepine_clinicians.txt"
)
N_SEGMENTS = 10_000
TRANSCRIPT_WORDS = 7_000
REPEATS = 7
TARGETS = {"refit": 0.3, "warm": 0.3, "cold_ratio": 1.3, "rss_mb": 700.0}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (at ., ! or ? followed by white space), dropping empties."""
    flat = " ".join(text.split())
    return [s for s in _SENTENCE_END.split(flat) if s.strip()]


def coded_segments(data: Path, n: int = N_SEGMENTS) -> tuple[list[str], list[list[str]]]:
    """``n`` distinct coded segments: every comment, then single sentences of the longer ones."""
    texts, labels, names = load_pxtextmining(data)
    codes = [[names[j] for j in np.flatnonzero(row)] for row in labels]
    seen: dict[str, list[str]] = {}
    for text, code in zip(texts, codes, strict=True):
        seen.setdefault(text, code)
    for text, code in zip(texts, codes, strict=True):
        parts = sentences(text)
        if len(parts) < 2:
            continue
        for part in parts:
            if len(seen) >= n:
                break
            seen.setdefault(part, code)
    out = list(seen.items())[:n]
    if len(out) < n:
        raise ValueError(f"{data} yields only {len(out)} distinct segments; {n} are needed.")
    return [t for t, _ in out], [c for _, c in out]


def transcript(path: Path, words: int = TRANSCRIPT_WORDS) -> list[str]:
    """The first ``words`` words of the file at ``path``, as sentences."""
    return sentences(" ".join(path.read_text(encoding="utf-8").split()[:words]))


def with_context(texts: list[str], roles: tuple[str, ...] = ("participant",)) -> list[dict]:
    """The backend's items for consecutive ``texts``: each with the two texts before it and a
    role (cycling through ``roles``), so that the refit and predict timings carry the context
    block of the design matrix (previous units, speaker) as the backend's fits do."""
    return [
        {"text": text, "speaker": roles[i % len(roles)], "previous": texts[max(0, i - 2) : i]}
        for i, text in enumerate(texts)
    ]


def codebook_scheme(codes: list[str]) -> CodingScheme:
    """The coding scheme of a labelling config made from a codebook of ``codes``."""
    book = Codebook.from_dict({"title": "pxtextmining", "codes": [{"name": c} for c in codes]})
    return CodingScheme.from_config(codebook_to_label_config(book))


def as_segment(item: dict, codes: list[str]) -> Segment:
    """A stored segment with ``item``'s text and context."""
    return Segment(
        item["text"], tuple(codes), speaker=item["speaker"], previous=tuple(item["previous"])
    )


def _median_time(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(data: Path, transcript_path: Path, cache_path: Path | None) -> dict:
    plain, codes = coded_segments(data)
    texts = with_context(plain, roles=("participant", "participant", "interviewer"))
    event_text = {
        "text": "The car park was full so I missed my appointment.",
        "speaker": "participant",
        "previous": plain[:2],
    }
    cache = warm_cache(cache_path)
    encoder = get_encoder("minilm")
    started = time.perf_counter()
    encoder.load()
    load_seconds = time.perf_counter() - started
    cache.embed(plain + [event_text["text"]])
    if cache_path is not None:
        cache.save(cache_path)  # before the transcript, so that it stays cold next time

    scheme = codebook_scheme(sorted({c for row in codes for c in row}))
    segments = [as_segment(item, row) for item, row in zip(texts, codes, strict=True)]
    event = as_segment(event_text, ["Parking", "Appointment arrangements"])
    recoded = [*segments[:5], as_segment(texts[5], ["Parking"]), *segments[6:]]

    def backend_refit(previous, segs):
        return refitting.refit(previous, segs, scheme, 0.25, ("minilm",), CodeSuggester)

    fit_seconds = _median_time(lambda: backend_refit(None, segments), repeats=3)
    fitted = backend_refit(None, segments)
    refit_full = _median_time(lambda: backend_refit(None, [*segments, event]), repeats=3)
    added = backend_refit(fitted, [*segments, event])
    assert added.how == "partial", added.how
    refit_add = _median_time(lambda: backend_refit(fitted, [*segments, event]))
    refit_remove = _median_time(lambda: backend_refit(added, segments))
    refit_recode = _median_time(lambda: backend_refit(fitted, recoded))
    model = fitted.estimator

    plain_sentences = transcript(transcript_path)
    sentences_ = with_context(plain_sentences)
    n_words = sum(len(s.split()) for s in plain_sentences)
    encoder.encode(["Warm-up of the encoder."] * 32)
    started = time.perf_counter()
    encoder.encode(plain_sentences)
    own_before = time.perf_counter() - started
    started = time.perf_counter()
    model.predict(sentences_)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    encoder.encode(plain_sentences)
    own_after = time.perf_counter() - started
    own = (own_before + own_after) / 2
    warm = _median_time(lambda: model.predict(sentences_))

    def suggest_and_explain():
        model.suggest(sentences_)
        for sentence in sentences_[:20]:
            model.explain(sentence, k=3)

    warm_suggest_explain = _median_time(suggest_and_explain)
    return {
        "n_segments": len(texts),
        "n_classes": len(model.classes_),
        "load_seconds": load_seconds,
        "fit_seconds": fit_seconds,
        "refit_full": refit_full,
        "refit_add": refit_add,
        "refit_remove": refit_remove,
        "refit_recode": refit_recode,
        "n_sentences": len(sentences_),
        "n_words": n_words,
        "encoder_seconds": own,
        "encoder_rate": len(sentences_) / own,
        "cold": cold,
        "cold_ratio": cold / own,
        "warm": warm,
        "warm_suggest_explain": warm_suggest_explain,
        **memory(texts, codes, sentences_, cache_path),
    }


_RSS_CHILD = """
import json, sys
from ls_thematic.backend.encoders import get_embedding_cache, get_encoder
from ls_thematic.backend.suggester import CodeSuggester
payload = json.load(open(sys.argv[1]))
cache = get_embedding_cache("minilm")
if payload["cache"]:
    cache.load(payload["cache"])
get_encoder("minilm").load()  # the backend's worker loads it after /setup, before any fit
model = CodeSuggester(encoder="minilm").fit(payload["texts"], payload["codes"])
model.predict(payload["sentences"])
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({k: int(status[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}))
"""


def memory(texts, codes, sentences_, cache_path: Path | None) -> dict:
    """VmRSS and VmHWM (MB) of a fresh process doing the backend's work (see module doc)."""
    with tempfile.TemporaryDirectory() as tmp:
        payload = Path(tmp) / "payload.json"
        payload.write_text(
            json.dumps(
                {
                    "texts": texts,
                    "codes": codes,
                    "sentences": sentences_,
                    "cache": str(cache_path) if cache_path is not None else None,
                }
            )
        )
        done = subprocess.run(
            [sys.executable, "-c", _RSS_CHILD, str(payload)],
            capture_output=True,
            text=True,
            check=True,
        )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {"rss_mb": figures["VmRSS"], "peak_rss_mb": figures["VmHWM"]}


def checks(r: dict) -> list[tuple[str, str, str, bool]]:
    """(measure, figure, target, met) rows."""
    refit = max(r["refit_add"], r["refit_remove"], r["refit_recode"])
    return [
        (
            f"refit after one event, {r['n_segments']:,} segments (slowest of add, remove, recode)",
            f"{refit:.3f} s",
            f"<= {TARGETS['refit']} s",
            refit <= TARGETS["refit"],
        ),
        (
            f"warm predict, {r['n_words']:,} words ({r['n_sentences']} sentences)",
            f"{r['warm']:.3f} s",
            f"<= {TARGETS['warm']} s",
            r["warm"] <= TARGETS["warm"],
        ),
        (
            "cold predict / encoder's own time",
            f"{r['cold']:.2f} s / {r['encoder_seconds']:.2f} s = {r['cold_ratio']:.2f}x",
            f"<= {TARGETS['cold_ratio']}x",
            r["cold_ratio"] <= TARGETS["cold_ratio"],
        ),
        (
            "RSS of a backend-like process (encoder loaded, 10,000 segments fitted)",
            f"{r['rss_mb']:.0f} MB (peak {r['peak_rss_mb']:.0f} MB)",
            f"<= {TARGETS['rss_mb']:.0f} MB",
            r["rss_mb"] <= TARGETS["rss_mb"],
        ),
    ]


def markdown(r: dict, info: dict, today: str) -> str:
    lines = [
        "## Suggestion speed and memory",
        "",
        f"Run {today} on {machine_line(info)}; `python benchmarks/bench_refit.py`.",
        "",
        "| measure | figure | target | met |",
        "|---|---:|---:|---|",
    ]
    for measure, figure, target, met in checks(r):
        lines.append(f"| {measure} | {figure} | {target} | {'yes' if met else 'no'} |")
    lines += [
        "",
        "Details (medians of repeated runs):",
        "",
        f"- {r['n_segments']:,} coded segments, {r['n_classes']} codes; all embeddings cached.",
        f"- The backend's refit after an event (segments compared, rank-k update): adding a "
        f"coded segment {r['refit_add']:.3f} s, removing it {r['refit_remove']:.3f} s, "
        f"recoding one {r['refit_recode']:.3f} s.",
        f"- A fit from scratch (at start, when the config changes, or after rank-k updates "
        f"changed a tenth of the segments): {r['fit_seconds']:.3f} s on 10,000 segments, "
        f"{r['refit_full']:.3f} s on 10,001.",
        f"- Encoder (MiniLM) load: {r['load_seconds']:.1f} s, once per process; it embeds "
        f"{r['encoder_rate']:.0f} sentences/s here.",
        f"- Warm `suggest` on the transcript plus `explain` (k=3) for 20 sentences: "
        f"{r['warm_suggest_explain']:.3f} s.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="pxtextmining CSV")
    parser.add_argument("--transcript", type=Path, default=DEFAULT_TRANSCRIPT)
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="markdown file to update")
    parser.add_argument("--no-docs", action="store_true", help="print only")
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help="embedding cache (PATH.npy/.json) reused across runs; 'none' disables it",
    )
    args = parser.parse_args(argv)
    for path in (args.data, args.transcript):
        if not path.exists():
            print(f"{path} not found; pass --data / --transcript.", file=sys.stderr)
            return 1
    cache = None if str(args.cache).lower() == "none" else args.cache
    result = run(args.data, args.transcript, cache)
    for measure, figure, target, met in checks(result):
        print(f"{measure:<75} {figure:>32}  target {target:<9} {'met' if met else 'NOT met'}")
    print(json.dumps({k: round(v, 4) for k, v in result.items()}, indent=1))
    if not args.no_docs:
        update_section(
            args.docs, "speed", markdown(result, machine_info(), dt.date.today().isoformat())
        )
        print(f"\nUpdated {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
