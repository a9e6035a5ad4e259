"""Shared test data for the transcript import: one interview in every format, and helpers.

Used by test_transcripts.py, test_subtitles.py, test_participants.py, test_tasks.py and
test_text.py.
"""

from __future__ import annotations

from pathlib import Path

import docx

from ls_thematic.label_config.text import split_sentences
from ls_thematic.label_config.turns import Turn

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


def write_participants(tmp_path: Path) -> Path:
    """participants.csv with P1, P3 and P4 (the fixture ``participants_csv`` of the test files)."""
    return write(tmp_path / "participants.csv", PARTICIPANTS_CSV)


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
