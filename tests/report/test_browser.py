"""The dashboards in a real browser: headless Chromium through playwright, from file://.

Needs Debian's Chromium (``apt-get install chromium``; ``.ci/run`` installs it).
Without it these tests FAIL, saying how to install it: they do not skip.
Screenshots go to ``test-artifacts/`` (git-ignored); the printed PDFs and their
pages as PNG images go to pytest's temporary directory (``--basetemp`` to keep them
somewhere known). Each plan's dashboard is written once for the module, and printed
in both orientations from one opened page.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import outcomeframe as of
from outcomeframe import report
from tests.report._pdf import headings_alone, ink_extent, page_images, read_pdf
from tests.report.conftest import EVIL, evil_data, evil_framework

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail(
        "headless Chromium not found: install it with `apt-get install chromium` "
        "(Debian; .ci/run does this), then rerun the browser tests",
        pytrace=False,
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 - the test extra
    except ImportError:
        pytest.fail("playwright is missing: pip install -e '.[test]'", pytrace=False)
    executable = _chromium()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def dashboard(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Path]:
    """``dashboard(name)``: the dashboard of the example plan ``name``, written once."""
    folder = tmp_path_factory.mktemp("dashboards")

    @functools.cache
    def write(name: str) -> Path:
        assessment = request.getfixturevalue(name)  # conftest's, assessed once per process
        return report.write_dashboard(assessment, folder / f"{name}.html")

    return write


@pytest.fixture(scope="module")
def a4_pdf(
    browser: Any, dashboard: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, str], Path]:
    """``a4_pdf(name, orientation)``: the plan's dashboard printed to an A4 PDF.

    Both orientations are printed from one page opened for the purpose.
    """

    @functools.cache
    def pdfs(name: str) -> dict[str, Path]:
        page, _ = _open(browser, dashboard(name))
        out = {}
        for orientation in ("portrait", "landscape"):
            folder = tmp_path_factory.mktemp(f"print-{name}-{orientation}")
            out[orientation] = folder / f"{name}-{orientation}.pdf"
            page.pdf(
                path=str(out[orientation]),
                format="A4",
                landscape=orientation == "landscape",
                print_background=True,
                outline=True,
                tagged=True,
            )
        page.close()
        return out

    return lambda name, orientation: pdfs(name)[orientation]


def _open(browser: Any, path: Path) -> tuple[Any, dict[str, list[str]]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    seen: dict[str, list[str]] = {"console": [], "errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: seen["console"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))

    def dialog(d: Any) -> None:
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, seen


@pytest.mark.parametrize("name", ["lancashire", "trafford"])
def test_dashboard_in_chromium(browser: Any, dashboard: Callable[[str], Path], name: str) -> None:
    fw = of.examples.load(name)
    path = dashboard(name)
    page, seen = _open(browser, path)
    headings = [h.strip() for h in page.locator("h1, h2, h3").all_inner_texts()]
    assert page.locator("h1").inner_text() == fw.title
    for section in [
        "Vision",
        "Summary by priority",
        "The framework",
        "About the data",
        "Indicators with no data",
        "Data out of date",
        "Licence",
    ]:
        assert section in headings
    for priority in fw.elements("priority"):
        assert priority.title in headings
    assert page.locator("tr.indicator-row").count() == fw.counts()["indicator"]
    assert page.locator("svg.spark").count() >= 1
    assert page.locator("figure svg.chart").first.is_visible()
    assert seen["console"] == []
    assert seen["errors"] == []
    assert seen["dialogs"] == []
    assert [u for u in seen["requests"] if not u.startswith("data:")] == [path.resolve().as_uri()]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}-print.png"), full_page=True)
    assert page.locator("nav").is_hidden()  # the print style applies
    page.close()


#: A page is nearly empty when its marks span less than this share of its height.
NEARLY_EMPTY = 0.1


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
@pytest.mark.parametrize("name", ["lancashire", "trafford"])
def test_dashboard_prints_on_a4(
    browser: Any, a4_pdf: Callable[[str, str], Path], name: str, orientation: str
) -> None:
    fw = of.examples.load(name)
    pdf = a4_pdf(name, orientation)
    out = pdf.parent
    printed = read_pdf(pdf)
    n = len(printed.pages)
    priorities = [p.id for p in fw.elements("priority")]
    assert len(priorities) + 3 <= n <= 6 * len(priorities) + 10, n
    # each priority starts a page: its section is at the top, after the previous page
    starts = [printed.dests[f"p-{p}"] for p in priorities]
    assert all(y > printed.height - 20 for _, y in starts), starts
    assert len({page_no for page_no, _ in starts}) == len(priorities)
    # the framework diagram is on one page: the next section starts on the page after
    diagram = printed.dests["diagram"][0]
    assert starts[0][0] == diagram + 1
    assert headings_alone(printed) == []  # no heading is the last thing on its page
    assert printed.tables, "the PDF is tagged"
    split = [t for t in printed.tables if t[0] is not None and t[1] is not None and t[0] != t[1]]
    assert split == [], "a table header row alone at the foot of a page"
    images = page_images(browser, pdf, n)
    assert len(images) == n
    extents = []
    for i, image in enumerate(images, start=1):
        image.save(out / f"{name}-{orientation}-page-{i:02d}.png")
        extents.append(ink_extent(image))
    assert min(extents) >= NEARLY_EMPTY, [round(e, 2) for e in extents]


def test_the_pdf_checks_can_fail() -> None:
    from tests.report._pdf import Printed  # noqa: PLC0415

    printed = Printed(pages=[1, 2], height=842.0, dests={})
    printed.order = [("H2", 0), ("P", 0), ("H3", 0), ("P", 1)]
    assert headings_alone(printed) == [("H3", 0)]
    from PIL import Image  # noqa: PLC0415

    blank = Image.new("RGB", (100, 140), "white")
    assert ink_extent(blank) == 0.0


def test_malicious_titles_are_text_and_run_nothing(browser: Any, tmp_path: Path) -> None:
    assessment = evil_framework().assess(evil_data())
    path = report.write_dashboard(assessment, tmp_path / "evil.html")
    page, seen = _open(browser, path)
    assert seen["dialogs"] == [], "a script ran"
    assert seen["errors"] == []
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    h1 = page.locator("h1")
    assert h1.inner_text() == f"Plan {EVIL}"
    assert h1.is_visible()
    assert page.get_by_text(f"Indicator {EVIL}").first.is_visible()
    assert page.locator("svg text", has_text="<script>").count() >= 1  # escaped inside SVG too
    assert [u for u in seen["requests"] if not u.startswith("data:")] == [path.resolve().as_uri()]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-escaping.png"), full_page=True)
    page.close()
