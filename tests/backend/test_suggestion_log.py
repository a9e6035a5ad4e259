"""Auditable suggestions (issue 12, sections 1-2): blind double-coding, withheld units and the
log of every suggestion shown or withheld, through the backend's HTTP routes."""

from __future__ import annotations

import json
import re

import pytest

from ls_thematic.backend import model as model_module
from ls_thematic.backend import suggestion_log as suggestion_log_module
from ls_thematic.backend.config import Settings
from ls_thematic.backend.suggestion_log import LOG, SuggestionLog, is_blind
from ls_thematic.label_config.lsexport import SAMPLE_META_KEY

from .helpers import (
    TRANSCRIPT,
    make_settings,
    make_task,
    post_event,
    predict,
    regions,
    registry,
)

ASSIGNED = {SAMPLE_META_KEY: {"coder": "second@example.org", "user_id": 2, "seed": 7}}


@pytest.fixture
def prefill_everything(monkeypatch):
    """Pre-fill every code the suggester suggests (the fake encoder's probabilities are low),
    so that each unit with a suggestion gets a region unless it is withheld."""
    monkeypatch.setattr(
        model_module,
        "thresholds_of",
        lambda estimator, target: {str(c): float("-inf") for c in estimator.classes_},
    )


def log_of(app, project="1") -> list[dict]:
    return registry(app).get(project).suggestions.entries()


def covered(prediction: dict) -> set[tuple[int, int]]:
    return {(r["value"]["start"], r["value"]["end"]) for r in prediction["result"]}


def inside(unit: dict, prediction: dict) -> bool:
    return any(
        r["value"]["start"] < unit["end"] and unit["start"] < r["value"]["end"]
        for r in prediction["result"]
    )


# --------------------------------------------------------------------------- blind tasks


def test_a_task_chosen_for_double_coding_gets_no_suggestions(make_app, tmp_path, label_config):
    app = make_app(make_settings(tmp_path))
    client = app.test_client()
    blind = {**make_task(6, participant="P8"), "meta": ASSIGNED}
    other = make_task(7, participant="P9")
    results = predict(client, label_config, [blind, other])["results"]
    assert results[0]["result"] == [] and results[1]["result"]
    entries = log_of(app)
    assert [e["task"] for e in entries if e["why"] == "blind"] == [6]
    assert {e["task"] for e in entries if e["why"] != "blind"} == {7}
    answer = client.get("/versions?project=1").json["assistance"]
    assert answer["blind_double_coding"] is True and answer["blind_tasks"] == 1
    assert answer["note"].startswith("1 task(s) chosen for double-coding got no suggestions")
    # Asked for suggestions on a selected span, the blind task still gets none.
    context = {"result": [{"from_name": "code", "to_name": "text", "type": "labels",
                           "value": {"start": 0, "end": 40, "labels": []}}]}  # fmt: skip
    asked = predict(client, label_config, [blind], params={"context": context})["results"][0]
    assert asked["result"] == []


def test_blind_double_coding_can_be_turned_off(make_app, tmp_path, label_config):
    app = make_app(make_settings(tmp_path, blind_double_coding=False))
    blind = {**make_task(6, participant="P8"), "meta": ASSIGNED}
    assert predict(app.test_client(), label_config, [blind])["results"][0]["result"]
    assert not any(e["why"] == "blind" for e in log_of(app))
    assistance = app.test_client().get("/versions?project=1").json["assistance"]
    assert assistance["blind_double_coding"] is False
    assert "BLIND_DOUBLE_CODING=false" in assistance["note"]


@pytest.mark.parametrize(
    ("meta", "blind"),
    [(ASSIGNED, True), ({}, False), (None, False), ({SAMPLE_META_KEY: "yes"}, False),
     ({"other": {"coder": "x"}}, False)],
)  # fmt: skip
def test_only_the_assignment_sample_writes_makes_a_task_blind(meta, blind):
    assert is_blind({"id": 1, "meta": meta}) is blind


def test_entries_are_stamped_when_the_request_arrived_not_when_it_was_answered(
    make_app, tmp_path, label_config, monkeypatch
):
    # A slow answer made from a task before it was marked must stand before a fast blind answer
    # asked for after the mark (Label Studio asks while `sample --assign` updates the task).
    app = make_app(make_settings(tmp_path))
    arrivals = ["2026-11-30T10:00:00.250+00:00", "2026-11-30T10:00:01.500+00:00"]
    asked: list[str] = []

    def arrived() -> str:
        asked.append(arrivals[len(asked)])
        return asked[-1]

    monkeypatch.setattr(model_module, "now", arrived)
    client = app.test_client()
    predict(client, label_config, [make_task(6, participant="P8")])
    predict(client, label_config, [{**make_task(6, participant="P8"), "meta": ASSIGNED}])
    assert len(asked) == 2  # one stamp per request
    entries = log_of(app)
    assert {e["at"] for e in entries if e["why"] != "blind"} == {arrivals[0]}
    assert [e["at"] for e in entries if e["why"] == "blind"] == [arrivals[1]]


def test_the_log_time_is_utc_to_the_millisecond():
    stamp = suggestion_log_module.now()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", stamp), stamp


# --------------------------------------------------------------------------- withheld units


def test_withheld_units_get_no_region_and_are_logged_with_what_they_would_have_had(
    make_app, tmp_path, label_config, prefill_everything
):
    # one region per turn: the cap leaves out codes that reach the threshold
    app = make_app(make_settings(tmp_path, withhold_fraction=0.5, max_prefill_per_unit=1))
    client = app.test_client()
    # 8 tasks of 4 units each: some units are withheld and some shown whatever the salt
    tasks = [make_task(i, participant=f"P{i}") for i in range(6, 14)]
    first = predict(client, label_config, tasks)["results"]
    units = log_of(app)
    assert {e["why"] for e in units} == {"shown", "withheld"}
    assert all(e["fraction"] == 0.5 for e in units)
    held = [e for e in units if e["why"] == "withheld"]
    assert any(e["codes"] for e in held), "some withheld unit had a suggestion to withhold"
    for task, prediction in zip(tasks, first, strict=True):
        mine = [e for e in units if e["task"] == task["id"]]
        for unit in mine:
            if unit["why"] == "withheld":
                assert not inside(unit, prediction), unit  # nothing shown on a withheld unit
            else:
                assert inside(unit, prediction) == bool(unit["codes"]), unit
                for code in unit["codes"]:  # logged as shown only if shown (after the cap)
                    assert inside(unit, {"result": regions(prediction, code)}), (code, unit)
        # Each region's code is one logged for a shown unit it covers.
        for region in prediction["result"]:
            code = region["value"]["labels"][0]
            assert any(
                e["why"] == "shown" and code in e["codes"] and inside(e, {"result": [region]})
                for e in mine
            )
    # The same units are withheld at the next request: the draw is seeded, not random.
    second = predict(client, label_config, tasks)["results"]
    assert [covered(p) for p in second] == [covered(p) for p in first]
    again = log_of(app)[len(units) :]
    assert [(e["task"], e["start"], e["why"]) for e in again] == [
        (e["task"], e["start"], e["why"]) for e in units
    ]


def test_with_no_withholding_every_unit_with_a_suggestion_is_shown(
    make_app, tmp_path, label_config, prefill_everything
):
    app = make_app(make_settings(tmp_path, withhold_fraction=0.0))
    predict(app.test_client(), label_config)
    assert {e["why"] for e in log_of(app)} == {"shown"}


def test_the_withheld_share_is_the_fraction_and_each_unit_is_drawn_on_its_own(tmp_path):
    log = SuggestionLog(tmp_path)
    draws = [log.withheld(task, start, start + 50, 0.1) for task in range(20)
             for start in range(0, 10_000, 100)]  # fmt: skip
    assert 0.08 <= sum(draws) / len(draws) <= 0.12  # 2,000 units, 3 standard errors
    # A unit's draw does not depend on which other units are asked about, or in what order.
    assert log.withheld(3, 500, 550, 0.1) == draws[3 * 100 + 5]
    # Another project (another salt) withholds other units.
    other = SuggestionLog(tmp_path / "other")
    (tmp_path / "other").mkdir()
    assert [
        other.withheld(t, s, s + 50, 0.1) for t in range(20) for s in range(0, 10_000, 100)
    ] != draws
    assert not any(log.withheld(1, s, s + 9, 0.0) for s in range(100))


def test_the_salt_is_kept_so_the_draw_survives_a_restart(tmp_path):
    first = SuggestionLog(tmp_path)
    draws = [first.withheld(1, s, s + 10, 0.3) for s in range(200)]
    again = SuggestionLog(tmp_path)
    assert again.salt() == first.salt()
    assert [again.withheld(1, s, s + 10, 0.3) for s in range(200)] == draws


def test_two_workers_making_the_salt_at_once_end_with_one(tmp_path, monkeypatch):
    first, second = SuggestionLog(tmp_path), SuggestionLog(tmp_path)
    make = suggestion_log_module.secrets.token_hex
    raced = []

    def token_hex(n):  # the second worker draws its salt while the first one writes its own
        if not raced:
            raced.append(None)
            raced[0] = first.salt()
        return make(n)

    monkeypatch.setattr(suggestion_log_module.secrets, "token_hex", token_hex)
    assert second.salt() == raced[0] == first.salt()
    assert (tmp_path / "suggestions.salt").read_text() == raced[0] + "\n"
    assert SuggestionLog(tmp_path).salt() == raced[0]


def test_a_salt_file_that_is_not_hex_is_replaced(tmp_path, caplog):
    (tmp_path / "suggestions.salt").write_text("not a salt\n")
    salt = SuggestionLog(tmp_path).salt()
    assert len(salt) == 32 and "is not a hex salt" in caplog.text
    assert SuggestionLog(tmp_path).salt() == salt


# --------------------------------------------------------------------------- the log


def test_the_log_survives_a_restart_and_skips_a_line_cut_off_by_a_crash(
    make_app, tmp_path, label_config
):
    settings = make_settings(tmp_path, withhold_fraction=0.3)
    app = make_app(settings)
    predict(app.test_client(), label_config)
    before = log_of(app)
    path = registry(app).get("1").folder / LOG
    with path.open("ab") as handle:
        handle.write(b'{"v": 1, "at": "2026-11-30T20:00:00+00:00", "task": 6, "st')
    restarted = make_app(settings)
    assert log_of(restarted) == before
    # The next entries start on a line of their own.
    predict(restarted.test_client(), label_config)
    assert len(log_of(restarted)) == 2 * len(before)


def test_a_deleted_task_takes_its_logged_suggestions_with_it(make_app, tmp_path, label_config):
    app = make_app(make_settings(tmp_path))
    client = app.test_client()
    predict(client, label_config, [make_task(6, participant="P8"), make_task(7, participant="P9")])
    assert {e["task"] for e in log_of(app)} == {6, 7}
    post_event(client, {"action": "TASKS_DELETED", "tasks": [{"id": 6}], "project": {"id": 1}})
    assert {e["task"] for e in log_of(app)} == {7}
    path = registry(app).get("1").folder / LOG
    assert b'"task": 6' not in path.read_bytes()
    # Without a project named, the deletion finds the project by its logged tasks too.
    post_event(client, {"action": "TASKS_DELETED", "tasks": [{"id": 7}]})
    assert log_of(app) == []


def test_the_log_route_returns_the_entries_behind_the_backends_auth(
    make_app, tmp_path, label_config
):
    app = make_app(make_settings(tmp_path, basic_auth_user="u", basic_auth_pass="p"))
    client = app.test_client()
    auth = {"Authorization": "Basic dTpw"}  # u:p
    body = {"tasks": [make_task(6)], "project": "1.1700000000", "label_config": label_config}
    assert client.post("/predict", json=body, headers=auth).status_code == 200
    assert client.get("/suggestions?project=1").status_code == 401
    answer = client.get("/suggestions?project=1", headers=auth).json
    assert answer["project"] == "1" and len(answer["salt"]) == 32
    assert answer["entries"] == log_of(app)
    assert {e["task"] for e in answer["entries"]} == {6}
    missing = client.get("/suggestions", headers=auth)
    assert missing.status_code == 400 and "?project=<id>" in missing.json["error"]


def test_log_lines_are_ascii_json_without_the_transcript_text(make_app, tmp_path, label_config):
    app = make_app(make_settings(tmp_path))
    predict(app.test_client(), label_config)
    raw = (registry(app).get("1").folder / LOG).read_bytes()
    raw.decode("ascii")
    for line in raw.splitlines():
        entry = json.loads(line)
        assert set(entry) == {"v", "at", "task", "model_version", "encoder", "start", "end",
                              "codes", "why", "fraction"}  # fmt: skip
        assert entry["encoder"] == "fake (a test encoder, not a language model)"
    assert b"tablets" not in raw  # offsets, not quotes: the transcript stays in Label Studio
    assert "tablets" in TRANSCRIPT


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        (
            "WITHHOLD_FRACTION",
            "0.7",
            "WITHHOLD_FRACTION must be a share of units between 0 and 0.5",
        ),
        ("WITHHOLD_FRACTION", "some", "WITHHOLD_FRACTION must be a number"),
        ("BLIND_DOUBLE_CODING", "maybe", "BLIND_DOUBLE_CODING must be true or false"),
    ],
)
def test_bad_settings_are_named_with_what_is_allowed(name, raw, message):
    with pytest.raises(ValueError, match=message):
        Settings.from_env({name: raw})


def test_settings_defaults_and_env():
    assert (Settings().blind_double_coding, Settings().withhold_fraction) == (True, 0.1)
    read = Settings.from_env({"BLIND_DOUBLE_CODING": "off", "WITHHOLD_FRACTION": "0.25"})
    assert (read.blind_double_coding, read.withhold_fraction) == (False, 0.25)
