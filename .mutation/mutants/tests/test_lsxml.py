"""Codebook -> labelling config -> codebook, checked with label-studio-sdk's own parser."""

from __future__ import annotations

import pytest
from label_studio_sdk.label_interface import LabelInterface
from lxml import etree

from ls_thematic.label_config.codebook import UNSURE, Codebook
from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.errors import CodebookError
from ls_thematic.label_config.lsxml import (
    codebook_from_label_config,
    codebook_to_label_config,
    control_names,
)

from .codebook_data import small
from .conftest import EXAMPLES

EXAMPLE_BOOKS = sorted(EXAMPLES.glob("*codebook.yaml"))


def _books():
    yield pytest.param(Codebook.from_dict(small()), id="small")
    for path in EXAMPLE_BOOKS:
        yield pytest.param(load_codebook(path), id=path.stem)


BOOKS = list(_books())


@pytest.mark.parametrize("book", BOOKS)
def test_round_trip_gives_the_same_codebook(book):
    assert codebook_from_label_config(codebook_to_label_config(book)) == book


@pytest.mark.parametrize("book", BOOKS)
def test_sdk_accepts_the_config_and_sees_every_codable_code(book):
    config = codebook_to_label_config(book)
    interface = LabelInterface(config)
    assert interface.get_control("code").labels == book.codable_names
    assert interface.get_first_tag_occurence("Labels", "Text") == ("code", "text", "text")
    name = book.codable_names[-1]
    prediction = {
        "model_version": "t", "score": 0.5,
        "result": [{"from_name": "code", "to_name": "text", "type": "labels",
                    "value": {"start": 0, "end": 4, "text": "abcd", "labels": [name]}}],
    }
    assert interface.validate_prediction(prediction)


def test_every_code_is_one_click_away_and_hierarchy_is_nested():
    book = Codebook.from_dict(small())
    root = etree.fromstring(codebook_to_label_config(book).encode())
    labels = root.find(".//Labels")
    # All codes live in one control: pick a code, select text (two actions).
    assert [el.get("value") for el in labels.iter("Label")] == book.codable_names
    # A heading is a Header; its children sit in the indented View right after it.
    header = labels.find("Header")
    assert header.get("value") == "Motivation" and header.get("data-codable") == "false"
    nested = header.getnext()
    assert nested.tag == "View"
    assert [el.get("value") for el in nested.iter("Label")] == ["Attached", "Stay last", "Function"]
    # The sub-theme is nested one level deeper than its theme.
    stay = next(el for el in labels.iter("Label") if el.get("value") == "Stay last")
    attached = next(el for el in labels.iter("Label") if el.get("value") == "Attached")
    depth = lambda el: sum(1 for _ in el.iterancestors("View"))  # noqa: E731
    assert depth(stay) == depth(attached) + 1


def test_hints_colours_memo_relations_and_participant_header():
    book = Codebook.from_dict(small())
    root = etree.fromstring(codebook_to_label_config(book).encode())
    attached = root.find(".//Label[@value='Attached']")
    assert attached.get("hint").startswith("Clinging to the drug.")
    assert "Include: Talk of attachment." in attached.get("hint")
    assert attached.get("background") == "#112233"  # inherited from its domain
    assert root.find(".//Label[@value='Stay last']").get("background") == "#AA0000"
    memo = root.find(".//TextArea")
    assert memo.get("perRegion") == "true" and memo.get("toName") == "text"
    relation = root.find(".//Relations/Relation")
    assert relation.get("value") == "leads to"
    headers = [h.get("value") for h in root.iter("Header")]
    assert headers[0] == "$participant_header"
    assert root.find(f".//Label[@value='{UNSURE}']") is not None


def test_foreign_config_reads_as_a_flat_codebook():
    config = """<View><Text name="t" value="$text"/>
      <Labels name="lab" toName="t"><Label value="Person" background="#ff0000"/>
      <Label value="Place"/></Labels></View>"""
    book = codebook_from_label_config(config)
    assert book.codable_names == ["Person", "Place", UNSURE]
    assert book.colour_of("Person") == "#ff0000"
    assert control_names(config) == ("lab", "t", ["Person", "Place"])


@pytest.mark.parametrize(
    ("config", "match"),
    [
        ("<View><Text name='t' value='$text'/>", r"is not well-formed XML"),
        ("<View><Text name='t' value='$text'/><Choices name='c' toName='t'/></View>",
         r"no <Labels> control pointing at a <Text> object"),
        ("<View><Text name='t' value='$text'/><Labels name='l' toName='t'><Label value=''/></Labels></View>",
         r"line 1: a <Label> in the codes has no value"),
    ],
)
def test_bad_configs(config, match):
    with pytest.raises(CodebookError, match=match):
        codebook_from_label_config(config)
