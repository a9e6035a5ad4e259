"""Codebook -> labelling config -> codebook, checked with label-studio-sdk's own parser."""

from __future__ import annotations

import pytest
from label_studio_sdk.label_interface import LabelInterface
from lxml import etree

from ls_thematic.label_config.codebook import UNSURE, Codebook, compose_description
from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.errors import CodebookError
from ls_thematic.label_config.lsxml import (
    HEADING_CLASS,
    INDENT_STYLE,
    MEMO_CONTROL,
    MEMO_PLACEHOLDER,
    NOTE_CLASS,
    SCREEN_CSS,
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
        "model_version": "t",
        "score": 0.5,
        "result": [
            {
                "from_name": "code",
                "to_name": "text",
                "type": "labels",
                "value": {"start": 0, "end": 4, "text": "abcd", "labels": [name]},
            }
        ],
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
        (
            "<View><Text name='t' value='$text'/><Choices name='c' toName='t'/></View>",
            r"no <Labels> control pointing at a <Text> object",
        ),
        (
            "<View><Text name='t' value='$text'/><Labels name='l' toName='t'><Label value=''/></Labels></View>",
            r"line 1: a <Label> in the codes has no value",
        ),
    ],
)
def test_bad_configs(config, match):
    with pytest.raises(CodebookError, match=match):
        codebook_from_label_config(config)


def _with_heading_description() -> Codebook:
    data = small()
    data["codes"][0].update(
        description="Why patients use the drug; costs $5 a day.",
        include="Talk of motives.",
        exclude="Staff motives.",
        examples=["it keeps me going"],
    )
    return Codebook.from_dict(data)


def test_memo_is_one_per_segment_in_the_region_panel():
    root = etree.fromstring(codebook_to_label_config(Codebook.from_dict(small())).encode())
    memos = root.findall(".//TextArea")
    assert len(memos) == 1
    assert dict(memos[0].attrib) == {
        "name": MEMO_CONTROL,
        "toName": "text",
        "perRegion": "true",
        "displayMode": "region-list",
        "maxSubmissions": "1",
        "editable": "true",
        "rows": "3",
        "placeholder": MEMO_PLACEHOLDER,
    }


def test_heading_description_shows_on_hover_on_separate_lines():
    book = _with_heading_description()
    config = codebook_to_label_config(book)
    root = etree.fromstring(config.encode())
    wrapper = root.find(".//Labels/View")
    assert wrapper.get("className") == HEADING_CLASS and wrapper.get("data-heading") == "true"
    header, note = list(wrapper)
    assert header.tag == "Header" and header.get("value") == "Motivation"
    assert header.get("hint") == compose_description(book.code("Motivation"))
    assert note.get("className") == NOTE_CLASS
    shown = note.find("Header").get("value")
    assert shown.split("\n") == [
        "Why patients use the drug; costs $\u200b5 a day.",
        "",
        "Include: Talk of motives.",
        "Exclude: Staff motives.",
        "Example: it keeps me going",
    ]
    assert "white-space: pre-line" in note.find("Header").get("style")
    # The children follow the wrapper, indented, and the round trip still gives the codebook.
    assert wrapper.getnext().get("style") == INDENT_STYLE
    assert codebook_from_label_config(config) == book
    assert LabelInterface(config).get_control("code").labels == book.codable_names


def test_screen_css_shows_notes_on_hover_and_tooltips_line_by_line():
    root = etree.fromstring(codebook_to_label_config(Codebook.from_dict(small())).encode())
    assert root.find("Style").text == SCREEN_CSS
    rules = dict(
        (selector.strip(), body.strip())
        for selector, body in (rule.split("{") for rule in SCREEN_CSS.split("}") if rule.strip())
    )
    assert rules["[data-testid=tooltip-body]"] == "white-space: pre-line;"
    assert rules[f".{NOTE_CLASS}"] == "display: none;"
    assert rules[f".{HEADING_CLASS}:hover .{NOTE_CLASS}"].startswith(
        "display: block; position: fixed;"
    )
    # Label Studio escapes these characters inside a <Style>, which would break the CSS.
    assert not set(SCREEN_CSS) & set("<>&\"'")


def test_label_hint_keeps_one_line_per_criterion():
    root = etree.fromstring(codebook_to_label_config(Codebook.from_dict(small())).encode())
    hint = root.find(".//Label[@value='Attached']").get("hint")
    assert hint.split("\n") == [
        "Clinging to the drug.",
        "",
        "Include: Talk of attachment.",
        "Exclude: Function talk.",
        "Example: they hold on to it",
    ]


def test_config_without_heading_wrappers_still_reads():
    """Projects created before headings had hover notes keep a bare <Header>."""
    book = _with_heading_description()
    root = etree.fromstring(codebook_to_label_config(book).encode())
    wrapper = root.find(".//Labels/View")
    wrapper.addprevious(wrapper.find("Header"))
    wrapper.getparent().remove(wrapper)
    assert root.find(".//Labels/Header").get("value") == "Motivation"
    assert codebook_from_label_config(etree.tostring(root, encoding="unicode")) == book


def test_heading_wrapper_without_header_is_named():
    root = etree.fromstring(codebook_to_label_config(_with_heading_description()).encode())
    wrapper = root.find(".//Labels/View")
    wrapper.remove(wrapper.find("Header"))
    with pytest.raises(CodebookError, match=r"line \d+: a heading <View> has no <Header>"):
        codebook_from_label_config(etree.tostring(root, encoding="unicode"))
