"""Interview transcript files: read one into its task text and speaker turns.

Formats: ``.txt`` (UTF-8, with or without a byte-order mark; UTF-16/32 with a byte-order mark;
another encoding only as an explicit fallback), ``.docx`` (paragraphs and table cells, in document
order, joined by blank lines) and the subtitle formats ``.vtt`` and ``.srt`` (see
:mod:`.subtitles`: consecutive cues of the same speaker become one turn, rendered as a
``Speaker: utterance`` paragraph).

The task text is the file's text with a leading byte-order mark removed and every line ending
turned into ``\\n`` (:func:`~.text.normalise_text`); nothing else changes. Every offset of the
import (turns, sentences) is a Python ``str`` index into that exact text, so ``text[start:end]``
is the span. Label Studio stores Text spans in the same unit (Unicode code points). The speaker
turn convention is in :mod:`.turns`.

Where the rest of the import lives: :mod:`.turns` (speaker turns), :mod:`.subtitles` (.vtt and
.srt), :mod:`.participants` (participants.csv), :mod:`.tasks` (Label Studio tasks from a batch
of files, and which a project already has), :mod:`.fileio` (decoding text files) and
:mod:`.text` (sentences).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from .errors import TranscriptError
from .fileio import check_encoding, decode_text, looks_like, read_bytes
from .subtitles import subtitle_transcript
from .text import normalise_text
from .turns import (
    DEFAULT_INTERVIEWER_PATTERN,
    DEFAULT_SPEAKER_PATTERN,
    Transcript,
    interviewer_regex,
    parse_turns,
    speaker_regex,
)

SUPPORTED_EXTENSIONS = (".txt", ".docx", ".vtt", ".srt")
#: Largest .docx file read (bytes): a transcript's .docx is rarely over 1 MB, images included.
MAX_DOCX_BYTES = 50 * 1024 * 1024
#: Largest total of the .docx's zip members once unpacked (bytes), against zip bombs: python-docx
#: unpacks every member into memory. The zip's stated sizes bound what is unpacked.
MAX_DOCX_UNPACKED_BYTES = 200 * 1024 * 1024


def read_transcript(
    path: str | os.PathLike,
    *,
    speaker_pattern: str | re.Pattern[str] = DEFAULT_SPEAKER_PATTERN,
    interviewer_pattern: str | re.Pattern[str] = DEFAULT_INTERVIEWER_PATTERN,
    encoding: str | None = None,
) -> Transcript:
    """Read one transcript file into its task text and turns.

    For ``.txt`` and ``.docx`` the turns come from :func:`~.turns.parse_turns`. For ``.vtt`` and
    ``.srt`` they come from the cues: a ``<v Name>`` voice tag or a ``Name:`` prefix (a label
    that ``speaker_pattern`` matches, or one to four capitalised words) names the speaker, a cue
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
    speaker_re = speaker_regex(speaker_pattern)
    interviewer_re = interviewer_regex(interviewer_pattern)
    check_encoding(encoding)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        found = f"the extension {path.suffix!r}" if path.suffix else "no extension"
        raise TranscriptError(
            f"{path} has {found}; transcripts must be one of: {', '.join(SUPPORTED_EXTENSIONS)}."
        )
    if suffix == ".docx":
        text = _read_docx(path)
    else:
        text = decode_text(read_bytes(path), path, encoding)
    if not text.strip():
        raise TranscriptError(f"{path} is empty: it has no text to import.")
    if suffix in (".vtt", ".srt"):
        return subtitle_transcript(text, path, speaker_re, interviewer_re)
    return Transcript(
        text, tuple(parse_turns(text, speaker_re, interviewer_pattern=interviewer_re))
    )


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _check_docx_size(path: Path, data: bytes | None = None) -> None:
    """Refuse a .docx over :data:`MAX_DOCX_BYTES`, or whose members unpack to more than
    :data:`MAX_DOCX_UNPACKED_BYTES` (given ``data``, the file's bytes)."""
    if data is None:
        try:
            size = path.stat().st_size
        except OSError:
            return  # read_bytes names a missing or unreadable file
        if size > MAX_DOCX_BYTES:
            raise TranscriptError(
                f"{path} is {_mb(size)}; a .docx transcript may be at most {_mb(MAX_DOCX_BYTES)} "
                "(MAX_DOCX_BYTES). Remove pictures from it, or save it as plain text (.txt)."
            )
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return  # python-docx names a broken archive below
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise TranscriptError(
            f"{path} unpacks to {_mb(unpacked)}; a .docx transcript may unpack to at most "
            f"{_mb(MAX_DOCX_UNPACKED_BYTES)} (MAX_DOCX_UNPACKED_BYTES). Save it as plain text "
            "(.txt)."
        )


def _read_docx(path: Path) -> str:
    _check_docx_size(path)
    data = read_bytes(path)
    if not data.startswith(b"PK"):
        kind = looks_like(data)
        hint = f" (it looks like {kind})" if kind else ""
        raise TranscriptError(
            f"{path} is not a Word .docx file: a .docx is a zip archive and this file is not "
            f"one{hint}. Open it in Word and save it as .docx, or save it as plain text (.txt)."
        )
    _check_docx_size(path, data)
    # python-docx is imported here, not at the top: only .docx imports need it loaded.
    import docx
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
