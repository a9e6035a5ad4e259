"""Speaker turns of a transcript: who speaks where, and whether they are the interviewer.

Turn convention: a turn's span is its *utterance only*. The speaker label (``"Interviewer:"``,
``"P3:"``) is left out, and so is the whitespace around the utterance; a turn may span several
lines and runs until the next line that starts with a speaker label. Text before the first label
is a turn with ``speaker=None`` and ``role=None``. A label with nothing after it makes no turn.

Offsets are Python ``str`` indexes into the text given, as everywhere in the import (see
:mod:`.transcripts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import TranscriptError
from .text import strip_span

#: Lines that start a speaker turn. The named group ``speaker`` is the speaker's label. Matched
#: case-insensitively at the start of each line: "Interviewer:", "Int:", "I:", "Q:", "A:",
#: "R:", "Respondent 2:", "Participant:", "Interviewee:", "P3:", "P 3 :".
DEFAULT_SPEAKER_PATTERN = (
    r"^[ \t]*(?P<speaker>(?:interviewer|interviewee|participant|respondent|int|[iqarp])"
    r"(?:[ \t]*\d+)?)[ \t]*:"
)

#: Speakers whose turns get ``role="interviewer"`` (matched case-insensitively against the whole
#: speaker label); every other named speaker is a ``"participant"``.
DEFAULT_INTERVIEWER_PATTERN = r"(?:interviewer|int|i|q|moderator|facilitator)(?:[ \t]*\d+)?"

INTERVIEWER = "interviewer"
PARTICIPANT = "participant"


@dataclass(frozen=True)
class Turn:
    """One speaker turn: ``text[start:end]`` is the utterance, without the speaker label.

    ``role`` is ``"interviewer"`` or ``"participant"``, or ``None`` when ``speaker`` is
    ``None`` (text before the first speaker label).
    """

    start: int
    end: int
    speaker: str | None
    role: str | None


@dataclass(frozen=True)
class Transcript:
    """A transcript as it will be stored in a task: its text and its turns."""

    text: str
    turns: tuple[Turn, ...]


def _compile(pattern: str | re.Pattern[str], what: str, *, needs_speaker: bool) -> re.Pattern:
    """Compile a speaker or interviewer pattern; a string is compiled case-insensitively.

    A compiled pattern keeps its own flags, plus ``re.MULTILINE`` so that ``^`` matches at the
    start of every line.
    """
    if isinstance(pattern, re.Pattern):
        compiled = re.compile(pattern.pattern, pattern.flags | re.MULTILINE)
    else:
        try:
            compiled = re.compile(pattern, re.MULTILINE | re.IGNORECASE)
        except re.error as exc:
            raise TranscriptError(
                f"The {what} {pattern!r} is not a valid regular expression: {exc}."
            ) from None
    if needs_speaker and "speaker" not in compiled.groupindex:
        raise TranscriptError(
            f"The {what} {compiled.pattern!r} has no group named 'speaker'; "
            "write the label part as (?P<speaker>...)."
        )
    return compiled


def speaker_regex(pattern: str | re.Pattern[str]) -> re.Pattern:
    """The speaker pattern, compiled and checked (it needs a ``speaker`` group)."""
    return _compile(pattern, "speaker pattern", needs_speaker=True)


def interviewer_regex(pattern: str | re.Pattern[str]) -> re.Pattern:
    """The interviewer pattern, compiled and checked."""
    return _compile(pattern, "interviewer pattern", needs_speaker=False)


def role_of(speaker: str | None, interviewer_re: re.Pattern) -> str | None:
    """The role of a speaker label already normalised: ``None`` for no speaker."""
    if speaker is None:
        return None
    return INTERVIEWER if interviewer_re.fullmatch(speaker) else PARTICIPANT


def speaker_role(
    speaker: str | None, interviewer_pattern: str | re.Pattern[str] = DEFAULT_INTERVIEWER_PATTERN
) -> str | None:
    """``"interviewer"`` if the whole ``speaker`` label matches ``interviewer_pattern``,
    ``None`` for no speaker, otherwise ``"participant"``."""
    if speaker is None:
        return None
    return role_of(speaker.strip(), interviewer_regex(interviewer_pattern))


def parse_turns(
    text: str,
    pattern: str | re.Pattern[str] = DEFAULT_SPEAKER_PATTERN,
    *,
    interviewer_pattern: str | re.Pattern[str] = DEFAULT_INTERVIEWER_PATTERN,
) -> list[Turn]:
    """Split ``text`` into speaker turns.

    A turn starts at each line where ``pattern`` matches (its ``speaker`` group is the label,
    with runs of whitespace made single spaces) and runs to the next such line. The returned
    offsets index ``text`` itself, whatever its line endings;
    :func:`~.tasks.build_task` passes the normalised task text. See the module docstring for
    the offset convention.

    Parameters
    ----------
    text : str
        The transcript text.
    pattern : str or re.Pattern
        Regular expression matched at the start of each line; must have a ``speaker`` group.
    interviewer_pattern : str or re.Pattern
        Speakers whose whole label matches it get ``role="interviewer"``.

    Returns
    -------
    list of Turn
        In text order, non-overlapping, each with ``start < end``.
    """
    speaker_re = speaker_regex(pattern)
    interviewer_re = interviewer_regex(interviewer_pattern)
    labels: list[tuple[int, int, str]] = []  # (line start, utterance start, speaker)
    line_start, resume = 0, 0
    while line_start <= len(text):
        if line_start >= resume:
            match = speaker_re.match(text, line_start)
            if match and match.end() > line_start:
                labels.append((line_start, match.end(), " ".join(match["speaker"].split())))
                resume = match.end()
        newline = text.find("\n", line_start)
        if newline < 0:
            break
        line_start = newline + 1

    turns: list[Turn] = []
    first = labels[0][0] if labels else len(text)
    _append_turn(turns, text, 0, first, None, None)
    for index, (_, start, speaker) in enumerate(labels):
        end = labels[index + 1][0] if index + 1 < len(labels) else len(text)
        _append_turn(turns, text, start, end, speaker, role_of(speaker, interviewer_re))
    return turns


def _append_turn(turns: list[Turn], text: str, start: int, end: int, speaker, role) -> None:
    start, end = strip_span(text, start, end)
    if start < end:
        turns.append(Turn(start, end, speaker, role))
