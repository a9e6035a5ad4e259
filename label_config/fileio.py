"""Files: written whole or not at all, and the text files a user hands in, read with care.

Writing
    :func:`atomic_write_bytes` and :func:`atomic_write_text` write through a temporary file in
    the target's folder and a rename, so a reader never sees half a file and a crash leaves the
    old file. The file gets mode ``0600`` (readable by its owner only, as :func:`tempfile.mkstemp`
    creates it) unless ``mode`` says otherwise; callers that want the umask's usual modes (a
    report folder) set them afterwards.

Reading
    :func:`read_bytes`, :func:`decode_text` and :func:`check_encoding` read transcripts and
    participants files: UTF-8 with or without a byte-order mark, UTF-16/32 with one, another
    encoding only as an explicit fallback; binary files (PDF, Word, images) and undecodable
    bytes are a :class:`~.errors.TranscriptError` that says what the file looks like and how to
    save it. The text comes back normalised (:func:`~.text.normalise_text`).
"""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path

from .errors import TranscriptError
from .text import normalise_text

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


# --------------------------------------------------------------------------- writing
def atomic_write_text(path: str | os.PathLike, text: str, *, mode: int | None = None) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and a rename.

    No half file remains; see :func:`atomic_write_bytes` for ``mode``.
    """
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode)


def atomic_write_bytes(path: str | os.PathLike, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename; create missing folders.

    Parameters
    ----------
    path : path-like
        The file to write; an existing file is replaced only once the new one is complete. A
        path that exists but is no regular file (``/dev/null``, a named pipe) is written to
        as it is, never replaced.
    data : bytes
        The whole content.
    mode : int, optional
        Permission bits of the new file; the default is ``0o600`` (owner only).
    """
    path = Path(path)
    if path.exists() and not path.is_file():  # /dev/null, /dev/stdout, a named pipe
        # a rename would put a regular file in the device's place (as root, /dev/null itself)
        with path.open("wb") as handle:
            handle.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- reading
def append_durably(path: str | os.PathLike, data: bytes) -> None:
    """Append ``data`` to ``path`` (created ``0600``) and fsync; on failure cut it back, so
    that no half line is left for the next one to glue onto."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        size = os.fstat(fd).st_size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except BaseException:
            os.ftruncate(fd, size)  # no half line for the next one to glue onto
            raise
    finally:
        os.close(fd)


def check_encoding(encoding: str | None) -> None:
    """Raise a :class:`TranscriptError` unless ``encoding`` is ``None`` or a Python codec name."""
    if encoding is None:
        return
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise TranscriptError(
            f"Unknown encoding {encoding!r}; use a Python codec name such as cp1252, latin-1 or "
            "utf-16."
        ) from None


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing, unreadable or empty file is a :class:`TranscriptError`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TranscriptError(f"{path} does not exist.") from None
    except OSError as exc:
        raise TranscriptError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if not data:
        raise TranscriptError(f"{path} is empty (0 bytes).")
    return data


def looks_like(data: bytes) -> str | None:
    """What a file that is not text looks like ("a PDF document", ...), from its first bytes."""
    return next((what for signature, what in _SIGNATURES if data.startswith(signature)), None)


def decode_text(data: bytes, path: Path, encoding: str | None) -> str:
    """Bytes of a text file -> normalised text, or a TranscriptError saying what is wrong.

    ``encoding`` is a fallback for bytes that are not valid UTF-8; files with a Unicode
    byte-order mark are decoded by it.
    """
    kind = looks_like(data)
    if kind:
        raise TranscriptError(
            f"{path} is not a plain-text file: it looks like {kind}. Save it as plain "
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
