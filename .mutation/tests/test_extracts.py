"""Representative extracts: 3-6 per theme, central, spread across participants, pins first."""

from __future__ import annotations

import numpy as np
import pytest

from ls_thematic.backend.encoders import FakeEncoder
from ls_thematic.scripts.extracts import ExtractError, representative_extracts
from ls_thematic.scripts.snapshot import segments

from .writeup_data import demo_snapshot, thesis_book


@pytest.fixture(scope="module")
def book():
    return thesis_book()


@pytest.fixture(scope="module")
def demo_segments():
    return segments(demo_snapshot(), coders="all")


def _theme_segments(texts_by_participant):
    """Segments of one theme ('Afraid to reduce'): {participant: [texts]}."""
    tasks = []
    for n, (pid, texts) in enumerate(texts_by_participant.items(), start=1):
        text = " ".join(texts)
        result, position = [], 0
        for i, piece in enumerate(texts):
            result.append({"id": f"{pid}-{i}", "from_name": "code", "to_name": "text",
                           "type": "labels", "value": {"start": position,
                                                        "end": position + len(piece),
                                                        "labels": ["Afraid to reduce"]}})
            position += len(piece) + 1
        tasks.append({"id": n, "data": {"text": text, "participant": pid},
                      "annotations": [{"id": n, "completed_by": 1, "result": result}]})
    return segments(tasks)


@pytest.mark.parametrize("embed", [None, "tfidf", FakeEncoder(64)])
def test_three_to_six_extracts_per_theme_with_participants(book, demo_segments, embed):
    frame = representative_extracts(demo_segments, book, embed=embed)
    assert set(frame["code"]) <= set(book.codable_names)
    for code, rows in frame.groupby("code"):
        people = demo_segments.loc[demo_segments["code"] == code, "participant"].nunique()
        passages = rows["segments"].iloc[0]
        assert len(rows) == min(passages, max(3, min(6, people)))
        assert rows["rank"].tolist() == list(range(1, len(rows) + 1))
        # one extract per participant before any participant gets a second
        first = rows.head(people)["participant"]
        assert first.is_unique
        assert rows["description"].iloc[0] == book.code(code).description
        assert rows["centrality"].between(-1 - 1e-9, 1 + 1e-9).all()
    # extracts are the coded text
    for row in frame.itertuples():
        source = demo_segments[(demo_segments["task_id"] == row.task_id)
                               & (demo_segments["region_id"] == row.region_id)]
        assert source["text"].iloc[0].strip() == row.text


def test_two_coders_versions_of_a_passage_count_once(book, demo_segments):
    frame = representative_extracts(demo_segments, book, embed="tfidf")
    for _, rows in frame.groupby("code"):
        spans = sorted(zip(rows["task_id"], rows["start"], rows["end"], strict=True))
        for (t1, _s1, e1), (t2, s2, _e2) in zip(spans, spans[1:], strict=False):
            assert t1 != t2 or s2 >= e1, "overlapping extracts of one passage"


def test_central_extract_first_and_spread(book):
    seg = _theme_segments({
        "P1": ["afraid to reduce the diazepam dose", "weather is nice"],
        "P2": ["afraid to reduce diazepam", "afraid to reduce the diazepam"],
        "P3": ["reduce diazepam afraid anxiety"],
    })

    def embed(texts):
        vocabulary = ["afraid", "reduce", "diazepam", "weather", "anxiety"]
        return np.array([[t.count(w) for w in vocabulary] for t in texts], dtype=float)

    frame = representative_extracts(seg, book, embed=embed)
    assert len(frame) == 3  # one per participant (3 people, at least 3)
    assert set(frame["participant"]) == {"P1", "P2", "P3"}  # spread: one each
    assert "weather is nice" not in frame["text"].tolist()  # the off-topic segment is not typical
    assert frame["centrality"].iloc[0] == frame["centrality"].max()  # the most central first


def test_pinned_extracts_come_first(book, demo_segments):
    plain = representative_extracts(demo_segments, book, embed="tfidf")
    rows = demo_segments[demo_segments["code"] == "Afraid to reduce"]
    last = plain[plain["code"] == "Afraid to reduce"].iloc[-1]
    piece = last["text"][5:45]
    pinned = representative_extracts(demo_segments, book, embed="tfidf",
                                      pinned={"Afraid to reduce": [piece]})
    theme = pinned[pinned["code"] == "Afraid to reduce"]
    assert piece in theme.iloc[0]["text"] and bool(theme.iloc[0]["pinned"])
    assert not theme.iloc[1:]["pinned"].any()
    by_region = representative_extracts(
        demo_segments, book, embed="tfidf", pinned={"Afraid to reduce": [rows.iloc[0]["region_id"]]})
    assert by_region[by_region["code"] == "Afraid to reduce"].iloc[0]["region_id"] == rows.iloc[0]["region_id"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pinned": {"Afraid to reduce": ["no such words anywhere"]}}, "neither a region id nor the text"),
        ({"pinned": {"Fear": ["x"]}}, "pinned for 'Fear', which the codebook does not have"),
        ({"pinned": {"Frustration – trying to make progress": ["x"]}}, "does not have"),
        ({"n_min": 4, "n_max": 2}, "1 <= n_min <= n_max"),
        ({"embed": lambda texts: np.zeros((1, 3))}, "one vector per text"),
        ({"embed": 42}, "found int"),
    ],
)
def test_errors(book, demo_segments, kwargs, message):
    with pytest.raises(ExtractError, match=message):
        representative_extracts(demo_segments, book, **{"embed": "tfidf", **kwargs})
