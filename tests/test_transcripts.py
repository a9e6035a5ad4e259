"""Transcripts: reading each format, speaker turns with exact offsets, participants, tasks."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import docx
import pytest

from ls_thematic.label_config.errors import TranscriptError
from ls_thematic.label_config.transcripts import (
    DEFAULT_SPEAKER_PATTERN,
    SUPPORTED_EXTENSIONS,
    Turn,
    build_task,
    build_tasks,
    content_hash,
    content_hashes,
    new_tasks,
    normalise_text,
    parse_turns,
    participant_header,
    read_participants,
    read_transcript,
    speaker_role,
    split_sentences,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "label_config" / "examples"

# One short interview, written out in every supported format below.
DIALOGUE = [
    ("Interviewer", "How long have you worked in substance misuse services?"),
    ("P3", "About twelve years. Dr. Smith hired me – it’s been a long road."),
    ("Interviewer", "And what changed over that time?"),
    ("P3", "Benzos got harder to get, e.g. diazepam. People buy them online now."),
]
PARTICIPANTS_CSV = (
    "participant,role,years_experience\n"
    "P1,Recovery practitioner,6\n"
    "P3,Mental health nurse,12\n"
    "P4,GP,\n"
)


def utterances(text: str, turns) -> list[tuple[str | None, str]]:
    """(speaker, text[start:end]) for Turn objects or task turn dicts."""
    out = []
    for turn in turns:
        if isinstance(turn, Turn):
            turn = {"start": turn.start, "end": turn.end, "speaker": turn.speaker}
        out.append((turn["speaker"], text[turn["start"] : turn["end"]]))
    return out


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def write_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(str(path))
    return path


def as_txt(dialogue) -> str:
    return "\n\n".join(f"{speaker}: {text}" for speaker, text in dialogue) + "\n"


def as_vtt_voices(dialogue) -> str:
    cues = ["WEBVTT", "", "NOTE made by a transcription service", ""]
    second = 0
    for speaker, text in dialogue:
        # Split each utterance over two cues to check that they are merged back into one turn.
        words = text.split(" ")
        halves = [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])]
        for half in halves:
            cues += [
                f"00:00:{second:02d}.000 --> 00:00:{second + 1:02d}.000",
                f"<v {speaker}>{half}</v>",
                "",
            ]
            second += 1
    return "\n".join(cues)


def as_vtt_prefixes(dialogue) -> str:
    cues = ["WEBVTT", ""]
    for number, (speaker, text) in enumerate(dialogue, 1):
        cues += [
            str(number),
            f"00:00:{number:02d}.000 --> 00:00:{number + 1:02d}.500",
            f"{speaker}: {text}",
            "",
        ]
    return "\n".join(cues)


def as_srt(dialogue) -> str:
    cues = []
    number = 0
    for speaker, text in dialogue:
        words = text.split(" ")
        first, rest = " ".join(words[:3]), " ".join(words[3:])
        # The speaker only on the first cue of a turn, as many SRT files have it.
        for line in (f"{speaker}: {first}", rest):
            number += 1
            cues += [
                str(number),
                f"00:00:{number:02d},000 --> 00:00:{number + 1:02d},000",
                line,
                "",
            ]
    return "\n".join(cues)


def as_docx(path: Path, dialogue) -> Path:
    return write_docx(path, [f"{speaker}: {text}" for speaker, text in dialogue])


@pytest.fixture
def participants_csv(tmp_path) -> Path:
    return write(tmp_path / "participants.csv", PARTICIPANTS_CSV)


@pytest.fixture
def participants(participants_csv) -> dict:
    return read_participants(participants_csv)


# --------------------------------------------------------------------------- speaker turns


@pytest.mark.parametrize(
    ("line", "speaker", "role"),
    [
        ("Interviewer: Tell me more.", "Interviewer", "interviewer"),
        ("interviewer: Tell me more.", "interviewer", "interviewer"),
        ("INTERVIEWER : Tell me more.", "INTERVIEWER", "interviewer"),
        ("Int: Tell me more.", "Int", "interviewer"),
        ("I: Tell me more.", "I", "interviewer"),
        ("Q: Tell me more.", "Q", "interviewer"),
        ("Q1: Tell me more.", "Q1", "interviewer"),
        ("Interviewer 2: Tell me more.", "Interviewer 2", "interviewer"),
        ("A: Tell me more.", "A", "participant"),
        ("R: Tell me more.", "R", "participant"),
        ("Respondent: Tell me more.", "Respondent", "participant"),
        ("Participant: Tell me more.", "Participant", "participant"),
        ("Participant 4: Tell me more.", "Participant 4", "participant"),
        ("Interviewee: Tell me more.", "Interviewee", "participant"),
        ("P3: Tell me more.", "P3", "participant"),
        ("p12: Tell me more.", "p12", "participant"),
        ("P 3 :Tell me more.", "P 3", "participant"),
        ("  \tP3:   Tell me more.", "P3", "participant"),
    ],
)
def test_default_pattern_finds_each_label_style(line, speaker, role):
    text = f"{line}\nMore of the same turn."
    (turn,) = parse_turns(text)
    assert (turn.speaker, turn.role) == (speaker, role)
    assert text[turn.start : turn.end] == "Tell me more.\nMore of the same turn."


@pytest.mark.parametrize(
    "line",
    [
        "Ideally: no",
        "Q&A: no",
        "April: no",
        "Interviewing: no",
        "It was P3's turn: no",
        "I said: no",
    ],
)
def test_lines_that_are_not_labels_continue_the_turn(line):
    text = f"P3: First.\n{line}"
    (turn,) = parse_turns(text)
    assert text[turn.start : turn.end] == f"First.\n{line}"


def test_turn_offsets_are_exact_and_leave_out_labels_and_whitespace():
    text = (
        "Interview 7, recorded 12 March.\n\n"
        "Interviewer:   How did it start?  \n"
        "P3: It started\n"
        "   slowly.\n\n"
        "I:\n"
        "Interviewer:\n"
        "So what next?\n"
        "P3: Nothing."
    )
    turns = parse_turns(text)
    assert utterances(text, turns) == [
        (None, "Interview 7, recorded 12 March."),
        ("Interviewer", "How did it start?"),
        ("P3", "It started\n   slowly."),
        ("Interviewer", "So what next?"),  # "I:" with nothing after it makes no turn
        ("P3", "Nothing."),
    ]
    assert [t.role for t in turns] == [
        None,
        "interviewer",
        "participant",
        "interviewer",
        "participant",
    ]
    assert all(a.end <= b.start for a, b in zip(turns, turns[1:], strict=False))


def test_text_without_labels_is_one_turn_without_speaker():
    assert parse_turns("  Just a narrative.\n") == [Turn(2, 19, None, None)]
    assert parse_turns("") == []
    assert parse_turns(" \n\n ") == []


def test_custom_pattern_and_interviewer_pattern():
    text = "Sarah: Hello.\nMr Ali: Hi.\nnot Label: still Mr Ali."
    pattern = r"^(?P<speaker>[A-Z][a-z]+(?: [A-Z][a-z]+)?):"
    turns = parse_turns(text, re.compile(pattern), interviewer_pattern="sarah")
    assert utterances(text, turns) == [
        ("Sarah", "Hello."),
        ("Mr Ali", "Hi.\nnot Label: still Mr Ali."),
    ]
    assert [t.role for t in turns] == ["interviewer", "participant"]
    # A string pattern is case-insensitive, so the third line becomes a turn of its own.
    assert len(parse_turns(text, pattern)) == 3


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (r"^(\w+):", r"no group named 'speaker'.*\(\?P<speaker>"),
        (r"^(?P<speaker>\w+:", r"not a valid regular expression"),
    ],
)
def test_bad_speaker_pattern(pattern, message):
    with pytest.raises(TranscriptError, match=message):
        parse_turns("P3: hi", pattern)


def test_speaker_role():
    assert speaker_role("Moderator") == "interviewer"
    assert speaker_role("Jane Doe") == "participant"
    assert speaker_role(None) is None
    assert speaker_role("Jane Doe", interviewer_pattern="jane doe") == "interviewer"


def test_normalise_text():
    assert normalise_text("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"


# --------------------------------------------------------------------------- formats


def write_dialogue(tmp_path: Path, fmt: str, dialogue=DIALOGUE) -> Path:
    if fmt == "txt":
        return write(tmp_path / "P3.txt", as_txt(dialogue))
    if fmt == "txt-crlf-bom":
        return write(
            tmp_path / "P3.txt", b"\xef\xbb\xbf" + as_txt(dialogue).replace("\n", "\r\n").encode()
        )
    if fmt == "txt-utf16":
        return write(tmp_path / "P3.txt", as_txt(dialogue).replace("\n", "\r\n").encode("utf-16"))
    if fmt == "docx":
        return as_docx(tmp_path / "P3.docx", dialogue)
    if fmt == "vtt-voices":
        return write(tmp_path / "P3.vtt", as_vtt_voices(dialogue))
    if fmt == "vtt-prefixes":
        return write(tmp_path / "P3.vtt", as_vtt_prefixes(dialogue))
    if fmt == "vtt-crlf":
        return write(tmp_path / "P3.vtt", "\ufeff" + as_vtt_voices(dialogue).replace("\n", "\r\n"))
    if fmt == "srt":
        return write(tmp_path / "P3.srt", as_srt(dialogue))
    raise AssertionError(fmt)


FORMATS = [
    "txt",
    "txt-crlf-bom",
    "txt-utf16",
    "docx",
    "vtt-voices",
    "vtt-prefixes",
    "vtt-crlf",
    "srt",
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_every_format(tmp_path, fmt, participants):
    task = build_task(write_dialogue(tmp_path, fmt), participants)
    data = task["data"]
    assert utterances(data["text"], data["turns"]) == DIALOGUE
    assert [t["role"] for t in data["turns"]] == ["interviewer", "participant"] * 2
    assert "\r" not in data["text"] and "\ufeff" not in data["text"]
    # Every format renders the same text, so the same interview is recognised in any format.
    assert data["text"].rstrip("\n") == as_txt(DIALOGUE).rstrip("\n")
    assert data["content_hash"] == content_hash(data["text"])


def test_bom_and_crlf_give_the_same_task_as_plain_utf8(tmp_path, participants):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = build_task(write_dialogue(tmp_path / "a", "txt"), participants)
    crlf = build_task(write_dialogue(tmp_path / "b", "txt-crlf-bom"), participants)
    assert crlf["data"] == plain["data"]


def test_task_fields(tmp_path, participants):
    path = write(tmp_path / "P3.txt", "Recorded at home.\nI: Hi.\nP3: Hello.")
    data = build_task(path, participants)["data"]
    assert data == {
        "text": "Recorded at home.\nI: Hi.\nP3: Hello.",
        "participant": "P3",
        "attributes": {"role": "Mental health nurse", "years_experience": "12"},
        "participant_header": "P3 · role: Mental health nurse · years experience: 12",
        "turns": [
            {"start": 0, "end": 17, "speaker": None, "role": None},
            {"start": 21, "end": 24, "speaker": "I", "role": "interviewer"},
            {"start": 29, "end": 35, "speaker": "P3", "role": "participant"},
        ],
        "source_file": "P3.txt",
        "content_hash": content_hash("Recorded at home.\nI: Hi.\nP3: Hello."),
    }


def test_participant_id_can_be_given(tmp_path, participants):
    path = write(tmp_path / "interview-2023-03-12.txt", "P1: Hello.")
    assert build_task(path, participants, participant_id="P1")["data"]["participant"] == "P1"


def test_encoding_fallback_only_when_asked(tmp_path, participants):
    path = write(
        tmp_path / "P3.txt", "P3: I was na\u00efve, caf\u00e9 \u2013 fine.".encode("cp1252")
    )
    with pytest.raises(
        TranscriptError,
        match=r"P3\.txt is not valid UTF-8: byte 0xEF at byte offset 12 \(line 1\).*"
        r"Save it as UTF-8 or pass --encoding",
    ):
        build_task(path, participants)
    data = build_task(path, participants, encoding="cp1252")["data"]
    assert utterances(data["text"], data["turns"]) == [
        ("P3", "I was na\u00efve, caf\u00e9 \u2013 fine.")
    ]


def test_utf8_files_stay_utf8_when_a_fallback_is_given(tmp_path, participants):
    path = write(tmp_path / "P3.txt", "P3: caf\u00e9")
    data = build_task(path, participants, encoding="cp1252")["data"]
    assert data["text"] == "P3: caf\u00e9"


def test_fallback_that_also_fails(tmp_path):
    path = write(tmp_path / "P3.txt", b"P3: \x81\x8d bytes")  # undefined in cp1252 too
    with pytest.raises(
        TranscriptError, match=r"neither valid UTF-8 \(byte 0x81.*\) nor valid cp1252"
    ):
        read_transcript(path, encoding="cp1252")


def test_unknown_encoding(tmp_path):
    path = write(tmp_path / "P3.txt", "P3: hi")
    with pytest.raises(TranscriptError, match=r"Unknown encoding 'klingon'.*cp1252"):
        read_transcript(path, encoding="klingon")


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("P3.txt", b"", r"P3\.txt is empty"),
        ("P3.txt", b" \r\n\t\n", r"P3\.txt is empty"),
        ("P3.txt", b"\xef\xbb\xbf", r"P3\.txt is empty"),
        ("P3.vtt", b"WEBVTT\n\nNOTE nothing else\n", r"P3\.vtt has no cue text"),
        ("P3.srt", b"1\n00:00:01,000 --> 00:00:02,000\n\n", r"P3\.srt has no cue text"),
        ("P3.txt", b"P3: a\x00b", r"P3\.txt is not a text file: it contains NUL bytes.*offset 5"),
        ("P3.txt", b"%PDF-1.7\n...", r"P3\.txt is not a plain-text file: it looks like a PDF"),
        ("P3.txt", b"PK\x03\x04rest", r"looks like a zip archive \(such as a Word \.docx"),
        ("P3.txt", b"{\\rtf1\\ansi hello}", r"looks like an RTF document"),
        ("P3.txt", b"P3: caf\xe9\n", r"not valid UTF-8: byte 0xE9 at byte offset 7 \(line 1\)"),
        ("P3.txt", b"P3: ok\nP3: caf\xe9", r"byte 0xE9 at byte offset 14 \(line 2\).*--encoding"),
        ("P3.docx", b"P3: plain text, not a zip", r"P3\.docx is not a Word \.docx file.*not one"),
        (
            "P3.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old word",
            r"not a Word \.docx file.*looks like an old Word \.doc",
        ),
        (
            "P3.vtt",
            b"00:00:01.000 --> 00:00:02.000\nP3: hi\n",
            r"P3\.vtt is not a WebVTT file.*WEBVTT",
        ),
        (
            "P3.vtt",
            b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nP3: hi\n\nstray line\n",
            r"P3\.vtt, line 6: expected a cue.*'stray line'",
        ),
        ("P3.srt", b"1\nP3: no timing line\n", r"P3\.srt, line 1: expected a cue.*00:00:01,000"),
        ("P3.pdf", b"%PDF-1.7", r"P3\.pdf has the extension '\.pdf'.*\.txt, \.docx, \.vtt, \.srt"),
        ("P3", b"P3: hi", r"has no extension; transcripts must be one of"),
    ],
)
def test_bad_files(tmp_path, name, content, message):
    path = write(tmp_path / name, content)
    with pytest.raises(TranscriptError, match=message):
        read_transcript(path)


def test_missing_file(tmp_path):
    with pytest.raises(TranscriptError, match=r"P3\.txt does not exist"):
        read_transcript(tmp_path / "P3.txt")


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "P3.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(TranscriptError, match=r"P3\.docx cannot be opened as a Word \.docx file"):
        read_transcript(path)


def test_docx_without_text(tmp_path):
    path = write_docx(tmp_path / "P3.docx", ["", "   "])
    with pytest.raises(TranscriptError, match=r"P3\.docx is empty"):
        read_transcript(path)


# --------------------------------------------------------------------------- docx


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("Transcript of interview 3")
    document.add_paragraph("")
    document.add_paragraph("Interviewer: First question?\nWith a line break.")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "P3:"
    table.cell(0, 1).text = "An answer in a table."
    table.cell(1, 0).merge(table.cell(1, 1)).text = "A merged cell, read once."
    table.cell(2, 0).text = "Interviewer:"
    table.cell(2, 1).text = "Thanks."
    document.add_paragraph("P3: After the table.")
    path = tmp_path / "P3.docx"
    document.save(str(path))

    transcript = read_transcript(path)
    assert transcript.text == (
        "Transcript of interview 3\n\n"
        "Interviewer: First question?\nWith a line break.\n\n"
        "P3:\n\nAn answer in a table.\n\nA merged cell, read once.\n\n"
        "Interviewer:\n\nThanks.\n\n"
        "P3: After the table."
    )
    assert utterances(transcript.text, transcript.turns) == [
        (None, "Transcript of interview 3"),
        ("Interviewer", "First question?\nWith a line break."),
        ("P3", "An answer in a table.\n\nA merged cell, read once."),
        ("Interviewer", "Thanks."),
        ("P3", "After the table."),
    ]


# --------------------------------------------------------------------------- subtitles


def test_vtt_voice_tags_notes_styles_and_markup(tmp_path):
    vtt = (
        "WEBVTT - interview 3\nKind: captions\n\n"
        "STYLE\n::cue { color: yellow }\n\n"
        "NOTE\nchecked by RA\n\n"
        "intro\n00:00:00.000 --> 00:00:02.000 align:start position:10%\n"
        "<v.loud Interviewer>Shall we <b>start</b>?</v>\n\n"
        "00:00:02.000 --> 00:00:04.000\n<v Jane Doe>Yes &amp; no.\nIt&#39;s <00:00:03.000>fine.\n\n"
        "00:00:04.000 --> 00:00:05.000\nand more from Jane.\n\n"  # no voice: the same speaker
        "00:00:05.000 --> 00:00:06.000\n<v Interviewer>OK.</v> <v Jane Doe>Bye.</v>\n"
    )
    transcript = read_transcript(write(tmp_path / "P3.vtt", vtt))
    assert transcript.text == (
        "Interviewer: Shall we start?\n\n"
        "Jane Doe: Yes & no. It's fine. and more from Jane.\n\n"
        "Interviewer: OK.\n\nJane Doe: Bye."
    )
    assert utterances(transcript.text, transcript.turns) == [
        ("Interviewer", "Shall we start?"),
        ("Jane Doe", "Yes & no. It's fine. and more from Jane."),
        ("Interviewer", "OK."),
        ("Jane Doe", "Bye."),
    ]
    assert [t.role for t in transcript.turns] == ["interviewer", "participant"] * 2


def test_vtt_name_prefixes_and_text_before_any_speaker(tmp_path):
    vtt = (
        "WEBVTT\n"
        "00:00:00.000 --> 00:00:01.000\nRecording started.\n\n"
        "00:00:01.000 --> 00:00:02.000\nDr. Amina Okafor: Good morning.\n\n"
        "00:00:02.000 --> 00:00:03.000\nSpeaker 2: Morning. At 10:30 we met.\n\n"
        "00:00:03.000 --> 00:00:04.000\nSpeaker 2: So basically: it went well.\n"
    )
    transcript = read_transcript(
        write(tmp_path / "P3.vtt", vtt), interviewer_pattern="dr\\. amina okafor"
    )
    assert utterances(transcript.text, transcript.turns) == [
        (None, "Recording started."),
        ("Dr. Amina Okafor", "Good morning."),
        ("Speaker 2", "Morning. At 10:30 we met. So basically: it went well."),
    ]
    assert [t.role for t in transcript.turns] == [None, "interviewer", "participant"]


def test_subtitle_text_parses_back_to_the_same_turns(tmp_path):
    for fmt in ("vtt-voices", "vtt-prefixes", "srt"):
        transcript = read_transcript(write_dialogue(tmp_path, fmt))
        assert parse_turns(transcript.text) == list(transcript.turns)


def test_srt_tags_and_continuations(tmp_path):
    srt = (
        "1\r\n00:00:01,000 --> 00:00:02,000\r\n{\\an8}<i>Interviewer:</i> Are you\r\nready?\r\n\r\n"
        '2\r\n00:00:02,000 --> 00:00:03,000\r\n<font color="red">P3: Ready.</font>\r\n\r\n'
        "3\r\n00:00:03,000 --> 00:00:04,000\r\nLet's go.\r\n"
    )
    transcript = read_transcript(write(tmp_path / "P3.srt", srt))
    assert utterances(transcript.text, transcript.turns) == [
        ("Interviewer", "Are you ready?"),
        ("P3", "Ready. Let's go."),
    ]


# --------------------------------------------------------------------------- participants


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


# --------------------------------------------------------------------------- batches


def test_build_tasks(tmp_path, participants_csv):
    paths = [
        write(tmp_path / "P1.txt", "I: Hello.\nP1: Hi."),
        write_dialogue(tmp_path, "docx"),
        write(tmp_path / "P4.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v P4>Hi.\n"),
    ]
    tasks = build_tasks(paths, participants_csv)
    assert [t["data"]["participant"] for t in tasks] == ["P1", "P3", "P4"]
    assert [t["data"]["source_file"] for t in tasks] == ["P1.txt", "P3.docx", "P4.vtt"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"P9.txt": "P9: hi"},
            r"P9\.txt: participant 'P9' .*is not in the participants file; it has: P1, P3, P4",
        ),
        ({"P1.txt": "I: a", "P3.txt": ""}, r"P3\.txt is empty"),
        ({"P1.txt": "I: same", "P3.txt": "I: same"}, r"P3\.txt has the same text as .*P1\.txt"),
        (
            {"P3.txt": "I: one", "sub/P3.srt": "1\n00:00:01,000 --> 00:00:02,000\nI: two\n"},
            r"P3\.srt: participant 'P3' is also the participant of .*P3\.txt; import one",
        ),
        ({"P1.txt": "I: a", "P3.rtf": "I: b"}, r"P3\.rtf has the extension '\.rtf'"),
        (
            {"P1.txt": "I: a", "P3.txt": b"I: \x00\x01"},
            r"P3\.txt is not a text file: it contains NUL",
        ),
        ({"P1.txt": "I: a", "P3.txt": b"I: caf\xe9"}, r"P3\.txt is not valid UTF-8.*--encoding"),
    ],
)
def test_build_tasks_refuses_a_bad_batch(tmp_path, participants_csv, files, message):
    paths = []
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        paths.append(write(tmp_path / name, content))
    with pytest.raises(TranscriptError, match=r"(?s)Nothing was imported.*" + message):
        build_tasks(paths, participants_csv)


def test_build_tasks_lists_every_problem_at_once(tmp_path):
    csv_path = write(tmp_path / "participants.csv", "participant,role\nP1,a\nP2,b\nP2,c\n")
    paths = [
        write(tmp_path / "P1.txt", "I: fine"),
        write(tmp_path / "P7.txt", ""),
        write(tmp_path / "P8.md", "I: x"),
    ]
    with pytest.raises(TranscriptError) as caught:
        build_tasks(paths, csv_path)
    message = str(caught.value)
    assert message.startswith("Nothing was imported; fix these 3 problems and import again:\n")
    assert "participant 'P2' appears twice, on lines 3 and 4" in message
    assert "P7.txt is empty" in message
    assert "P8.md has the extension '.md'" in message


def test_build_tasks_reports_missing_participant_and_bad_file_together(tmp_path, participants_csv):
    paths = [write(tmp_path / "P9.txt", b"")]
    with pytest.raises(
        TranscriptError, match=r"(?s)2 problems.*P9\.txt: participant 'P9'.*P9\.txt is empty"
    ):
        build_tasks(paths, participants_csv)


def test_build_tasks_needs_files(participants_csv):
    with pytest.raises(
        TranscriptError, match=r"No transcript files were given; pass \.txt, \.docx"
    ):
        build_tasks([], participants_csv)


def test_supported_extensions_are_case_insensitive(tmp_path, participants):
    assert (
        build_task(write(tmp_path / "P3.TXT", "P3: hi"), participants)["data"]["participant"]
        == "P3"
    )
    assert set(SUPPORTED_EXTENSIONS) == {".txt", ".docx", ".vtt", ".srt"}


# --------------------------------------------------------------------------- re-import


def test_new_tasks_skips_what_is_already_imported(tmp_path, participants_csv):
    first = build_tasks(
        [write(tmp_path / "P1.txt", "I: a\nP1: b"), write(tmp_path / "P3.txt", "I: c\nP3: d")],
        participants_csv,
    )
    (tmp_path / "again").mkdir()
    # The same P1 transcript saved with Windows line endings, and a new P4.
    second = build_tasks(
        [
            write(tmp_path / "again" / "P1.txt", "I: a\r\nP1: b"),
            write(tmp_path / "again" / "P4.txt", "I: e\nP4: f"),
        ],
        participants_csv,
    )
    to_import, skipped = new_tasks(second, content_hashes(first))
    assert [t["data"]["participant"] for t in to_import] == ["P4"]
    assert [t["data"]["participant"] for t in skipped] == ["P1"]


def test_new_tasks_dedups_within_the_batch_and_reads_old_tasks_without_hash():
    old = {"id": 4, "data": {"text": "I: a\r\nP1: b"}}  # imported before content_hash existed
    task = {"data": {"text": "I: a\nP1: b", "content_hash": content_hash("I: a\nP1: b")}}
    other = {"data": {"text": "x", "content_hash": content_hash("x")}}
    assert new_tasks([task, other, other], content_hashes([old])) == ([other], [task, other])
    assert new_tasks([], set()) == ([], [])


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two? Three! Four", ["One.", "Two?", "Three!", "Four"]),
        ("Dr. Smith saw me. Mr. Jones did not.", ["Dr. Smith saw me.", "Mr. Jones did not."]),
        (
            "Pills, e.g. Diazepam, help. I.e. Valium.",
            ["Pills, e.g. Diazepam, help.", "I.e. Valium."],
        ),
        ("We met J. K. Rowling. She was kind.", ["We met J. K. Rowling.", "She was kind."]),
        ("It was me. I was there.", ["It was me.", "I was there."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("She asked. \u201cWhy?\u201d he said.", ["She asked.", "\u201cWhy?\u201d he said."]),
        (
            "Version 2.5 is out. it is lower case. Ok",
            ["Version 2.5 is out. it is lower case.", "Ok"],
        ),
        ("Well... You know. Yes", ["Well...", "You know.", "Yes"]),
        ("A list\n\nwithout stops\nacross lines", ["A list", "without stops\nacross lines"]),
        ("Line one.\nLine two.", ["Line one.", "Line two."]),
        ("   ", []),
    ],
)
def test_split_sentences(text, sentences):
    spans = split_sentences(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == sentences


def test_split_sentences_inside_a_turn_uses_text_offsets():
    text = "Interviewer: Why? P3: Because. It helps."
    start = text.index("Because")
    spans = split_sentences(text, start, len(text))
    assert [text[a:b] for a, b in spans] == ["Because.", "It helps."]
    assert spans[0][0] == start
    # A range that ends mid-sentence is cut there.
    assert split_sentences(text, 0, 5) == [(0, 5)]


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (4, 2), (0, 99)])
def test_split_sentences_bad_range(start, end):
    with pytest.raises(ValueError, match=r"0 <= start <= end <= len\(text\) = 10"):
        split_sentences("0123456789", start, end)


def check_sentence_spans(text: str, start: int, end: int) -> None:
    spans = split_sentences(text, start, end)
    covered = set()
    previous_end = start
    for a, b in spans:
        assert previous_end <= a < b <= end
        assert text[a:b] == text[a:b].strip()
        covered.update(range(a, b))
        previous_end = b
    # Every non-space character of the range is in exactly one sentence.
    assert {i for i in range(start, end) if not text[i].isspace()} <= covered


def test_split_sentences_on_real_feedback_comments(shared_dir):
    """7,908 NHS patient-feedback comments: spans are exact, ordered and cover all the text."""
    with open(
        shared_dir / "data" / "pxtextmining" / "v6framework_230831.csv", encoding="utf-8"
    ) as f:
        comments = [row["FFT answer"] for row in csv.DictReader(f) if row.get("FFT answer")]
    assert len(comments) > 1000
    several = 0
    for comment in comments:
        check_sentence_spans(comment, 0, len(comment))
        several += len(split_sentences(comment)) > 1
    assert several > len(comments) // 10


# --------------------------------------------------------------------------- demo transcripts


def expected_turns_by_lines(text: str) -> list[tuple[str, str]]:
    """An independent reading of the demo files: one 'Speaker: utterance' paragraph per turn."""
    out = []
    for line in text.split("\n"):
        if line.strip():
            speaker, _, utterance = line.partition(": ")
            out.append((speaker, utterance.strip()))
    return out


@pytest.mark.skipif(
    not list((EXAMPLES / "transcripts").glob("P*.txt")),
    reason="no demo transcripts in this checkout",
)
def test_demo_transcripts():
    paths = sorted((EXAMPLES / "transcripts").glob("P*.txt"))
    tasks = build_tasks(paths, EXAMPLES / "participants.csv")
    assert len(tasks) == len(paths)
    for path, task in zip(paths, tasks, strict=True):
        data = task["data"]
        assert data["participant"] == path.stem
        assert data["participant_header"].startswith(f"{path.stem} · role: ")
        assert utterances(data["text"], data["turns"]) == expected_turns_by_lines(data["text"])
        assert {t["role"] for t in data["turns"]} == {"interviewer", "participant"}
        for turn in data["turns"]:
            label = f"{turn['speaker']}: "
            assert data["text"][turn["start"] - len(label) : turn["start"]] == label
            check_sentence_spans(data["text"], turn["start"], turn["end"])
        assert parse_turns(data["text"], DEFAULT_SPEAKER_PATTERN) == [
            Turn(**t) for t in data["turns"]
        ]
