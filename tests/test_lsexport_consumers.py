"""Every consumer of Label Studio data sees the same spans and coders.

The tricky export of :mod:`tests.lsexport_data` (a ``value.text`` that differs from the task
text, a result of another control, a relation, a ground-truth annotation, a cancelled one,
coders given as an int and as a user object, an empty span and a span with no code) goes to the
backend, agreement, snapshot, sampling, the report, themes, evaluate and the .qdpx export; each
must report exactly :data:`EXPECTED_SPANS` and :data:`EXPECTED_CODERS`.
"""

from __future__ import annotations

from lxml import etree

from ls_thematic.backend.model import ThematicModel
from ls_thematic.scripts.agreement.export import read_export
from ls_thematic.scripts.evaluate import coded_segments
from ls_thematic.scripts.qdpx import project_qde
from ls_thematic.scripts.report.tables import report_agreement
from ls_thematic.scripts.sampling import choose_transcripts
from ls_thematic.scripts.snapshot import Snapshot, relations, segments
from ls_thematic.scripts.themes import theme_participant_matrix

from .backend.helpers import make_settings
from .lsexport_data import CONFIG, EXPECTED_CODERS, EXPECTED_SPANS, tricky_codebook, tricky_tasks


def snapshot() -> Snapshot:
    return Snapshot(tricky_tasks(), project={"id": 1, "label_config": CONFIG})


def test_snapshot_segments():
    frame = segments(snapshot())
    got = sorted(zip(frame["task_id"], frame["coder"], frame["start"], frame["end"],
                     frame["code"], strict=True))
    assert got == EXPECTED_SPANS
    assert sorted(set(frame["coder"])) == EXPECTED_CODERS
    first = frame[frame["region_id"] == "r1"].iloc[0]
    assert first["text"] == "extremely anxious about the idea of coming off"
    assert first["memo"] == "Fear of withdrawal."


def test_snapshot_relations():
    frame = relations(snapshot())
    assert list(zip(frame["from_codes"], frame["to_codes"], frame["coder"], strict=True)) == [
        ("Afraid to reduce", "Need it for function", "7")
    ]


def test_backend_training_segments(tmp_path):
    model = ThematicModel("1", CONFIG, make_settings(tmp_path))
    got = []
    for task in tricky_tasks():
        for annotation in task["annotations"]:
            for seg in model.segments_of(annotation, task, where=f"annotation {annotation['id']}"):
                assert seg.text == task["data"]["text"][seg.start:seg.end]
                key = "7" if seg.coder == 7 else "second@example.org" if seg.coder == 8 else None
                got += [(seg.task, key, seg.start, seg.end, code) for code in seg.codes]
    assert sorted(got) == EXPECTED_SPANS


def test_agreement_export():
    export = read_export(tricky_tasks(), from_name="code")
    got = sorted(
        (export.task_ids[t], str(export.coders[c]), int(s), int(e), export.codes[k])
        for t, c, k, s, e in zip(export.task, export.coder, export.code, export.start,
                                 export.end, strict=True)
    )
    assert got == EXPECTED_SPANS
    assert sorted(map(str, export.coders)) == EXPECTED_CODERS


def test_report_agreement_compares_the_same_coders_and_codes():
    result = report_agreement(snapshot(), tricky_codebook(), unit="presence")
    assert sorted(map(str, result["coders"])) == EXPECTED_CODERS
    assert result["n_tasks"] == 2


def test_sampling_counts_the_same_coders():
    chosen = choose_transcripts(snapshot(), n=2, seed=1, coded_by="second@example.org")
    assert sorted(chosen["task_id"]) == [1, 2]
    assert list(chosen["n_coders"]) == [2, 2]
    assert choose_transcripts(snapshot(), n=1, seed=1, coded_by="7")["n_coders"].tolist() == [2]


def test_themes_endorsements():
    matrix = theme_participant_matrix(segments(snapshot()), tricky_codebook())
    n = dict(zip(matrix["code"], matrix["N"], strict=True))
    expected: dict[str, set] = {}
    participant = {1: "P1", 2: "P2"}
    for task, _, _, _, code in EXPECTED_SPANS:
        expected.setdefault(code, set()).add(participant[task])
    assert {c: n[c] for c in expected} == {c: len(p) for c, p in expected.items()}


def test_evaluate_training_data():
    frame = coded_segments(snapshot())
    got = sorted((t, s, e, code) for t, s, e, codes in
                 zip(frame["task_id"], frame["start"], frame["end"], frame["codes"], strict=True)
                 for code in codes)
    assert got == sorted({(t, s, e, code) for t, _, s, e, code in EXPECTED_SPANS})


def test_qdpx_codings():
    root = etree.fromstring(project_qde(snapshot(), tricky_codebook()))
    ns = {"q": root.nsmap[None]}
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", ns)}
    codes = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:Code", ns)}
    got = []
    for selection in root.iterfind(".//q:PlainTextSelection", ns):
        for coding in selection.iterfind("q:Coding", ns):
            ref = coding.find("q:CodeRef", ns).get("targetGUID")
            got.append((int(selection.get("startPosition")), int(selection.get("endPosition")),
                        codes[ref], users.get(coding.get("creatingUser"))))
    expected = sorted((s, e, code) for _, _, s, e, code in EXPECTED_SPANS)
    assert sorted(g[:3] for g in got) == expected
    assert len(got) == len(EXPECTED_SPANS)
