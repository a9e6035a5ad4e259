"""Reviewing suggestions in the coding screen, as a researcher does it, and what the save keeps.

`make up` (on a temporary data folder and free ports, the fixture of ``test_browser.py``) starts
Label Studio with the demo project and the suggestion backend. Headless chromium logs in, opens
a transcript and finds the backend's suggestions pre-filled as regions. The coder deletes the
first suggested region, codes a span by hand (pick a code, select the text), writes a memo for it
in the memo box of the region panel, and submits. Then, through label-studio-sdk and on disk:

- the saved annotation gives each region its ``origin``: the kept suggestions ``prediction``, the
  span coded by hand ``manual``, and the deleted suggestion is gone;
- the memo is saved verbatim, on the region coded by hand;
- the backend learned from the save: it refitted on those segments, and its store under
  ``MODEL_DIR`` (``<data>/models/<project>/``) keeps each segment's origin, which the fit weighs
  (an accepted suggestion counts ``ACCEPTED_SUGGESTION_WEIGHT``);
- `ls-thematic pull` then `ls-thematic report` write the memo verbatim in
  ``tables/segments.csv``.

Screenshots: the coding screen with a suggestion's note (``docs/screenshot-review-suggestions.png``),
the region panel with the memo (``docs/screenshot-review-memo.png``) and the Data Manager
(``docs/screenshot-review-datamanager.png``).

The selectors lean on what a user sees, not on layout: a suggested region is a highlight
(``.htx-highlight``, its result id in its class), a code is a ``.lsf-label`` with that text, the
memo box is found by its placeholder ("Memo:...") in the selected region's entry of the Regions
panel (``[role=treeitem].lsf-tree-treenode-selected``) or, without one there, the only memo box
on the screen; buttons by their accessible names ("Delete selected region", "Submit current
annotation").
"""

from __future__ import annotations

import csv
import json
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ls_thematic.backend.config import Settings
from ls_thematic.backend.store import JOURNAL, SNAPSHOT, Segment
from ls_thematic.label_config import lsexport
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.demo import DEMO_USER, read_credentials

from .conftest import REPO
from .test_browser import CHROMIUM_ARGS, chromium_path, demo  # noqa: F401 (demo: the fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DOCS = REPO / "docs"
SHOT_SUGGESTIONS = DOCS / "screenshot-review-suggestions.png"
SHOT_MEMO = DOCS / "screenshot-review-memo.png"
SHOT_DATAMANAGER = DOCS / "screenshot-review-datamanager.png"
PARTICIPANT = "P8"
#: A sentence of P8's that the backend does not suggest (introductions stay uncoded).
HAND_CODED = "Yes, a lot of them. A good part of my caseload is on methadone and diazepam."
HAND_CODE = "Psychology"
#: Quotes, an ampersand and a comma: the memo must come back verbatim, not escaped or split.
MEMO = "Hand-coded: caseload “mostly methadone & diazepam”, to revisit with P4 (memo 7f3a)."
#: Generous: on two busy cores the first prediction (encoder load and cold fit) took 2-3 min.
SLOW = 360_000

# The text offsets of the character range of ``target`` in an element: where to press and
# release the mouse to select it as a coder does.
_SELECTION_JS = """(el, target) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = n.data.indexOf(target);
    if (i < 0) continue;
    const r = document.createRange();
    r.setStart(n, i); r.setEnd(n, i + 1);
    const a = r.getBoundingClientRect();
    r.setStart(n, i + target.length - 1); r.setEnd(n, i + target.length);
    const b = r.getBoundingClientRect();
    return {x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2};
  }
  return null;
}"""


class Timer:
    """Wall-clock marks of the slow steps, printed at the end (run with -s to see them)."""

    def __init__(self):
        self.start = self.last = time.monotonic()
        self.marks: list[str] = []

    def mark(self, what: str) -> None:
        now = time.monotonic()
        self.marks.append(f"{what}: {now - self.last:.1f} s")
        self.last = now


def wait_for(what: str, probe, timeout: float, every: float = 1.0):
    """``probe()``'s first truthy value, polled until ``timeout`` seconds; fails naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}", pytrace=False)
        time.sleep(every)


def region_id(highlight) -> str:
    """The result id of a highlighted region (Label Studio's class ``htx-highlight-<id>-<n>``)."""
    classes = highlight.get_attribute("class")
    found = re.search(r"htx-highlight-(\S+)-\d+(?:\s|$)", classes)
    assert found, f"no region id in the highlight's classes: {classes!r}"
    return found.group(1)


def log_in(page, demo_env) -> None:
    page.goto(f"{demo_env['url']}/user/login/")
    page.fill("input[name=email]", DEMO_USER)
    page.fill("input[name=password]", read_credentials(demo_env["data"]).password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/user/login" not in url, timeout=SLOW)


def delete_first_suggestion(page) -> str:
    """Select the first highlighted region, screenshot its note, delete it; returns its id."""
    first = page.locator(".htx-highlight").first
    deleted = region_id(first)
    first.scroll_into_view_if_needed()
    first.click()
    page.locator("text=/^Suggested: /").first.wait_for(timeout=30_000)
    page.screenshot(path=str(SHOT_SUGGESTIONS))
    page.get_by_role("button", name="Delete selected region").click()
    page.locator(f"[class*='htx-highlight-{deleted}-']").first.wait_for(
        state="detached", timeout=30_000
    )
    return deleted


def code_by_hand(page, code: str, target: str):
    """Pick ``code`` (and no other) in the codebook, then select ``target`` with the mouse."""
    selected = page.locator(".lsf-label_selected")
    while selected.count():  # a deleted region leaves its codes picked
        selected.first.click()
    label = page.locator(
        ".lsf-label", has=page.locator(".lsf-label__text", has_text=re.compile(f"^{code}$"))
    )
    label.scroll_into_view_if_needed()
    label.click()
    line = page.locator(".lsf-richtext__line", has_text=target)
    assert line.count() == 1, f"{target!r} is on {line.count()} lines of the transcript"
    line.scroll_into_view_if_needed()
    assert not line.locator(".htx-highlight", has_text=target).count(), "already coded"
    box = line.evaluate(_SELECTION_JS, target)
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=10)
    page.mouse.up()
    region = page.locator(".htx-highlight", has_text=target)
    region.first.wait_for(timeout=30_000)
    assert region.count() == 1
    assert region.get_attribute("data-label").split(":", 1)[1] == code
    return region


def write_memo(page, region, memo: str) -> None:
    """Select ``region`` and write ``memo`` in its memo box (the region panel's, by placeholder)."""
    region.click()
    entry = page.locator("[role=treeitem].lsf-tree-treenode-selected")
    entry.first.wait_for(timeout=30_000)
    in_panel = entry.get_by_placeholder("Memo:")
    if in_panel.count():  # displayMode="region-list": Enter saves the memo
        in_panel.first.fill(memo)
        in_panel.first.press("Enter")
    else:  # the memo box under the text: its Add button saves it
        boxes = page.get_by_placeholder("Memo:")
        assert boxes.count() == 1, f"{boxes.count()} memo boxes and none in the region panel"
        boxes.fill(memo)
        page.locator("form", has=boxes).get_by_role("button", name="Add").click()
    # The saved memo shows in the region's details (Info panel) and stays in the region panel.
    page.locator(".lsf-detailed-region", has_text=memo).first.wait_for(timeout=30_000)
    page.screenshot(path=str(SHOT_MEMO))


def stored_segments(folder: Path, annotation_id: int) -> list[dict]:
    """The backend store's segments of one annotation: the snapshot, then the journal replayed."""
    key = str(annotation_id)
    segments, seq = None, 0
    if (folder / SNAPSHOT).exists():
        snapshot = json.loads((folder / SNAPSHOT).read_text(encoding="utf-8"))
        segments, seq = snapshot["annotations"].get(key), snapshot["seq"]
    if (folder / JOURNAL).exists():
        for line in (folder / JOURNAL).read_text(encoding="utf-8").split("\n"):
            change = json.loads(line) if line.strip() else {}
            if change.get("seq", 0) <= seq:
                continue
            if change["op"] == "replace" and change["annotation"] == key:
                segments = change["segments"]
            elif change["op"] == "remove" and key in change["annotations"]:
                segments = None
    return segments or []


def run_cli(demo_env, *args):
    env = {"LABEL_STUDIO_URL": demo_env["url"], "LABEL_STUDIO_API_KEY": demo_env["api_key"]}
    result = CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def drive_the_review(page, demo_env, task_id: int, timer: Timer) -> dict:
    """Open the task, check the pre-filled regions, review them, code by hand, memo, submit."""
    page.goto(f"{demo_env['url']}/projects/{demo_env['project']}/data?task={task_id}")
    page.locator(".lsf-richtext__line", has_text=HAND_CODED).wait_for(timeout=SLOW)
    page.wait_for_selector(".htx-highlight", timeout=SLOW)
    time.sleep(1.0)  # let every region render
    timer.mark("task open with its pre-filled suggestions")
    highlights = page.locator(".htx-highlight")
    shown = {region_id(highlights.nth(i)) for i in range(highlights.count())}
    deleted = delete_first_suggestion(page)
    region = code_by_hand(page, HAND_CODE, HAND_CODED)
    write_memo(page, region, MEMO)
    timer.mark("deleted a suggestion, coded a span, wrote its memo")
    page.get_by_role("button", name="Submit current annotation").click()
    return {"shown": shown, "deleted": deleted}


def check_prefill(client, task, shown: set[str]) -> dict[str, dict]:
    """The pre-filled regions are the prediction's, at most MAX_PREFILL_PER_UNIT per turn."""
    predictions = client.predictions.list(task=task.id)
    assert predictions, "the opened task has no saved prediction"
    predicted = {r["id"]: r for p in predictions for r in p.result if r.get("type") == "labels"}
    assert shown == set(predicted), (shown, set(predicted))
    assert len(shown) >= 2, f"the test needs 2 pre-filled suggestions (1 kept, 1 deleted): {shown}"
    # Pre-fill above the precision target only, at most a few per turn [the pre-fill work]:
    # counted per line of the text (a turn is one line or more), so never more than per turn.
    per_line: dict[int, int] = {}
    for r in predicted.values():
        line = task.data["text"].count("\n", 0, r["value"]["start"])
        per_line[line] = per_line.get(line, 0) + 1
    cap = Settings().max_prefill_per_unit
    assert max(per_line.values()) <= cap, f"more than {cap} pre-filled in one turn: {per_line}"
    return predicted


def check_saved_annotation(annotation, predicted: dict[str, dict], deleted: str) -> str:
    """Origins and the memo of the saved annotation; returns the hand-coded region's id."""
    labels = {r["id"]: r for r in annotation.result if r["type"] == "labels"}
    memos = {r["id"]: r for r in annotation.result if r["type"] == "textarea"}
    assert deleted not in labels, "the deleted suggestion was saved"
    kept = set(predicted) - {deleted}
    assert kept <= set(labels), f"kept suggestions missing: {kept - set(labels)}"
    for rid in kept:
        assert labels[rid]["origin"] == lsexport.ACCEPTED, labels[rid]
        assert lsexport.origin_of(labels[rid]) == lsexport.ACCEPTED
    (manual,) = set(labels) - kept
    assert labels[manual]["origin"] == lsexport.MANUAL, labels[manual]
    assert labels[manual]["value"]["labels"] == [HAND_CODE]
    assert labels[manual]["value"]["text"] == HAND_CODED
    assert set(memos) == {manual}, f"memos on {set(memos)}, expected only on {manual}"
    assert memos[manual]["value"]["text"] == [MEMO], memos[manual]["value"]
    return manual


def check_backend_learned(demo_env, annotation, n_segments: int) -> None:
    """The backend refitted on the save, and its store keeps each segment's origin."""
    log = demo_env["data"] / "backend.log"
    fitted = re.compile(rf"fitted \S+ on {n_segments} segments")
    wait_for(
        f"the backend's refit on {n_segments} segments in {log}",
        lambda: fitted.search(log.read_text(errors="replace")),
        timeout=300,
    )
    folder = demo_env["data"] / "models" / str(demo_env["project"])
    stored = stored_segments(folder, annotation.id)
    assert len(stored) == n_segments, stored
    # The origin of each stored segment [the store's origin field, being added].
    origins = {
        (s["start"], s["end"], tuple(s["codes"])): Segment.from_dict(s).origin for s in stored
    }
    want = {
        (r["value"]["start"], r["value"]["end"], tuple(r["value"]["labels"])): r["origin"]
        for r in annotation.result
        if r["type"] == "labels"
    }
    assert origins == want
    assert sorted(want.values()).count(lsexport.MANUAL) == 1
    # The fit weighs an accepted suggestion less than coding by hand [the weighting work].
    assert 0 <= Settings().accepted_suggestion_weight < 1


def check_report_memo(demo_env, tmp_path: Path) -> None:
    """`pull`, then `report`: the memo is in tables/segments.csv verbatim, on its segment."""
    snapshot = tmp_path / "snapshot.json"
    run_cli(demo_env, "pull", "--project", demo_env["project"], "-o", snapshot, "--no-progress")
    out = tmp_path / "write-up"
    run_cli(demo_env, "report", out, "--snapshot", snapshot, "--embedder", "tfidf")
    with (out / "tables" / "segments.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with_memo = [r for r in rows if r["memo"] == MEMO]
    assert [(r["text"], r["code"]) for r in with_memo] == [(HAND_CODED, HAND_CODE)], with_memo
    assert not [r for r in rows if MEMO in r["memo"] and r["memo"] != MEMO]
    # The report tells the coder's own coding from accepted suggestions [the origin work].
    assert with_memo[0]["origin"] == lsexport.MANUAL
    assert {r["origin"] for r in rows} == {lsexport.MANUAL, lsexport.ACCEPTED}


def test_review_suggestions_code_memo_and_submit(demo, tmp_path):  # noqa: F811
    executable = chromium_path()
    from label_studio_sdk import LabelStudio
    from playwright.sync_api import sync_playwright

    timer = Timer()
    client = LabelStudio(base_url=demo["url"], api_key=demo["api_key"])
    tasks = {
        t.data["participant"]: t for t in client.tasks.list(project=demo["project"], fields="all")
    }
    task = tasks[PARTICIPANT]
    assert not client.annotations.list(id=task.id), "the demo task should start uncoded"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(60_000)
            log_in(page, demo)
            timer.mark("logged in")
            review = drive_the_review(page, demo, task.id, timer)
            annotation = wait_for(
                "the submitted annotation", lambda: client.annotations.list(id=task.id), 120
            )[0]
            timer.mark("submitted")
            page.goto(f"{demo['url']}/projects/{demo['project']}/data")
            page.locator(".lsf-table-row, [class*=table-row]").first.wait_for(timeout=SLOW)
            time.sleep(1.0)
            page.screenshot(path=str(SHOT_DATAMANAGER))
        finally:
            browser.close()
    predicted = check_prefill(client, task, review["shown"])
    check_saved_annotation(annotation, predicted, review["deleted"])
    check_backend_learned(demo, annotation, n_segments=len(predicted))
    timer.mark("backend refitted")
    check_report_memo(demo, tmp_path)
    timer.mark("pull and report")
    print("\n".join(timer.marks))
    for shot in (SHOT_SUGGESTIONS, SHOT_MEMO, SHOT_DATAMANAGER):
        assert shot.stat().st_size > 30_000, shot
