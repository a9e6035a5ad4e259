"""The REFI-QDA project export, pinned by value on a small hand-built project.

Every GUID of ``project.qde`` is derived from what it stands for (uuid5 of a documented key), so
the expected GUIDs are computed here from the rule, independently of the export: a source from
the project and task, a selection from its source, annotation and region, a coding from its
selection and code, a link from its two selections and label, a variable from its name. Two
coders who accepted the same suggestion share a region id, and one code is applied in several
selections: their GUIDs must still differ.
"""

from __future__ import annotations

import io
import uuid
import zipfile

import pytest
from lxml import etree

from ls_thematic.label_config.codebook import GUID_NAMESPACE, Codebook
from ls_thematic.scripts.qdpx import (
    PROJECT_NAMESPACE,
    build_qdpx,
    project_qde,
    schema_errors,
    write_qdpx,
)

NS = {"q": PROJECT_NAMESPACE}
Q = f"{{{PROJECT_NAMESPACE}}}"
TEXT_61 = "A" * 60 + "B"  # one character over the 60 a selection's name shows
TEXT_60 = "C" * 59 + "é"  # exactly 60: shown whole
TEXT = f"{TEXT_61} {TEXT_60} Ünïcödé tail."
CODER_A = {"id": 1, "email": "a@example.org"}
CODER_B = {"id": 2, "email": "b@example.org"}


def guid(*parts: object) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, ":".join(map(str, parts))))


def span(rid, start, end, *codes):
    return {
        "id": rid,
        "from_name": "codes",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "labels": list(codes)},
    }


def relation(from_id, to_id, direction, *labels):
    return {
        "type": "relation",
        "from_id": from_id,
        "to_id": to_id,
        "direction": direction,
        "labels": list(labels),
    }


def book() -> Codebook:
    return Codebook.from_dict(
        {
            "title": "Pinned",
            "codes": [
                {
                    "name": "Parent",
                    "codable": False,
                    "description": "The top.",
                    "colour": "#a1b",
                    "children": [{"name": "Child", "description": "A child."}],
                },
                {"name": "Other"},
            ],
            "relationships": [
                {
                    "name": "causes",
                    "from": "Child",
                    "to": "Other",
                    "description": "One leads to the other.",
                }
            ],
            "sets": {"Core": ["Child", "Other"]},
        }
    )


def snapshot() -> dict:
    first = {
        "id": 101,
        "completed_by": CODER_A,
        "created_at": "2021-05-06T07:08:09+00:00",
        "result": [
            span("r1", 0, 61, "Child", "Other"),
            span("r2", 62, 122, "Child"),
            span("r3", 123, 130, "Other"),
            # a relation to a region that is not a coded span comes first: it is left out alone
            relation("r1", "gone", "right", "causes"),
            relation("r1", "r2", "right", "causes"),
            relation("r2", "r3", "left", "causes"),
            relation("r1", "r3", "bi", ""),
        ],
    }
    second = {  # coder B accepted the same suggestion: the same region id as coder A's r1
        "id": 102,
        "completed_by": CODER_B,
        "created_at": "2021-05-07T00:00:00Z",
        "result": [span("r1", 0, 61, "Child")],
    }
    tasks = [
        {
            "id": 11,
            "data": {
                "text": TEXT,
                "participant": "P1",
                "attributes": {"age": "34", "role": "nurse"},
            },
            "annotations": [first, second],
        },
        {
            "id": 12,
            "data": {"text": TEXT, "participant": "P1", "attributes": {"age": "35"}},
            "annotations": [],
        },
    ]
    return {
        "format": "ls-thematic snapshot",
        "version": 1,
        "project": {"id": 7, "title": "Pinned project"},
        "meta": {"pulled_at": "2020-04-01T14:00:00+02:00"},
        "tasks": tasks,
    }


# Function scope on purpose: mutmut credits the code a module-scoped fixture runs to the first
# test that asks for it, so a mutant of _cases or _selections would run only that test.
@pytest.fixture
def qde() -> bytes:
    return project_qde(snapshot(), book())


@pytest.fixture
def root(qde):
    return etree.fromstring(qde)


def source_guid(task_id) -> str:
    return guid("source", 7, task_id)


def selection_guid(task_id, annotation_id, region) -> str:
    return guid("selection", source_guid(task_id), annotation_id, region)


def test_valid_utf8_with_unique_guids(qde, root):
    assert schema_errors(qde) == []
    assert qde.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert "CCé".encode() in qde  # a selection's name, written as UTF-8, not as &#233;
    guids = [e.get("guid") for e in root.iter() if e.get("guid")]
    assert len(guids) == len(set(guids)) == 25  # 2 users, 4 codes, 2 variables, 1 case,
    # 2 sources, 4 selections, 5 codings, 3 links, 2 sets


def test_project_attributes(root):
    assert root.get("name") == "Pinned project"
    assert root.get("origin") == "ls-thematic"
    assert root.get("creationDateTime") == "2020-04-01T12:00:00Z"  # pulled_at, in UTC


def test_codebook_codes(root, qde):
    codes = {c.get("name"): c for c in root.iter(f"{Q}Code")}
    cb = book()
    assert list(codes) == ["Parent", "Child", "Other", cb.names[-1]]
    assert {n: c.get("isCodable") for n, c in codes.items() if n != cb.names[-1]} == {
        "Parent": "false",
        "Child": "true",
        "Other": "true",
    }
    assert codes["Parent"].get("color") == "#AA11BB"
    assert codes["Child"].get("color") == "#AA11BB"  # inherited
    assert codes["Child"].get("guid") == str(uuid.uuid5(GUID_NAMESPACE, "Parent/Child"))
    assert codes["Child"].getparent() is codes["Parent"]
    assert codes["Parent"].findtext("q:Description", namespaces=NS) == "The top."
    assert codes["Child"].findtext("q:Description", namespaces=NS) == "A child."
    assert codes["Other"].find("q:Description", NS) is None


def test_sources_named_and_guided_by_project_and_task(root):
    sources = root.findall("q:Sources/q:TextSource", NS)
    assert [(s.get("name"), s.get("guid")) for s in sources] == [
        ("P1 (task 11)", source_guid(11)),
        ("P1 (task 12)", source_guid(12)),
    ]
    assert sources[0].get("plainTextPath") == f"internal://{source_guid(11)}.txt"


def test_selections_codings_and_their_guids(root):
    users = {u.get("name"): u.get("guid") for u in root.findall("q:Users/q:User", NS)}
    assert users == {
        "a@example.org": guid("user", "a@example.org"),
        "b@example.org": guid("user", "b@example.org"),
    }
    selections = root.findall("q:Sources/q:TextSource/q:PlainTextSelection", NS)
    got = [
        (
            s.get("guid"),
            s.get("name"),
            s.get("startPosition"),
            s.get("endPosition"),
            s.get("creatingUser"),
            s.get("creationDateTime"),
        )
        for s in selections
    ]
    a, b = users["a@example.org"], users["b@example.org"]
    when_a, when_b = "2021-05-06T07:08:09Z", "2021-05-07T00:00:00Z"
    assert got == [
        (selection_guid(11, 101, "r1"), "A" * 60 + "…", "0", "61", a, when_a),
        (selection_guid(11, 102, "r1"), "A" * 60 + "…", "0", "61", b, when_b),
        (selection_guid(11, 101, "r2"), TEXT_60, "62", "122", a, when_a),
        (selection_guid(11, 101, "r3"), "Ünïcödé", "123", "130", a, when_a),
    ]
    codings = [
        (
            c.get("guid"),
            c.find("q:CodeRef", NS).get("targetGUID"),
            c.get("creatingUser"),
            c.get("creationDateTime"),
        )
        for s in selections
        for c in s.findall("q:Coding", NS)
    ]
    cb = book()
    child, other = cb.guid_of("Child"), cb.guid_of("Other")
    s1a, s1b = selection_guid(11, 101, "r1"), selection_guid(11, 102, "r1")
    s2, s3 = selection_guid(11, 101, "r2"), selection_guid(11, 101, "r3")
    assert codings == [
        (guid("coding", s1a, "Child"), child, a, when_a),
        (guid("coding", s1a, "Other"), other, a, when_a),
        (guid("coding", s1b, "Child"), child, b, when_b),
        (guid("coding", s2, "Child"), child, a, when_a),
        (guid("coding", s3, "Other"), other, a, when_a),
    ]


def test_links_direction_name_colour_and_guid(root):
    s1, s2 = selection_guid(11, 101, "r1"), selection_guid(11, 101, "r2")
    s3 = selection_guid(11, 101, "r3")
    links = [
        (
            k.get("guid"),
            k.get("name"),
            k.get("direction"),
            k.get("color"),
            k.get("originGUID"),
            k.get("targetGUID"),
        )
        for k in root.findall("q:Links/q:Link", NS)
    ]
    child_colour = "#AA11BB"
    assert links == [
        (guid("link", s1, s2, "causes"), "causes", "OneWay", child_colour, s1, s2),
        # "left" runs from the relation's target to its origin
        (guid("link", s3, s2, "causes"), "causes", "OneWay", child_colour, s3, s2),
        (guid("link", s1, s3, ""), None, "Bidirectional", None, s1, s3),
    ]


def test_cases_and_variables(root):
    variables = {
        v.get("name"): (v.get("guid"), v.get("typeOfVariable"))
        for v in root.findall("q:Variables/q:Variable", NS)
    }
    assert variables == {
        "age": (guid("variable", "age"), "Integer"),
        "role": (guid("variable", "role"), "Text"),
    }
    (case,) = root.findall("q:Cases/q:Case", NS)
    assert (case.get("name"), case.get("guid")) == ("P1", guid("case", "P1"))
    values = [
        (
            v.find("q:VariableRef", NS).get("targetGUID"),
            v.findtext("q:IntegerValue", namespaces=NS),
            v.findtext("q:TextValue", namespaces=NS),
        )
        for v in case.findall("q:VariableValue", NS)
    ]
    # the participant's first value of each attribute counts
    assert values == [
        (guid("variable", "age"), "34", None),
        (guid("variable", "role"), None, "nurse"),
    ]
    assert [r.get("targetGUID") for r in case.findall("q:SourceRef", NS)] == [
        source_guid(11),
        source_guid(12),
    ]


def test_sets_of_the_codebook_and_its_relationships(root):
    cb = book()
    sets = [
        (
            s.get("guid"),
            s.get("name"),
            s.findtext("q:Description", namespaces=NS),
            [m.get("targetGUID") for m in s.findall("q:MemberCode", NS)],
        )
        for s in root.findall("q:Sets/q:Set", NS)
    ]
    members = [cb.guid_of("Child"), cb.guid_of("Other")]
    assert sets == [
        (str(uuid.uuid5(GUID_NAMESPACE, "set:Core")), "Core", None, members),
        (
            cb.relationship_guid(cb.relationships[0]),
            "ls-thematic relationship: causes (Child -> Other)",
            "One leads to the other.",
            members,
        ),
    ]


def test_schema_check_expands_no_entity_and_says_so():
    """Entities are never expanded (an entity could smuggle in elements, or read a file): the
    check says the document uses them instead of failing inside libxml2."""
    smuggled = (
        b'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY bad "<Bogus/>">]>\n'
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="y">&bad;</Project>'
    )
    assert schema_errors(smuggled) == [
        "the document uses entity references (<!ENTITY>), which are not expanded; a "
        "project.qde needs none"
    ]


def test_written_archive_has_every_coder_by_default_and_compressed_sources(tmp_path):
    path = tmp_path / "project.qdpx"
    write_qdpx(snapshot(), book(), path)
    archive = path.read_bytes()
    assert archive == build_qdpx(snapshot(), book(), coders="all")
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        infos = {info.filename: info for info in zf.infolist()}
        sources = [name for name in infos if name.startswith("sources/")]
        assert sources and all(
            infos[name].compress_type == zipfile.ZIP_DEFLATED for name in [*sources, "project.qde"]
        )
        assert f"sources/{source_guid(11)}.txt" in infos
