"""The dashboard in a real browser: Debian's Chromium driven by Playwright against `frontwire serve`'s app
under uvicorn on a loopback port, over the bundled sample corpus ingested by the real pipeline (plus a
hostile article). The dashboard is checked against the API's answers, not against fixed numbers.

Screenshots at desktop and phone widths are written to docs/screenshots/ (the README shows them).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
import pytest
from playwright.sync_api import Browser, Dialog, Page, Request

from frontwire.store.base import EventQuery
from tests.web.conftest import TOKEN, LiveServer
from tests.web.corpus import HOSTILE_ID

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(sample_store_path: Path) -> Iterator[LiveServer]:
    with LiveServer(str(sample_store_path), token=TOKEN) as live:
        yield live


@pytest.fixture(scope="module")
def api(server: LiveServer) -> Iterator[httpx.Client]:
    # the first ingest loads the model in the server: slow on a busy machine
    with httpx.Client(base_url=server.url, timeout=120) as client:
        yield client


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup --test (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watched:
    """A page plus what it said: console errors, page errors, dialogs, CSP violations, off-site requests."""

    def __init__(self, browser: Browser, server: LiveServer, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.offsite: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        origin = server.url

        def request(req: Request) -> None:
            url = req.url
            if not url.startswith(origin) and not url.startswith("data:"):
                self.offsite.append(url)

        self.page.on("request", request)
        self.page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        self.base = server.url

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, query: str = "") -> Page:
        self.page.goto(f"{self.base}/{query}")
        self.page.wait_for_selector("body[data-ready='1']", timeout=20_000)
        return self.page

    def assert_clean(self) -> None:
        assert self.page.evaluate("window.__csp") == []
        assert self.errors == []
        assert self.dialogs == []
        assert self.offsite == []

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def desktop(browser: Browser, server: LiveServer) -> Iterator[Watched]:
    w = Watched(browser, server, DESKTOP)
    yield w
    w.close()


def wait_until(page: Page, expression: str, timeout: float = 30.0) -> None:
    """Poll a JS expression until true. (Playwright's wait_for_function compiles its predicate with eval,
    which the dashboard's Content-Security-Policy rightly blocks; page.evaluate is not affected.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        time.sleep(0.05)


def _rendered_markers(page: Page) -> int:
    """Events on screen: single markers plus the counts inside cluster icons."""
    singles = page.locator("path.fw-marker").count()
    clusters = page.locator(".fw-cluster span").all_inner_texts()
    return singles + sum(int(t) for t in clusters)


def _query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _list_count(page: Page) -> int:
    return page.locator("#event-list .event-row").count()


def _points(api: httpx.Client, **params: str) -> int:
    return len(api.get("/api/events", params={"format": "points", **params}).json()["points"])


def _total(api: httpx.Client, **params: str) -> int:
    return int(api.get("/api/events", params={"limit": 1, **params}).json()["total"])


def _markers(page: Page) -> int:
    return int(page.locator("#map").get_attribute("data-markers") or -1)


def test_dashboard_map_shows_markers_on_offline_basemap(desktop: Watched, api: httpx.Client) -> None:
    page = desktop.open()
    expected = _points(api)
    assert expected > 20
    assert _markers(page) == expected
    wait_until(page, "document.querySelectorAll('.leaflet-basemap-pane path').length > 100")
    assert _rendered_markers(page) == expected
    assert _list_count(page) == min(100, _total(api))
    assert int(page.locator("#timeline").get_attribute("data-buckets") or 0) > 1
    desktop.assert_clean()


def test_dashboard_filter_changes_list_and_map(desktop: Watched, api: httpx.Client) -> None:
    page = desktop.open()
    everything = _markers(page)
    by_type = api.get("/api/aggregates", params={"by": "event_type"}).json()["rows"]
    event_type = by_type[1]["key"]  # not the biggest type, so the map must change
    page.select_option("select[name=event_type]", event_type)
    expected = _points(api, event_type=event_type)
    wait_until(page, f"document.querySelector('#map').dataset.markers === '{expected}'")
    assert 0 < expected < everything
    rows = min(100, _total(api, event_type=event_type))
    wait_until(page, f"document.querySelectorAll('#event-list .event-row').length === {rows}")
    assert _rendered_markers(page) == expected
    assert _query(page)["event_type"] == [event_type]
    # A text filter on top: a place name from the evidence of one of these events.
    first = api.get("/api/events", params={"event_type": event_type, "limit": 1}).json()["events"][0]
    word = first["location"]
    page.fill("input[name=text]", word)
    expected = _points(api, event_type=event_type, text=word)
    wait_until(page, f"new URLSearchParams(location.search).get('text') === {word!r}")
    wait_until(page, f"document.querySelector('#map').dataset.markers === '{expected}'")
    assert expected >= 1
    assert first["event_id"] in page.locator("#event-list").evaluate(
        "el => [...el.querySelectorAll('.event-row')].map(r => r.dataset.eventId)"
    )
    desktop.assert_clean()


def test_dashboard_timeline_brush_filters_dates(desktop: Watched, api: httpx.Client) -> None:
    page = desktop.open()
    everything = _markers(page)
    box = page.locator("#timeline").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, y, steps=5)
    page.mouse.move(box["x"] + box["width"] - 1, y, steps=5)
    page.mouse.up()
    wait_until(page, "new URLSearchParams(location.search).has('date_from')")
    q = _query(page)
    date_from, date_to = q["date_from"][0], q["date_to"][0]
    assert date_from < date_to
    expected = _points(api, date_from=date_from, date_to=date_to)
    wait_until(page, f"document.querySelector('#map').dataset.markers === '{expected}'")
    assert 0 < expected < everything
    assert page.input_value("input[name=date_from]") == date_from
    assert page.input_value("input[name=date_to]") == date_to
    desktop.assert_clean()


def _event_with_cited_sentences(api: httpx.Client) -> dict[str, Any]:
    """An event of the sample corpus whose detail has claims and evidence in its article sentences."""
    for event in api.get("/api/events", params={"limit": 200}).json()["events"]:
        if not event["claims"] or not event["evidence"]:
            continue
        detail = api.get(f"/api/events/{event['event_id']}").json()
        if any(s["evidence"] for a in detail["articles"] for s in a["sentences"]):
            return dict(detail)
    raise AssertionError("no event with claims and cited sentences in the sample corpus")


def test_dashboard_event_panel_highlights_evidence_and_claims(desktop: Watched, api: httpx.Client) -> None:
    detail = _event_with_cited_sentences(api)
    event = detail["event"]
    page = desktop.open()
    row = page.locator(f"#event-list .event-row[data-event-id='{event['event_id']}'] button")
    if row.count():
        row.click()
    else:  # beyond the first page of the list: open it from the URL instead
        desktop.open(f"?event={event['event_id']}")
    panel = page.locator("#panel")
    panel.locator("mark.ev").first.wait_for()
    assert panel.locator("h2").inner_text() == event["sub_event_type"]
    for article in detail["articles"]:
        block = panel.locator(f"article[data-article='{article['id']}']")
        shown = block.locator("mark.ev").evaluate_all("els => els.map(e => [e.textContent, e.dataset.field])")
        expected = set()
        for sentence in article["sentences"]:
            for mark in sentence["evidence"]:
                expected.add(
                    sentence["text"][mark["start"] - sentence["start"] : mark["end"] - sentence["start"]]
                )
        # Every evidence span is highlighted (overlapping spans are split, so compare joined text).
        joined = " ".join(text for text, _ in shown)
        for text in expected:
            assert all(part in joined for part in text.split()), (text, shown)
        if article["url"] and article["url"].startswith(("http://", "https://")):
            assert block.locator(f"a[href='{article['url']}']").count() == 1
    claims = panel.locator(".claim").all_inner_texts()
    assert len(claims) == len(event["claims"])
    for claim, shown_claim in zip(event["claims"], claims, strict=True):
        assert claim["certainty"] in shown_claim.lower()
        assert (claim["claimant"] or "unattributed") in shown_claim
    assert _query(page)["event"] == [event["event_id"]]
    desktop.assert_clean()


def test_dashboard_url_restores_view(desktop: Watched, server: LiveServer, api: httpx.Client) -> None:
    country = api.get("/api/aggregates", params={"by": "country"}).json()["rows"][1]["key"]
    page = desktop.open("?" + urlencode({"country": country}))
    expected = _points(api, country=country)
    wait_until(page, f"document.querySelector('#map').dataset.markers === '{expected}'")
    first = page.locator("#event-list .event-row").first
    event_id = first.get_attribute("data-event-id")
    first.locator("button").click()
    page.locator("#panel h2").wait_for()
    page.locator("#panel mark.ev, #panel .block").first.wait_for()
    sub_type = api.get(f"/api/events/{event_id}").json()["event"]["sub_event_type"]
    shared = page.url
    other = Watched(desktop.context.browser, server, DESKTOP)
    try:
        again = other.open("?" + urlparse(shared).query)
        again.locator("#panel h2").wait_for()
        assert again.locator("#panel h2").inner_text() == sub_type
        assert again.input_value("select[name=country]") == country
        assert _markers(again) == expected
        assert again.locator(".event-row.selected").get_attribute("data-event-id") == event_id
        other.assert_clean()
    finally:
        other.close()
    page.go_back()
    wait_until(page, "document.querySelector('#panel').hidden")
    assert "event" not in _query(page)
    desktop.assert_clean()


HOSTILE_ARTICLE = {
    "id": "posted-hostile",
    "title": "<img src=x onerror=\"window.__pwned='posted-title'\">Clashes near Manbij",
    "published": "2020-07-10",
    "source": "<script>window.__pwned='posted-source'</script>",
    "url": "javascript:window.__pwned='posted-url'",
    "text": (
        "<script>window.__pwned='posted-script'</script> SDF fighters clashed with Turkish-backed "
        "factions near Manbij on July 9, killing two fighters. "
        "<img src=x onerror=\"window.__pwned='posted-img'\"> "
        "<a href=\"javascript:window.__pwned='posted-link'\">Read more</a>"
    ),
}


def test_dashboard_hostile_articles_run_nothing(desktop: Watched, api: httpx.Client) -> None:
    page = desktop.page
    page.add_init_script(
        "window.alert = window.confirm = window.prompt = (m) => { window.__dialog = String(m); };"
    )
    # One hostile article through the real ingest endpoint, one hand-made with hostile evidence and claims.
    auth = {"Authorization": f"Bearer {TOKEN}"}
    posted = api.post("/api/articles", json=HOSTILE_ARTICLE, headers=auth)
    assert posted.status_code in (200, 201), posted.text
    hand_made = api.get("/api/articles/" + HOSTILE_ID).json()["event_ids"]
    event_ids = hand_made + posted.json()["event_ids"]
    assert hand_made
    for event_id in event_ids:
        desktop.open(f"?event={event_id}")
        panel = page.locator("#panel")
        panel.locator("article.source").first.wait_for()
        toggles = panel.locator("button.link")
        for i in range(toggles.count()):
            toggles.nth(i).click()
        text = panel.inner_text()
        assert "<script>" in text or "onerror" in text  # the hostile markup is shown, as text
        assert panel.locator("script, img, iframe, object, embed, [onerror]").count() == 0
        hrefs = panel.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert all(h and re.match(r"^https?://", h) for h in hrefs), hrefs
        assert "javascript:" in panel.locator(".unsafe-url").first.inner_text()
        page.wait_for_timeout(300)
        assert page.evaluate("[window.__pwned, window.__dialog]") == [None, None]
    # The list and the map tooltips render the same records without running them either.
    desktop.open("?" + urlencode({"text": "clashed"}))
    page.wait_for_timeout(300)
    assert page.evaluate("[window.__pwned, window.__dialog]") == [None, None]
    desktop.assert_clean()


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_dashboard_screenshots(
    browser: Browser, server: LiveServer, api: httpx.Client, name: str, viewport: dict[str, int]
) -> None:
    w = Watched(browser, server, viewport)
    try:
        detail = _event_with_cited_sentences(api)
        page = w.open("?" + urlencode({"country": detail["event"]["country"]}))
        wait_until(page, "document.querySelectorAll('.leaflet-basemap-pane path').length > 100")
        if name == "desktop":
            # The analyst's view: an event open, scrolled to its claims and source sentences.
            w.open(
                "?" + urlencode({"country": detail["event"]["country"], "event": detail["event"]["event_id"]})
            )
            page.locator("#panel mark.ev").first.wait_for()
            page.locator("#panel .claims").evaluate("el => el.scrollIntoView()")
        page.wait_for_timeout(500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"dashboard-{name}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
        if name == "phone":
            # The page fits the phone: nothing wider than the viewport.
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        w.assert_clean()
    finally:
        w.close()


def test_dashboard_api_reference_runs_under_the_csp(browser: Browser, store_path: Path) -> None:
    with LiveServer(str(store_path)) as small:
        w = Watched(browser, small, DESKTOP)
        try:
            w.page.goto(f"{small.url}/docs")
            title = w.page.locator(".swagger-ui .info .title")
            title.wait_for(timeout=20_000)
            assert "frontwire" in title.inner_text()
            w.page.locator(".opblock-summary-path", has_text="/api/aggregates").first.wait_for()
            w.assert_clean()
        finally:
            w.close()


def test_dashboard_list_header_shows_a_capped_total(browser: Browser, tmp_path: Path) -> None:
    """When the server stops counting at its cap (an actor or text filter over many events), the list
    header says "N+ events" and still offers more."""
    from dataclasses import replace

    from frontwire.store import open_store
    from tests.web.corpus import build_store

    path = tmp_path / "many.sqlite"
    with open_store(path) as store:
        build_store(store)
        originals = store.events()
        store.load_events(  # type: ignore[attr-defined]
            replace(e, event_id=f"copy-{k}-{e.event_id}") for k in range(20) for e in originals
        )
        matching = store.count_events(EventQuery(actor="forces"))
    assert matching > 101  # more than a list page plus one
    with LiveServer(str(path), count_cap=50) as live:
        w = Watched(browser, live, DESKTOP)
        try:
            page = w.open("?actor=forces")
            wait_until(page, "document.querySelectorAll('#event-list .event-row').length === 100")
            # The first page is 100 rows, so the count stopped at 100 (the cap or the page's end).
            assert page.locator("#list-count").inner_text() == "100+ events"
            assert page.locator("#more").is_visible()
            page.locator("#more").click()
            wait_until(
                page, f"document.querySelectorAll('#event-list .event-row').length === {min(matching, 200)}"
            )
            w.assert_clean()
        finally:
            w.close()
