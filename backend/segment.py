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

What the suggester reads of a unit, or of a coded span it learns from, is an *item*
(:func:`context_items`, the one rule for both): ``{"text", "speaker", "previous"}``, where
``speaker`` is the role of the turn it starts in ("interviewer", "participant"), else the turn's
speaker label, else ``None`` (paragraphs); and ``previous`` is the :data:`PREVIOUS_SENTENCES`
sentences of the transcript that end before it, oldest first, from any block: an interviewer's
question, which gives no unit of its own, is the best cue to the theme of the answer.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ls_thematic.label_config.lsexport import turns_of
from ls_thematic.label_config.text import paragraphs, split_sentences, strip_span

INTERVIEWER = "interviewer"

#: Longest unit, in characters. The encoder reads at most 256 word pieces of a text
#: (all-MiniLM-L6-v2's ``max_seq_length``), about 1,000 characters of English, and drops the
#: rest; a longer sentence is cut so that all of it is read, and so that no unit is a megabyte.
MAX_UNIT_CHARS = 1000
#: How many sentences before a unit or span its item carries as ``"previous"``.
PREVIOUS_SENTENCES = 2
#: The version of the context rule (:func:`context_items`); ``model_version`` includes it, so
#: that a change of what the suggester reads changes every project's model version.
CONTEXT_RULE = "prev2-role-v1"


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


def blocks_of(text: str, turns: object = None) -> list[Block]:
    """The blocks of ``text``: its turns (:func:`turn_blocks`) or, when ``turns`` is ``None``,
    its paragraphs. Raises as :func:`turn_blocks` does."""
    if turns is None:
        return [Block(start, end) for start, end in paragraphs(text)]
    return turn_blocks(text, turns)


def context_item(text: str, speaker: str | None, previous: Sequence[str]) -> dict:
    """One item of the suggester's input: ``{"text", "speaker", "previous"}``."""
    return {"text": text, "speaker": speaker, "previous": list(previous)}


def context_items(
    text: str, blocks: Sequence[Block], spans: Sequence[tuple[int, int]]
) -> list[dict]:
    """The suggester's item for each span ``text[start:end]`` (a unit or a coded span).

    Parameters
    ----------
    text : str
        The task text.
    blocks : sequence of Block
        Its blocks in text order (:func:`blocks_of`).
    spans : sequence of (int, int)
        Offsets into ``text``, ``0 <= start <= end <= len(text)``.

    Returns
    -------
    list of dict
        One :func:`context_item` per span: its text; the speaker of the block it starts in
        (the first block it reaches when it starts between blocks): the block's role, else
        its speaker label, else ``None``; and the last :data:`PREVIOUS_SENTENCES` sentences
        (:func:`~ls_thematic.label_config.text.split_sentences` of every block, a sentence
        longer than :data:`MAX_UNIT_CHARS` cut as units are, by :func:`cut_long`) that end at or
        before ``start``, oldest first. The text is split once for all spans.
    """
    sentences = [
        piece
        for b in blocks
        for piece in cut_long(text, split_sentences(text, b.start, b.end), MAX_UNIT_CHARS)
    ]
    ends = [end for _, end in sentences]
    starts = [b.start for b in blocks]
    items = []
    for start, end in spans:
        k = bisect_right(ends, start)
        previous = [text[a:b] for a, b in sentences[max(0, k - PREVIOUS_SENTENCES) : k]]
        i = bisect_right(starts, start) - 1  # the last block starting at or before the span
        if i < 0 or blocks[i].end <= start:  # between blocks: the next one, if the span reaches it
            i = i + 1 if i + 1 < len(blocks) and blocks[i + 1].start < end else None
        speaker = None if i is None else blocks[i].role or blocks[i].speaker or None
        items.append(context_item(text[start:end], speaker, previous))
    return items


def span_contexts(
    text: object, turns: object, spans: Sequence[tuple[object, object]]
) -> list[dict]:
    """``{"speaker", "previous"}`` of each coded span ``text[start:end]`` of a task with
    ``turns``, as :func:`context_items` gives them: the context fields of the training segments
    made of them. ``speaker=None, previous=()`` (no context) for a span without offsets inside
    the text, and for every span when the task has no text or its turns are malformed (an
    annotation is never refused for its context).
    """
    out = [{"speaker": None, "previous": ()} for _ in spans]
    if not isinstance(text, str):
        return out
    inside = [
        i
        for i, (start, end) in enumerate(spans)
        if _is_offset(start) and _is_offset(end) and 0 <= start <= end <= len(text)
    ]
    try:
        blocks = blocks_of(text, turns) if inside else []
    except ValueError:
        return out
    items = context_items(text, blocks, [spans[i] for i in inside])
    for i, item in zip(inside, items, strict=True):
        out[i] = {"speaker": item["speaker"], "previous": tuple(item["previous"])}
    return out


def uncovered(units: Sequence[Unit], spans: Sequence[tuple[int, int]]) -> list[Unit]:
    """The units that no span overlaps, in their order: one sweep over the units by end and
    the spans by start, O((units + spans) log), not units x spans."""
    spans = sorted(spans)
    covered, reach, i = set(), None, 0  # reach: largest end of the spans starting before u.end
    for position in sorted(range(len(units)), key=lambda k: units[k].end):
        unit = units[position]
        while i < len(spans) and spans[i][0] < unit.end:
            reach = spans[i][1] if reach is None else max(reach, spans[i][1])
            i += 1
        if reach is not None and reach > unit.start:
            covered.add(position)
    return [unit for k, unit in enumerate(units) if k not in covered]


def _is_offset(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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
    blocks = blocks_of(text, turns)
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
