"""``exclusive: true``: a heading's sub-codes are mutually exclusive, kept through every format.

The YAML key, the CSV column, the Label Studio labelling config (the hint's "Sub-codes" line),
REFI-QDA .qdc and the codebook inside a .qdpx project (its ``<Description>``).
"""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from ls_thematic.label_config.codebook import (
    EXCLUSIVE_LINE,
    Codebook,
    declares_exclusive,
    parse_description,
)
from ls_thematic.label_config.codebook_io import (
    codebook_from_csv,
    codebook_from_yaml,
    codebook_to_csv,
    codebook_to_yaml,
)
from ls_thematic.label_config.errors import CodebookError
from ls_thematic.label_config.lsxml import codebook_from_label_config, codebook_to_label_config
from ls_thematic.label_config.qdc import codebook_from_qdc, codebook_to_qdc
from ls_thematic.scripts.qdpx import build_qdpx


def book_dict(exclusive=True):
    return {
        "title": "Talk",
        "levels": ["domain", "code"],
        "codes": [
            {
                "name": "Move",
                "codable": False,
                "description": "What the turn does.",
                "exclusive": exclusive,
                "children": [
                    {"name": "Question", "children": [{"name": "Open question"}]},
                    {"name": "Reflection"},
                ],
            },
            {"name": "Feeling", "children": [{"name": "Fear"}, {"name": "Trust"}]},
        ],
    }


@pytest.fixture
def book():
    return Codebook.from_dict(book_dict())


def flags(book):
    return {code.name: code.exclusive for code, _ in book.walk()}


def test_exclusive_groups_map_each_code_to_the_sub_code_it_sits_under(book):
    assert book.exclusive_groups() == {
        "Move": {"Question": "Question", "Open question": "Question", "Reflection": "Reflection"}
    }
    assert Codebook.from_dict(book_dict(exclusive=False)).exclusive_groups() == {}


@pytest.mark.parametrize("value", ["yes", 1, "true", None])
def test_a_non_boolean_exclusive_is_refused_naming_where_and_what_is_allowed(value):
    data = book_dict()
    data["codes"][0]["exclusive"] = value
    with pytest.raises(CodebookError, match=r"codes\[0\]\.exclusive must be true .* or false"):
        Codebook.from_dict(data, "book.yaml")


def test_exclusive_on_a_code_without_sub_codes_is_refused():
    data = {"codes": [{"name": "Alone", "exclusive": True}]}
    with pytest.raises(CodebookError, match=r"'Alone' has no sub-codes"):
        Codebook.from_dict(data, "book.yaml")


def test_yaml_round_trip(book):
    text = codebook_to_yaml(book)
    assert "exclusive: true" in text
    assert flags(codebook_from_yaml(text)) == flags(book)
    assert flags(book)["Move"] is True and flags(book)["Feeling"] is False


def test_csv_round_trip_and_a_bad_cell(book):
    text = codebook_to_csv(book)
    assert text.splitlines()[0].endswith(",codable,exclusive")
    assert flags(codebook_from_csv(text, "book.csv")) == flags(book)
    bad = "name,parent,exclusive\nMove,,maybe\nA,Move,\n"
    with pytest.raises(CodebookError, match=r"line 2: exclusive 'maybe' must be true"):
        codebook_from_csv(bad, "book.csv")


def test_a_csv_without_the_column_has_no_exclusive_codes():
    assert not any(flags(codebook_from_csv("name,parent\nA,\nB,A\n", "b.csv")).values())


def test_label_studio_config_keeps_it_in_the_hint_the_coder_sees(book):
    xml = codebook_to_label_config(book)
    root = etree.fromstring(xml.encode())
    heading = next(h for h in root.iter("Header") if h.get("value") == "Move")
    assert EXCLUSIVE_LINE in heading.get("hint")
    again = codebook_from_label_config(xml)
    assert flags(again) == flags(book)
    assert again.code("Move").description == "What the turn does."


def test_a_codable_parent_keeps_it_too():
    data = book_dict()
    data["codes"][1]["exclusive"] = True
    book = Codebook.from_dict(data)
    assert flags(codebook_from_label_config(codebook_to_label_config(book))) == flags(book)
    assert flags(codebook_from_qdc(codebook_to_qdc(book))) == flags(book)


def test_qdc_round_trip(book):
    text = codebook_to_qdc(book)
    assert EXCLUSIVE_LINE in text
    again = codebook_from_qdc(text)
    assert flags(again) == flags(book)
    assert again.code("Move").description == "What the turn does."


def test_qdpx_project_carries_it_in_the_code_description(book):
    task = {
        "id": 1,
        "data": {"text": "Why now?", "participant": "P01"},
        "annotations": [
            {
                "id": 1,
                "completed_by": {"id": 1, "email": "a@example.org"},
                "result": [
                    {
                        "id": "r1",
                        "from_name": "code",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 0, "end": 8, "labels": ["Question"]},
                    }
                ],
            }
        ],
    }
    data = build_qdpx([task], book)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    descriptions = {
        code.get("name"): code.findtext("q:Description", default="", namespaces=ns)
        for code in root.iterfind(".//q:Code", ns)
    }
    assert declares_exclusive(descriptions["Move"])
    assert not declares_exclusive(descriptions["Feeling"])
    assert parse_description(descriptions["Move"])["description"] == "What the turn does."


def test_only_the_exact_line_counts():
    assert not declares_exclusive("Sub-codes: several may apply.")
    text = "Def.\n\n" + EXCLUSIVE_LINE + "\nInclude: x"
    assert declares_exclusive(text)
    assert parse_description(text) == {
        "description": "Def.",
        "include": "x",
        "exclude": "",
        "examples": [],
    }
