"""The data sources a dashboard names: each with its licence, never a local file path."""

from __future__ import annotations

import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["OGL", "OGL_URL", "is_path", "source_entries"]

OGL = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

_LICENCE = re.compile(
    r"(open government licen[cs]e|\bogl\b|creative commons|\bcc[ -]by|licen[cs]e)", re.IGNORECASE
)
_OGL = re.compile(r"open government licen[cs]e|\bogl\b", re.IGNORECASE)
_FILE = re.compile(r"\.(csv|tsv|txt|json|xlsx?|ods|parquet|ya?ml|zip|gz)$", re.IGNORECASE)


def is_path(text: str) -> bool:
    r"""Whether a source text is a file path (absolute, relative, or a bare file name).

    Examples
    --------
    >>> from outcomeframe.report._sources import is_path
    >>> is_path("/home/me/data/obs.csv"), is_path(r"C:\data\obs.csv"), is_path("obs.csv")
    (True, True, True)
    >>> is_path("OHID Fingertips indicator 93085, via dhsc-govuk/FingertipsNext; OGL v3.0")
    False
    """
    text = text.strip()
    if text.startswith(("/", "~", "./", "../", "\\\\")) or re.match(r"^[A-Za-z]:[\\/]", text):
        return True
    return not re.search(r"\s", text) and bool(_FILE.search(text) or "/" in text or "\\" in text)


def _file_name(text: str) -> str:
    path = PureWindowsPath(text) if "\\" in text else PurePosixPath(text)
    return path.name or text


def _split(text: str) -> tuple[str, str]:
    """(source, licence) of one source text: the licence is its last ``;`` part naming one."""
    head, sep, tail = text.rpartition(";")
    if sep and _LICENCE.search(tail):
        name, licence = head.strip(), tail.strip()
    elif _LICENCE.search(text) and not sep:
        name, licence = text.strip(), ""
    else:
        name, licence = text.strip(), ""
    if licence and _OGL.search(licence):
        licence = OGL
    return name, licence


def source_entries(texts: Iterable[str]) -> list[dict[str, str]]:
    """Distinct sources as ``{"name", "licence"}``, sorted; a file path becomes its file name.

    A source text ``"<what>; <licence>"`` is split at its last semicolon when
    that part names a licence; "OGL v3.0" is written out as the Open
    Government Licence v3.0. A source that is only a file path (what a data
    file without a ``source`` column is given) is shown by its file name and
    "the file names no source or licence", so no local path is ever printed.

    Examples
    --------
    >>> from outcomeframe.report._sources import source_entries
    >>> source_entries(["DfE EYFSP 2021/22, via a/b (commit 1); OGL v3.0", "/tmp/x/obs.csv"])
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'name': 'DfE EYFSP 2021/22, via a/b (commit 1)', 'licence': 'Open Government Licence v3.0'},
     {'name': 'obs.csv', 'licence': 'not stated: the file names no source or licence'}]
    """
    seen: dict[str, str] = {}
    for text in pd.unique(pd.Series(list(texts), dtype="str").dropna()):
        raw = str(text).strip()
        if not raw:
            continue
        if is_path(raw):
            name, licence = _file_name(raw), "not stated: the file names no source or licence"
        else:
            name, licence = _split(raw)
        if name not in seen or (licence and not seen[name]):
            seen[name] = licence
    return [{"name": n, "licence": seen[n]} for n in sorted(seen)]
