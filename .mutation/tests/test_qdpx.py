"""The REFI-QDA project export (.qdpx): valid against the schema, and faithful to the coding."""

from __future__ import annotations

import io
import zipfile

import pytest
import xmlschema
from lxml import etree

from ls_thematic.scripts.qdpx import PROJECT_NAMESPACE, build_qdpx, schema_errors, write_qdpx
from ls_thematic.scripts.snapshot import as_snapshot, relations, segments

from .conftest import REPO
from .writeup_data import CODER_A, CODER_B, demo_snapshot, thesis_book

XSD = REPO / "label_config" / "schemas" / "Project-mrt2019.xsd"
NS = {"q": PROJECT_NAMESPACE}


@pytest.fixture(scope="module")
def book():
    return thesis_book()


@pytest.fixture(scope="module")
def snapshot():
    return as_snapshot(demo_snapshot())


@pytest.fixture(scope="module")
def archive(snapshot, book):
    return build_qdpx(snapshot, book, coders="all")


@pytest.fixture(scope="module")
def qde(archive):
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        return zf.read("project.qde")


@pytest.fixture(scope="module")
def root(qde):
    return etree.fromstring(qde)


def test_valid_against_the_refi_qda_project_schema(qde):
    xmlschema.XMLSchema10(str(XSD)).validate(qde)  # raises with the reason when invalid
    assert schema_errors(qde) == []


def test_schema_check_finds_problems(qde):
    broken = qde.replace(b"startPosition=", b"beginning=", 1)
    errors = schema_errors(broken)
    assert errors and "beginning" in errors[0]
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        xmlschema.XMLSchema10(str(XSD)).validate(broken)


def test_sources_are_the_transcripts(archive, root, snapshot):
    sources = root.findall("q:Sources/q:TextSource", NS)
    assert len(sources) == len(snapshot) == 6
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        names = set(zf.namelist())
        for source, task in zip(sources, snapshot, strict=True):
            path = source.get("plainTextPath").removeprefix("internal://")
            assert f"sources/{path}" in names
            assert zf.read(f"sources/{path}").decode("utf-8") == task["data"]["text"]
            assert source.get("name") == task["data"]["participant"]


def test_codings_match_the_segments(root, snapshot, book):
    frame = segments(snapshot, coders="all")
    codings = root.findall(".//q:PlainTextSelection/q:Coding", NS)
    assert len(codings) == len(frame)
    code_guids = {book.guid_of(name): name for name in book.names}
    texts = {t["data"]["participant"]: t["data"]["text"] for t in snapshot}
    for source in root.findall("q:Sources/q:TextSource", NS):
        for selection in source.findall("q:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            codes = [code_guids[c.find("q:CodeRef", NS).get("targetGUID")]
                     for c in selection.findall("q:Coding", NS)]
            match = frame[(frame["participant"] == source.get("name")) & (frame["start"] == start)
                          & (frame["end"] == end)]
            assert set(codes) <= set(match["code"])
            assert texts[source.get("name")][start:end] == match["text"].iloc[0]


def test_codebook_coders_cases_links_and_sets(root, snapshot, book):
    codes = root.findall(".//q:CodeBook//q:Code", NS)
    assert [c.get("name") for c in codes] == book.names
    assert {c.get("name"): c.get("isCodable") for c in codes}["Patients' motivation"] == "false"
    users = {u.get("name") for u in root.findall("q:Users/q:User", NS)}
    assert users == {CODER_A["email"], CODER_B["email"]}
    # every coding is by one of the users
    user_guids = {u.get("guid") for u in root.findall("q:Users/q:User", NS)}
    assert {c.get("creatingUser") for c in root.iter(f"{{{PROJECT_NAMESPACE}}}Coding")} <= user_guids
    cases = root.findall("q:Cases/q:Case", NS)
    assert [c.get("name") for c in cases] == ["P4", "P5", "P8", "P9", "P11", "P13"]
    variables = {v.get("name"): v.get("typeOfVariable") for v in root.findall("q:Variables/q:Variable", NS)}
    assert variables == {"role": "Text", "years_experience": "Integer", "gender": "Text"}
    links = root.findall("q:Links/q:Link", NS)
    assert len(links) == len(relations(snapshot, coders="all")) > 0
    assert {link.get("name") for link in links} == {r.name for r in book.relationships}
    selections = {s.get("guid") for s in root.iter(f"{{{PROJECT_NAMESPACE}}}PlainTextSelection")}
    assert all(link.get("originGUID") in selections and link.get("targetGUID") in selections for link in links)
    sets = [s.get("name") for s in root.findall("q:Sets/q:Set", NS)]
    assert len(sets) == len(book.relationships)


def test_same_snapshot_same_bytes(snapshot, book, archive, tmp_path):
    assert build_qdpx(snapshot, book, coders="all") == archive
    path = tmp_path / "project.qdpx"
    write_qdpx(snapshot, book, path, coders="all")
    assert path.read_bytes() == archive


def test_one_coder_only(snapshot, book):
    with zipfile.ZipFile(io.BytesIO(build_qdpx(snapshot, book, coders=[CODER_B["email"]]))) as zf:
        root = etree.fromstring(zf.read("project.qde"))
    assert [u.get("name") for u in root.findall("q:Users/q:User", NS)] == [CODER_B["email"]]
    assert root.find("q:Links", NS) is None  # coder B drew no relations
