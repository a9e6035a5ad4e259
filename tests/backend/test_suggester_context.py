"""CodeSuggester with context: items {"text", "speaker", "previous"} next to plain strings."""

from __future__ import annotations

import numpy as np
import pytest

from ls_thematic.backend import suggester, suggester_context
from ls_thematic.backend.suggester import CodeSuggester
from ls_thematic.label_config.errors import InputError

QUESTIONS = {
    "Food": ["how was the food on the ward?", "did you like the meals?"],
    "Parking": ["was it easy to park the car?", "what about the car park?"],
}
ANSWERS = ["yes it was fine", "not really", "it was ok I suppose", "quite good actually"]


def interview():
    """Short answers whose code is the topic of the interviewer's question before them, and the
    interviewer's own turns, coded "Question" (the speaker decides that code)."""
    items, codes = [], []
    for code, questions in QUESTIONS.items():
        for question in questions:
            items.append({"text": question, "speaker": "interviewer", "previous": []})
            codes.append(["Question"])
            for answer in ANSWERS:
                items.append({"text": answer, "speaker": "participant", "previous": [question]})
                codes.append([code])
    return items, codes


def test_plain_strings_fit_the_text_alone():
    items, codes = interview()
    texts = [item["text"] for item in items]
    model = CodeSuggester(encoder="fake").fit(texts, codes)
    assert model.context_ is False and model.speakers_ == ()
    assert model.coef_.shape == (model.n_text_features_ + 1, 3)  # text and intercept only


def test_mappings_without_context_give_the_plain_string_results():
    items, codes = interview()
    texts = [item["text"] for item in items]
    bare = [{"text": text} for text in texts]
    plain = CodeSuggester(encoder="fake").fit(texts, codes)
    mapped = CodeSuggester(encoder="fake").fit(bare, codes)
    assert mapped.context_ is True
    np.testing.assert_allclose(mapped.predict_proba(bare), plain.predict_proba(texts), atol=1e-5)
    assert mapped.predict(bare) == plain.predict(texts)


def test_every_method_accepts_items():
    items, codes = interview()
    model = CodeSuggester(encoder="fake").fit(items, codes, meta=[{"n": i} for i in range(20)])
    probe = [items[1], "the meals were cold", {"text": "parking", "speaker": None}]
    assert model.predict_proba(probe).shape == (3, 3)
    assert len(model.suggest(probe)) == len(model.predict(probe)) == 3
    assert model.support(probe).shape == (3, 3)
    assert 0.0 <= model.score(items, codes) <= 1.0
    assert model.explain(items[1], k=1)[0].text == items[1]["text"]
    model.partial_update(
        [{"text": "the car park was full", "previous": ["parking?"]}], [["Parking"]]
    )
    assert len(model.texts_) == 21


def test_the_previous_unit_decides_the_code_of_a_short_answer():
    items, codes = interview()
    model = CodeSuggester(encoder="fake", cold_start_segments=0).fit(items, codes)
    answer = "yes it was fine"
    after_food = {"text": answer, "speaker": "participant", "previous": ["did you like the meals?"]}
    after_park = {
        "text": answer,
        "speaker": "participant",
        "previous": ["what about the car park?"],
    }
    assert model.predict([after_food, after_park]) == [["Food"], ["Parking"]]
    # On its text alone the answer is the same for both topics.
    text_only = CodeSuggester(encoder="fake").fit([item["text"] for item in items], codes)
    proba = text_only.predict_proba([answer])[0]
    assert abs(proba[0] - proba[1]) < 0.1  # Food and Parking: a coin toss


def test_the_speaker_decides_the_code_of_the_same_words():
    items = [{"text": t, "speaker": s} for t in ANSWERS for s in ("interviewer", "participant")]
    codes = [["Prompt"] if i % 2 == 0 else ["Reply"] for i in range(len(items))]
    model = CodeSuggester(encoder="fake").fit(items * 2, codes * 2)
    assert model.speakers_ == ("interviewer", "participant")
    probe = [{"text": "yes it was fine", "speaker": s} for s in ("interviewer", "participant")]
    ranked = [max(found, key=found.get) for found in model.suggest(probe)]
    assert ranked == ["Prompt", "Reply"]
    # Without the speaker, the text alone cannot tell them apart.
    plain = CodeSuggester(encoder="fake").fit([i["text"] for i in items] * 2, codes * 2)
    proba = plain.predict_proba(["yes it was fine"])[0]
    assert abs(proba[0] - proba[1]) < 0.05


def test_a_speaker_unseen_in_fit_counts_as_other():
    items, codes = interview()
    model = CodeSuggester(encoder="fake").fit(items, codes)
    stranger = {"text": "how was the food?", "speaker": "a visitor", "previous": []}
    other = {"text": "how was the food?", "speaker": "someone else", "previous": []}
    np.testing.assert_allclose(model.predict_proba([stranger]), model.predict_proba([other]))


def test_support_and_explain_compare_texts_not_context():
    items, codes = interview()
    model = CodeSuggester(encoder="fake").fit(items, codes)
    item = {"text": "the meals", "speaker": "participant", "previous": ["what about parking?"]}
    np.testing.assert_array_equal(model.support([item]), model.support(["the meals"]))
    assert model.explain(item, k=2) == model.explain("the meals", k=2)


def test_partial_update_with_items_matches_a_full_fit():
    items, codes = interview()
    probe = [items[1], items[12], {"text": "any more?", "speaker": "interviewer"}]
    model = CodeSuggester(encoder="fake").fit(items[:15], codes[:15])
    model.partial_update(items[15:] + [items[0]], codes[15:] + [["Food"]], remove_ids=[0])
    full = CodeSuggester(encoder="fake").fit(items[1:] + [items[0]], codes[1:] + [["Food"]])
    assert model.speakers_ == full.speakers_
    np.testing.assert_allclose(model.predict_proba(probe), full.predict_proba(probe), atol=1e-4)
    np.testing.assert_allclose(model.fitted_, full.fitted_, atol=1e-4)
    np.testing.assert_allclose(model.loo_proba_, full.loo_proba_, atol=1e-4)
    assert model.predict(probe) == full.predict(probe)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (3, r"texts\[1\] is a int; each item must be a str or a mapping \{\"text\": str"),
        ({"speaker": "P1"}, r"texts\[1\] has no 'text'; each item must be"),
        ({"text": None}, r"texts\[1\] has a NoneType as 'text'"),
        ({"text": "a", "speaker": 7}, r"texts\[1\] has a int as 'speaker'"),
        ({"text": "a", "previous": "the question"}, r"texts\[1\] has str 'the question' as 'prev"),
        ({"text": "a", "previous": ["ok", 2]}, r"texts\[1\]\['previous'\]\[1\] is a int"),
        ({"text": "a", "speeker": "P1"}, r"texts\[1\] has the unknown key 'speeker'"),
    ],
)
def test_bad_items_are_rejected_with_their_index(bad, message):
    items, codes = interview()
    with pytest.raises(InputError, match=message):
        CodeSuggester(encoder="fake").fit([items[0], bad], codes[:2])
    model = CodeSuggester(encoder="fake").fit(items, codes)
    for method in (model.predict_proba, model.suggest, model.support, model.predict):
        with pytest.raises(InputError, match=message):
            method([items[0], bad])


def test_a_single_mapping_is_not_a_list_of_items():
    items, codes = interview()
    model = CodeSuggester(encoder="fake").fit(items, codes)
    with pytest.raises(InputError, match="texts must be a list of items; got a single mapping"):
        model.predict(items[0])


def test_design_rows_and_leverages_made_in_blocks_are_those_made_at_once(monkeypatch):
    """The design rows' context block and the leverages are computed a block of rows at a time
    (memory); blocks of 3 rows give the design rows one block gives, exactly, and the model up
    to float32 rounding (a matrix product of 3 rows may sum in another order)."""
    items, codes = interview()
    probe = [items[1], items[12], {"text": "any more?", "speaker": "interviewer"}]
    whole = CodeSuggester(encoder="fake").fit(items, codes)
    monkeypatch.setattr(suggester_context, "ROW_BLOCK", 3)
    monkeypatch.setattr(suggester, "ROW_BLOCK", 3)
    rows_at_once = []
    previous_mean = suggester_context.previous_mean

    def counted(previous, dim, embed):
        rows_at_once.append(len(previous))
        return previous_mean(previous, dim, embed)

    monkeypatch.setattr(suggester_context, "previous_mean", counted)
    blocks = CodeSuggester(encoder="fake").fit(items, codes)
    assert max(rows_at_once) == 3
    np.testing.assert_array_equal(blocks.design_, whole.design_)
    np.testing.assert_allclose(blocks.raw_leverage_, whole.raw_leverage_, rtol=1e-5)
    np.testing.assert_allclose(blocks.loo_proba_, whole.loo_proba_, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(blocks.predict_proba(probe), whole.predict_proba(probe), rtol=1e-5)
