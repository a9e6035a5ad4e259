"""The model as a coder (``agreement --with-model``): constructed projects where the answer is
known, the leakage guard of cross-fitting, and the command's output. Fake encoder only."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from ls_thematic.label_config.errors import InputError
from ls_thematic.scripts.agreement import model_coder as mc
from ls_thematic.scripts.agreement.bootstrap import kappa_of_tables, resample_counts
from ls_thematic.scripts.agreement.coefficients import kappa_from_table
from ls_thematic.scripts.agreement.compute import agreement_units, compute_agreement
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.snapshot import Snapshot, save_snapshot

A, B = "a@example.org", "b@example.org"
VOCABULARY = {
    "Money": "salary wages rent bills debt savings price cost budget loan payment income".split(),
    "Family": "mother father children sister brother home kids grandparents cousin aunt".split(),
    "Health": "doctor hospital pain medicine illness nurse sleep tired clinic surgery".split(),
}
NEUTRAL = "weather train garden football holiday music television river bicycle".split()


def _task(task_id, participant, sentences, annotations):
    """A task whose turns are the sentences, one per line, spoken by the participant."""
    text, turns, position = "", [], 0
    for sentence in sentences:
        turns.append(
            {
                "start": position,
                "end": position + len(sentence),
                "speaker": "P",
                "role": "participant",
            }
        )
        text += sentence + "\n"
        position = len(text)
    return {
        "id": task_id,
        "data": {"text": text, "participant": participant, "turns": turns},
        "annotations": annotations,
    }


def _annotation(coder, task_turns, codes, aid):
    """``coder``'s annotation coding each turn with its code (None: uncoded)."""
    results = [
        {
            "id": f"{aid}-{k}",
            "from_name": "code",
            "to_name": "text",
            "type": "labels",
            "value": {"start": turn["start"], "end": turn["end"], "labels": [code]},
        }
        for k, (turn, code) in enumerate(zip(task_turns, codes, strict=True))
        if code is not None
    ]
    return {
        "id": aid,
        "completed_by": {"id": 1 if coder == A else 2, "email": coder},
        "result": results,
        "was_cancelled": False,
    }


def _project(sentences_codes, double_coded, b_codes):
    """Tasks from ``[(participant, [(sentence, code)])]``: A codes each; B codes the
    ``double_coded`` ones with ``b_codes(task index, A's codes)``."""
    tasks = []
    for index, (participant, rows) in enumerate(sentences_codes):
        task = _task(index + 1, participant, [s for s, _ in rows], [])
        turns = task["data"]["turns"]
        codes = [c for _, c in rows]
        task["annotations"].append(_annotation(A, turns, codes, 100 + index))
        if index in double_coded:
            task["annotations"].append(_annotation(B, turns, b_codes(index, codes), 200 + index))
        tasks.append(task)
    return Snapshot(tasks)


def _sentence(rng, words):
    picked = " ".join(rng.choice(words, size=5, replace=False))
    return f"Well, when I think about {picked}, it matters a great deal to me."


def texts_decide(seed=0, participants=8, turns=12):
    """Each coded turn's words come from its code's vocabulary; neutral turns stay uncoded. B
    agrees with A except on one turn per double-coded transcript."""
    rng = np.random.default_rng(seed)
    project = []
    for p in range(participants):
        rows = []
        for _ in range(turns):
            code = rng.choice([*VOCABULARY, None], p=[0.27, 0.27, 0.26, 0.2])
            rows.append((_sentence(rng, VOCABULARY.get(code, NEUTRAL)), code))
        project.append((f"P{p + 1}", rows))

    def b_codes(index, codes):
        out = list(codes)
        out[index % len(out)] = "Money" if out[index % len(out)] != "Money" else "Family"
        return out

    return _project(project, {0, 1, 2, 3}, b_codes)


def _pair(result, a, b):
    return next(p for p in result["model_coder"]["pairs"] if {p["coder_a"], p["coder_b"]} == {a, b})


# --------------------------------------------------------------------------- constructed projects
def test_model_coder_agrees_where_texts_decide_the_codes():
    snapshot = texts_decide()
    coded = mc.with_model_coder(snapshot, "fake")
    assert snapshot[0]["annotations"][-1]["completed_by"] == {"id": 2, "email": B}  # not changed
    model = [a for t in coded for a in t["annotations"] if a["completed_by"] == mc.MODEL_CODER]
    assert len(model) == len(snapshot) == 8
    assert coded.meta["model_coder"]["folds"] == 8
    assert coded.meta["model_coder"]["encoder"] == "fake"
    _, result = mc.compute_agreement_with_model(snapshot, encoder="fake", resamples=200)
    model_a = _pair(result, "model", A)
    assert model_a["n_tasks"] == 8
    assert model_a["cohen_kappa"] > 0.9  # 0.973 with this seed
    assert model_a["kappa_low"] <= model_a["cohen_kappa"] <= model_a["kappa_high"]


def random_coding(seed=1, participants=8, sentences=10):
    """Each transcript says each of its own random sentences twice, with one random code:
    nothing generalises from one transcript to another, so only a model that saw a
    transcript's own coding can code it well. B codes two transcripts as A did."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    project = []
    for p in range(participants):
        rows = []
        for _ in range(sentences):
            words = ["".join(rng.choice(letters, size=7)) for _ in range(6)]
            sentence = "So " + " ".join(words) + ", that is how it was for me."
            rows += [(sentence, rng.choice(sorted(VOCABULARY)))] * 2
        order = rng.permutation(len(rows))
        project.append((f"R{p + 1}", [rows[i] for i in order]))
    return _project(project, {0, 1}, lambda index, codes: list(codes))


def _kappa_with_model(snapshot, coder=A):
    units = agreement_units(mc.with_model_coder(snapshot, "fake"))
    pair = next(
        p
        for p in mc.model_agreement(units, resamples=50)["pairs"]
        if {p["coder_a"], p["coder_b"]} == {coder, mc.MODEL_CODER}
    )
    return pair["cohen_kappa"]


def test_leakage_a_model_that_saw_the_transcript_would_score_well(monkeypatch):
    monkeypatch.setattr(
        mc, "_training_rows", lambda participants, group: np.arange(len(participants))
    )
    assert _kappa_with_model(random_coding()) > 0.8


def test_leakage_the_cross_fitted_model_coder_does_not():
    # Kappa's value under chance is 0; with 160 turns by 8 participants its spread is about
    # 0.1 (seeds 1-3 give 0.05, -0.14, 0.17; this test's seed 1 gives 0.05).
    assert abs(_kappa_with_model(random_coding())) < 0.2


def test_the_people_s_figures_are_unchanged_and_the_human_pair_matches():
    snapshot = texts_decide(participants=4, turns=8)
    _, plain = compute_agreement(snapshot)
    _, result = mc.compute_agreement_with_model(snapshot, encoder="fake", resamples=100)
    assert result["overall"] == plain["overall"]
    assert result["coders"] == [A, B]
    human = _pair(result, A, B)
    assert human["cohen_kappa"] == pytest.approx(plain["pairwise"][0]["cohen_kappa"], abs=1e-12)
    assert human["percent_agreement"] == pytest.approx(plain["pairwise"][0]["percent_agreement"])
    assert result["matrix"]["coders"] == [A, B, "model"]
    assert result["matrix"]["cohen_kappa"][2][0] == _pair(result, "model", A)["cohen_kappa"]
    equivalence = result["model_coder"]["equivalence"]
    assert equivalence["n_tasks"] == 4  # the double-coded transcripts
    assert equivalence["human_human"] == pytest.approx(human["cohen_kappa"])


# --------------------------------------------------------------------------- bootstrap
@pytest.mark.parametrize(
    "table", [[30, 5, 10, 55], [0, 0, 0, 9], [4, 0, 0, 0], [25, 25, 25, 25], [1, 2, 3, 0]]
)
def test_kappa_of_tables_is_kappa_from_table(table):
    expected = kappa_from_table(np.array(table, dtype=float).reshape(2, 2))
    found = float(kappa_of_tables(np.array(table, dtype=float)))
    assert (np.isnan(expected) and np.isnan(found)) or found == pytest.approx(expected, abs=1e-12)


def test_resamples_draw_whole_tasks_reproducibly():
    counts = resample_counts(5, resamples=400, seed=3)
    assert counts.shape == (400, 5)
    assert (counts.sum(axis=1) == 5).all()
    assert np.array_equal(counts, resample_counts(5, resamples=400, seed=3))
    assert counts.mean() == pytest.approx(1.0, abs=0.05)


# --------------------------------------------------------------------------- bad input
def test_a_coder_called_model_is_refused():
    snapshot = texts_decide(participants=2, turns=4)
    snapshot[0]["annotations"][0]["completed_by"] = "model"
    with pytest.raises(InputError, match=r"already has an annotation by a coder called 'model'"):
        mc.with_model_coder(snapshot, "fake")


def test_one_participant_is_not_enough():
    snapshot = texts_decide(participants=1, turns=6)
    with pytest.raises(InputError, match=r"from 1 participant\(s\) \(P1\).*at least two"):
        mc.with_model_coder(snapshot, "fake")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"unit": "overlap"}, r"overlap unit does not give"),
        ({"origin": "accepted"}, r"--origin accepted keeps only suggestions"),
        ({"margin": 0}, r"margin must be a difference of kappa greater than 0 .*got 0\."),
    ],
)
def test_what_the_model_comparison_cannot_do(options, message):
    with pytest.raises(InputError, match=message):
        mc.compute_agreement_with_model(
            texts_decide(participants=2, turns=4), encoder="fake", **options
        )


# --------------------------------------------------------------------------- the command
@pytest.fixture(scope="module")
def snapshot_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("with-model") / "snapshot.json"
    save_snapshot(texts_decide(participants=5, turns=8), path)
    return path


def _run(*args):
    return CliRunner().invoke(main, ["agreement", *map(str, args)])


def test_command_prints_the_model_row_and_the_equivalence_sentence(snapshot_file):
    found = json.loads(
        _run(
            "--snapshot", snapshot_file, "--with-model", "--encoder", "fake", "--format", "json"
        ).stdout
    )
    model = found["model_coder"]
    assert model["folds"] == 5 and model["resamples"] == 1000
    model_a = _pair(found, "model", A)
    equivalence = model["equivalence"]
    table = _run("--snapshot", snapshot_file, "--with-model", "--encoder", "fake").stdout
    row = next(line for line in table.splitlines() if line.startswith("│ model"))
    k, low, high = (f"{model_a[key]:.3f}" for key in ("cohen_kappa", "kappa_low", "kappa_high"))
    assert f"{k} [{low}, {high}]" in row
    assert "'model' is a cross-fitted model, not a person" in table
    assert "(encoder fake)" in table and "(5 folds, one per participant)" in table
    sentence = " ".join(table[table.index("Equivalence check:") :].split())
    assert (
        f"= {equivalence['difference']:.3f}, 95% interval [{equivalence['low']:.3f}, "
        f"{equivalence['high']:.3f}]" in sentence
    )
    within = -0.1 <= equivalence["low"] and equivalence["high"] <= 0.1
    assert equivalence["within"] is within
    verdict = "the interval lies within +-0.100" if within else "does not lie within +-0.100"
    assert verdict in sentence


@pytest.mark.parametrize("margin", ["0", "-0.1", "1.5", "abc", "nan"])
def test_command_refuses_a_bad_equivalence_margin(snapshot_file, margin):
    result = _run("--snapshot", snapshot_file, "--with-model", "--equivalence-margin", margin)
    assert result.exit_code == 1
    assert (
        "Error: --equivalence-margin must be a difference of kappa greater than 0 and at most 1 "
        f"(e.g. 0.10: model-person agreement within 0.10 of person-person); got {margin!r}."
    ) in result.output
