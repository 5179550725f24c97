"""Pages an analyst reads, in a real browser: the timeline, the map, entity and article pages, the query page.

Each browser test loads a page of the seed server in headless Chromium, checks what it shows
against the same facts asked over SPARQL (events drawn, markers placed, painted map pixels,
labels instead of IRIs, links to this server's pages), and takes a screenshot that the test
checks. Screenshots go to a temporary folder; ``NEWSKG_UPDATE_SCREENSHOTS=1`` writes them to
``docs/screenshots/`` instead, which the README shows (so a plain test run leaves the checkout clean). Node pages are also checked over plain HTTP
for a store built under another base IRI.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import zlib
from pathlib import Path

import httpx
import pytest

from tests.conftest import CLI, ROOT, LiveServer, serve

DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
ID = "https://w3id.org/newskg/id/"


def select(server: LiveServer, query: str) -> list[dict[str, str]]:
    response = httpx.post(f"{server.url}/sparql", content=query.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header (and proof that it is one)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    zlib.decompress(b"".join(data[i + 8:i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
                             for i in _chunks(data, b"IDAT")))  # the image data is whole
    return struct.unpack(">II", data[16:24])


def _chunks(data: bytes, kind: bytes) -> list[int]:
    out, i = [], 8
    while i < len(data):
        length = struct.unpack(">I", data[i:i + 4])[0]
        if data[i + 4:i + 8] == kind:
            out.append(i)
        i += 12 + length
    return out


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: the README's folder only when asked to refresh it."""
    if os.environ.get("NEWSKG_UPDATE_SCREENSHOTS") == "1":
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return DOCS_SCREENSHOTS
    return tmp_path_factory.mktemp("screenshots")


def screenshot(driver, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    assert driver.save_screenshot(str(path))
    assert png_size(path) == tuple(driver.execute_script("return [window.innerWidth, window.innerHeight]"))
    return path


def wait(driver, condition, seconds: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


def only_local_requests(driver, server: LiveServer) -> None:
    fetched = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert fetched and all(url.startswith(server.url) for url in fetched), fetched


# -- timeline ---------------------------------------------------------------------------------------------------

def test_timeline_draws_every_event_and_filters_by_type_actor_and_place(browser, seed_server: LiveServer, shots: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    events = select(seed_server, "SELECT ?e ?t WHERE { ?e a nkg:Event ; nkg:eventType ?t }")
    browser.get(f"{seed_server.url}/timeline")
    wait(browser, lambda d: d.find_element(By.ID, "timeline").get_attribute("data-events"))
    drawn = browser.find_elements(By.CSS_SELECTOR, "#timeline svg a.event")
    assert len(drawn) == len(events) > 5
    assert {a.get_attribute("data-iri") for a in drawn} == {e["e"] for e in events}
    assert all(a.get_dom_attribute("href").startswith("/id/event/") for a in drawn)
    marks = browser.execute_script("""return [...document.querySelectorAll('#timeline a.event')].map(a => {
        const r = a.querySelector('circle, rect').getBoundingClientRect(); return [r.width, r.height]; })""")
    assert all(w > 0 and h > 0 for w, h in marks)  # every event is painted, not just present
    screenshot(browser, shots, "timeline")
    only_local_requests(browser, seed_server)

    attack = "https://w3id.org/newskg/ontology#Attack"
    Select(browser.find_element(By.NAME, "type")).select_by_value(attack)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline a.event")) == sum(e["t"] == attack for e in events)
    Select(browser.find_element(By.NAME, "type")).select_by_value("")
    us = ID + "country/united-states"
    by_us = select(seed_server, f"SELECT DISTINCT ?e WHERE {{ ?e a nkg:Event ; nkg:agent|nkg:target <{us}> }}")
    Select(browser.find_element(By.NAME, "actor")).select_by_value(us)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline a.event")) == len(by_us) > 0
    Select(browser.find_element(By.NAME, "actor")).select_by_value("")
    tanf = ID + "location/at-tanf"
    at_tanf = select(seed_server, f"SELECT DISTINCT ?e WHERE {{ ?e a nkg:Event ; nkg:place <{tanf}> }}")
    Select(browser.find_element(By.NAME, "place")).select_by_value(tanf)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline a.event")) == len(at_tanf) > 0


# -- map --------------------------------------------------------------------------------------------------------

PAINTED = """
const counts = { painted: 0, marker: 0, total: 0 };
for (const canvas of document.querySelectorAll('#map canvas')) {
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 0; i < data.length; i += 4) {
    counts.total += 1;
    if (data[i + 3] > 0) counts.painted += 1;
    if (data[i + 3] > 0 && data[i] > 180 && data[i + 1] < 190 && data[i + 2] < 110) counts.marker += 1;  // red, orange
  }
}
return counts;
"""


def test_map_draws_the_basemap_and_a_marker_per_located_place(browser, seed_server: LiveServer, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    places = select(seed_server, "SELECT DISTINCT ?p WHERE { ?p geo:hasGeometry/geo:asWKT ?w }")
    located = select(seed_server, "SELECT DISTINCT ?e WHERE { ?e a nkg:Event ; nkg:place/geo:hasGeometry ?g }")
    browser.get(f"{seed_server.url}/map")
    wait(browser, lambda d: d.find_element(By.ID, "map").get_attribute("data-ready") == "true")
    root = browser.find_element(By.ID, "map")
    assert int(root.get_attribute("data-markers")) == len(places) >= 3
    assert int(root.get_attribute("data-events")) == len(located) > 0
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map .leaflet-tooltip")) == len(places)  # each named
    counts = browser.execute_script(PAINTED)
    assert counts["painted"] > 0.1 * counts["total"]  # the basemap is drawn: land and borders (the sea is the background)
    assert counts["marker"] > 50 * len(places)  # and every marker is painted on it
    screenshot(browser, shots, "map")
    only_local_requests(browser, seed_server)


# -- node pages -------------------------------------------------------------------------------------------------

def test_entity_page_names_things_by_their_labels_and_shows_what_points_at_it(browser, seed_server: LiveServer, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    made = select(seed_server, f"SELECT ?s WHERE {{ ?s nkg:speaker <{ID}actor/dillon> }}")
    browser.get(f"{seed_server.url}/id/actor/dillon")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Dillon"
    assert browser.find_element(By.CSS_SELECTOR, ".kind .badge").text == "person"
    section = next(s for s in browser.find_elements(By.CSS_SELECTOR, "section.incoming")
                   if s.find_element(By.TAG_NAME, "h3").text.startswith("Statements it made"))
    links = section.find_elements(By.CSS_SELECTOR, "li > a")
    assert len(links) == len(made) > 3
    assert all(a.get_attribute("href").startswith(f"{seed_server.url}/id/statement/") for a in links)
    assert not any(a.text.startswith("http") for a in links)  # quotes, not IRIs
    anchors = {row["a"] for row in select(seed_server, f"SELECT ?a WHERE {{ <{ID}actor/dillon> nkg:mention/nkg:anchor ?a }}")}
    marks = browser.find_elements(By.CSS_SELECTOR, ".mentions mark")  # his name, and a pronoun that refers to him
    assert marks and {m.text for m in marks} == anchors and "Dillon" in anchors
    facts = {row.find_element(By.TAG_NAME, "th").text for row in browser.find_elements(By.CSS_SELECTOR, "table.facts tr")}
    assert {"type", "label"} <= facts and not any("://" in f for f in facts)
    screenshot(browser, shots, "entity")

    browser.get(f"{seed_server.url}/id/location/at-tanf")
    located = next(r for r in browser.find_elements(By.CSS_SELECTOR, "table.facts tr")
                   if r.find_element(By.TAG_NAME, "th").text == "located in")
    assert located.find_element(By.TAG_NAME, "a").text == "Syria"  # a linked node by its label
    assert any(h.text.startswith("Events at this place") for h in browser.find_elements(By.CSS_SELECTOR, "h3"))
    for name in ("timeline", "map"):
        assert browser.find_element(By.LINK_TEXT, name).get_attribute("href").endswith(
            f"/{name}?focus=https%3A//w3id.org/newskg/id/location/at-tanf")


def test_article_page_highlights_what_was_extracted_in_its_text(browser, seed_server: LiveServer, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    article = select(seed_server, "SELECT ?a WHERE { ?a a nkg:Article ; dct:title ?t } ORDER BY ?a LIMIT 1")[0]["a"]
    mentioned = select(seed_server, f"SELECT DISTINCT ?n WHERE {{ ?m nkg:article <{article}> . ?n nkg:mention ?m }}")
    browser.get(f"{seed_server.url}/id/{article.removeprefix(ID)}")
    spans = browser.find_elements(By.CSS_SELECTOR, ".article-text a.mention")
    assert spans and all(a.get_attribute("href").startswith(f"{seed_server.url}/id/") for a in spans)
    linked = {a.get_attribute("href").removeprefix(f"{seed_server.url}/id/") for a in spans}
    listed = {a.get_attribute("href").removeprefix(f"{seed_server.url}/id/")
              for a in browser.find_elements(By.CSS_SELECTOR, "ul.extracted a")}
    assert listed == {n["n"].removeprefix(ID) for n in mentioned}
    assert linked <= listed and len(linked) > 10
    text = browser.find_element(By.CSS_SELECTOR, ".article-text").text
    stored = select(seed_server, f"SELECT ?t WHERE {{ <{article}> nkg:text ?t }}")[0]["t"]
    assert text.split() == stored.split()  # the whole text, highlighted where it was read
    browser.execute_script("document.querySelector('ul.extracted').scrollIntoView()")  # the list, then the text
    screenshot(browser, shots, "article")


# -- the query page ---------------------------------------------------------------------------------------------

def test_query_page_declares_the_prefixes_it_uses_and_links_nodes_here(browser, seed_server: LiveServer, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{seed_server.url}/")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe .CodeMirror"))
    browser.execute_script("document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.setValue(arguments[0])",
                           "SELECT ?person ?label WHERE { ?person a nkg:Person ; rdfs:label ?label }")
    value = wait(browser, lambda d: d.execute_script(
        "const v = document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue();"
        "return v.includes('PREFIX nkg:') && v.includes('PREFIX rdfs:') ? v : null"))
    assert value.count("PREFIX") == 2  # only what the query uses
    browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasqe_queryButton").click()
    rows = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasr table tbody tr"))
    assert len(rows) == 4  # four people in the seed articles, each once
    assert not browser.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasqe .CodeMirror-lint-marker-error")
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasr table a")]
    assert hrefs and all(h.startswith(f"{seed_server.url}/id/actor/") for h in hrefs), hrefs
    assert browser.find_element(By.LINK_TEXT, "timeline of events").get_attribute("href").endswith("/timeline")
    assert browser.find_element(By.LINK_TEXT, "map of places and events").get_attribute("href").endswith("/map")
    screenshot(browser, shots, "query")


# -- another base IRI -------------------------------------------------------------------------------------------

def test_pages_link_to_this_server_whatever_base_the_store_was_built_with(tmp_path: Path) -> None:
    store = tmp_path / "store"
    env = {**os.environ, "NEWSKG_BASE_IRI": "http://news.example.org/kg/"}
    done = subprocess.run([*CLI, "build", str(ROOT / "tests" / "fixtures" / "two-reports"), "--store", str(store)],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    with serve(store) as server:  # the server's own setting is the default base
        page = httpx.get(f"{server.url}/id/actor/adam-rourke", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "<h1>Adam Rourke</h1>" in page.text
        hrefs = re.findall(r'href="([^"]*)"', page.text)
        assert "/id/statement/" in " ".join(hrefs) and not any(h.startswith("http://news.example.org") for h in hrefs)
        turtle = httpx.get(f"{server.url}/id/actor/adam-rourke", headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200 and "news.example.org/kg/actor/adam-rourke" in turtle.text
    explained = subprocess.run([*CLI, "explain", "actor/adam-rourke", "--store", str(store)], capture_output=True,
                               text=True, cwd=ROOT)
    assert explained.returncode == 0 and "http://news.example.org/kg/actor/adam-rourke" in explained.stdout


def readme_keys() -> list[str]:
    """Every node key the README tells a reader to try (``newskg explain KEY``, "a key such as `KEY`")."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"newskg explain ([a-z]+/[\w-]+)", readme) + re.findall(r"such as `([a-z]+/[\w-]+)`", readme)))


@pytest.mark.parametrize("key", readme_keys())
def test_the_readme_explains_keys_that_exist_in_the_sample_graph(key: str, seed_store: Path) -> None:
    done = subprocess.run([*CLI, "explain", key, "--store", str(seed_store)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_the_readme_names_keys_to_try() -> None:
    assert len(readme_keys()) >= 2
