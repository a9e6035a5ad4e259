"""Representative extracts: for each theme, its description and a few quotes that show it.

A write-up illustrates each theme with three to six extracts from different participants (the
seed thesis quotes 3-6 per theme, naming the participant). :func:`representative_extracts`
proposes them:

1. Every segment coded with the theme is embedded (``embed``), and its *centrality* is the
   cosine between its vector and the centroid of the theme's vectors: how typical it is.
2. Extracts are picked greedily, maximal-marginal-relevance style: the score of a candidate is
   ``relevance * centrality - (1 - relevance) * (highest cosine to an extract already picked)``,
   and while some participant of the theme has no extract yet, only their segments are
   candidates. So the extracts are typical, not repetitive, and spread across participants.
3. Extracts pinned by the researcher (``pinned``) come first, in the given order.

The number per theme is the number of participants endorsing it, kept between ``n_min`` and
``n_max`` (and never more than the theme has distinct segments).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from ls_thematic.backend.encoders import get_encoder
from ls_thematic.label_config.codebook import UNSURE, Codebook
from ls_thematic.label_config.errors import ThematicError

from .render import render_table
from .snapshot import natural_key
from .themes import check_codes, level_of

EXTRACT_COLUMNS = [
    "code", "level", "description", "rank", "participant", "task_id", "coder", "region_id",
    "start", "end", "text", "centrality", "pinned", "segments", "participants",
]
TFIDF = "tfidf"


class ExtractError(ThematicError):
    """Extracts cannot be chosen as asked (a pinned extract that is not there, a bad encoder)."""


def tfidf_embedder(texts: Sequence[str]) -> Callable[[Sequence[str]], np.ndarray]:
    """A deterministic embedding without a model: TF-IDF vectors fitted on ``texts``."""
    # scikit-learn loads only when extracts are chosen this way (it slows every command's start)
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=1)
    vectorizer.fit(list(texts) or [""])
    return lambda batch: vectorizer.transform(list(batch)).toarray()


def resolve_embed(embed, texts: Sequence[str]) -> Callable[[Sequence[str]], np.ndarray]:
    """The embedding function for ``embed``.

    ``None`` or ``"tfidf"``: :func:`tfidf_embedder` fitted on ``texts``; another string: the
    encoder of that spec (``"minilm"``, ``"fake"``, a model folder;
    :func:`ls_thematic.backend.encoders.get_encoder`); an object with an ``encode`` method: that
    method; any other callable ``texts -> array (n, dim)``: itself.
    """
    if embed is None or embed == TFIDF:
        return tfidf_embedder(texts)
    if isinstance(embed, str):
        try:
            return get_encoder(embed).encode
        except ValueError as exc:
            raise ExtractError(f"{exc} Or use 'tfidf' for an embedding without a model.") from None
    if hasattr(embed, "encode"):
        return embed.encode
    if callable(embed):
        return embed
    raise ExtractError(
        f"embed must be None, an encoder spec, an encoder or a function texts -> array; "
        f"found {type(embed).__name__}."
    )


def load_embedder(name: str):
    """The embedding of a name: ``"tfidf"`` (word statistics, no model) or the encoder of that
    spec (``"minilm"``: the all-MiniLM-L6-v2 sentence encoder, offline)."""
    if name == TFIDF:
        return TFIDF
    try:
        return get_encoder(name)
    except (OSError, ValueError) as exc:
        raise ExtractError(
            f"Cannot load the {name!r} encoder ({exc}); use --embedder tfidf to choose extracts "
            "without a model."
        ) from None


def _embed_all(fn, texts: list[str]) -> np.ndarray:
    vectors = np.asarray(fn(texts), dtype=float)
    if vectors.ndim != 2 or vectors.shape[0] != len(texts):
        raise ExtractError(
            f"The embedding function returned an array of shape {vectors.shape} for "
            f"{len(texts)} texts; it must return one vector per text, shape ({len(texts)}, dim)."
        )
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _resolve_pinned(code: str, items: Sequence, candidates: pd.DataFrame) -> list[int]:
    """Positions in ``candidates`` of the pinned items: a region id, else the text (exact, then
    contained, whitespace and case ignored)."""
    out: list[int] = []
    by_centrality = candidates.sort_values("centrality", ascending=False, kind="stable")
    for item in items:
        key = str(item)
        hits = [i for i, region in enumerate(candidates["region_id"]) if str(region) == key]
        if not hits:
            wanted = _squash(key)
            exact = [i for i, text in enumerate(candidates["text"]) if _squash(text) == wanted]
            within = [
                candidates.index.get_loc(i) for i in by_centrality.index
                if wanted and wanted in _squash(candidates.at[i, "text"])
            ]
            hits = exact or within
        if not hits:
            shown = key if len(key) <= 60 else key[:57] + "..."
            raise ExtractError(
                f"The pinned extract {shown!r} for {code!r} is neither a region id nor the text "
                f"of one of its {len(candidates)} segments; pin a region id or a piece of a "
                "coded segment's text."
            )
        if hits[0] not in out:
            out.append(hits[0])
    return out


def _distinct_passages(frame: pd.DataFrame, favourites: set[str] = frozenset()) -> pd.DataFrame:
    """One segment per passage: spans of the same code that overlap in the same transcript
    (typically two coders' versions of one passage) keep only the shortest, the tightest quote,
    unless another is pinned by its region id (``favourites``)."""
    frame = frame.sort_values(["code", "task_id", "start", "end"], kind="stable")
    keep = []
    for _, group in frame.groupby(["code", "task_id"], sort=False):
        cluster: list = []
        cluster_end = -1
        for index, start, end in zip(group.index, group["start"], group["end"], strict=True):
            if cluster and start >= cluster_end:
                keep.append(_tightest(frame, cluster, favourites))
                cluster, cluster_end = [], -1
            cluster.append(index)
            cluster_end = max(cluster_end, end)
        if cluster:
            keep.append(_tightest(frame, cluster, favourites))
    return frame.loc[sorted(keep)]


def _tightest(frame: pd.DataFrame, cluster: list, favourites: set[str]):
    return min(cluster, key=lambda i: (
        str(frame.at[i, "region_id"]) not in favourites,
        frame.at[i, "end"] - frame.at[i, "start"], frame.at[i, "start"],
    ))


def _check_options(n_min, n_max, relevance: float) -> None:
    if not (isinstance(n_min, int) and isinstance(n_max, int) and 1 <= n_min <= n_max):
        raise ExtractError(
            f"n_min={n_min!r} and n_max={n_max!r}: both must be whole numbers with "
            "1 <= n_min <= n_max."
        )
    if not 0 <= relevance <= 1:
        raise ExtractError(f"relevance={relevance!r} must lie between 0 and 1.")


def _check_pinned(pinned: Mapping, book: Codebook) -> None:
    for code in pinned:
        if code not in book.names:
            raise ExtractError(
                f"Extracts are pinned for {code!r}, which the codebook does not have; it has: "
                f"{', '.join(book.codable_names)}."
            )


def _chosen_codes(frame: pd.DataFrame, book: Codebook, codes: Sequence[str] | None,
                  pinned: Mapping) -> list[str]:
    """The codes to quote: as given (each checked), or every codable code with segments but
    "Unsure – revisit"."""
    used = set(frame["code"])
    if codes is None:
        codes = [name for name in book.codable_names if name in used and name != UNSURE]
    else:
        for code in codes:
            book.code(code)  # raises, listing the codes
    for code in pinned:
        if code not in used:
            raise ExtractError(
                f"Extracts are pinned for {code!r}, which has no coded segments to pin."
            )
    return list(codes)


def _candidates(frame: pd.DataFrame, code: str, vectors: np.ndarray,
                row_of: Mapping[str, int]) -> tuple[pd.DataFrame, np.ndarray]:
    """The code's passages in participant order with their ``centrality``, and their vectors."""
    candidates = frame[frame["code"] == code].copy()
    candidates["_key"] = candidates["participant"].map(natural_key)
    candidates = candidates.sort_values(["_key", "task_id", "start", "end"], kind="stable")
    candidates = candidates.reset_index(drop=True)
    matrix = vectors[[row_of[t] for t in candidates["text"]]]
    centroid = matrix.mean(axis=0)
    norm = np.linalg.norm(centroid)
    candidates["centrality"] = matrix @ centroid / norm if norm > 0 else np.zeros(len(candidates))
    return candidates, matrix


def _pick(candidates: pd.DataFrame, matrix: np.ndarray, chosen: list[int], k: int,
          relevance: float) -> list[int]:
    """Add extracts to ``chosen`` greedily (maximal marginal relevance) until there are ``k``,
    a participant without an extract first."""
    centrality = candidates["centrality"].to_numpy()
    chosen = list(chosen)
    while len(chosen) < k:
        used_people = {candidates.at[i, "participant"] for i in chosen}
        pool = [i for i in range(len(candidates)) if i not in chosen]
        fresh = [i for i in pool if candidates.at[i, "participant"] not in used_people]
        pool = fresh or pool
        if chosen:
            similarity = (matrix[pool] @ matrix[chosen].T).max(axis=1)
        else:
            similarity = np.zeros(len(pool))
        score = relevance * centrality[pool] - (1 - relevance) * similarity
        chosen.append(pool[int(np.argmax(score))])
    return chosen


def _extract_rows(code: str, book: Codebook, candidates: pd.DataFrame, chosen: list[int],
                  n_pinned: int, people: list) -> list[dict]:
    description = book.code(code).description
    rows = []
    for rank, i in enumerate(chosen, start=1):
        row = candidates.iloc[i]
        rows.append({
            "code": code,
            "level": level_of(book, code),
            "description": description,
            "rank": rank,
            "participant": row["participant"],
            "task_id": row["task_id"],
            "coder": row["coder"],
            "region_id": row["region_id"],
            "start": int(row["start"]),
            "end": int(row["end"]),
            "text": row["text"],
            "centrality": float(row["centrality"]),
            "pinned": rank <= n_pinned,
            "segments": int(len(candidates)),
            "participants": len(people),
        })
    return rows


def representative_extracts(
    segments: pd.DataFrame,
    book: Codebook,
    embed=None,
    n_min: int = 3,
    n_max: int = 6,
    pinned: Mapping[str, Sequence[str]] | None = None,
    *,
    relevance: float = 0.7,
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Choose 3-6 representative extracts per theme (see the module notes for how).

    Parameters
    ----------
    segments : DataFrame
        From :func:`~ls_thematic.scripts.snapshot.segments` (redact names there first).
    book : Codebook
    embed : None, str, encoder or callable
        How texts become vectors (:func:`resolve_embed`): ``None`` gives TF-IDF vectors, which
        need no model; production passes ``"minilm"`` or an encoder.
    n_min, n_max : int
        Bounds on the number of extracts per theme; within them, one per endorsing participant.
    pinned : dict, optional
        ``{code: [region id or extract text, ...]}``: favourites that come first.
    relevance : float
        Weight of centrality against novelty in the greedy choice, in [0, 1].
    codes : list of str, optional
        The codes to choose extracts for; default: every codable code with segments except
        the built-in "Unsure – revisit".

    Returns
    -------
    DataFrame
        One row per extract, codes in codebook order, columns ``code, level, description, rank
        (1-based), participant, task_id, coder, region_id, start, end, text, centrality (cosine
        to the theme centroid, a float), pinned (bool), segments (distinct passages of the
        code: overlapping spans of one transcript, e.g. two coders' versions of a passage, count
        once and the shortest is quoted), participants (participants endorsing it)``.
    """
    _check_options(n_min, n_max, relevance)
    check_codes(segments, book)
    pinned = dict(pinned or {})
    _check_pinned(pinned, book)
    frame = segments.copy()
    frame["text"] = frame["text"].astype(str).str.strip()
    frame = frame[frame["text"] != ""]
    favourites = {str(item) for items in pinned.values() for item in items}
    frame = _distinct_passages(frame.drop_duplicates(["code", "participant", "text"]), favourites)
    codes = _chosen_codes(frame, book, codes, pinned)

    texts = list(dict.fromkeys(frame.loc[frame["code"].isin(codes), "text"]))
    fn = resolve_embed(embed, texts)
    vectors = _embed_all(fn, texts) if texts else np.zeros((0, 1))
    row_of = {text: i for i, text in enumerate(texts)}

    rows: list[dict] = []
    for code in codes:
        if not (frame["code"] == code).any():
            continue
        candidates, matrix = _candidates(frame, code, vectors, row_of)
        people = sorted(set(candidates["participant"]), key=natural_key)
        chosen = _resolve_pinned(code, pinned.get(code, []), candidates)
        k = max(min(len(candidates), max(n_min, min(n_max, len(people)))), len(chosen))
        chosen_all = _pick(candidates, matrix, chosen, k, relevance)
        rows += _extract_rows(code, book, candidates, chosen_all, len(chosen), people)
    return pd.DataFrame(rows, columns=EXTRACT_COLUMNS)


# --------------------------------------------------------------------------- as text
def _heading(code: str, first) -> str:
    return (f"{code} ({first['level']}; N = {first['participants']}, "
            f"{first['segments']} segments)")


def extracts_markdown(frame: pd.DataFrame) -> str:
    """The extracts as a Markdown document: per theme a heading, its description and quotes."""
    lines = ["# Themes and extracts", ""]
    for code, rows in frame.groupby("code", sort=False):
        first = rows.iloc[0]
        lines += [f"## {_heading(code, first)}", ""]
        if first["description"]:
            lines += [str(first["description"]), ""]
        for row in rows.itertuples(index=False):
            pin = " (pinned)" if row.pinned else ""
            lines += [f"> “{row.text}” ({row.participant}){pin}", ""]
    return "\n".join(lines)


def extracts_text(frame: pd.DataFrame, width: int = 96) -> str:
    """The extracts as plain text wrapped at ``width``: per theme its description and numbered
    quotes."""
    lines = []
    for code, rows in frame.groupby("code", sort=False):
        first = rows.iloc[0]
        lines += [_heading(code, first)]
        if first["description"]:
            lines += textwrap.wrap(str(first["description"]), width, initial_indent="  ",
                                   subsequent_indent="  ")
        for row in rows.itertuples(index=False):
            head = f"  {row.rank}. [{row.participant}{', pinned' if row.pinned else ''}] "
            lines += textwrap.wrap(f"“{row.text}”", width, initial_indent=head,
                                   subsequent_indent=" " * len(head))
        lines.append("")
    return "\n".join(lines)


def render_extracts(frame: pd.DataFrame, fmt: str, about: dict | None = None) -> str:
    """The extracts in ``fmt``: ``md`` and ``table`` as documents to read, ``csv`` and ``json``
    as tables (:func:`~ls_thematic.scripts.render.render_table`)."""
    if fmt == "md":
        return extracts_markdown(frame)
    if fmt == "table":
        return extracts_text(frame)
    return render_table(frame, fmt, about)
