"""What Label Studio tells the backend about a project (backend/scheme.py): project ids, the
coding scheme of its labelling config, the ids of deleted annotations."""

from __future__ import annotations

import pytest

from ls_thematic.backend.scheme import (
    CodingScheme,
    ProjectRef,
    config_hash,
    deleted_annotation_ids,
    deleted_task_ids,
    event_project,
    parse_project,
    parse_project_id,
)
from ls_thematic.label_config.errors import InputError

from .helpers import setup


@pytest.mark.parametrize("value, expected", [("3.1700000000", "3"), (3, "3"), ("12", "12")])
def test_project_ids(value, expected):
    assert parse_project_id(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("3.1700000000", ProjectRef("3", 1700000000)),
        (3, ProjectRef("3")),
        (" 12 ", ProjectRef("12")),
    ],
)
def test_projects_with_their_creation_time(value, expected):
    assert parse_project(value) == expected


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"project": {"id": 3, "created_at": "2023-11-14T22:13:20.123456Z"}}, ("3", 1700000000)),
        ({"project": {"id": 3, "created_at": "2023-11-14T22:13:20"}}, ("3", 1700000000)),
        ({"project": {"id": 3, "created_at": "yesterday"}}, ("3", None)),
        ({"project": {"id": 3}}, ("3", None)),
        ({"project": "3.1700000000"}, ("3", 1700000000)),
        ({"project": {"title": "no id"}}, None),
        ({}, None),
    ],
)
def test_the_project_of_a_webhook(data, expected):
    ref = event_project(data)
    assert (ref if ref is None else (ref.id, ref.created_ts)) == expected


@pytest.mark.parametrize(
    "value", ["../etc", "", None, True, "a/b.1", 3.5, "3\n4", "3.²", "3.17x", "3.-1"]
)
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

    assert deleted_task_ids({"tasks": [{"id": 3}]}) == [3]
    with pytest.raises(InputError, match=r"tasks\[0\].id must be a task id"):
        deleted_task_ids({"tasks": [{"id": "3"}]})


def xxe_config(secret_path) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE View [<!ENTITY secret SYSTEM "file://{secret_path}">]>
<View><Text name="text" value="$text"/>
  <Labels name="code" toName="text"><Label value="&secret;"/><Label value="Money"/></Labels>
</View>"""


def test_a_config_with_an_external_entity_is_refused_and_the_file_is_not_read(client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("PATIENT-SECRET-4711", encoding="utf-8")
    with pytest.raises(InputError, match="document type declaration"):
        CodingScheme.from_config(xxe_config(secret))
    response = setup(client, xxe_config(secret), project="5.1700000000")
    assert response.status_code == 400
    assert "document type declaration" in response.json["error"]
    assert "PATIENT-SECRET" not in response.get_data(as_text=True)
    assert not (tmp_path / "models" / "5").exists()
    # Spelled in lower case, or an entity alone: refused too.
    for config in (
        '<!doctype View><View><Text name="t" value="$t"/></View>',
        '<!ENTITY x "y"><View/>',
    ):
        with pytest.raises(InputError, match="document type declaration"):
            CodingScheme.from_config(config)
