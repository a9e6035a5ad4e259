"""The segments in PostgreSQL (backend/pgstore.py): what several workers on one database see.

Each test gets an empty database of the session's server (``database_url`` in conftest.py);
two :class:`PgSegmentStore` objects on one project play two gunicorn workers. The contract
shared with the folder store is tested on both in test_store*.py (``make_store``).
"""

from __future__ import annotations

import threading

import psycopg
import pytest

from ls_thematic.backend import pgstore
from ls_thematic.backend.config import Settings
from ls_thematic.backend.pgstore import Database, PgSegmentStore
from ls_thematic.backend.store import REBUILD_PENDING, Segment, StoreError
from ls_thematic.backend.stores import forget_project, open_store, pending_rebuilds


@pytest.fixture
def workers(database_url, tmp_path):
    """``workers(n)``: n stores of the project ``"1"``, as n workers would open it."""
    db = pgstore.database(database_url)
    return lambda n=2: [PgSegmentStore(db, "1", tmp_path / "1") for _ in range(n)]


def test_a_change_through_one_worker_is_seen_by_the_other(workers):
    a, b = workers()
    assert b.digest_and_size()[1] == 0
    assert a.replace(10, [Segment("It costs a lot.", ("Money",), task=3)])
    assert [s.text for s in b.segments()] == ["It costs a lot."]
    assert b.digest() == a.digest()
    assert not b.replace(10, [Segment("It costs a lot.", ("Money",), task=3)])  # no change
    assert b.replace(11, [Segment("I lie awake.", ("Sleep",), task=4, start=20, end=32)])
    assert a.remove([10, 99]) == ["10"]
    assert b.annotation_ids == a.annotation_ids == ["11"]
    assert b.remove([10]) == []  # already gone, through the other worker
    assert a.revision == b.revision == 3
    assert a.annotations_of_tasks([4]) == b.annotations_of_tasks([4]) == ["11"]
    assert a.spans_of_task(4) == [(20, 32)] and a.spans_of_task(3) == []


def test_the_digest_is_the_folder_stores(workers, tmp_path):
    (a, _) = workers()
    folder = open_store(Settings(model_dir=tmp_path, encoder="fake"), tmp_path / "folder")
    for store in (a, folder):
        store.replace(2, [Segment("Ça va.", ("Family",), speaker="participant")])
        store.replace(1, [Segment("It costs a lot.", ("Money",), origin="prediction")])
        store.remove([2])
    assert a.digest_and_size() == folder.digest_and_size()
    assert a.segments() == folder.segments()


def test_a_rebuild_keeps_what_another_worker_received_while_it_pulled(workers):
    a, b = workers()
    a.replace(1, [Segment("kept as pulled", ("Money",))])
    a.replace(2, [Segment("gone after the pull", ("Sleep",))])
    a.begin_rebuild()
    b.replace(7, [Segment("new while pulling", ("Money",))])
    b.remove([8])  # not known yet: the pull must not bring it back
    b.replace(1, [Segment("edited while pulling", ("Money",))])
    assert a.rebuild(
        {
            1: [Segment("kept as pulled", ("Money",))],
            8: [Segment("deleted while pulling", ("Sleep",))],
            9: [Segment("pulled", ("Family",))],
        }
    )
    expected = {"1": "edited while pulling", "7": "new while pulling", "9": "pulled"}
    for store in (a, b):
        assert {k: s.text for k in store.annotation_ids for s in _of(store, k)} == expected
    a.begin_rebuild()
    assert not a.rebuild({k: _of(a, k) for k in a.annotation_ids})  # nothing changed


def test_an_aborted_rebuild_lets_removals_of_unknown_ids_go(workers):
    a, b = workers()
    a.begin_rebuild()
    a.abort_rebuild()
    assert b.remove([5]) == []
    assert a.revision == 0  # nothing written: no rebuild was pulling


def test_every_character_the_backend_accepts_round_trips(workers):
    a, b = workers()
    text = 'nul \x00, separators \u2028\u2029\u0085, quote " and \\ end'
    segment = Segment(text, ("Money", "Ça"), speaker="P\x00", previous=("é before",))
    assert a.replace('id \x00 "x"', [segment])
    assert b.segments() == [segment]
    assert b.annotation_ids == ['id \x00 "x"']
    assert b.remove(['id \x00 "x"']) == ['id \x00 "x"']


def test_an_empty_annotation_is_kept_like_the_folder_store_does(workers):
    a, b = workers()
    assert a.replace(3, [])
    assert b.has_annotation(3) and len(b) == 0
    assert not b.replace(3, [])


def test_a_deleted_project_starts_afresh_in_every_worker(workers, database_url, tmp_path):
    a, b = workers()
    a.replace(1, [Segment("before the deletion", ("Money",))])
    assert len(b) == 1
    forget_project(Settings(model_dir=tmp_path, encoder="fake", database_url=database_url), "1")
    assert len(a) == len(b) == 0 and b.revision == 0
    b.replace(2, [Segment("a new project", ("Sleep",))])
    assert [s.text for s in a.segments()] == ["a new project"]


def test_a_worker_that_missed_a_deletion_drops_the_old_projects_segments(
    workers, database_url, tmp_path
):
    settings = Settings(model_dir=tmp_path, encoder="fake", database_url=database_url)
    a, stale = workers()
    stale.replace(1, [Segment("the old project", ("Money",))])
    stale.replace(2, [Segment("the old project too", ("Money",))])
    assert stale.revision == 2
    forget_project(settings, "1")  # the project is deleted and made again under the same key
    (fresh,) = workers(1)
    for annotation in (5, 6, 7):  # past the stale worker's revision
        fresh.replace(annotation, [Segment(f"new {annotation}", ("Sleep",))])
    assert stale.annotation_ids == ["5", "6", "7"]
    assert stale.digest_and_size() == fresh.digest_and_size()
    del a


def test_a_write_by_a_worker_that_missed_a_deletion_does_not_mix_the_projects(
    workers, database_url, tmp_path
):
    settings = Settings(model_dir=tmp_path, encoder="fake", database_url=database_url)
    (stale,) = workers(1)
    stale.replace(1, [Segment("the old project", ("Money",))])
    forget_project(settings, "1")
    (fresh,) = workers(1)
    fresh.replace(5, [Segment("the new project", ("Sleep",))])  # at the same revision, 1
    stale.replace(6, [Segment("written by the stale worker", ("Sleep",))])
    assert stale.annotation_ids == fresh.annotation_ids == ["5", "6"]


def test_the_start_training_marker_is_seen_by_every_worker(workers, database_url, tmp_path):
    a, b = workers()
    assert not b.rebuild_pending()
    a.mark_rebuild_pending()
    assert b.rebuild_pending() and not (tmp_path / "1" / REBUILD_PENDING).exists()
    settings = Settings(
        model_dir=tmp_path / "another-host", encoder="fake", database_url=database_url
    )
    assert pending_rebuilds(settings) == ["1"]
    b.clear_rebuild_pending()
    assert not a.rebuild_pending() and pending_rebuilds(settings) == []


def test_one_refit_of_a_project_at_a_time_across_workers(workers, database_url, tmp_path):
    a, b = workers()
    other = PgSegmentStore(pgstore.database(database_url), "2", tmp_path / "2")
    entered = threading.Event()
    with a.refit_lock():
        waiter = threading.Thread(target=lambda: _enter_then_set(b, entered), daemon=True)
        waiter.start()
        assert not entered.wait(0.5)  # the other worker waits for the project's lock
        with other.refit_lock():  # another project is not held up
            pass
    assert entered.wait(10)
    waiter.join(10)


def test_a_database_that_cannot_be_reached_names_it_without_its_password():
    url = "postgresql://coder:s3cret-pass@127.0.0.1:1/nowhere"
    with pytest.raises(StoreError, match=r"BACKEND_DATABASE_URL=postgresql://coder:\*\*\*@") as e:
        Database(url)
    assert "s3cret-pass" not in str(e.value)
    assert "unset BACKEND_DATABASE_URL" in str(e.value)


def test_a_row_changed_by_hand_is_a_clear_error(workers, database_url):
    a, _ = workers()
    a.replace(1, [Segment("fine", ("Money",))])
    with pgstore.database(database_url).transaction() as conn:
        conn.execute("UPDATE ls_thematic_segments SET segments = '{\"not\": 1}'")
    with pytest.raises(
        StoreError, match=r"annotation '1' of project 1 .* the row is not a JSON list\. .* by hand"
    ):
        workers(1)


def _enter_then_set(store: PgSegmentStore, entered: threading.Event) -> None:
    with store.refit_lock():
        entered.set()


def _of(store, key: str) -> list[Segment]:
    return [s for k in [key] for s in store._annotations[k]]


def test_a_worker_starting_while_others_write_takes_no_table_lock(workers, database_url):
    # found by the crash test with -w 2: a restarted worker's schema DDL ("ADD COLUMN IF NOT
    # EXISTS" locks the table even when the column exists) deadlocked with a serving worker
    first, _ = workers()
    assert first.replace(7, [Segment("It costs a lot.", ("Money",), task=3)])
    serving = psycopg.connect(database_url, autocommit=False)
    try:
        serving.execute("UPDATE ls_thematic_projects SET revision = revision WHERE project = '1'")
        started: list = []
        worker = threading.Thread(target=lambda: started.append(Database(database_url)))
        worker.start()
        worker.join(timeout=10)
        assert started, "a new worker waited for a serving worker's transaction"
    finally:
        serving.rollback()
        serving.close()
