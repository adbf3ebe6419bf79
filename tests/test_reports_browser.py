"""The seeds' reports opened in a real browser (headless Chromium, network blocked).

Checks what a reader relies on: every interactive table initialises and states the full row
count, every image has a size, no script error and no failed or outside request. Screenshots of
each page go to `$LIBYA_ANALYSIS_SCREENSHOTS` (default: `screenshots/` in pytest's temporary
directory; the path is printed with `pytest -s`). `LIBYA_ANALYSIS_REPORTS=DIR` checks the reports
already in DIR (e.g. a large corpus's) instead of the seeds'.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium")
        pytest.skip("no chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 900})
        yield context
        context.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    directory = Path(os.environ.get("LIBYA_ANALYSIS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    directory.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {directory}")
    return directory


@pytest.fixture(scope="module")
def reports(request):
    given = os.environ.get("LIBYA_ANALYSIS_REPORTS")
    return Path(given) if given else request.getfixturevalue("seeds_reports")["out"]


def _open(browser, path: Path) -> tuple[object, dict[str, list[str]]]:
    page = browser.new_page()
    seen: dict[str, list[str]] = {"errors": [], "failed": [], "outside": []}
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("console", lambda message: message.type == "error" and seen["errors"].append(message.text))
    page.on("requestfailed", lambda request: seen["failed"].append(request.url))

    def block(route):  # the network is blocked: anything not in the report folder is refused
        seen["outside"].append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(("file:", "data:", "blob:")), block)
    page.goto(path.as_uri(), wait_until="load")
    try:  # every table with rows initialised (DataTables wraps it in .dt-container)
        page.wait_for_function(
            "document.querySelectorAll('.dt-container .dt-info').length >= "
            "Array.from(document.querySelectorAll('.la-table-header')).filter(e => +e.dataset.shown > 0).length",
            timeout=15_000)
    except Exception:  # the assertions below say which table did not
        pass
    return page, seen


def test_index_opens_with_the_corpus_and_links_that_exist(browser, reports, screenshots):
    out = reports
    page, seen = _open(browser, out / "index.html")
    assert not any(seen.values()), seen
    assert "articles" in page.inner_text(".summary")
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert links and all((out / link).exists() for link in links), links
    page.screenshot(path=str(screenshots / "index.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("name", ["01_actor_frequency", "02_casualty_tallies", "03_timeline", "04_topic_clusters"])
def test_report_page_works_offline(browser, reports, screenshots, name):
    page, seen = _open(browser, reports / f"{name}.html")
    assert not seen["errors"], seen["errors"]
    assert not seen["failed"] and not seen["outside"], seen
    headers = page.eval_on_selector_all(
        ".la-table-header", "els => els.map(e => [e.dataset.table, +e.dataset.rows, +e.dataset.shown])")
    assert headers, f"{name} shows at least one interactive table"
    for table_id, rows, shown in headers:
        assert shown <= rows
        if not shown:
            continue
        state = page.evaluate("""id => { const t = document.getElementById(id);
            const box = t && t.closest('.dt-container'); const info = box && box.querySelector('.dt-info');
            return t && [t.classList.contains('dataTable'), info ? info.textContent : null,
                         t.querySelectorAll('tbody tr').length]; }""", table_id)
        assert state and state[0], f"{table_id} was not initialised by DataTables"
        info, visible = state[1], state[2]
        if info is not None:  # longer than a page: DataTables states the count it holds
            assert info.endswith((f"of {shown:,} entries", f"of {shown} entries")), (table_id, info, shown)
        else:  # a table within one page has no pager: every row is there
            assert visible == shown, (table_id, visible, shown)
        header = page.inner_text(f".la-table-header[data-table='{table_id}']")
        assert f"{rows:,} row" in header, header
    sizes = page.eval_on_selector_all("img", "els => els.map(e => [e.naturalWidth, e.getBoundingClientRect().width])")
    assert sizes and all(natural > 0 and shown > 0 for natural, shown in sizes), sizes
    # A table's search box filters its rows.
    searchable = page.locator(".dt-container:has(input[type=search])")
    if searchable.count():
        box = searchable.first
        box.locator("input[type=search]").fill("zzzz-no-such-text")
        page.wait_for_timeout(200)
        assert "0 entries" in box.locator(".dt-info").inner_text() or "filtered" in box.locator(".dt-info").inner_text()
        box.locator("input[type=search]").fill("")
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=False)
    page.close()
