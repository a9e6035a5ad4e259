"""The codebook model: hierarchy queries, colours, GUIDs, descriptions and validation messages."""

from __future__ import annotations

import pytest
import yaml

from ls_thematic.label_config.codebook import (
    UNSURE,
    Code,
    Codebook,
    compose_description,
    parse_description,
    summarise,
)
from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.errors import CodebookError

from .codebook_data import small


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
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CodebookError, match=rf"bad\.yaml: {match}"):
        load_codebook(path)


def test_unknown_code_lists_the_codebook():
    book = Codebook.from_dict(small())
    with pytest.raises(CodebookError, match=r"Unknown code 'Fear'; the codebook has: Motivation, Attached"):
        book.code("Fear")


def test_summarise_counts_codes_level_by_level():
    assert summarise(Codebook.from_dict(small())) == [
        "6 codes, 5 codable, 1 relationship codes",
        f"domain: 3 (1 heading; 2 codable: Frustration, {UNSURE})",
        "theme: 2 (2 codable)",
        "sub-theme: 1 (1 codable)",
    ]
