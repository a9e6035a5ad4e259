"""Interview transcripts: read them, find the speaker turns and build Label Studio tasks.

Formats: ``.txt`` (UTF-8, with or without a byte-order mark; UTF-16/32 with a byte-order mark;
another encoding only as an explicit fallback), ``.docx`` (paragraphs and table cells, in document
order, joined by blank lines) and the subtitle formats ``.vtt`` and ``.srt`` (cue numbers, timings,
the WEBVTT header and NOTE/STYLE/REGION blocks are dropped; consecutive cues of the same speaker
become one turn, rendered as a ``Speaker: utterance`` paragraph).

The task text is the file's text with a leading byte-order mark removed and every line ending
turned into ``\\n``; nothing else changes. Every offset in this module (turns, sentences) is a
Python ``str`` index into that exact text, so ``text[start:end]`` is the span. Label Studio
stores Text spans in the same unit (Unicode code points).

Turn convention: a turn's span is its *utterance only*. The speaker label (``"Interviewer:"``,
``"P3:"``) is left out, and so is the whitespace around the utterance; a turn may span several
lines and runs until the next line that starts with a speaker label. Text before the first label
is a turn with ``speaker=None`` and ``role=None``. A label with nothing after it makes no turn.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import html
import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import TranscriptError

SUPPORTED_EXTENSIONS = (".txt", ".docx", ".vtt", ".srt")

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

#: Column names that hold the participant id in participants.csv, in order of preference.
ID_COLUMNS = ("participant", "participant_id", "id")

#: Words that end in a full stop without ending a sentence (compared in lower case).
ABBREVIATIONS = frozenset(
    "dr. mr. mrs. ms. prof. st. sr. jr. e.g. i.e. etc. vs. cf. approx. no. nos. fig. al. ca. "
    "dept. mt. a.m. p.m. u.k. u.s.".split()
)

# Files that are not text, recognised by their first bytes: what they look like.
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (such as a Word .docx file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word .doc (or other Office 97-2003) file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_TAG = re.compile(r"<[^>]*>")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>", re.IGNORECASE)
_SRT_STYLE = re.compile(r"\{\\[^}]*\}")
# A "Name:" prefix in a subtitle cue: one to four words, checked further in _cue_name.
_CUE_NAME = re.compile(r"^(?P<speaker>[^\W\d_][\w'’.\-]*(?: [\w'’.\-]+){0,3})[ \t]*:(?:[ \t]+|$)")
_SENTENCE_END = re.compile(r"[.?!…]+[\"'”’)\]]*(?=\s)|\n[ \t]*\n")
_OPENERS = "\"'“‘([¿¡"


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


# --------------------------------------------------------------------------- text and turns


def normalise_text(text: str) -> str:
    """Drop a leading byte-order mark and turn ``\\r\\n`` and ``\\r`` line endings into ``\\n``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_hash(text: str) -> str:
    """The SHA-256 of ``text`` (UTF-8), in hex: two imports of the same transcript share it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def _speaker_re(pattern: str | re.Pattern[str]) -> re.Pattern:
    return _compile(pattern, "speaker pattern", needs_speaker=True)


def _interviewer_re(pattern: str | re.Pattern[str]) -> re.Pattern:
    return _compile(pattern, "interviewer pattern", needs_speaker=False)


def speaker_role(
    speaker: str | None, interviewer_pattern: str | re.Pattern[str] = DEFAULT_INTERVIEWER_PATTERN
) -> str | None:
    """``"interviewer"`` if the whole ``speaker`` label matches ``interviewer_pattern``,
    ``None`` for no speaker, otherwise ``"participant"``."""
    if speaker is None:
        return None
    compiled = _interviewer_re(interviewer_pattern)
    return INTERVIEWER if compiled.fullmatch(speaker.strip()) else PARTICIPANT


def parse_turns(
    text: str,
    pattern: str | re.Pattern[str] = DEFAULT_SPEAKER_PATTERN,
    *,
    interviewer_pattern: str | re.Pattern[str] = DEFAULT_INTERVIEWER_PATTERN,
) -> list[Turn]:
    """Split ``text`` into speaker turns.

    A turn starts at each line where ``pattern`` matches (its ``speaker`` group is the label,
    with runs of whitespace made single spaces) and runs to the next such line. The returned
    offsets index ``text`` itself, whatever its line endings; :func:`build_task` passes the
    normalised task text. See the module docstring for the offset convention.

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
    speaker_re = _speaker_re(pattern)
    interviewer_re = _interviewer_re(interviewer_pattern)
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
        role = INTERVIEWER if interviewer_re.fullmatch(speaker) else PARTICIPANT
        _append_turn(turns, text, start, end, speaker, role)
    return turns


def _append_turn(turns: list[Turn], text: str, start: int, end: int, speaker, role) -> None:
    start, end = _strip_span(text, start, end)
    if start < end:
        turns.append(Turn(start, end, speaker, role))


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences; return their exact ``(start, end)`` offsets.

    A sentence ends at ``.``, ``?``, ``!`` or ``…`` (with any closing quotes or brackets) that is
    followed by whitespace and then a capital letter or an opening quote or bracket; and at
    every blank line. A full stop after a known abbreviation (:data:`ABBREVIATIONS`, such as
    "Dr." and "e.g.") or after a single-letter initial ("J. Smith") ends no sentence. Spans
    leave out surrounding whitespace; whitespace-only pieces are dropped.

    Parameters
    ----------
    text : str
        The whole task text.
    start, end : int
        The range to split, as offsets into ``text`` (``end`` defaults to ``len(text)``).

    Returns
    -------
    list of (int, int)
        Non-overlapping spans in text order, all inside ``[start, end]``.
    """
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text):
        raise ValueError(
            f"split_sentences needs 0 <= start <= end <= len(text) = {len(text)}; "
            f"got start={start}, end={end}."
        )
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.group().startswith("\n"):
            _add_span(spans, text, sentence_start, match.start())
            sentence_start = match.end()
            continue
        following = match.end()
        while following < end and text[following].isspace():
            following += 1
        if following >= end:
            break
        if not (text[following].isupper() or text[following] in _OPENERS):
            continue
        if match.group().startswith(".") and _is_abbreviation(text, sentence_start, match.start()):
            continue
        _add_span(spans, text, sentence_start, match.end())
        sentence_start = match.end()
    _add_span(spans, text, sentence_start, end)
    return spans


def _is_abbreviation(text: str, floor: int, dot: int) -> bool:
    word_start = dot
    while word_start > floor and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start : dot + 1].lstrip(_OPENERS).lower()
    if word in ABBREVIATIONS:
        return True
    # A single-letter initial ("J. Smith"), except the words "I" and "a".
    return len(word) == 2 and word[0].isalpha() and word[0] not in "ia"


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    start, end = _strip_span(text, start, end)
    if start < end:
        spans.append((start, end))


# --------------------------------------------------------------------------- reading files


def read_transcript(
    path: str | os.PathLike,
    *,
    speaker_pattern: str | re.Pattern[str] = DEFAULT_SPEAKER_PATTERN,
    interviewer_pattern: str | re.Pattern[str] = DEFAULT_INTERVIEWER_PATTERN,
    encoding: str | None = None,
) -> Transcript:
    """Read one transcript file into its task text and turns.

    For ``.txt`` and ``.docx`` the turns come from :func:`parse_turns`. For ``.vtt`` and ``.srt``
    they come from the cues: a ``<v Name>`` voice tag or a ``Name:`` prefix (a label that
    ``speaker_pattern`` matches, or one to four capitalised words) names the speaker, a cue
    without one continues the previous speaker, and each turn is written as a
    ``Name: utterance`` paragraph whose span is the utterance.

    Parameters
    ----------
    encoding : str, optional
        Fallback for text files that are not valid UTF-8 (for example ``"cp1252"``). Files that
        are valid UTF-8 are always read as UTF-8. Ignored for ``.docx``.

    Raises
    ------
    TranscriptError
        The extension is not one of :data:`SUPPORTED_EXTENSIONS`, or the file cannot be read,
        is empty, is not text, cannot be decoded or is not valid for its format.
    """
    path = Path(path)
    speaker_re = _speaker_re(speaker_pattern)
    interviewer_re = _interviewer_re(interviewer_pattern)
    _check_encoding(encoding)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        found = f"the extension {path.suffix!r}" if path.suffix else "no extension"
        raise TranscriptError(
            f"{path} has {found}; transcripts must be one of: {', '.join(SUPPORTED_EXTENSIONS)}."
        )
    if suffix == ".docx":
        text = _read_docx(path)
    else:
        text = _decode(_read_bytes(path), path, encoding)
    if not text.strip():
        raise TranscriptError(f"{path} is empty: it has no text to import.")
    if suffix in (".vtt", ".srt"):
        cues = _vtt_cues(text, path) if suffix == ".vtt" else _srt_cues(text, path)
        return _render_cues(cues, path, speaker_re, interviewer_re)
    return Transcript(
        text, tuple(parse_turns(text, speaker_re, interviewer_pattern=interviewer_re))
    )


def _check_encoding(encoding: str | None) -> None:
    if encoding is None:
        return
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise TranscriptError(
            f"Unknown encoding {encoding!r}; use a Python codec name such as cp1252, latin-1 or "
            "utf-16."
        ) from None


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TranscriptError(f"{path} does not exist.") from None
    except OSError as exc:
        raise TranscriptError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if not data:
        raise TranscriptError(f"{path} is empty (0 bytes).")
    return data


def _decode(data: bytes, path: Path, encoding: str | None) -> str:
    """Bytes of a text file -> normalised text, or a TranscriptError saying what is wrong."""
    for signature, looks_like in _SIGNATURES:
        if data.startswith(signature):
            raise TranscriptError(
                f"{path} is not a plain-text file: it looks like {looks_like}. Save it as plain "
                "text (UTF-8), or import a Word document as .docx."
            )
    for bom, codec in _UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return normalise_text(data.decode(codec))
            except UnicodeDecodeError as exc:
                raise TranscriptError(
                    f"{path} starts with a {codec.upper()} byte-order mark but {_where(data, exc)} "
                    f"is not valid {codec.upper()}; save it again as UTF-8."
                ) from None
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise TranscriptError(
            f"{path} is not a text file: it contains NUL bytes (the first at byte offset "
            f"{offset}), as binary files do. Save it as plain text (UTF-8)."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if encoding is None:
            raise TranscriptError(
                f"{path} is not valid UTF-8: {_where(data, exc)} cannot be decoded. "
                "Save it as UTF-8 or pass --encoding (for example --encoding cp1252 for files "
                "saved by Windows programs)."
            ) from None
        utf8_problem = _where(data, exc)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc2:
            raise TranscriptError(
                f"{path} is neither valid UTF-8 ({utf8_problem}) nor valid {encoding} "
                f"({_where(data, exc2)}). Save it as UTF-8 or pass the --encoding it was saved in."
            ) from None
    return normalise_text(text)


def _where(data: bytes, exc: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, exc.start) + 1
    return f"byte 0x{data[exc.start]:02X} at byte offset {exc.start} (line {line})"


def _read_docx(path: Path) -> str:
    data = _read_bytes(path)
    if not data.startswith(b"PK"):
        looks_like = next((what for sig, what in _SIGNATURES if data.startswith(sig)), None)
        hint = f" (it looks like {looks_like})" if looks_like else ""
        raise TranscriptError(
            f"{path} is not a Word .docx file: a .docx is a zip archive and this file is not "
            f"one{hint}. Open it in Word and save it as .docx, or save it as plain text (.txt)."
        )
    import docx  # imported here: only .docx imports need python-docx loaded
    from docx.opc.exceptions import PackageNotFoundError
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TranscriptError(
            f"{path} cannot be opened as a Word .docx file ({exc}). Open it in Word and save it "
            "again as .docx, or save it as plain text (.txt)."
        ) from None

    paragraphs: list[str] = []

    def collect(container) -> None:
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                if item.text.strip():
                    paragraphs.append(item.text)
                continue
            seen: list = []  # a merged cell appears once per grid position it spans
            for row in item.rows:
                for cell in row.cells:
                    if any(cell._tc is tc for tc in seen):
                        continue
                    seen.append(cell._tc)
                    collect(cell)

    collect(document)
    return normalise_text("\n\n".join(paragraphs))


# --------------------------------------------------------------------------- subtitles


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


def _render_cues(
    cues: Sequence[_Cue], path: Path, speaker_re: re.Pattern, interviewer_re: re.Pattern
) -> Transcript:
    # (speaker, [pieces]); a piece without a speaker continues the current one.
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
        role = None
        if speaker is not None:
            role = INTERVIEWER if interviewer_re.fullmatch(speaker) else PARTICIPANT
        turns.append(Turn(start, start + len(utterance), speaker, role))
        parts.append(prefix + utterance)
        position = start + len(utterance)
    return Transcript("".join(parts), tuple(turns))


# --------------------------------------------------------------------------- participants


def read_participants(
    path: str | os.PathLike, *, encoding: str | None = None
) -> dict[str, dict[str, str]]:
    """Read participants.csv: ``{participant id: {attribute: value}}``.

    The id is the column ``participant`` (or ``participant_id``, or ``id``; names are matched
    case-insensitively, the first present wins); every other column is an attribute, kept as
    text with surrounding spaces removed and in column order. Commas, semicolons or tabs may
    separate the columns (read from the header). Blank lines are skipped.

    Raises
    ------
    TranscriptError
        The file is empty or has no participant rows, has no id column, repeats a column name,
        or has rows with an empty id, a repeated id (both line numbers are named) or more values
        than columns. All row problems are listed in one error.
    """
    path = Path(path)
    _check_encoding(encoding)
    data = _read_bytes(path)
    text = _decode(data, path, encoding)
    if not text.strip():
        raise TranscriptError(f"{path} is empty: it has only blank lines.")
    header_line = next(line for line in text.split("\n") if line.strip())
    delimiter = max(",;\t", key=header_line.count) if any(d in header_line for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    previous_line = 0
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((previous_line + 1, [cell.strip() for cell in row]))
            previous_line = reader.line_num
    except csv.Error as exc:
        raise TranscriptError(f"{path}, line {reader.line_num}: not valid CSV ({exc}).") from None
    if not rows:
        raise TranscriptError(f"{path} is empty: it has no header row and no participants.")

    header = rows[0][1]
    lowered = [name.lower() for name in header]
    for index, name in enumerate(lowered):
        if name and name in lowered[:index]:
            raise TranscriptError(
                f"{path} has the column {header[index]!r} twice (columns "
                f"{lowered.index(name) + 1} and {index + 1}); column names must be unique."
            )
    id_column = next((lowered.index(name) for name in ID_COLUMNS if name in lowered), None)
    if id_column is None:
        raise TranscriptError(
            f"{path} has no participant id column: name one column 'participant' (or 'id'). "
            f"Its columns are: {', '.join(repr(name) for name in header)}."
        )
    if len(rows) == 1:
        raise TranscriptError(f"{path} has a header row but no participants.")

    participants: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    problems: list[str] = []
    for line, row in rows[1:]:
        if len(row) > len(header) and any(row[len(header) :]):
            problems.append(
                f"line {line} has {len(row)} values but the header has {len(header)} columns"
            )
            continue
        row = row + [""] * (len(header) - len(row))
        pid = row[id_column]
        if not pid:
            problems.append(f"line {line} has an empty {header[id_column]!r}")
            continue
        if pid in participants:
            problems.append(
                f"participant {pid!r} appears twice, on lines {first_line[pid]} and {line}"
            )
            continue
        first_line[pid] = line
        participants[pid] = {
            name: value
            for index, (name, value) in enumerate(zip(header, row[: len(header)], strict=True))
            if index != id_column and (name or value)
        }
        if "" in participants[pid]:
            problems.append(f"line {line} has a value in a column without a name")
    if problems:
        raise TranscriptError(f"{path}: " + "; ".join(problems) + ".")
    return participants


def participant_header(participant_id: str, attributes: Mapping[str, str]) -> str:
    """``"P3 · role: Mental health nurse · years experience: 12"``; empty values are left out
    and underscores in column names become spaces."""
    parts = [participant_id]
    parts += [f"{name.replace('_', ' ')}: {value}" for name, value in attributes.items() if value]
    return " · ".join(parts)


def _attributes_of(
    participants: Mapping[str, Mapping[str, str]], pid: str, path: Path, from_stem: bool
) -> dict[str, str]:
    if pid in participants:
        return dict(participants[pid])
    known = list(participants)
    listed = ", ".join(known[:30]) + (f", … ({len(known) - 30} more)" if len(known) > 30 else "")
    close = [k for k in known if k.lower() == pid.lower()] or difflib.get_close_matches(
        pid, known, n=1
    )
    hint = f" Did you mean {close[0]!r}?" if close else ""
    origin = " (taken from the file name)" if from_stem else ""
    raise TranscriptError(
        f"{path}: participant {pid!r}{origin} is not in the participants file; it has: "
        f"{listed}.{hint}"
    )


# --------------------------------------------------------------------------- tasks


def _task(path: Path, transcript: Transcript, pid: str, attributes: dict[str, str]) -> dict:
    return {
        "data": {
            "text": transcript.text,
            "participant": pid,
            "attributes": attributes,
            "participant_header": participant_header(pid, attributes),
            "turns": [asdict(turn) for turn in transcript.turns],
            "source_file": path.name,
            "content_hash": content_hash(transcript.text),
        }
    }


def build_task(
    path: str | os.PathLike,
    participants: Mapping[str, Mapping[str, str]],
    *,
    participant_id: str | None = None,
    speaker_pattern: str | re.Pattern[str] = DEFAULT_SPEAKER_PATTERN,
    interviewer_pattern: str | re.Pattern[str] = DEFAULT_INTERVIEWER_PATTERN,
    encoding: str | None = None,
) -> dict:
    """Build one Label Studio task from a transcript file.

    Parameters
    ----------
    path : path-like
        A ``.txt``, ``.docx``, ``.vtt`` or ``.srt`` transcript.
    participants : mapping
        ``{participant id: {attribute: value}}``, as :func:`read_participants` returns.
    participant_id : str, optional
        Defaults to the file name without its extension (``P3.txt`` -> ``"P3"``).
    speaker_pattern, interviewer_pattern, encoding
        As for :func:`read_transcript`.

    Returns
    -------
    dict
        ``{"data": {"text", "participant", "attributes", "participant_header", "turns",
        "source_file", "content_hash"}}``; ``turns`` is a list of
        ``{"start", "end", "speaker", "role"}`` dicts with offsets into ``text``.
    """
    path = Path(path)
    pid = participant_id if participant_id is not None else path.stem
    transcript = read_transcript(
        path,
        speaker_pattern=speaker_pattern,
        interviewer_pattern=interviewer_pattern,
        encoding=encoding,
    )
    attributes = _attributes_of(participants, pid, path, from_stem=participant_id is None)
    return _task(path, transcript, pid, attributes)


def build_tasks(
    paths: Iterable[str | os.PathLike],
    participants_csv: str | os.PathLike,
    *,
    speaker_pattern: str | re.Pattern[str] = DEFAULT_SPEAKER_PATTERN,
    interviewer_pattern: str | re.Pattern[str] = DEFAULT_INTERVIEWER_PATTERN,
    encoding: str | None = None,
) -> list[dict]:
    """Build tasks for a batch of transcripts, or fail with every problem at once.

    Each file's participant id is its name without the extension. Every file is checked before
    anything is returned: if any file is unreadable or invalid, its participant is missing from
    ``participants_csv``, two files have the same participant, two files have the same text, or
    the participants file itself is invalid, one :class:`TranscriptError` lists all the
    problems and no task is returned.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise TranscriptError(
            f"No transcript files were given; pass {', '.join(SUPPORTED_EXTENSIONS)} files."
        )
    speaker_re = _speaker_re(speaker_pattern)
    interviewer_re = _interviewer_re(interviewer_pattern)
    _check_encoding(encoding)

    problems: list[str] = []
    participants: dict[str, dict[str, str]] | None
    try:
        participants = read_participants(participants_csv, encoding=encoding)
    except TranscriptError as exc:
        problems.append(str(exc))
        participants = None

    tasks: list[dict] = []
    file_of_participant: dict[str, Path] = {}
    file_of_hash: dict[str, Path] = {}
    for path in paths:
        pid = path.stem
        ok = True
        if pid in file_of_participant:
            problems.append(
                f"{path}: participant {pid!r} is also the participant of "
                f"{file_of_participant[pid]}; import one transcript per participant."
            )
            ok = False
        file_of_participant.setdefault(pid, path)
        attributes: dict[str, str] = {}
        if participants is not None:
            try:
                attributes = _attributes_of(participants, pid, path, from_stem=True)
            except TranscriptError as exc:
                problems.append(str(exc))
                ok = False
        try:
            transcript = read_transcript(
                path,
                speaker_pattern=speaker_re,
                interviewer_pattern=interviewer_re,
                encoding=encoding,
            )
        except TranscriptError as exc:
            problems.append(str(exc))
            continue
        digest = content_hash(transcript.text)
        if digest in file_of_hash:
            problems.append(f"{path} has the same text as {file_of_hash[digest]}.")
            continue
        file_of_hash[digest] = path
        if ok:
            tasks.append(_task(path, transcript, pid, attributes))

    if problems:
        count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
        raise TranscriptError(
            f"Nothing was imported; fix these {count} and import again:\n"
            + "\n".join(f"  - {problem}" for problem in problems)
        )
    return tasks


def task_hash(task: Mapping) -> str:
    """A task's ``data.content_hash``, or the hash of its ``data.text`` for older tasks."""
    data = task.get("data", task)
    stored = data.get("content_hash")
    return stored if stored else content_hash(normalise_text(data.get("text", "")))


def content_hashes(tasks: Iterable[Mapping]) -> set[str]:
    """The content hashes of tasks already in a project (as exported or listed by the API)."""
    return {task_hash(task) for task in tasks}


def new_tasks(tasks: Iterable[dict], existing_hashes: set[str]) -> tuple[list[dict], list[dict]]:
    """Split ``tasks`` into ``(to_import, skipped)``: a task is skipped if its content hash is in
    ``existing_hashes`` or an earlier task of ``tasks`` has it. Order is kept."""
    seen = set(existing_hashes)
    to_import: list[dict] = []
    skipped: list[dict] = []
    for task in tasks:
        digest = task_hash(task)
        (skipped if digest in seen else to_import).append(task)
        seen.add(digest)
    return to_import, skipped
