"""Make the dashboard screenshots in this folder: ``python docs/images/make_screenshots.py``.

Needs Chromium (``/usr/bin/chromium``) and playwright, as the browser tests do.
Each plan's dashboard is shot on screen (the top of the page) and printed to
A4 portrait and landscape; the first pages of each print are kept as PNG.
Images are reduced to 256 colours to stay small.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.report._pdf import page_images, read_pdf
from tests.report.test_browser import ARGS

import outcomeframe as of
from outcomeframe import report

PAGES = 3  # printed pages kept per orientation


def _save(image: Image.Image, path: Path, width: int) -> None:
    image = image.convert("RGB")
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name in of.examples.names():
            html = report.write_dashboard(
                of.examples.load(name).assess(of.examples.data(name)), Path(tmp) / f"{name}.html"
            )
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            page.goto(html.resolve().as_uri())
            shot = Path(tmp) / f"{name}.png"
            page.screenshot(path=str(shot))
            _save(Image.open(shot), HERE / f"dashboard-{name}.png", 960)
            for orientation in ("portrait", "landscape"):
                pdf = Path(tmp) / f"{name}-{orientation}.pdf"
                page.pdf(path=str(pdf), format="A4", landscape=orientation == "landscape",
                         print_background=True, outline=True, tagged=True)  # fmt: skip
                n = len(read_pdf(pdf).pages)
                images = page_images(browser, pdf, n, width=900)
                for i, image in enumerate(images[:PAGES], start=1):
                    _save(image, HERE / f"dashboard-{name}-{orientation}-page-{i}.png", 900)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
