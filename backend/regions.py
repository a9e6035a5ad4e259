"""The regions of a prediction, as Label Studio shows them: a coded span and its note (why the
code is suggested: the most similar coded extracts, the codebook text for a cold code, and the
other codes also possible there)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from .config import Settings
from .scheme import CodingScheme
from .segment import Span
from .suggester import CodeSuggester

NOTE_EXTRACT_CHARS = 160
"""A quoted extract longer than this is cut (with an ellipsis)."""


def labels_result(from_name: str, to_name: str, text: str, span: Span) -> dict:
    """A Label Studio ``labels`` result: ``span`` of ``text`` coded ``span.code``, scored."""
    return {
        "from_name": from_name,
        "to_name": to_name,
        "type": "labels",
        "value": {
            "start": span.start,
            "end": span.end,
            "text": text[span.start : span.end],
            "labels": [span.code],
        },
        "score": float(span.score),
    }


def region(scheme: CodingScheme, task: Mapping, text: str, span: Span, note: str) -> dict:
    """One result of a prediction: ``span`` of ``text`` coded ``span.code``, with ``note``."""
    key = f"{task.get('id')}:{span.start}:{span.end}:{span.code}"
    out = {
        "id": hashlib.sha1(key.encode("utf-8")).hexdigest()[:10],
        **labels_result(scheme.from_name, scheme.to_name, text, span),
        "origin": "prediction",
    }
    if note:
        # Label Studio keeps a region's note as meta.text, a list of strings.
        out["meta"] = {"text": [note]}
    return out


def why_note(
    estimator: CodeSuggester,
    item: Mapping,
    span: Span,
    also: Mapping[str, float] | None,
    settings: Settings,
) -> str:
    """The region's note: the most similar extracts coded with the suggested code.

    A cold code (few coded segments, see ``COLD_START_SEGMENTS``) also gets the codebook
    text (description or example extract) closest to the unit, since it rests on it too.
    ``also`` (other codes suggested there and not pre-filled, with their probability) is
    named on the last line: "Also possible: X (0.41), Y (0.30)."
    """
    if settings.explain_k == 0:
        return ""
    head = f"Suggested: {span.code} ({span.score:.2f})."
    similar = _similar(estimator, item, span.code, settings)
    tail = (
        [
            "Also possible (not pre-filled): "
            + ", ".join(f"{c} ({p:.2f})" for c, p in also.items())
            + "."
        ]
        if also
        else []
    )
    if not similar:
        return "\n".join([f"{head} No extract is coded with it yet.", *tail])
    if similar[0].meta.get("source") == "codebook":
        lines = [f"{head} No extract is coded with it yet; the closest codebook text:"]
    else:
        lines = [f"{head} Most similar coded extracts:"]
    for evidence in similar:
        if evidence.meta.get("source") == "codebook":
            who = "codebook"
        else:
            who = evidence.meta.get("participant") or (
                f"task {evidence.meta['task']}"
                if evidence.meta.get("task") is not None
                else "unknown participant"
            )
        extract = " ".join(evidence.text.split())
        if len(extract) > NOTE_EXTRACT_CHARS:
            extract = extract[: NOTE_EXTRACT_CHARS - 1].rstrip() + "…"
        lines.append(
            f"• {who} · {', '.join(evidence.codes)} · {evidence.similarity:.2f}: “{extract}”"
        )
    return "\n".join(lines + tail)


def _similar(estimator: CodeSuggester, item: Mapping, code: str, settings: Settings) -> list:
    """The ``EXPLAIN_K`` coded extracts most similar to ``item`` coded ``code``, and for a cold
    code the closest codebook text."""
    k = settings.explain_k
    try:
        similar = estimator.explain(item, k=k, code=code)
        if estimator.cold_[list(estimator.classes_).index(code)]:
            # A cold code rests on the codebook too: quote its closest text.
            similar += [
                e
                for e in estimator.explain(
                    item, k=k + settings.cold_start_segments, code=code, prototypes=True
                )
                if e.meta.get("source") == "codebook"
            ][:1]
    except ValueError:
        return []
    return similar
