"""Where a command's coding comes from: a snapshot file, or a live Label Studio project.

Every analysis command (``themes``, ``extracts``, ``report``, ``agreement``, ``evaluate``)
reads its coding with :func:`read_coding` and, when it needs the codebook,
:func:`load_coding`, so ``--snapshot`` and ``--project`` mean the same everywhere.
"""

from __future__ import annotations

import os
import sys

from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.errors import InputError

from .lsclient import connect
from .snapshot import Snapshot, codebook_for, load_snapshot, pull


def read_coding(snapshot_path: str | None, project_id: int | None, url: str | None,
                api_key: str | None, *, progress: bool | None = None):
    """``(snapshot, client)``: the snapshot file (client None), or a pull of the live project.

    The caller has checked that exactly one of ``snapshot_path`` and ``project_id`` is given. A
    live pull shows a progress bar on standard error when that is a terminal (``progress``
    None) or when asked.
    """
    if snapshot_path is not None:
        return load_snapshot(snapshot_path), None
    client = connect(url, api_key)
    if progress is None:
        progress = sys.stderr.isatty()
    return pull(client, project_id, progress=progress), client


def load_coding(snapshot_path: str | None, project_id: int | None, url: str | None,
                api_key: str | None, codebook: str | os.PathLike | Codebook | None = None, *,
                progress: bool | None = None) -> tuple[Snapshot, Codebook]:
    """``(snapshot, codebook)`` from a snapshot file or the live project, the codebook checked
    against the codes the coding uses (:func:`~ls_thematic.scripts.snapshot.codebook_for`).

    Raises
    ------
    InputError
        Neither or both of ``snapshot_path`` and ``project_id`` are given.
    """
    if (snapshot_path is None) == (project_id is None):
        raise InputError(
            "Say where the coding is: --snapshot FILE (a snapshot or Label Studio JSON export) "
            "or --project ID (live, with --url and --api-key); "
            + ("not both." if snapshot_path is not None else "neither was given.")
        )
    data, _ = read_coding(snapshot_path, project_id, url, api_key, progress=progress)
    return data, codebook_for(data, codebook)
