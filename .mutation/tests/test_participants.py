"""participants.csv: ids, attributes, delimiters, every problem listed; the participant header."""

from __future__ import annotations

from pathlib import Path

import pytest

from ls_thematic.label_config.errors import TranscriptError
from ls_thematic.label_config.participants import participant_header, read_participants
from ls_thematic.label_config.tasks import build_task

from .transcript_data import write, write_participants


@pytest.fixture
def participants_csv(tmp_path) -> Path:
    return write_participants(tmp_path)


@pytest.fixture
def participants(participants_csv) -> dict:
    return read_participants(participants_csv)


def test_read_participants(participants_csv):
    assert read_participants(participants_csv) == {
        "P1": {"role": "Recovery practitioner", "years_experience": "6"},
        "P3": {"role": "Mental health nurse", "years_experience": "12"},
        "P4": {"role": "GP", "years_experience": ""},
    }


@pytest.mark.parametrize(
    "content",
    [
        "\ufeffID;Role\r\n\r\nP3;Nurse\r\n",
        "id\tRole\nP3\tNurse\n",
        ' participant , Role ,\n"P3"," Nurse ",\n',
    ],
)
def test_read_participants_variants(tmp_path, content):
    path = write(tmp_path / "participants.csv", content)
    assert read_participants(path) == {"P3": {"Role": "Nurse"}}


def test_participant_column_wins_over_id(tmp_path):
    path = write(tmp_path / "p.csv", "id,participant\n17,P3\n")
    assert read_participants(path) == {"P3": {"id": "17"}}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", r"participants\.csv is empty"),
        ("\n \n", r"participants\.csv is empty"),
        ("participant,role\n", r"has a header row but no participants"),
        (
            "name,role\nP3,Nurse\n",
            r"no participant id column.*'participant' \(or 'id'\).*'name', 'role'",
        ),
        (
            'participant,role\nP3,Nurse\nP4,GP\n\n"P3","Manager\nof two teams"\nP3,GP\n',
            r"participant 'P3' appears twice, on lines 2 and 5; "
            r"participant 'P3' appears twice, on lines 2 and 7",
        ),
        ("participant,role\n,Nurse\n", r"line 2 has an empty 'participant'"),
        ("participant,role\nP3,Nurse,extra\n", r"line 2 has 3 values but the header has 2 columns"),
        ("participant,role,Role\nP3,a,b\n", r"has the column 'Role' twice \(columns 2 and 3\)"),
        ("participant,,role\nP3,x,Nurse\n", r"line 2 has a value in a column without a name"),
    ],
)
def test_bad_participants(tmp_path, content, message):
    path = write(tmp_path / "participants.csv", content)
    with pytest.raises(TranscriptError, match=message):
        read_participants(path)


def test_participant_header():
    assert participant_header("P3", {"role": "Nurse", "years_experience": "12"}) == (
        "P3 · role: Nurse · years experience: 12"
    )
    assert participant_header("P4", {"role": "GP", "years_experience": ""}) == "P4 · role: GP"
    assert participant_header("P5", {}) == "P5"


def test_participant_missing_from_csv(tmp_path, participants):
    path = write(tmp_path / "p3.txt", "P3: hi")
    with pytest.raises(
        TranscriptError,
        match=r"p3\.txt: participant 'p3' \(taken from the file name\) is not in the participants "
        r"file; it has: P1, P3, P4\. Did you mean 'P3'\?",
    ):
        build_task(path, participants)
