"""Refitting after events (backend/refit.py): a few changed segments update the estimator in
use by rank k, and the result is the model a fit from scratch gives; anything else fits anew."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from ls_thematic.backend import refit as refitting
from ls_thematic.backend.model import ThematicModel
from ls_thematic.backend.scheme import CodingScheme
from ls_thematic.backend.store import Segment
from ls_thematic.backend.suggester import CodeSuggester

from .helpers import make_settings

CODES = ("Sleep", "Money", "Family")
WORDS = {
    "Sleep": "sleep night awake insomnia tired bed",
    "Money": "money cost pay tablets price week",
    "Family": "kids mother partner family worry home",
}
SETTINGS = ("fake", "cold=5/0.3")


def segment(i: int, code: str, speaker: str | None = "participant", **extra) -> Segment:
    words = WORDS[code].split()
    text = f"{words[i % 6]} {words[(i * 5) % 6]} and {words[(i + 2) % 6]} number {i}"
    previous = (f"question {i % 4} about {words[i % 6]}",) if speaker else ()
    return Segment(
        text,
        (code,),
        task=i % 7,
        participant=f"P{i % 3}",
        speaker=speaker,
        previous=previous,
        **extra,
    )


def segments(n: int, **extra) -> list[Segment]:
    return [segment(i, CODES[i % 3], **extra) for i in range(n)]


@pytest.fixture(scope="module")
def scheme(label_config) -> CodingScheme:
    return CodingScheme.from_config(label_config)


def new_estimator() -> CodeSuggester:
    return CodeSuggester(encoder="fake", cold_start_similarity=0.3)


def train(previous, segs, scheme, settings=SETTINGS):
    return refitting.refit(previous, segs, scheme, 0.25, settings, new_estimator)


PROBES = [
    {"text": "I lie awake at night", "speaker": "participant", "previous": ["How do you sleep?"]},
    {"text": "the tablets cost money", "speaker": "interviewer", "previous": []},
    "my mother and the kids",
]


def assert_same_model(a: CodeSuggester, b: CodeSuggester) -> None:
    np.testing.assert_allclose(a.predict_proba(PROBES), b.predict_proba(PROBES), atol=2e-5)
    np.testing.assert_allclose(a.thresholds_, b.thresholds_, atol=2e-5)
    np.testing.assert_allclose(a.n_positives_, b.n_positives_)
    assert list(a.classes_) == list(b.classes_)


def test_an_added_segment_updates_by_rank_k_and_gives_the_model_a_full_fit_gives(scheme):
    base = segments(60)
    first = train(None, base, scheme)
    assert first.how == "full"
    before = first.estimator.predict_proba(PROBES)
    sums = first.estimator.gram_.copy(), first.estimator.xty_.copy()
    more = [*base, segment(100, "Money", speaker="interviewer")]
    second = train(first, more, scheme)
    assert second.how == "partial" and second.drift == 1
    assert_same_model(second.estimator, train(None, more, scheme).estimator)
    # The estimator in use was not touched: it keeps serving what it served.
    np.testing.assert_array_equal(first.estimator.predict_proba(PROBES), before)
    np.testing.assert_array_equal(first.estimator.gram_, sums[0])  # nor what it would update
    np.testing.assert_array_equal(first.estimator.xty_, sums[1])
    assert len(first.estimator.ids_) == 60 and len(second.estimator.ids_) == 61


def test_recoding_removing_and_duplicates_follow_the_segments_as_a_multiset(scheme):
    base = segments(60)
    first = train(None, base, scheme)
    recoded = [*base[:10], segment(10, "Family"), *base[11:]]  # Sleep -> Family (i=10: Money)
    twice = [*recoded, base[20], base[20]]  # the same segment coded three times in all
    fewer = twice[5:]
    trained = first
    for segs in (recoded, twice, fewer):
        trained = train(trained, segs, scheme)
        assert trained.how == "partial"
        assert_same_model(trained.estimator, train(None, segs, scheme).estimator)
        # what the next refit compares with: each segment's number of rows
        assert trained.counts == {seg: len(ids) for seg, ids in trained.rows.items()}
    assert sum(map(len, trained.rows.values())) == len(fewer)
    assert trained.drift == 2 + 2 + 5
    same = train(trained, fewer, scheme)  # nothing changed: nothing to do
    assert same.how == "unchanged" and same.estimator is trained.estimator


def test_an_accepted_suggestion_and_its_weight_are_part_of_what_a_segment_is(scheme):
    base = segments(40)
    first = train(None, base, scheme)
    seg = base[-1]
    as_accepted = Segment(
        seg.text,
        seg.codes,
        task=seg.task,
        participant=seg.participant,
        speaker=seg.speaker,
        previous=seg.previous,
        origin="prediction",
    )
    accepted = [*base[:-1], as_accepted]
    second = train(first, accepted, scheme)
    assert second.how == "partial" and second.drift == 2  # removed at weight 1, added at 0.25
    assert second.estimator.sample_weight_[-1] == pytest.approx(0.25)
    assert_same_model(second.estimator, train(None, accepted, scheme).estimator)


@pytest.mark.parametrize(
    "change",
    ["settings", "many rows", "drift", "new speaker column", "context appears", "all removed"],
)
def test_a_fit_from_scratch_when_a_rank_k_update_would_not_be_the_same_model(scheme, change):
    plain = change == "context appears"
    base = segments(300, speaker=None) if plain else segments(300)
    first = train(None, base, scheme)
    settings, segs, previous = SETTINGS, [*base, segment(400, "Sleep")], first
    if change == "settings":
        settings = ("fake", "cold=3/0.3")
    elif change == "many rows":
        segs = base + [segment(500 + i, "Money") for i in range(refitting.PARTIAL_MAX_ROWS + 1)]
    elif change == "drift":  # rank-k updates changed 64 segments since the fit from scratch
        drift = refitting.PARTIAL_MAX_ROWS
        previous = dataclasses.replace(first, drift=drift, how="partial")
    elif change == "new speaker column":  # 5 segments by a new speaker: 1% and 5 of them
        segs = base + [segment(600 + i, "Family", speaker="carer") for i in range(5)]
    elif change == "all removed":
        segs = []
    trained = train(previous, segs, scheme, settings)
    assert trained.how == "full" and trained.drift == 0
    if segs:
        assert_same_model(trained.estimator, train(None, segs, scheme, settings).estimator)
    if change == "new speaker column":
        assert "carer" in trained.estimator.speakers_


def test_a_just_below_the_limits_update_is_still_by_rank_k(scheme):
    base = segments(300)
    first = train(None, base, scheme)
    segs = base + [segment(500 + i, "Money") for i in range(refitting.PARTIAL_MAX_ROWS)]
    trained = train(first, segs, scheme)
    assert trained.how == "partial"
    drift = refitting.PARTIAL_MAX_ROWS - 1  # 10% of 301 segments is less than 64
    near = dataclasses.replace(first, drift=drift, how="partial")
    assert train(near, [*base, segment(400, "Sleep")], scheme).how == "partial"


def test_the_backend_applies_an_event_by_rank_k_and_predicts_as_a_fresh_fit(tmp_path, label_config):
    settings = make_settings(tmp_path)
    model = ThematicModel("1", label_config, settings)
    model.store.replace(1, segments(40))
    assert model.refit() and model._fitted.trained.how == "full"
    model.store.replace(2, [segment(90, "Money", speaker="interviewer")])
    assert model.refit() and model._fitted.trained.how == "partial"
    fresh = ThematicModel("1", None, make_settings(tmp_path))
    assert fresh.refit() and fresh._fitted.trained.how == "full"
    assert_same_model(model._fitted.estimator, fresh._fitted.estimator)
    assert model.model_version == fresh.model_version


def test_a_segment_whose_codes_the_config_lacks_changes_nothing_and_is_counted(scheme):
    base = segments(40)
    stray = Segment("a code from another project", ("Housing",), speaker="participant")
    first = train(None, [*base, stray], scheme)
    assert first.how == "full" and first.dropped == 1 and len(first.estimator.ids_) == 40
    assert "Housing" not in first.estimator.classes_
    second = train(train(None, base, scheme), [*base, stray], scheme)
    assert second.how == "unchanged" and len(second.estimator.ids_) == 40


def test_the_speakers_are_followed_through_updates_until_a_column_would_change(scheme):
    carers = [segment(600 + i, "Family", speaker="carer") for i in range(6)]
    trained = train(None, [*segments(300), *carers], scheme)
    assert "carer" in trained.estimator.speakers_
    for kept in (5, 4):  # 6 -> 5 carer segments keeps the column; 5 -> 4 loses it
        trained = train(trained, [*segments(300), *carers[:kept]], scheme)
        assert trained.how == ("partial" if kept == 5 else "full"), kept
    assert "carer" not in trained.estimator.speakers_


def test_a_fit_and_a_rank_k_update_give_freed_memory_back(scheme, monkeypatch):
    """After a fit from scratch and after a rank-k update the heap's freed blocks go back to
    the system (tens of MB at thousands of segments, docs/benchmarks.md, memory); an unchanged
    estimator costs nothing."""
    calls = []
    monkeypatch.setattr(refitting, "release_freed_memory", lambda: calls.append(1))
    full = train(None, segments(30), scheme)
    assert (full.how, len(calls)) == ("full", 1)
    partial = train(full, segments(31), scheme)
    assert (partial.how, len(calls)) == ("partial", 2)
    unchanged = train(partial, segments(31), scheme)
    assert (unchanged.how, len(calls)) == ("unchanged", 2)
