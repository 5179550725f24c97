"""The query page: YASGUI served from the package (no CDN), the example questions, and a real browser running a query.

The browser test drives Debian's chromium through chromedriver (selenium); it is
skipped, saying why, when either is not installed (``apt-get install chromium
chromium-driver``; ``pip install selenium``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from api.ui import STATIC, examples
from tests.conftest import ROOT, LiveServer

VENDOR_SCRIPT = ROOT / "scripts" / "vendor-js.sh"


def _page_assets(page: str) -> list[str]:
    return re.findall(r'<script[^>]*\ssrc="([^"]+)"', page) + re.findall(r'<link[^>]*\shref="([^"]+)"', page)


def test_query_page_loads_yasgui_from_this_server_only(tiny_server: LiveServer) -> None:
    page = httpx.get(f"{tiny_server.url}/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assets = [a for a in _page_assets(page.text) if not a.startswith("data:")]
    assert "/static/vendor/yasgui/yasgui.min.js" in assets and "/static/vendor/yasgui/yasgui.min.css" in assets
    for asset in assets:
        assert asset.startswith("/static/"), f"{asset} is not served by this server"
        assert httpx.get(tiny_server.url + asset).status_code == 200, asset


def test_vendored_libraries_are_the_pinned_releases_with_their_licences() -> None:
    script = VENDOR_SCRIPT.read_text(encoding="utf-8")
    pinned = re.findall(r'^  "(\S+) (\S+) (\S+) (\S+) ([^"]+)"$', script, re.M)
    assert {name for name, *_ in pinned} == {"yasgui", "leaflet", "topojson-client", "world-atlas"}
    vendored = {p.name for p in (STATIC / "vendor").iterdir()}
    assert vendored == {name for name, *_ in pinned}
    for name, package, version, integrity, files in pinned:
        folder = STATIC / "vendor" / name
        assert (folder / "VERSION").read_text(encoding="utf-8").split() == [f"{package}@{version}", integrity]
        manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        assert manifest["version"] == version and manifest["license"] in ("MIT", "BSD-2-Clause", "ISC")
        assert {Path(f).name for f in files.split()} | {"VERSION"} == {p.name for p in folder.iterdir()}
        if (folder / "LICENSE").exists():
            assert "Copyright" in (folder / "LICENSE").read_text(encoding="utf-8")


def test_the_page_offers_every_example_question(tiny_server: LiveServer) -> None:
    page = httpx.get(f"{tiny_server.url}/").text
    embedded = json.loads(re.search(r'<script type="application/json" id="example-queries">(.*?)</script>',
                                    page, re.S).group(1))
    assert [e["query"] for e in embedded] == [e.query for e in examples()]
    assert len(embedded) >= 4
    for example in examples():
        served = httpx.get(f"{tiny_server.url}/static/examples/{example.file}")
        assert served.status_code == 200 and served.text == example.query


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.file)
def test_each_example_answers_its_question_on_the_seed_articles(seed_server: LiveServer, example) -> None:
    response = httpx.post(f"{seed_server.url}/sparql", content=example.query.encode(),
                          headers={"Content-Type": "application/sparql-query",
                                   "Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    assert rows, f"{example.file} finds nothing in the seed articles"
    assert all(row for row in rows)  # every row binds something


# -- a real browser ------------------------------------------------------------------------------------------

def test_a_browser_runs_an_example_query_and_sees_the_results(browser, seed_server: LiveServer) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    example = next(e for e in examples() if "Unit" in e.query)
    expected = httpx.post(f"{seed_server.url}/sparql", content=example.query.encode(),
                          headers={"Content-Type": "application/sparql-query",
                                   "Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    first_label = expected[0]["unit"]["value"]

    browser.get(f"{seed_server.url}/")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe .CodeMirror"))  # YASGUI is up
    button = next(b for b in browser.find_elements(By.CSS_SELECTOR, "#examples button")
                  if b.text == example.question)
    button.click()
    panel = ".tabPanel.active"
    wait.until(lambda d: example.question in d.find_element(By.CSS_SELECTOR, ".tabsList .tab.active").text)
    browser.find_element(By.CSS_SELECTOR, f"{panel} .yasqe_queryButton").click()
    rows = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, f"{panel} .yasr table tbody tr"))

    assert any(first_label in row.text for row in rows)  # the table shows the first page of rows
    count = browser.find_element(By.CSS_SELECTOR, f"{panel} .yasr_response_chip").text
    assert count.startswith(f"{len(expected)} result"), count
    origin = urlsplit(seed_server.url).netloc
    fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert fetched and all(urlsplit(url).netloc == origin for url in fetched), fetched  # nothing from elsewhere


def test_the_readme_shows_the_example_files_and_no_other_copy() -> None:
    """The README's analyst questions point at the example files; any query it shows is one of them, verbatim."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^### Questions an analyst asks\n(.*?)(?=^#{2,3} )", readme, re.M | re.S)
    assert section, "README.md has no '### Questions an analyst asks' section"
    files = {e.file: e.query for e in examples()}
    for example in examples():
        assert example.file in section.group(1), f"the README does not point at {example.file}"
    for block in re.findall(r"```sparql\n(.*?)```", section.group(1), re.S):
        assert block in files.values(), f"the README shows a query that is not an example file:\n{block}"
