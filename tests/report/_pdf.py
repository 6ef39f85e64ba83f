"""Reading the PDFs Chromium prints: pages, named destinations, the tagged structure, page images.

Chromium (Skia) writes uncompressed object dictionaries, so a few regular
expressions read what the print tests need: the page tree, the named
destinations of the page's linked ids (page and height of each section), and
the tagged structure tree (headings, tables and their rows, each with its
page). Page images come from Chromium's own PDF viewer: one tall screenshot
of every page, cut at the dark gaps between pages.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

_OBJ = re.compile(rb"(\d+) 0 obj\n(.*?)\nendobj", re.DOTALL)
_REF = re.compile(rb"(\d+) 0 R")


@dataclass
class Printed:
    """What the tests read from one printed PDF."""

    pages: list[int]  # page object numbers in order
    height: float  # page height in points
    dests: dict[str, tuple[int, float]]  # id -> (page index, y from the bottom)
    order: list[tuple[str, int]] = field(default_factory=list)  # struct elements (kind, page)
    tables: list[tuple[int | None, int | None]] = field(default_factory=list)  # header, body


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in _OBJ.finditer(data)}


def _leaves(objs: dict[int, bytes], node: int) -> list[int]:
    body = objs[node]
    if b"/Type /Pages" not in body:
        return [node]
    kids = re.search(rb"/Kids \[(.*?)\]", body, re.DOTALL)
    assert kids is not None
    return [leaf for k in _REF.findall(kids.group(1)) for leaf in _leaves(objs, int(k))]


def read_pdf(path: Path) -> Printed:
    """Pages, named destinations and the tagged structure of a PDF printed by Chromium."""
    data = path.read_bytes()
    objs = _objects(data)
    catalog = next(v for v in objs.values() if b"/Type /Catalog" in v)
    root = re.search(rb"/Pages (\d+) 0 R", catalog)
    assert root is not None
    pages = _leaves(objs, int(root.group(1)))
    index = {p: i for i, p in enumerate(pages)}
    box = re.search(rb"/MediaBox \[([\d. ]+)\]", objs[pages[0]])
    assert box is not None
    height = float(box.group(1).split()[3])
    dests: dict[str, tuple[int, float]] = {}
    names = re.search(rb"/Dests (\d+) 0 R", catalog)
    if names:
        for name, page, y in re.findall(
            rb"/([^\s\[/]+) \[(\d+) 0 R /XYZ [\d.]+ ([\d.]+)", objs[int(names.group(1))]
        ):
            dests[name.decode()] = (index[int(page)], float(y))
    printed = Printed(pages=pages, height=height, dests=dests)
    tree = re.search(rb"/StructTreeRoot (\d+) 0 R", catalog)
    if tree:
        _walk(objs, int(tree.group(1)), index, printed)
    return printed


def _kind(body: bytes) -> str:
    found = re.search(rb"/S /(\w+)", body)
    return found.group(1).decode() if found else ""


def _page(objs: dict[int, bytes], node: int, index: dict[int, int]) -> int | None:
    """The page of a structure element: its own /Pg, else its first child's."""
    body = objs[node]
    own = re.search(rb"/Pg (\d+) 0 R", body)
    if own:
        return index.get(int(own.group(1)))
    for child in _children(body):
        found = _page(objs, child, index)
        if found is not None:
            return found
    return None


def _children(body: bytes) -> list[int]:
    kids = re.search(rb"/K (\[.*?\]|\d+ 0 R)", body, re.DOTALL)
    return [int(k) for k in _REF.findall(kids.group(1))] if kids else []


def _walk(objs: dict[int, bytes], node: int, index: dict[int, int], out: Printed) -> None:
    body = objs.get(node, b"")
    kind = _kind(body)
    if kind:
        out.order.append((kind, _page(objs, node, index) or 0))
    if kind == "Table":
        rows = [c for c in _children(body) if _kind(objs.get(c, b"")) == "TR"]
        header = [r for r in rows if b"/Scope /Column" in b"".join(
            objs.get(c, b"") for c in _children(objs[r]))]  # fmt: skip
        body_rows = [r for r in rows if r not in header]
        out.tables.append(
            (
                _page(objs, header[0], index) if header else None,
                _page(objs, body_rows[0], index) if body_rows else None,
            )
        )
    for child in _children(body):
        if (child in objs and b"/StructElem" in objs[child]) or b"/S /" in objs.get(child, b""):
            _walk(objs, child, index, out)


def headings_alone(printed: Printed) -> list[tuple[str, int]]:
    """Headings whose next element in reading order is on a later page."""
    lonely = []
    for i, (kind, page) in enumerate(printed.order):
        if not re.fullmatch(r"H[1-6]", kind):
            continue
        following = [p for k, p in printed.order[i + 1 :] if k not in ("NonStruct", "Span")]
        if following and following[0] > page:
            lonely.append((kind, page))
    return lonely


#: How long Chromium's PDF viewer may take to show every page (a hang guard, not a speed test).
VIEWER_TIMEOUT = 60.0


def page_images(browser: Any, pdf: Path, n_pages: int, *, width: int = 420) -> list[Image.Image]:
    """Every page of ``pdf`` as an image, from Chromium's PDF viewer (one screenshot, cut up).

    The viewer draws its pages some time after the file has loaded, first as blank
    sheets: screenshots are taken until one shows ``n_pages`` pages and equals the one
    before it (nothing more is being drawn), and the test fails if that has not
    happened within ``VIEWER_TIMEOUT`` seconds.
    """
    landscape = read_pdf(pdf).height < 700
    ratio = 595 / 842 if landscape else 842 / 595
    page = browser.new_page(
        viewport={"width": width, "height": int(n_pages * (width * ratio + 16)) + 64}
    )
    page.goto(pdf.resolve().as_uri() + "#toolbar=0&navpanes=0&view=FitH")
    deadline = time.monotonic() + VIEWER_TIMEOUT
    previous, runs = b"", []
    while True:
        shot = page.screenshot()
        image = Image.open(io.BytesIO(shot)).convert("RGB")
        runs = _page_runs(image)
        if len(runs) == n_pages and shot == previous:
            break
        if time.monotonic() > deadline:
            page.close()
            raise AssertionError(
                f"{pdf.name}: after {VIEWER_TIMEOUT:.0f} s Chromium's PDF viewer showed "
                f"{len(runs)} page images of {n_pages}"
                + ("" if shot == previous else ", still changing")
            )
        previous = shot
        page.wait_for_timeout(100)
    page.close()
    pdf.with_suffix(".all.png").write_bytes(shot)
    return [image.crop((0, a, image.width, b)) for a, b in runs]


def _page_runs(image: Image.Image) -> list[tuple[int, int]]:
    """The (top, bottom) rows of each page in a screenshot of the viewer."""
    pixels = np.asarray(image)
    light = pixels.max(axis=(1, 2)) > 160  # rows of a page: the viewer's gaps have no light pixel
    edges = np.flatnonzero(np.diff(np.r_[0, light.astype(int), 0]))
    return [(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a > 50]


def ink_extent(image: Image.Image) -> float:
    """The share of the page's height between its first and last marked row."""
    pixels = np.asarray(image.convert("L")).astype(int)
    inner = pixels[:, 8:-8]
    marked = np.flatnonzero((inner < 200).sum(axis=1) > 2)
    if len(marked) == 0:
        return 0.0
    return float(marked[-1] - marked[0]) / image.height
