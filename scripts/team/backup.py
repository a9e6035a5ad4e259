"""Back up and restore a team stack's data folder: both PostgreSQL databases and its files.

A backup is a folder::

    label_studio.dump  backend.dump   pg_dump's custom format (``pg_dump -Fc``), one per database
    files/                            the data folder without the cluster, the logs and the pids
    backup.json                       what was saved, when, from which data folder

:func:`save_backup` reads the databases from the running stack (``pg_dump`` over TCP on
127.0.0.1 with the role's password, so Label Studio and the backend keep serving);
:func:`restore_backup` puts the files into a new data folder, starts a new cluster there,
restores both databases into it with ``pg_restore`` and stops it again: ``ls-thematic up
--team`` then serves the restored data. The commands::

    ls-thematic backup save --data ./data --out BACKUP_DIR
    ls-thematic backup restore --from BACKUP_DIR --data ./data-restored
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

from ..lsserver import HOST
from .errors import StackError
from .postgres import (
    CLUSTER_DIR,
    PASSWORD_FILE,
    STATE_FILE,
    ensure_database,
    start_postgres,
    stop_postgres,
)
from .redis_server import REDIS_DIR
from .stack import BACKEND_DATABASE, LABEL_STUDIO_DATABASE
from .system import clean_environment, read_record, record_running

DATABASES = (LABEL_STUDIO_DATABASE, BACKEND_DATABASE)
FILES_DIR = "files"
MANIFEST = "backup.json"
#: Process records of a running stack: meaningless on another start, never copied.
PROCESS_RECORDS = ("postgres.json", "label-studio.json", "backend.json", "redis.json")
_TIMEOUT = 3600.0


def _skipped(folder: str, names: list[str], top: str) -> set[str]:
    """What :func:`shutil.copytree` leaves out: at the top, the cluster and the process records;
    anywhere, logs and Unix sockets."""
    skipped = {name for name in names if name.endswith(".log")}
    skipped |= {name for name in names if (Path(folder) / name).is_socket()}
    if Path(folder) == Path(top):
        skipped |= {CLUSTER_DIR, REDIS_DIR, *PROCESS_RECORDS} & set(names)
    return skipped


def _pg_program(bin_dir: Path, name: str, args: list[str], password: str, what: str) -> None:
    env = {**clean_environment(), "PGPASSWORD": password}
    done = subprocess.run(
        [str(bin_dir / name), *args], env=env, capture_output=True, text=True, timeout=_TIMEOUT
    )
    if done.returncode != 0:
        raise StackError(
            f"{name} failed ({what}) with exit code {done.returncode}:\n"
            f"{(done.stderr or done.stdout).strip()[-1500:]}"
        )


def _empty_folder(folder: Path, what: str) -> None:
    if folder.exists() and any(folder.iterdir()):
        raise StackError(f"The {what} {folder} is not empty; give a new or empty folder.")


def save_backup(data_dir: Path, out_dir: Path) -> dict:
    """Dump both databases of the running stack in ``data_dir`` and copy its files to ``out_dir``.

    Parameters
    ----------
    data_dir : Path
        The stack's data folder (``up --team --data``); its PostgreSQL must be running.
    out_dir : Path
        A new or empty folder; created (0700) when missing.

    Returns
    -------
    dict
        The manifest written to ``out_dir/backup.json``: ``created`` (UTC, ISO 8601),
        ``data_dir``, ``databases`` (``{name: dump file}``) and ``files``.

    Raises
    ------
    StackError
        If the data folder's PostgreSQL is not running, ``out_dir`` is not empty, or pg_dump fails.
    """
    data = Path(data_dir).expanduser().resolve()
    record = read_record(data / STATE_FILE, ("pid", "port", "user", "bin_dir"))
    if not record_running(record):
        raise StackError(
            f"The PostgreSQL of {data} is not running (no running server in "
            f"{data / STATE_FILE}); start the stack (ls-thematic up --team --data {data}) "
            "and back it up while it runs."
        )
    out = Path(out_dir).expanduser().resolve()
    _empty_folder(out, "backup folder")
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    password = (data / PASSWORD_FILE).read_text(encoding="utf-8").strip()
    dumps = {}
    for name in DATABASES:
        dumps[name] = f"{name}.dump"
        _pg_program(
            Path(record["bin_dir"]), "pg_dump",
            ["-Fc", "-h", HOST, "-p", str(record["port"]), "-U", record["user"], "-d", name,
             "-f", str(out / dumps[name])],
            password, f"dumping the database {name!r}",
        )  # fmt: skip
    shutil.copytree(data, out / FILES_DIR, ignore=lambda d, n: _skipped(d, n, str(data)))
    manifest = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "data_dir": str(data),
        "databases": dumps,
        "files": FILES_DIR,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _read_manifest(backup: Path) -> dict:
    try:
        manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise StackError(
            f"{backup} is not a backup of ls-thematic: {backup / MANIFEST} cannot be read ({err})."
        ) from None
    missing = [n for n in DATABASES if not (backup / manifest["databases"].get(n, "?")).is_file()]
    if missing:
        raise StackError(f"The backup {backup} lacks the dump of {', '.join(missing)}.")
    return manifest


def restore_backup(backup_dir: Path, data_dir: Path) -> dict:
    """Restore a :func:`save_backup` folder into a new data folder, ready for ``up --team``.

    The files are copied into ``data_dir``, a new cluster is made there (with the saved role
    password), both databases are created empty and filled by ``pg_restore --no-owner
    --exit-on-error --single-transaction``, and the server is stopped again.

    Returns
    -------
    dict
        ``{"data_dir", "databases", "from"}``.

    Raises
    ------
    StackError
        If ``data_dir`` is not empty, the backup is incomplete, or pg_restore fails (that
        database is then left empty: the restore runs in one transaction).
    """
    backup = Path(backup_dir).expanduser().resolve()
    manifest = _read_manifest(backup)
    data = Path(data_dir).expanduser().resolve()
    _empty_folder(data, "data folder to restore into")
    shutil.copytree(backup / manifest["files"], data, dirs_exist_ok=True)
    data.chmod(0o700)
    server = start_postgres(data)
    try:
        for name in DATABASES:
            ensure_database(server, name)
            _pg_program(
                server.bin_dir, "pg_restore",
                ["--no-owner", "--exit-on-error", "--single-transaction", "-h", HOST,
                 "-p", str(server.port), "-U", server.user, "-d", name,
                 str(backup / manifest["databases"][name])],
                server.password, f"restoring the database {name!r}",
            )  # fmt: skip
    finally:
        stop_postgres(data)
    return {"data_dir": str(data), "databases": list(DATABASES), "from": str(backup)}
