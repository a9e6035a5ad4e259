"""What Label Studio tells the backend about a project (backend/scheme.py): project ids, the
coding scheme of its labelling config, the ids of deleted annotations."""

from __future__ import annotations

import pytest

from ls_thematic.backend.scheme import (
    CodingScheme,
    config_hash,
    deleted_annotation_ids,
    parse_project_id,
)
from ls_thematic.label_config.errors import InputError


@pytest.mark.parametrize("value, expected", [("3.1700000000", "3"), (3, "3"), ("12", "12")])
def test_project_ids(value, expected):
    assert parse_project_id(value) == expected


@pytest.mark.parametrize("value", ["../etc", "", None, True, "a/b.1", 3.5])
def test_bad_project_ids(value):
    with pytest.raises(InputError, match="project"):
        parse_project_id(value)


def test_the_coding_scheme_comes_from_the_labelling_config(label_config):
    scheme = CodingScheme.from_config(label_config)
    assert (scheme.from_name, scheme.to_name, scheme.data_key) == ("code", "text", "text")
    assert scheme.labels[:3] == ("Sleep", "Money", "Family")
    assert scheme.codebook is not None and scheme.codebook.code("Sleep").examples
    assert scheme.config_hash == config_hash(label_config)


def test_a_config_of_other_origin_gives_its_codes_without_descriptions():
    config = """<View><Text name="t" value="$body"/>
      <Labels name="theme" toName="t"><Label value="Money"/></Labels></View>"""
    scheme = CodingScheme.from_config(config)
    assert (scheme.from_name, scheme.data_key, scheme.labels) == ("theme", "body", ("Money",))
    money = scheme.codebook.code("Money")
    assert (money.description, money.examples) == ("", [])


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "needs 'annotations': a list"),
        ({"annotations": [{"id": 3}, {}]}, r"annotations\[1\] must be an object with"),
    ],
)
def test_deleted_annotation_ids_say_what_is_wrong(data, message):
    with pytest.raises(InputError, match=message):
        deleted_annotation_ids(data)
    assert deleted_annotation_ids({"annotations": [{"id": 3}, {"id": "4"}]}) == [3, "4"]
