"""Units of a transcript to suggest codes for, and the merging of their suggestions into spans.

A transcript is first cut into *blocks*: its speaker turns (the task's ``data.turns``, as
:func:`ls_thematic.label_config.tasks.build_task` stores them) or, without turns, its
paragraphs (separated by blank lines). Each block is cut into sentences, and a sentence shorter
than ``min_chars`` is merged with the next one (the last with the one before), so that "Yes." or
"Right." never stands alone. A unit longer than ``max_chars`` (:data:`MAX_UNIT_CHARS`, 1,000) is
then cut into nearly equal pieces at whitespace, so that a huge or hostile task (one sentence of a
megabyte) costs the encoder no more per character than an ordinary one. Those are the *units*.
Interviewer turns give no units by default.

Every offset is a Python ``str`` index into the task text, as Label Studio stores Text spans:
``text[unit.start:unit.end]`` is the unit, without surrounding whitespace.

After the suggester has scored each unit, :func:`merge_adjacent` joins consecutive units of the
same block that share a code into one span. Spans never cross a block boundary, so a suggestion
never swallows a speaker label or an interviewer's question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ls_thematic.label_config.lsexport import turns_of
from ls_thematic.label_config.text import paragraphs, split_sentences, strip_span

INTERVIEWER = "interviewer"

#: Longest unit, in characters. The encoder reads at most 256 word pieces of a text
#: (all-MiniLM-L6-v2's ``max_seq_length``), about 1,000 characters of English, and drops the
#: rest; a longer sentence is cut so that all of it is read, and so that no unit is a megabyte.
MAX_UNIT_CHARS = 1000


@dataclass(frozen=True)
class Block:
    """A speaker turn or a paragraph: ``text[start:end]``."""

    start: int
    end: int
    speaker: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Unit:
    """One unit to score: ``text[start:end]``, inside block number ``block``."""

    start: int
    end: int
    block: int
    speaker: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Span:
    """A suggested region: ``text[start:end]`` coded ``code``, with the mean unit score."""

    start: int
    end: int
    code: str
    score: float
    units: tuple[int, ...]


def turn_blocks(text: str, turns: object) -> list[Block]:
    """A task's ``data.turns`` as blocks, in text order, checked by the one turns rule
    (:func:`ls_thematic.label_config.lsexport.turns_of`).

    Raises
    ------
    LabelStudioDataError
        ``turns`` is not a list of ``{start, end, speaker, role}`` objects, an offset is
        outside the text, or turns overlap (a ``ValueError``).
    """
    return [Block(t.start, t.end, t.speaker, t.role) for t in turns_of(text, turns)]


def merge_short(spans: Sequence[tuple[int, int]], min_chars: int) -> list[tuple[int, int]]:
    """Merge each span shorter than ``min_chars`` into the next one (the last into the previous).

    The result covers the same text: a merged span runs from its first piece's start to its last
    piece's end.
    """
    out: list[tuple[int, int]] = []
    pending: int | None = None  # start of short pieces waiting for the next one
    for start, end in spans:
        if pending is not None:
            start, pending = pending, None
        if end - start < min_chars:
            pending = start
            last_end = end
            continue
        out.append((start, end))
    if pending is not None:
        if out:
            out[-1] = (out[-1][0], last_end)
        else:
            out.append((pending, last_end))
    return out


def cut_long(text: str, spans: Sequence[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Cut each span longer than ``max_chars`` characters into nearly equal pieces.

    A span of ``n`` characters becomes about ``ceil(n / max_chars)`` pieces; each piece ends at
    the last space, tab or line break in the second half of its share, or mid-word when there is
    none there (one very long word). Pieces are at most ``max_chars`` long, leave out surrounding
    whitespace, and together cover the span's text. Spans are expected stripped, as
    :func:`~ls_thematic.label_config.text.split_sentences` returns them. Linear in the text.

    Raises
    ------
    ValueError
        ``max_chars`` is less than 2.
    """
    if max_chars < 2:
        raise ValueError(f"cut_long needs max_chars >= 2; got {max_chars!r}.")
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > max_chars:
            share = -(-(end - start) // -(-(end - start) // max_chars))  # ceil(n / pieces)
            limit = start + share
            cut = max(text.rfind(space, start + share // 2, limit + 1) for space in " \t\n")
            if cut < 0:
                cut = limit
            out.append(strip_span(text, start, cut))
            start = strip_span(text, cut, end)[0]
        out.append((start, end))
    return out


def split_units(
    text: str,
    turns: object = None,
    *,
    skip_interviewer: bool = True,
    min_chars: int = 40,
    max_chars: int = MAX_UNIT_CHARS,
) -> list[Unit]:
    """Cut ``text`` into the units to score (see the module docstring).

    Parameters
    ----------
    text : str
        The task text.
    turns : list of dict, optional
        The task's ``data.turns``; without them the paragraphs are the blocks.
    skip_interviewer : bool
        Leave out turns whose role is ``"interviewer"``.
    min_chars : int
        Sentences shorter than this are merged with a neighbour.
    max_chars : int
        Units longer than this are cut (:func:`cut_long`); at least 2.

    Returns
    -------
    list of Unit
        In text order; ``text[u.start:u.end]`` is each unit's exact text.
    """
    if turns is None:
        blocks = [Block(start, end) for start, end in paragraphs(text)]
    else:
        blocks = turn_blocks(text, turns)
    units: list[Unit] = []
    for index, block in enumerate(blocks):
        if skip_interviewer and block.role == INTERVIEWER:
            continue
        sentences = split_sentences(text, block.start, block.end)
        for start, end in cut_long(text, merge_short(sentences, min_chars), max_chars):
            units.append(Unit(start, end, index, block.speaker, block.role))
    return units


def merge_adjacent(units: Sequence[Unit], unit_codes: Sequence[Mapping[str, float]]) -> list[Span]:
    """Join consecutive units of one block that share a code into one span per code.

    Parameters
    ----------
    units : sequence of Unit
        In text order, as :func:`split_units` returns them.
    unit_codes : sequence of mapping
        ``unit_codes[i]`` maps each code suggested for ``units[i]`` to its score in [0, 1].

    Returns
    -------
    list of Span
        Sorted by start, then code; each span's score is the mean of its units' scores.
    """
    if len(units) != len(unit_codes):
        raise ValueError(
            f"merge_adjacent needs one code mapping per unit; got {len(units)} units and "
            f"{len(unit_codes)} mappings."
        )
    spans: list[Span] = []
    open_runs: dict[str, list[int]] = {}  # code -> unit indices of its current run

    def close(code: str) -> None:
        run = open_runs.pop(code)
        scores = [float(unit_codes[i][code]) for i in run]
        spans.append(
            Span(
                units[run[0]].start, units[run[-1]].end, code, sum(scores) / len(scores), tuple(run)
            )
        )

    for i, (unit, codes) in enumerate(zip(units, unit_codes, strict=True)):
        for code in list(open_runs):
            previous = open_runs[code][-1]
            if code not in codes or units[previous].block != unit.block or previous != i - 1:
                close(code)
        for code in codes:
            open_runs.setdefault(code, []).append(i)
    for code in list(open_runs):
        close(code)
    spans.sort(key=lambda s: (s.start, s.end, s.code))
    return spans
