"""Learning only from what a person did (backend/model.py, backend/config.py): a suggestion the
coder kept unchanged (origin "prediction") counts ACCEPTED_SUGGESTION_WEIGHT in the fit, a
span coded or edited by the coder counts 1."""

from __future__ import annotations

import numpy as np
import pytest

from ls_thematic.backend.config import Settings
from ls_thematic.backend.prototypes import codebook_fit_params
from ls_thematic.backend.suggester import CodeSuggester

from .helpers import (
    MONEY_SENTENCE,
    SLEEP_SENTENCES,
    TRANSCRIPT,
    annotation_event,
    make_settings,
    make_task,
    post_event,
    registry,
    span,
)

FAMILY_SENTENCE = "My kids and my mother worry about me all the time."


def with_origin(result: dict, origin: str | None) -> dict:
    return result if origin is None else {**result, "origin": origin}


def code(client, label_config, origins: dict[str, str | None]):
    """One annotation of task 5 coding the money, sleep and family sentences with these
    origins; returns the project's model."""
    coded = [
        with_origin(span(TRANSCRIPT, MONEY_SENTENCE, "Money"), origins["Money"]),
        with_origin(span(TRANSCRIPT, SLEEP_SENTENCES, "Sleep"), origins["Sleep"]),
        with_origin(span(TRANSCRIPT, FAMILY_SENTENCE, "Family"), origins["Family"]),
    ]
    post_event(client, annotation_event("ANNOTATION_CREATED", 40, make_task(), coded, label_config))


def explicit_fit(model, weights) -> CodeSuggester:
    """The fit the model should make, with the weights spelled out."""
    segments = model.store.segments()
    settings = model.settings
    return CodeSuggester(
        encoder=settings.encoder,
        cold_start_segments=settings.cold_start_segments,
        cold_start_similarity=settings.cold_start_similarity,
    ).fit(
        [s.item() for s in segments],
        [list(s.codes) for s in segments],
        sample_weight=weights,
        **codebook_fit_params(model.scheme.codebook),
    )


def test_an_accepted_suggestion_weighs_less_and_an_edited_one_counts_fully(
    make_app, tmp_path, label_config
):
    app = make_app(make_settings(tmp_path, accepted_suggestion_weight=0.25))
    code(
        app.test_client(),
        label_config,
        {"Money": "prediction", "Sleep": "prediction-changed", "Family": "manual"},
    )
    model = registry(app).get("1")
    segments = model.store.segments()
    assert [s.origin for s in segments] == ["prediction", "prediction-changed", "manual"]
    estimator = model.ensure_fitted().estimator
    np.testing.assert_array_equal(estimator.sample_weight_, [0.25, 1.0, 1.0])
    np.testing.assert_allclose(estimator.coef_, explicit_fit(model, [0.25, 1, 1]).coef_, atol=1e-6)
    assert not np.allclose(estimator.coef_, explicit_fit(model, [1, 1, 1]).coef_, atol=1e-3)


def test_results_without_an_origin_count_as_coded_by_hand(make_app, tmp_path, label_config):
    app = make_app(make_settings(tmp_path, accepted_suggestion_weight=0.0))
    code(app.test_client(), label_config, {"Money": None, "Sleep": None, "Family": "manual"})
    model = registry(app).get("1")
    assert {s.origin for s in model.store.segments()} == {"manual"}
    np.testing.assert_array_equal(model.ensure_fitted().estimator.sample_weight_, [1.0] * 3)


def test_accepting_a_suggestion_instead_of_coding_it_changes_the_model_version(
    make_app, tmp_path, label_config
):
    by_hand = make_app(make_settings(tmp_path / "a"))
    code(by_hand.test_client(), label_config, {"Money": None, "Sleep": None, "Family": None})
    accepted = make_app(make_settings(tmp_path / "b"))
    code(
        accepted.test_client(), label_config, {"Money": "prediction", "Sleep": None, "Family": None}
    )
    versions = [registry(app).get("1").model_version for app in (by_hand, accepted)]
    assert versions[0] != versions[1]


def test_the_weight_is_read_from_the_environment():
    assert Settings.from_env({}).accepted_suggestion_weight == 0.25
    settings = Settings.from_env({"ACCEPTED_SUGGESTION_WEIGHT": " 0.1 "})
    assert settings.accepted_suggestion_weight == 0.1


@pytest.mark.parametrize("raw", ["1.5", "-0.1", "nan", "inf", "half"])
def test_a_bad_weight_is_named_with_what_is_allowed(raw):
    with pytest.raises(ValueError, match="ACCEPTED_SUGGESTION_WEIGHT must be a number"):
        Settings.from_env({"ACCEPTED_SUGGESTION_WEIGHT": raw})
