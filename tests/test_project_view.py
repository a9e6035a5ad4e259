"""The Data Manager tab and the attribute columns a new project gets (scripts/project.py)."""

from __future__ import annotations

import pytest

from ls_thematic.scripts.project import (
    CODING_VIEW_TITLE,
    attribute_field,
    coding_view_data,
    with_attribute_fields,
)


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("role", "role"),
        ("years_experience", "years_experience"),
        ("Years of experience", "Years_of_experience"),
        ("site.name", "site_name"),
        ("text", "attribute_text"),
        ("participant", "attribute_participant"),
        ("---", "attribute"),
    ],
)
def test_attribute_field(name, field):
    assert attribute_field(name) == field


def test_attributes_become_columns_and_stay_nested():
    task = {"data": {"text": "Hi", "participant": "P1",
                     "attributes": {"role": "Nurse", "text": "x", "years experience": "4"}}}  # fmt: skip
    data = with_attribute_fields(task)["data"]
    assert data == {
        "text": "Hi", "participant": "P1",
        "attributes": {"role": "Nurse", "text": "x", "years experience": "4"},
        "role": "Nurse", "attribute_text": "x", "years_experience": "4",
    }  # fmt: skip
    assert task["data"].keys() == {"text", "participant", "attributes"}  # input unchanged
    assert with_attribute_fields({"data": {"text": "Hi"}}) == {"data": {"text": "Hi"}}


def test_coding_view_hides_raw_fields_and_keeps_the_researcher_columns():
    data = coding_view_data()
    assert data["title"] == CODING_VIEW_TITLE
    explore = data["hiddenColumns"]["explore"]
    for column in ("text", "participant_header", "turns", "content_hash", "attributes"):
        assert f"tasks:data.{column}" in explore
    for column in ("tasks:data.participant", "tasks:data.source_file", "tasks:id",
                   "tasks:total_annotations", "tasks:annotators", "tasks:completed_at"):  # fmt: skip
        assert column not in explore
    labeling = data["hiddenColumns"]["labeling"]
    assert set(explore) < set(labeling)
    assert "tasks:data.participant" not in labeling
