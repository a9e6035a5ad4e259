"""The suggestion log and the embedding cache that the workers of a team server share
(``BACKEND_DATABASE_URL``, :mod:`ls_thematic.backend.pgshared`; issue 14).

Two apps on one database play two gunicorn workers (or two hosts); clearing the process's
embedding caches between them plays a second process, whose own cache starts empty.
"""

from __future__ import annotations

import numpy as np
import pytest

from ls_thematic.backend import encoders, pgstore
from ls_thematic.backend.encoders import EmbeddingCache, FakeEncoder, get_encoder, text_key
from ls_thematic.backend.pgshared import PgEmbeddings, PgSuggestionLog
from ls_thematic.backend.store import StoreError

from .helpers import make_settings, make_task, post_event, predict, registry
from .test_workers import money_event

PROJECT = "1.1700000000"


def rows(url: str, sql: str, *args) -> list[tuple]:
    with pgstore.database(url).transaction() as conn:
        return conn.execute(sql, args).fetchall()


def fresh_process_caches() -> None:
    """Forget every vector this process holds, as a new worker process starts."""
    encoders._CACHES.clear()


def two_workers(make_app, tmp_path, database_url, **settings):
    fresh_process_caches()  # what an earlier test embedded is not in the database
    settings = make_settings(tmp_path, database_url=database_url, **settings)
    return make_app(settings), make_app(settings)


# ------------------------------------------------------------------ the suggestion log


def test_two_workers_write_one_log_with_one_salt(make_app, database_url, tmp_path, label_config):
    first, second = two_workers(make_app, tmp_path, database_url, withhold_fraction=0.3)
    one, two = first.test_client(), second.test_client()
    post_event(one, money_event(41, label_config))
    predict(one, label_config, [make_task(6, participant="P8")])
    predict(two, label_config, [make_task(7, participant="P9")])
    logs = [c.get("/suggestions", query_string={"project": 1}).json for c in (one, two)]
    assert logs[0] == logs[1]  # each worker reads everything either one logged
    entries = logs[0]["entries"]
    assert {e["task"] for e in entries} == {6, 7}
    per_task = {
        t: sorted((e["start"], e["end"]) for e in entries if e["task"] == t) for t in (6, 7)
    }
    assert per_task[6] == per_task[7] and per_task[6]  # one transcript, its units logged twice
    # One salt, so a unit is withheld whichever worker answers: tasks 6 and 7 have the same
    # text, but the draw includes the task id; each worker's own draw agrees with the log.
    assert logs[0]["salt"] == rows(database_url, "SELECT salt FROM ls_thematic_projects")[0][0]
    for app in (first, second):
        log = registry(app).get(PROJECT).suggestions
        for e in entries:
            held = log.withheld(e["task"], e["start"], e["end"], 0.3)
            assert held == (e["why"] == "withheld")
    assert 0 < sum(e["why"] == "withheld" for e in entries) < len(entries)
    # Nothing of it is in the folders.
    assert not list((tmp_path / "models").rglob("suggestions.*"))


def test_a_deleted_task_leaves_no_log_entry_and_no_vector(
    make_app, database_url, tmp_path, label_config
):
    app, _ = two_workers(make_app, tmp_path, database_url)
    client = app.test_client()
    post_event(client, money_event(41, label_config))
    other = make_task(7, text="We talked about sleep and the night shifts, which were hard.")
    predict(client, label_config, [make_task(6, participant="P8"), other])
    count = "SELECT task, count(*) FROM {} GROUP BY task ORDER BY task NULLS FIRST"
    before = dict(rows(database_url, count.format("ls_thematic_embeddings")))
    assert before.keys() >= {5, 6, 7} and all(before[t] > 0 for t in (5, 6, 7))
    assert dict(rows(database_url, count.format("ls_thematic_suggestions"))).keys() == {6, 7}
    answer = post_event(
        client, {"action": "TASKS_DELETED", "tasks": [{"id": 7}], "project": {"id": 1}}
    )
    assert answer["status"] == "ok"
    after = dict(rows(database_url, count.format("ls_thematic_embeddings")))
    assert 7 not in after and after[6] == before[6] and after[5] == before[5]
    assert dict(rows(database_url, count.format("ls_thematic_suggestions"))).keys() == {6}
    post_event(client, {"action": "PROJECT_DELETED", "project": {"id": 1}})
    for table in ("ls_thematic_embeddings", "ls_thematic_suggestions", "ls_thematic_projects"):
        assert rows(database_url, f"SELECT count(*) FROM {table}") == [(0,)], table


def test_a_salt_changed_by_hand_is_refused(database_url):
    db = pgstore.database(database_url)
    with db.transaction() as conn:
        conn.execute("INSERT INTO ls_thematic_projects (project, salt) VALUES ('3', 'x; drop')")
    with pytest.raises(StoreError, match=r"salt of project 3 .* not a hex salt .*Set it to NULL"):
        PgSuggestionLog(db, "3").salt()


def test_a_log_row_changed_by_hand_is_skipped(database_url):
    log = PgSuggestionLog(pgstore.database(database_url), "3")
    log.record_blind([8, 9], model_version="v", encoder="fake")
    with pgstore.database(database_url).transaction() as conn:
        conn.execute("UPDATE ls_thematic_suggestions SET entry = '{' WHERE task = 8")
    assert [(e["task"], e["why"]) for e in log.entries()] == [(9, "blind")]
    assert log.tasks() == {8: True, 9: True} and log.blind_tasks() == {8, 9}
    assert log.forget_tasks([8, 10]) == 1 and log.tasks() == {9: True}


# ------------------------------------------------------------------ the embedding cache


def test_a_transcript_embedded_by_one_worker_is_not_embedded_again_by_another(
    make_app, database_url, tmp_path, label_config
):
    first, second = two_workers(make_app, tmp_path, database_url)
    post_event(first.test_client(), money_event(41, label_config))
    expected = predict(first.test_client(), label_config)["results"]
    encoder = get_encoder("fake")
    fresh_process_caches()
    encoded = encoder.texts_encoded
    assert predict(second.test_client(), label_config)["results"] == expected
    assert encoder.texts_encoded == encoded  # the fit and the transcript: all from the database


def test_without_the_database_a_new_process_embeds_again(make_app, tmp_path, label_config):
    # The control of the test above: the folder store shares nothing between processes.
    client = make_app(make_settings(tmp_path)).test_client()
    post_event(client, money_event(41, label_config))
    predict(client, label_config)
    encoder = get_encoder("fake")
    fresh_process_caches()
    registry(client.application).get(PROJECT)._fitted = None  # a new process fits again
    encoded = encoder.texts_encoded
    predict(client, label_config)
    assert encoder.texts_encoded > encoded


def test_stored_vectors_come_back_by_value_for_their_encoder_only(database_url):
    db = pgstore.database(database_url)
    texts = ["first text", "second text", "third text"]
    keys = [text_key(t) for t in texts]
    vectors = FakeEncoder(16).encode(texts)
    origin = {keys[0]: 5, keys[1]: 6}
    store = PgEmbeddings(db, "3", "fake:16", lambda: origin)
    store.keep(keys, vectors)
    store.keep(keys[:1], vectors[1:2])  # another worker's copy of a stored text changes nothing
    found = store.fetch(keys + ["0" * 40])
    assert sorted(found) == sorted(keys)
    for key, vector in zip(keys, vectors, strict=True):
        np.testing.assert_array_equal(found[key], vector)
    assert PgEmbeddings(db, "3", "minilm").fetch(keys) == {}
    assert PgEmbeddings(db, "4", "fake:16").fetch(keys) == {}  # another project's
    tasks = rows(database_url, "SELECT key, task FROM ls_thematic_embeddings ORDER BY task")
    assert tasks == [(keys[0], 5), (keys[1], 6), (keys[2], None)]
    assert store.forget_tasks([6]) == 1 and sorted(store.fetch(keys)) == sorted([keys[0], keys[2]])


def test_a_cache_takes_only_the_vectors_it_lacks_from_the_shared_store(database_url):
    encoder = FakeEncoder(16)
    texts = ["alpha beta", "gamma delta", "epsilon zeta"]
    shared = PgEmbeddings(pgstore.database(database_url), "3", "fake:16")
    with encoders.shared_embeddings(shared):
        first = EmbeddingCache(encoder).embed(texts[:2])
        assert encoder.texts_encoded == 2
        second = EmbeddingCache(encoder).embed(texts)  # a new process: two from the database
    assert encoder.texts_encoded == 3
    np.testing.assert_array_equal(second, encoder.encode(texts))
    np.testing.assert_array_equal(second[:2], first)
    EmbeddingCache(encoder).embed(["eta theta"])  # outside: nothing is stored
    assert len(shared.fetch([text_key("eta theta")])) == 0


def test_vectors_of_another_length_are_refused_with_the_way_out(database_url):
    shared = PgEmbeddings(pgstore.database(database_url), "3", "fake")
    shared.keep([text_key("alpha beta")], FakeEncoder(8).encode(["alpha beta"]))
    cache = EmbeddingCache(FakeEncoder(16))
    with encoders.shared_embeddings(shared):
        with pytest.raises(ValueError, match=r"lengths \[8, 16\].*Delete the project's rows"):
            cache.embed(["alpha beta", "gamma delta"])
