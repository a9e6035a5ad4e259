"""Subtitle transcripts (WebVTT ``.vtt`` and SubRip ``.srt``) as a task text with speaker turns.

Cue numbers, timings, the WEBVTT header and NOTE/STYLE/REGION blocks are dropped, and so is the
markup inside cues. A ``<v Name>`` voice tag (VTT) or a ``Name:`` prefix (a label the speaker
pattern matches, or one to four capitalised words) names the speaker; a cue without one
continues the previous speaker. Consecutive cues of the same speaker become one turn, written as
a ``Speaker: utterance`` paragraph whose span is the utterance (see :mod:`.turns`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import TranscriptError
from .turns import Transcript, Turn, role_of

# No "<" or "{" inside a tag: a run of unclosed openers is then read once (linear time), not
# from each opener to the end of the line.
_TAG = re.compile(r"<[^<>]*>")
_VOICE = re.compile(r"<v(?:\.[^\s<>]*)?(?:[ \t]+([^<>]*))?>", re.IGNORECASE)
_SRT_STYLE = re.compile(r"\{\\[^{}]*\}")
# A "Name:" prefix in a subtitle cue: one to four words, checked further in _cue_name.
_CUE_NAME = re.compile(r"^(?P<speaker>[^\W\d_][\w'’.\-]*(?: [\w'’.\-]+){0,3})[ \t]*:(?:[ \t]+|$)")


def subtitle_transcript(
    text: str, path: Path, speaker_re: re.Pattern, interviewer_re: re.Pattern
) -> Transcript:
    """The transcript of a subtitle file's (normalised) text; ``path``'s suffix says the format.

    Raises
    ------
    TranscriptError
        A block is not a cue, a ``.vtt`` file lacks its WEBVTT line, or no cue has text.
    """
    cues = _vtt_cues(text, path) if path.suffix.lower() == ".vtt" else _srt_cues(text, path)
    return _render_cues(cues, path, speaker_re, interviewer_re)


@dataclass(frozen=True)
class _Cue:
    line: int  # line number of the cue's first payload line
    lines: tuple[str, ...]
    voice_tags: bool  # VTT: <v Name> tags are read


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Blocks of non-blank lines, each with the line number of its first line."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _cue_payload(path: Path, first: int, block: list[str], example: str) -> _Cue | None:
    if "-->" in block[0]:
        timing = 0
    elif len(block) > 1 and "-->" in block[1]:
        timing = 1
    else:
        raise TranscriptError(
            f"{path}, line {first}: expected a cue (an optional cue number, then a timing line "
            f"such as {example!r}), found {block[0].strip()[:60]!r}."
        )
    payload = block[timing + 1 :]
    return _Cue(first + timing + 1, tuple(payload), voice_tags=False) if payload else None


def _vtt_cues(text: str, path: Path) -> list[_Cue]:
    blocks = list(_blocks(text))
    if not blocks or not re.match(r"WEBVTT(?:[ \t]|$)", blocks[0][1][0]):
        raise TranscriptError(
            f"{path} is not a WebVTT file: its first line must be 'WEBVTT'. Check the extension "
            "(.srt for SubRip files)."
        )
    first, header = blocks[0]
    if any("-->" in line for line in header[1:]):
        blocks[0] = (first + 1, header[1:])  # a cue right under the WEBVTT line, no blank line
    else:
        blocks = blocks[1:]
    cues = []
    for first, block in blocks:
        if re.match(r"(?:NOTE|STYLE|REGION)(?:[ \t]|$)", block[0]):
            continue
        cue = _cue_payload(path, first, block, "00:00:01.000 --> 00:00:04.000")
        if cue:
            cues.append(_Cue(cue.line, cue.lines, voice_tags=True))
    return cues


def _srt_cues(text: str, path: Path) -> list[_Cue]:
    cues = []
    for first, block in _blocks(text):
        cue = _cue_payload(path, first, block, "00:00:01,000 --> 00:00:04,000")
        if cue:
            cues.append(cue)
    return cues


def _cue_name(line: str, speaker_re: re.Pattern) -> tuple[str | None, str]:
    """Split a ``Name: text`` cue line into (name, text); (None, line) without a name."""
    match = speaker_re.match(line)
    if match and match.end() > 0:
        return " ".join(match["speaker"].split()), line[match.end() :].strip()
    match = _CUE_NAME.match(line)
    if match:
        words = match["speaker"].split()
        if words[0][0].isupper() and all(w[0].isupper() or w[0].isdigit() for w in words):
            return " ".join(words), line[match.end() :].strip()
    return None, line


def _clean_cue_text(text: str) -> str:
    text = html.unescape(_SRT_STYLE.sub("", _TAG.sub("", text)))
    return " ".join(text.split())


def _merge_cues(cues: Sequence[_Cue], speaker_re: re.Pattern) -> list[tuple[str | None, list[str]]]:
    """``(speaker, [pieces])`` per run of one speaker; a piece without a speaker continues the
    current one."""
    merged: list[tuple[str | None, list[str]]] = []
    current: str | None = None

    def add(speaker: str | None, piece: str) -> None:
        nonlocal current
        if speaker is not None:
            current = speaker
        if not piece:
            return
        if merged and merged[-1][0] == current:
            merged[-1][1].append(piece)
        else:
            merged.append((current, [piece]))

    for cue in cues:
        for line in cue.lines:
            voices = list(_VOICE.finditer(line)) if cue.voice_tags else []
            if not voices:
                name, rest = _cue_name(_clean_cue_text(line), speaker_re)
                add(name, rest)
                continue
            add(None, _clean_cue_text(line[: voices[0].start()]))
            for index, voice in enumerate(voices):
                stop = voices[index + 1].start() if index + 1 < len(voices) else len(line)
                name = " ".join((voice.group(1) or "").split()) or None
                add(name, _clean_cue_text(line[voice.end() : stop]))
    return merged


def _render_cues(
    cues: Sequence[_Cue], path: Path, speaker_re: re.Pattern, interviewer_re: re.Pattern
) -> Transcript:
    merged = _merge_cues(cues, speaker_re)
    if not merged:
        raise TranscriptError(f"{path} has no cue text: there is nothing to import.")
    parts: list[str] = []
    turns: list[Turn] = []
    position = 0
    for speaker, pieces in merged:
        if parts:
            parts.append("\n\n")
            position += 2
        utterance = " ".join(pieces)
        prefix = f"{speaker}: " if speaker else ""
        start = position + len(prefix)
        turns.append(Turn(start, start + len(utterance), speaker, role_of(speaker, interviewer_re)))
        parts.append(prefix + utterance)
        position = start + len(utterance)
    return Transcript("".join(parts), tuple(turns))
