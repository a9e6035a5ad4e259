"""Patterns that read imported files run in linear time on adversarial lines (issue 9).

A pattern that rescans from every opener to the end of a line is quadratic: 30 kB of ``"<v."``
took 83 s before the fix. The bounds here are generous (a loaded 2-core machine), while the
quadratic versions take minutes.
"""

from __future__ import annotations

import time

import pytest

from ls_thematic.label_config.qdc import _without_stale_pair
from ls_thematic.label_config.subtitles import _clean_cue_text
from ls_thematic.label_config.transcripts import read_transcript

ADVERSARIAL = {
    "voice openers": "<v." * 50_000,
    "voice openers with a space": "<v " * 50_000,
    "tag openers": "<" * 200_000,
    "srt style openers": "{\\" * 100_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_cue_cleaning_is_linear(name):
    started = time.process_time()
    _clean_cue_text(ADVERSARIAL[name])
    assert time.process_time() - started < 3, name


@pytest.mark.parametrize("name", ["voice openers", "voice openers with a space"])
def test_a_vtt_cue_of_voice_openers_is_read_in_linear_time(tmp_path, name):
    path = tmp_path / "P3.vtt"
    path.write_text(f"WEBVTT\n\n00:00.000 --> 00:01.000\n{ADVERSARIAL[name][:90_000]}\n")
    started = time.process_time()
    read_transcript(path)
    assert time.process_time() - started < 3, name


def test_cue_cleaning_still_drops_tags_and_keeps_text():
    assert _clean_cue_text("<v Dr. Lee>I <i>think</i> so {\\an8}now") == "I think so now"
    # A stray "<" before a real tag stays as text; the tag goes.
    assert _clean_cue_text("a < b <b>bold</b>") == "a < b bold"


def test_stale_relationship_pair_is_dropped_in_linear_time():
    assert _without_stale_pair("links (A -> B)") == "links "
    assert _without_stale_pair("links (A -> B) more") == "links (A -> B) more"
    assert _without_stale_pair("links (A (x) -> B)") == "links (A (x) -> B)"
    assert _without_stale_pair("links (A, B)") == "links (A, B)"
    started = time.process_time()
    assert _without_stale_pair("x" + " " * 200_000 + "(" + "->" * 100_000 + ")") == "x" + " " * 200_000
    assert time.process_time() - started < 1
