"""The codebook model: YAML and CSV reading, validation messages, hierarchy queries."""

from __future__ import annotations

import pytest

from ls_thematic.label_config.codebook import (
    UNSURE,
    Code,
    Codebook,
    codebook_from_csv,
    codebook_to_csv,
    compose_description,
    load_codebook,
    parse_description,
)
from ls_thematic.label_config.errors import CodebookError


def small() -> dict:
    return {
        "title": "Small",
        "levels": ["domain", "theme", "sub-theme"],
        "codes": [
            {
                "name": "Motivation",
                "codable": False,
                "colour": "#112233",
                "children": [
                    {"name": "Attached", "description": "Clinging to the drug.",
                     "include": "Talk of attachment.", "exclude": "Function talk.",
                     "examples": ["they hold on to it"],
                     "children": [{"name": "Stay last", "colour": "#AA0000"}]},
                    {"name": "Function"},
                ],
            },
            {"name": "Frustration"},
        ],
        "relationships": [{"name": "leads to", "from": "Frustration", "to": "Attached"}],
    }


def test_hierarchy_queries():
    book = Codebook.from_dict(small())
    assert book.names == ["Motivation", "Attached", "Stay last", "Function", "Frustration", UNSURE]
    assert book.codable_names == ["Attached", "Stay last", "Function", "Frustration", UNSURE]
    assert book.path_of("Stay last") == ("Motivation", "Attached", "Stay last")
    assert book.parent_of("Attached") == "Motivation"
    assert book.ancestor_at("Stay last", 1) == "Attached"
    assert book.ancestor_at("Frustration", 2) == "Frustration"
    assert book.level_name(2) == "sub-theme" and book.level_name(5) == "level 6"
    assert book.max_depth == 2


def test_colours_inherit_unless_set():
    book = Codebook.from_dict(small())
    assert book.colour_of("Function") == "#112233"
    assert book.colour_of("Stay last") == "#AA0000"
    assert book.colour_of("Frustration") == "#4E79A7"  # the default


def test_unsure_is_builtin_and_not_duplicated():
    book = Codebook.from_dict(small())
    assert book.code(UNSURE).codable
    again = Codebook.from_dict(book.to_dict(include_builtin=True))
    assert again.names.count(UNSURE) == 1


def test_guids_are_stable_and_distinct():
    one, two = Codebook.from_dict(small()), Codebook.from_dict(small())
    assert [one.guid_of(n) for n in one.names] == [two.guid_of(n) for n in two.names]
    assert len({one.guid_of(n) for n in one.names}) == len(one.names)


def test_yaml_round_trip(tmp_path):
    book = Codebook.from_dict(small())
    path = tmp_path / "book.yaml"
    path.write_text(book.to_yaml(), encoding="utf-8")
    assert load_codebook(path) == book


def test_csv_round_trip_in_any_row_order(tmp_path):
    book = Codebook.from_dict({k: v for k, v in small().items() if k != "relationships"})
    text = codebook_to_csv(book)
    header, *rows = text.strip().splitlines()
    shuffled = "\n".join([header, *reversed(rows)]) + "\n"
    back = codebook_from_csv(shuffled, "book.csv", title="Small")
    assert {n: back.path_of(n) for n in back.names} == {n: book.path_of(n) for n in book.names}
    assert back.code("Attached") == book.code("Attached")
    assert codebook_to_csv(codebook_from_csv(text, "book.csv", title="Small")) == text


def test_description_convention_round_trips():
    code = Code("X", description="Line one.\nLine two.", include="A", exclude="B",
                examples=["first", "second"])
    assert parse_description(compose_description(code)) == {
        "description": "Line one.\nLine two.", "include": "A", "exclude": "B",
        "examples": ["first", "second"],
    }
    assert parse_description("plain text from another tool")["description"] == "plain text from another tool"


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda d: d["codes"][0]["children"].append({"name": "Function"}),
         r"codes\[0\]\.children\[2\]\.name 'Function' is a duplicate among its siblings"),
        (lambda d: d["codes"].append({"name": "Attached"}),
         r"codes\[2\]\.name 'Attached' is already used at codes\[0\]\.children\[0\]"),
        (lambda d: d["codes"][1].update(name="  "),
         r"codes\[1\]\.name is empty; give every code a name"),
        (lambda d: d["codes"][1].update(colour="blueish"),
         r"codes\[1\]\.colour 'blueish' is not a colour; use a hex colour"),
        (lambda d: d["relationships"][0].update(to="Nowhere"),
         r"relationships\[0\]\.to 'Nowhere' points to no code; use one of: Motivation"),
        (lambda d: d["relationships"][0].pop("from"),
         r"relationships\[0\]\.from is missing"),
        (lambda d: d["codes"][1].update(codable="maybe"),
         r"codes\[1\]\.codable must be true or false"),
        (lambda d: d["codes"][1].update(colur="#fff"),
         r"codes\[1\] has unknown key\(s\) colur; allowed:"),
        (lambda d: d.update(codes=[]), r"'codes' must be a non-empty list"),
    ],
)
def test_validation_names_file_path_and_fix(tmp_path, mutate, match):
    data = small()
    mutate(data)
    path = tmp_path / "bad.yaml"
    import yaml

    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CodebookError, match=rf"bad\.yaml: {match}"):
        load_codebook(path)


@pytest.mark.parametrize(
    ("csv_text", "match"),
    [
        ("name,parent\nA,Ghost\n", r"line 2: parent 'Ghost' of 'A' is not a code in this file"),
        ("name,parent\nA,B\nB,A\n", r"parents form a cycle \(A -> B -> A\)"),
        ("name,parent\nA,A\n", r"parents form a cycle \(A -> A\)"),
        ("name,parent\nA,\nA,\n", r"line 3: code 'A' is defined twice"),
        ("name,parent\n,\n", r"line 2: 'name' is empty"),
        ("title,parent\nA,\n", r"header with at least 'name'"),
        ("name,parent,weight\nA,,1\n", r"unknown column\(s\) weight"),
    ],
)
def test_csv_errors(csv_text, match):
    with pytest.raises(CodebookError, match=match):
        codebook_from_csv(csv_text, "book.csv")


def test_bad_files(tmp_path):
    with pytest.raises(CodebookError, match=r"no such codebook file"):
        load_codebook(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("codes: [\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"bad\.yaml: is not valid YAML at line"):
        load_codebook(bad)
    other = tmp_path / "book.json"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"unknown codebook format '.json'; allowed: .yaml"):
        load_codebook(other)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CodebookError, match=r"is not UTF-8 text"):
        load_codebook(binary)


def test_unknown_code_lists_the_codebook():
    book = Codebook.from_dict(small())
    with pytest.raises(CodebookError, match=r"Unknown code 'Fear'; the codebook has: Motivation, Attached"):
        book.code("Fear")
