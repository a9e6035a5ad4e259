"""``ls-thematic audit``: acceptance and anchoring on constructed projects and logs whose
answers are known (no Label Studio, no encoder)."""

from __future__ import annotations

import base64
import json
import random
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner

from ls_thematic.label_config.errors import InputError, ThematicError
from ls_thematic.scripts.audit import audit, format_audit
from ls_thematic.scripts.audit_log import log_from_backend, log_from_model_dir
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.snapshot import Snapshot, save_snapshot

CODES = ("A", "B", "C")
CONFIG = (
    '<View>\n  <Text name="text" value="$text"/>\n  <Labels name="code" toName="text">\n'
    + "".join(f'    <Label value="{c}"/>\n' for c in CODES)
    + "  </Labels>\n</View>\n"
)
EARLY, LATE = "2024-05-01T10:00:00+00:00", "2024-05-01T12:00:00+00:00"
CREATED = "2024-05-01T11:00:00.250000Z"
PROJECT = 5


# --------------------------------------------------------------------------- builders
def _unit_text(task: int, i: int) -> str:
    return f"Task {task} unit {i} says something."


def _paragraphs(task: int, n: int) -> tuple[str, list[tuple[int, int]]]:
    """A text of ``n`` one-sentence paragraphs and the units' offsets."""
    text, units = "", []
    for i in range(n):
        if text:
            text += "\n\n"
        units.append((len(text), len(text) + len(_unit_text(task, i))))
        text += _unit_text(task, i)
    return text, units


def _result(rid: str, start: int, end: int, code: str, origin: str | None) -> dict:
    out = {
        "id": rid,
        "from_name": "code",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "labels": [code]},
    }
    if origin:
        out["origin"] = origin
    return out


def _unit(task, start, end, codes, why="shown", at=EARLY) -> dict:
    return {
        "v": 1,
        "at": at,
        "task": task,
        "model_version": "m1",
        "start": start,
        "end": end,
        "codes": {c: 0.9 for c in codes},
        "why": why,
        "fraction": 0.3,
    }


def _annotation(coder: int, results: list, created: str | None = CREATED) -> dict:
    return {
        "id": coder * 1000 + len(results),
        "completed_by": coder,
        "created_at": created,
        "result": results,
    }


def _snapshot(tasks: list) -> Snapshot:
    return Snapshot(tasks, project={"id": PROJECT, "title": "Audit", "label_config": CONFIG})


def _model(rng: random.Random) -> set:
    return {c for c in CODES if rng.random() < 0.35}


def _noisy(truth: set, rng: random.Random, flip: float = 0.15) -> set:
    return {c for c in CODES if (c in truth) != (rng.random() < flip)}


def _project(coders: dict, n_tasks: int = 12, n_units: int = 10, seed: int = 1):
    """A snapshot and its log: in each task 30% of the units withheld; ``coders`` maps a
    coder id to how they code (``"follow"``: exactly what was shown, their own view where
    nothing was; ``"ignore"``: their own view everywhere, keeping the suggestions that match
    it)."""
    rng = random.Random(seed)
    tasks, log = [], []
    for t in range(1, n_tasks + 1):
        text, units = _paragraphs(t, n_units)
        truth = [_model(rng) for _ in units]
        model = [_noisy(codes, rng) for codes in truth]
        held = [rng.random() < 0.3 for _ in units]
        log += [
            _unit(t, s, e, m, "withheld" if h else "shown")
            for (s, e), m, h in zip(units, model, held, strict=True)
        ]
        annotations = []
        for coder, policy in coders.items():
            results = []
            for i, ((s, e), m, h) in enumerate(zip(units, model, held, strict=True)):
                own = _noisy(truth[i], rng)
                final = m if policy == "follow" and not h else own
                for code in sorted(final):
                    origin = "prediction" if not h and code in m else None
                    results.append(_result(f"{t}-{i}-{code}", s, e, code, origin))
            annotations.append(_annotation(coder, results))
        tasks.append({"id": t, "data": {"text": text}, "annotations": annotations})
    return _snapshot(tasks), log


# --------------------------------------------------------------------------- acceptance
def _by_value_task():
    """One task: units 0 and 1 share a paragraph, 2 and 3 have one each."""
    text = "Alpha one. Beta two.\n\nGamma three.\n\nDelta four."
    u = [(0, 10), (11, 20), (22, 34), (36, 47)]
    log = [
        _unit(1, *u[0], ["A"]),
        _unit(1, *u[1], ["A", "B"]),
        _unit(1, *u[2], ["B"]),
        _unit(1, *u[3], ["C"]),
    ]
    results = [
        _result("a", 0, 20, "A", "prediction"),  # the joined region A, kept
        _result("b", 22, 30, "B", "prediction-changed"),  # B on unit 2, shortened
        _result("c", 36, 47, "C", None),  # C on unit 3, coded by hand
    ]  # B on unit 1: removed
    task = {"id": 1, "data": {"text": text}, "annotations": [_annotation(7, results)]}
    return _snapshot([task]), log


def test_each_shown_region_kept_changed_own_or_removed_per_code():
    snapshot, log = _by_value_task()
    accept = audit(snapshot, log, resamples=50)["acceptance"]
    rows = {r["code"]: r for r in accept["per_code"]}
    assert {
        c: (r["shown"], r["kept"], r["changed"], r["own"], r["removed"]) for c, r in rows.items()
    } == {"A": (1, 1, 0, 0, 0), "B": (2, 0, 1, 0, 1), "C": (1, 0, 0, 1, 0)}
    overall = accept["overall"]
    assert (overall["shown"], overall["kept"], overall["removed"]) == (4, 1, 1)
    assert overall["kept_share"] == 0.25 and rows["B"]["removed_share"] == 0.5
    assert accept["most_accepted"] == [{"code": "A", "kept": 1, "share": 1.0}]
    assert accept["most_removed"] == [{"code": "B", "removed": 1, "share": 0.5}]


def test_removed_suggestions_are_counted_per_code():
    snapshot, log = _project({7: "follow"}, n_tasks=4, seed=3)
    for task in snapshot:  # the coder deletes every B suggestion they kept
        for annotation in task["annotations"]:
            annotation["result"] = [
                r
                for r in annotation["result"]
                if not (r["value"]["labels"] == ["B"] and r.get("origin") == "prediction")
            ]
    shown_b = sum(1 for e in log if e["why"] == "shown" and "B" in e["codes"])
    rows = {r["code"]: r for r in audit(snapshot, log, resamples=50)["acceptance"]["per_code"]}
    assert shown_b > 5
    assert (rows["B"]["removed"], rows["B"]["kept"], rows["B"]["shown"]) == (shown_b, 0, shown_b)
    assert rows["A"]["removed"] == 0 and rows["A"]["kept"] == rows["A"]["shown"] > 0


def test_the_prediction_seen_is_the_latest_before_the_annotation_was_created():
    snapshot, log = _by_value_task()
    later = [dict(e, at=LATE, codes={"C": 0.8}) for e in log]  # after the annotation
    result = audit(snapshot, log + later, resamples=50)
    assert result["acceptance"]["overall"]["shown"] == 4  # the 10:00 prediction
    snapshot[0]["annotations"][0]["created_at"] = "2024-05-01T13:00:00Z"
    result = audit(snapshot, log + later, resamples=50)
    assert [r["code"] for r in result["acceptance"]["per_code"]] == ["C"]  # the 12:00 one
    assert result["acceptance"]["overall"]["shown"] == 3  # C on units 0+1 joined, 2, 3


def test_blind_tasks_and_asked_entries_are_left_out():
    snapshot, log = _project({7: "follow"}, n_tasks=6, seed=4)
    plain = audit(snapshot, log, resamples=50)
    blind_task = {
        "id": 99,
        "data": {"text": "Blind text here."},
        "annotations": [_annotation(7, [_result("z", 0, 5, "A", None)])],
    }
    extra = [
        {"v": 1, "at": EARLY, "task": 99, "model_version": "m1", "why": "blind"},
        *(dict(e, why="asked", codes={"C": 1.0}) for e in log[:15]),
    ]
    result = audit(_snapshot([*snapshot, blind_task]), log + extra, resamples=50)
    assert result["tasks"]["blind"] == 1 and result["log"]["asked"] == 15
    assert result["acceptance"] == plain["acceptance"]
    assert result["anchoring"]["shown"] == plain["anchoring"]["shown"]
    assert result["anchoring"]["withheld"] == plain["anchoring"]["withheld"]


# --------------------------------------------------------------------------- anchoring
def test_a_coder_who_accepts_every_suggestion():
    snapshot, log = _project({7: "follow"})
    result = audit(snapshot, log, resamples=300)
    assert result["acceptance"]["overall"]["kept_share"] == 1.0
    assert result["acceptance"]["overall"]["removed"] == 0
    anchor = result["anchoring"]
    assert anchor["shown"]["kappa"] == 1.0
    assert anchor["withheld"]["units"] >= 20 and anchor["withheld"]["kappa"] < 0.8
    assert anchor["gap"]["difference"] > 0.25 and anchor["gap"]["low"] > 0
    assert anchor["follows"] is True
    assert anchor["sentence"].startswith(
        "Where suggestions were shown, coders agreed with the model more (kappa 1.00 [1.00, 1.00])"
    )
    assert anchor["sentence"].endswith("coders appear to follow the suggestions.")


def test_a_coder_who_ignores_the_suggestions():
    snapshot, log = _project({8: "ignore"}, n_tasks=16)
    anchor = audit(snapshot, log, resamples=300)["anchoring"]
    assert abs(anchor["gap"]["difference"]) < 0.15
    assert anchor["gap"]["low"] < 0 < anchor["gap"]["high"]
    assert 0.2 < anchor["shown"]["kappa"] < 0.9 and 0.2 < anchor["withheld"]["kappa"] < 0.9
    assert anchor["follows"] is False
    assert "no sign that coders follow the suggestions" in anchor["sentence"]


def test_shown_and_withheld_counted_apart():
    snapshot, log = _project({7: "follow"}, n_tasks=3)
    anchor = audit(snapshot, log, resamples=50)["anchoring"]
    assert anchor["shown"]["units"] == sum(e["why"] == "shown" for e in log)
    assert anchor["withheld"]["units"] == sum(e["why"] == "withheld" for e in log)
    assert anchor["shown"]["pairs"] == 3 * anchor["shown"]["units"]  # three codes per unit


def test_too_few_withheld_units_is_said_plainly():
    snapshot, log = _project({7: "follow"}, n_tasks=2)
    anchor = audit(snapshot, log, resamples=50)["anchoring"]
    assert anchor["withheld"]["units"] < 20 and anchor["follows"] is None
    assert anchor["sentence"].startswith("Too few withheld units to tell whether coders follow")


def test_several_coders_are_audited_one_by_one():
    snapshot, log = _project({7: "follow", 8: "ignore"}, n_tasks=16)
    result = audit(snapshot, log, resamples=200)
    assert result["coders"] == ["7", "8"]
    per = {c["coder"]: c for c in result["per_coder"]}
    assert per["7"]["acceptance"]["kept_share"] == 1.0
    assert per["8"]["acceptance"]["kept_share"] < 1.0
    assert per["7"]["anchoring"]["follows"] is True
    assert per["8"]["anchoring"]["follows"] is False


# --------------------------------------------------------------------------- bad input
def test_a_snapshot_without_annotations_says_so():
    snapshot, log = _by_value_task()
    snapshot[0]["annotations"] = []
    with pytest.raises(InputError, match="1 tasks and no annotations"):
        audit(snapshot, log)


def test_a_log_with_no_shown_units_says_so():
    snapshot, log = _by_value_task()
    with pytest.raises(InputError, match="no shown units on the annotated transcripts"):
        audit(snapshot, [dict(e, why="withheld") for e in log])
    with pytest.raises(InputError, match="The suggestion log is empty"):
        audit(snapshot, [])


def test_no_log_found_names_where_it_looked(tmp_path):
    with pytest.raises(InputError, match=r"project 5: looked for .*/5/suggestions.jsonl"):
        log_from_model_dir(tmp_path, 5)


@pytest.mark.parametrize(
    ("url", "user", "message"),
    [
        ("ftp://127.0.0.1:9090", None, "is not a backend address"),
        ("http://10.0.0.5:9090", "me", "would cross the network unencrypted"),
    ],
)
def test_bad_backend_addresses(url, user, message):
    with pytest.raises(InputError, match=message):
        log_from_backend(url, 5, user, "secret")


def test_an_unreachable_backend_says_so():
    with pytest.raises(ThematicError, match="Cannot reach the suggestion backend"):
        log_from_backend("http://127.0.0.1:9", 5, timeout=2)


# --------------------------------------------------------------------------- the command
def write_files(snapshot, log, where):
    """The snapshot as a file, and the log in a MODEL_DIR as the backend keeps it."""
    path = where / "snapshot.json"
    save_snapshot(snapshot, path)
    folder = where / "models" / str(PROJECT)
    folder.mkdir(parents=True)
    (folder / "suggestions.jsonl").write_text("".join(json.dumps(e) + "\n" for e in log))
    return path, where / "models"


@pytest.fixture
def files(tmp_path):
    return write_files(*_project({7: "follow"}), tmp_path)


def invoke(*args):
    return CliRunner().invoke(main, ["audit", *map(str, args)], catch_exceptions=False)


def test_command_json_from_the_model_dir(files):
    snapshot, models = files
    run = invoke("--snapshot", snapshot, "--model-dir", models, "--format", "json")
    result = json.loads(run.stdout)
    assert result["acceptance"]["overall"]["kept_share"] == 1.0
    assert result["anchoring"]["shown"]["kappa"] == 1.0 and result["anchoring"]["follows"]
    assert result["tasks"] == {"annotated": 12, "audited": 12, "blind": 0, "not_logged": 0}


def test_command_table_prints_the_figures_and_the_sentence(files):
    snapshot, models = files
    run = invoke("--snapshot", snapshot, "--model-dir", models / str(PROJECT))
    assert run.exit_code == 0, run.output
    lines = run.stdout.splitlines()
    overall = next(line for line in lines if line.startswith("all codes")).split()
    assert overall[2] == overall[3] and overall[-2:] == ["1.000", "0.000"]  # shown = kept
    assert next(ln for ln in lines if ln.startswith("shown")).split()[1:4] == ["1.000"] * 3
    assert "coders appear to follow the suggestions." in run.stdout


def test_command_markdown(files):
    snapshot, models = files
    run = invoke("--snapshot", snapshot, "--model-dir", models, "--format", "md")
    assert "## Acceptance of the suggested regions" in run.stdout
    assert "| all codes |" in run.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Say where the suggestion log is"),
        (("--backend", "http://127.0.0.1:9", "--model-dir", "x"), "Say where the suggestion"),
        (("--model-dir", "nowhere"), "No suggestion log found for project 5"),
        (("--model-dir", "nowhere"), "keeps its log in the database: read it through the backend"),
    ],
)
def test_command_bad_inputs(files, args, message):
    snapshot, _ = files
    run = invoke("--snapshot", snapshot, *args)
    assert run.exit_code != 0 and message in run.output
    assert "Traceback" not in run.output


class _Backend(BaseHTTPRequestHandler):
    entries: list = []
    seen: list = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).seen.append((self.path, dict(self.headers)))
        wanted = "Basic " + base64.b64encode(b"me:secret").decode()
        if self.headers.get("Authorization") != wanted:
            self._send(401, {"error": "401 Unauthorized"})
        else:
            self._send(200, {"project": "5", "folder": "5", "salt": "ab", "entries": self.entries})

    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def backend(files):
    _, models = files
    _Backend.entries = [json.loads(x) for x in (models / "5" / "suggestions.jsonl").open()]
    _Backend.seen = []
    server = HTTPServer(("127.0.0.1", 0), _Backend)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_command_reads_the_log_from_the_backend_with_basic_auth(files, backend, monkeypatch):
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "ls-token-never-sent")
    snapshot, _ = files
    run = invoke(
        "--snapshot",
        snapshot,
        "--backend",
        backend,
        "--backend-user",
        "me",
        "--backend-password",
        "secret",
        "--format",
        "json",
    )
    assert json.loads(run.stdout)["anchoring"]["shown"]["kappa"] == 1.0
    path, headers = _Backend.seen[0]
    assert path == "/suggestions?project=5"
    assert "ls-token-never-sent" not in json.dumps(headers)


def test_command_without_backend_credentials_says_which_to_give(files, backend, monkeypatch):
    monkeypatch.delenv("BASIC_AUTH_USER", raising=False)
    snapshot, _ = files
    run = invoke("--snapshot", snapshot, "--backend", backend)
    assert run.exit_code == 1
    assert "give --backend-user and --backend-password" in run.output


def test_format_rejects_an_unknown_format():
    snapshot, log = _by_value_task()
    with pytest.raises(InputError, match="use one of table, md, json"):
        format_audit(audit(snapshot, log, resamples=20), "csv")
