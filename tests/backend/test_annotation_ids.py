"""Annotation ids that look like numbers but are not, end to end (issue 9, item 4).

An annotation id "²" passed ``str.isdigit()``; ``int("²")`` then failed, and every ``/predict``
of that project answered 500, across restarts. ``tests/backend/test_store_journal.py`` checks
the store's order of such ids; here they come through ``/webhook`` and the project must still
be predicted, before and after a restart on the same MODEL_DIR.
"""

from __future__ import annotations

import pytest

from .helpers import (
    MONEY_SENTENCE,
    SLEEP_SENTENCES,
    TRANSCRIPT,
    annotation_event,
    make_settings,
    make_task,
    post_event,
    predict,
    registry,
    setup,
    span,
)


@pytest.mark.parametrize("odd_id", ["²", "٣"])
def test_an_id_of_non_ascii_digits_leaves_predict_working_across_a_restart(
    make_app, tmp_path, label_config, odd_id
):
    app = make_app()
    client = app.test_client()
    setup(client, label_config)
    task = make_task()
    for annotation_id, piece, code in [
        (odd_id, MONEY_SENTENCE, "Money"),
        (12, SLEEP_SENTENCES, "Sleep"),
    ]:
        event = annotation_event(
            "ANNOTATION_CREATED", annotation_id, task, [span(TRANSCRIPT, piece, code)], label_config
        )
        assert post_event(client, event)["status"] == "ok"
    assert registry(app).get(1).store.annotation_ids == ["12", odd_id]
    predict(client, label_config)  # a 200 with one result per task, checked by the helper
    registry(app).close()

    again = make_app(make_settings(tmp_path))
    restarted = again.test_client()
    setup(restarted, label_config)
    assert registry(again).get(1).store.annotation_ids == ["12", odd_id]
    predict(restarted, label_config)
    versions = restarted.get("/versions?project=1")
    assert versions.status_code == 200
    assert versions.json["errors"] == []
