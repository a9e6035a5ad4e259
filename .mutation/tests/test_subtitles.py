"""Subtitle transcripts (.vtt, .srt): voices, name prefixes, markup, continuations."""

from __future__ import annotations

from ls_thematic.label_config.transcripts import read_transcript
from ls_thematic.label_config.turns import parse_turns

from .transcript_data import utterances, write, write_dialogue


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
