"""What the backend pre-fills (backend/model.py with backend/prefill.py), through the app, and
the settings PREFILL_PRECISION and MAX_PREFILL_PER_UNIT (backend/config.py)."""

from __future__ import annotations

import re

import pytest

from ls_thematic.backend.config import Settings

from .helpers import (
    MONEY_SENTENCE,
    TRANSCRIPT,
    make_settings,
    make_task,
    predict,
    regions,
    setup,
    span,
)

SLEEP_UNIT = "I can't sleep at night, I lie awake for hours."
FAMILY_UNIT = "My kids and my mother worry about me all the time."


def cold_prediction(client, label_config) -> dict:
    return predict(client, label_config, [make_task(5)])["results"][0]


def test_only_suggestions_above_the_precision_target_are_prefilled(
    make_app, tmp_path, label_config
):
    """Cold start with the fake encoder: Sleep (0.84) and Family (0.90) reach the target 0.8
    (no code has coded segments, so its calibrated probability decides); Money (0.58) does not,
    and is named in the note of the pre-filled region of its turn."""
    client = make_app(make_settings(tmp_path)).test_client()
    prediction = cold_prediction(client, label_config)
    found = [(r["value"]["labels"], r["value"]["text"]) for r in prediction["result"]]
    assert found == [(["Sleep"], SLEEP_UNIT), (["Family"], FAMILY_UNIT)]
    assert all(r["score"] >= 0.8 and r["origin"] == "prediction" for r in prediction["result"])
    (family,) = regions(prediction, "Family")
    note = family["meta"]["text"][0]
    assert note.startswith(f"Suggested: Family ({family['score']:.2f}).")
    assert re.search(r"\nAlso possible \(not pre-filled\): Money \(0\.5\d\)\.$", note), note
    (sleep,) = regions(prediction, "Sleep")
    assert "Also possible" not in sleep["meta"]["text"][0]


def test_everything_suggested_is_prefilled_at_a_target_near_zero(make_app, tmp_path, label_config):
    settings = make_settings(tmp_path, prefill_precision=1e-9, max_prefill_per_unit=1000)
    prediction = cold_prediction(make_app(settings).test_client(), label_config)
    codes = [r["value"]["labels"][0] for r in prediction["result"]]
    assert codes == ["Sleep", "Money", "Family"]
    (money,) = regions(prediction, "Money")
    assert money["value"]["text"] == MONEY_SENTENCE and money["score"] < 0.8


def test_at_most_max_prefill_per_unit_regions_per_turn(make_app, tmp_path, label_config):
    settings = make_settings(tmp_path / "one", max_prefill_per_unit=1)
    prediction = cold_prediction(make_app(settings).test_client(), label_config)
    # Sleep and Family are in different turns: one each is allowed.
    assert [r["value"]["labels"][0] for r in prediction["result"]] == ["Sleep", "Family"]
    settings = make_settings(tmp_path / "none", max_prefill_per_unit=0)
    assert cold_prediction(make_app(settings).test_client(), label_config)["result"] == []


def test_a_coder_who_asks_gets_the_suggestion_below_the_target(client, label_config):
    selected = span(TRANSCRIPT, MONEY_SENTENCE, "Money")
    del selected["value"]["labels"]
    body = predict(client, label_config, params={"context": {"result": [selected]}})
    (region,) = body["results"][0]["result"]
    assert region["value"]["labels"] == ["Money"] and region["score"] < 0.8
    assert "Also possible" not in region["meta"]["text"][0]


def test_prefill_settings_are_part_of_the_model_version(make_app, tmp_path, label_config):
    versions = {
        setup(make_app(make_settings(tmp_path / name, **extra)).test_client(), label_config).json[
            "model_version"
        ]
        for name, extra in (
            ("default", {}),
            ("target", {"prefill_precision": 0.9}),
            ("cap", {"max_prefill_per_unit": 5}),
        )
    }
    assert len(versions) == 3


# ----------------------------------------------------------------------------- settings


def test_prefill_settings_are_read_from_the_environment():
    settings = Settings.from_env({"PREFILL_PRECISION": "0.9", "MAX_PREFILL_PER_UNIT": "4"})
    assert (settings.prefill_precision, settings.max_prefill_per_unit) == (0.9, 4)
    default = Settings.from_env({})
    assert (default.prefill_precision, default.max_prefill_per_unit) == (0.8, 2)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"PREFILL_PRECISION": "0"},
            r"PREFILL_PRECISION must be a precision target greater than 0 and at most 1 \(e\.g\. 0\.8\); got 0\.0",
        ),
        ({"PREFILL_PRECISION": "1.5"}, r"PREFILL_PRECISION must be .* got 1\.5"),
        ({"PREFILL_PRECISION": "nan"}, r"PREFILL_PRECISION must be .* got nan"),
        ({"PREFILL_PRECISION": "high"}, r"PREFILL_PRECISION must be a number; got 'high'"),
        ({"MAX_PREFILL_PER_UNIT": "-1"}, r"MAX_PREFILL_PER_UNIT must be an integer >= 0; got -1"),
        ({"MAX_PREFILL_PER_UNIT": "2.5"}, r"MAX_PREFILL_PER_UNIT must be an integer; got '2\.5'"),
    ],
)
def test_bad_prefill_settings_name_the_variable_and_what_is_allowed(env, message):
    with pytest.raises(ValueError, match=message):
        Settings.from_env(env)


def test_the_thresholds_are_computed_once_per_fit(make_app, tmp_path, label_config, monkeypatch):
    from ls_thematic.backend import model as model_module

    calls = []
    real = model_module.thresholds_of
    monkeypatch.setattr(model_module, "thresholds_of", lambda *a: calls.append(a) or real(*a))
    client = make_app(make_settings(tmp_path)).test_client()
    first, second = (cold_prediction(client, label_config) for _ in range(2))
    assert first["result"] == second["result"] and len(calls) == 1  # one fit, one computation
