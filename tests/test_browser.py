"""The suggestions as a researcher sees them: `make up`, then headless chromium in Label Studio.

`make up` (on a temporary data folder and free ports) starts Label Studio with the demo project
and the suggestion backend, connected. The browser logs in as the demo user, opens a demo
transcript nobody has coded, and must see the backend's suggested regions highlighted in the
text, each with its code from the codebook, and a region's "why" note in its details. The
screenshot goes to ``docs/screenshot-suggestions.png``. `make down` stops what `make up` started.

Playwright drives Debian's chromium (``/usr/bin/chromium``, ``make browser`` installs it):
Playwright's own browser download does not work offline. Without chromium this test fails and
says how to install it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from ls_thematic.scripts.demo import DEMO_USER, read_credentials
from ls_thematic.scripts.lsserver import free_port

from .conftest import REPO

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SCREENSHOT = REPO / "docs" / "screenshot-suggestions.png"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
PARTICIPANT = "P8"  # the demo transcript the test opens
INTRODUCTION = "I’m a mental health nurse."


def chromium_path() -> str:
    """Debian's chromium; fails with the way to install it (never a silent skip)."""
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        pytest.fail(
            "The browser test needs Debian's chromium and found none (not on PATH, no "
            "/usr/bin/chromium). Install it with `make browser` (as root) or "
            "`sudo apt-get install chromium`; Playwright's own browser download does not work "
            "offline.",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """`make up` on a temporary data folder and free ports; `make down` afterwards."""
    data = tmp_path_factory.mktemp("make-up")
    port, backend_port = free_port(), free_port()
    while backend_port == port:
        backend_port = free_port()
    command = ["make", "-s", "up", f"DATA={data}", f"PORT={port}", f"BACKEND_PORT={backend_port}"]
    up = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    try:
        assert up.returncode == 0, f"`{' '.join(command)}` failed:\n{up.stdout}\n{up.stderr}"
        url = re.search(r"Label Studio (?:started|is already running): (\S+)", up.stdout).group(1)
        project = int(re.search(r"demo project: \S+/projects/(\d+)/", up.stdout).group(1))
        api_key = re.search(r"API token: (\S+)", up.stdout).group(1)
        assert f"suggestion backend: http://127.0.0.1:{backend_port} (connected)" in up.stdout
        yield {"url": url, "project": project, "api_key": api_key, "data": data}
    finally:
        down = subprocess.run(
            ["make", "-s", "down", f"DATA={data}"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert down.returncode == 0, down.stdout + down.stderr
        if up.returncode == 0:
            assert "backend" in down.stdout and "Label Studio" in down.stdout, down.stdout


def test_suggested_regions_show_in_the_labelling_ui(demo):
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "The browser test needs Playwright: `.venv/bin/pip install -e '.[dev]'`.",
            pytrace=False,
        )
    from label_studio_sdk import LabelStudio

    client = LabelStudio(base_url=demo["url"], api_key=demo["api_key"])
    tasks = {
        t.data["participant"]: t for t in client.tasks.list(project=demo["project"], fields="all")
    }
    task = tasks[PARTICIPANT]
    assert not client.predictions.list(task=task.id), "the demo task should start unpredicted"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(f"{demo['url']}/user/login/")
            page.fill("input[name=email]", DEMO_USER)
            page.fill("input[name=password]", read_credentials(demo["data"]).password)
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/user/login" not in url, timeout=30_000)

            # Opening the task makes Label Studio ask the backend (cold start: the codebook).
            page.goto(f"{demo['url']}/projects/{demo['project']}/data?task={task.id}")
            page.wait_for_selector(".htx-highlight", timeout=120_000)
            time.sleep(1.0)  # let every region render
            highlights = page.locator(".htx-highlight")
            shown = [highlights.nth(i).inner_text() for i in range(highlights.count())]

            # The page may fetch the task twice at once, and Label Studio then asks the backend
            # twice and saves both answers: the same model version gives the same regions.
            predictions = client.predictions.list(task=task.id)
            assert predictions, "the opened task has no saved prediction"
            prediction = predictions[0]
            for other in predictions[1:]:
                assert other.model_version == prediction.model_version
                assert other.result == prediction.result
            predicted = [r["value"]["text"] for r in prediction.result]
            # Only suggestions above their code's precision target are pre-filled (two or
            # more on P8 from the codebook alone); the others are named in the notes.
            assert len(predicted) >= 2, predicted
            # Every suggested region is highlighted (a region over several sentences may be
            # drawn as several highlights), and nothing else is.
            joined = " ".join(" ".join(t.split()) for t in shown)
            for text in predicted:
                assert " ".join(text.split())[:60] in joined, f"not highlighted: {text[:60]!r}"
            for text in shown:
                assert any(" ".join(text.split()) in " ".join(p.split()) for p in predicted), text
            assert not any(INTRODUCTION in text for text in shown), "introductions stay uncoded"

            # Clicking a suggested region shows its code, its score and its "why" note.
            first = prediction.result[0]
            code, score = first["value"]["labels"][0], first["score"]
            region = page.locator(".htx-highlight", has_text=first["value"]["text"][:40]).first
            region.scroll_into_view_if_needed()
            region.click()
            note = page.locator(f"text=/Suggested: {re.escape(code)} \\({score:.2f}\\)/")
            note.first.wait_for(timeout=10_000)
            page.screenshot(path=str(SCREENSHOT))
        finally:
            browser.close()
    assert SCREENSHOT.stat().st_size > 50_000
