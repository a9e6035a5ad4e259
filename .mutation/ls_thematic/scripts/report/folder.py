"""The report folder written whole or not at all.

The folder is written in a temporary folder beside ``out_dir`` and renamed into place, so a
reader never sees half a report; an existing ``out_dir`` is replaced only if it is an earlier
report (it has ``report.json``) or empty.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ReportError

MANIFEST = "report.json"


def _umask() -> int:
    """The process umask, read without changing it where Linux allows (``/proc``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)  # elsewhere: read it by setting it, and put it back at once
    os.umask(umask)
    return umask


def _usual_permissions(folder: Path) -> None:
    """Give the folder and its files the permissions the user's umask gives new ones (temporary
    folders and atomic writes start private, 0700 / 0600)."""
    umask = _umask()
    os.chmod(folder, 0o777 & ~umask)
    for path in folder.rglob("*"):
        os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~umask)


def check_replaceable(out_dir: Path) -> None:
    """Raise unless ``out_dir`` is absent, empty, or an earlier report (it has the manifest)."""
    if out_dir.exists() and (
        not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / MANIFEST).is_file())
    ):
        raise ReportError(
            f"{out_dir} exists and is not an ls-thematic report folder (it has no "
            f"{MANIFEST}); choose a new folder, or empty it, so that nothing of yours is "
            "replaced."
        )


def _replace_folder(staging: Path, out_dir: Path) -> None:
    if out_dir.exists():
        check_replaceable(out_dir)
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.replace(out_dir, old / out_dir.name)
        try:
            os.replace(staging, out_dir)
        except BaseException:
            os.replace(old / out_dir.name, out_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, out_dir)


class StagedFolder:
    """The files written so far into the staging folder ``root``, by relative path."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: list[str] = []

    def write(self, relative: str, data: bytes | str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.files.append(relative)

    def add(self, path: Path) -> None:
        """Count a file written into the folder by someone else."""
        self.files.append(str(Path(path).relative_to(self.root)))


@contextmanager
def staged_folder(out_dir: Path) -> Iterator[StagedFolder]:
    """A staging folder beside ``out_dir`` that replaces it when the block ends without error
    (with the permissions of a new folder) and is removed when it fails."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        yield StagedFolder(staging)
        _usual_permissions(staging)
        _replace_folder(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
