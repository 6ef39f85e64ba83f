"""The shipped plans' built tables, stored in the package so a new process need not build them.

:func:`~outcomeframe.examples._build.build` reads and reshapes every file under
``published/``, which takes seconds; its result does not change unless those files or
the readers change. So it is written once, by the build command::

    python -m outcomeframe.examples._built

into ``built/``: for each plan, ``<plan>.data.csv.gz``, ``<plan>.rejected.csv.gz`` and
``<plan>.sources.csv.gz`` (gzip-compressed CSV, written without a time stamp, so the same
tables give the same bytes), and ``manifest.json`` with the pandas dtype of every column
and the SHA-256 of every published file the tables were built from. CSV, not Parquet:
pandas reads it without pyarrow, and the columns are restored to their dtypes exactly.

:func:`stored` reads them back. The command checks its own output (the tables read back
equal the tables built) and refuses to write what would not read back equal; the test
suite rebuilds every table from the published files and asserts that it equals the stored
one, so a change to a published file or a reader that is not followed by the build
command fails the tests. When ``built/`` is missing, :func:`stored` returns ``None`` and
the tables are built in the process.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from outcomeframe.examples._common import PACKAGE, data_path
from outcomeframe.examples._plans import Built, plans

__all__ = [
    "TABLES",
    "built_path",
    "manifest",
    "published_hashes",
    "stored",
    "stored_table",
    "write",
]

#: The tables of one plan, as the attributes of :class:`~._plans.Built`.
TABLES: tuple[str, ...] = ("data", "rejected", "sources")

_MANIFEST = "manifest.json"

#: pandas 3 parses every float exactly and deprecates the option; pandas 2 needs it.
_EXACT: dict[str, Any] = (
    {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
)


def built_path(file: str | None = None) -> Path:
    """The folder of the stored tables, or one file in it (which need not exist)."""
    root = Path(str(resources.files(PACKAGE).joinpath("built")))
    return root if file is None else root / file


def published_hashes() -> dict[str, str]:
    """SHA-256 of every published file, by path relative to :func:`data_path`, sorted."""
    root = data_path()
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files
    }


def _encode(frame: pd.DataFrame) -> bytes:
    text = frame.to_csv(index=False, lineterminator="\n")
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def _decode(raw: bytes, dtypes: dict[str, str]) -> pd.DataFrame:
    dates = [c for c, t in dtypes.items() if t.startswith("datetime64")]
    plain = {c: t for c, t in dtypes.items() if c not in dates}
    frame: pd.DataFrame = pd.read_csv(
        io.BytesIO(gzip.decompress(raw)),
        dtype={**plain, **dict.fromkeys(dates, "str")},
        keep_default_na=False,
        na_values=[""],
        **_EXACT,
    )
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601").astype(
            np.dtype(dtypes[column])
        )
    return frame


def write(tables: dict[str, Built], folder: Path | None = None) -> Path:
    """Write the built tables of each plan, and the manifest; return the folder.

    Raises ``ValueError`` when a table would not read back equal (for example a text
    cell that is the empty string, which a CSV cannot tell from a missing one).
    """
    folder = built_path() if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    dtypes: dict[str, dict[str, str]] = {}
    encoded: dict[str, bytes] = {}
    for name, built in sorted(tables.items()):
        for table in TABLES:
            frame: pd.DataFrame = getattr(built, table)
            key = f"{name}.{table}"
            dtypes[key] = {str(c): str(t) for c, t in frame.dtypes.items()}
            encoded[key] = _encode(frame)
            back = _decode(encoded[key], dtypes[key])
            try:
                pd.testing.assert_frame_equal(back, frame, check_exact=True)
            except AssertionError as err:
                raise ValueError(f"{key} would not read back equal: {err}") from None
    for key, raw in encoded.items():
        (folder / f"{key}.csv.gz").write_bytes(raw)
    manifest = {
        "command": "python -m outcomeframe.examples._built",
        "licence": "Open Government Licence v3.0 (see published/README.md)",
        "dtypes": dtypes,
        "published": published_hashes(),
    }
    (folder / _MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return folder


def manifest(folder: Path | None = None) -> dict[str, Any] | None:
    """The manifest of the stored tables, or ``None`` when there is none."""
    path = (built_path() if folder is None else folder) / _MANIFEST
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def stored_table(name: str, table: str, folder: Path | None = None) -> pd.DataFrame | None:
    """One stored table (``table`` one of :data:`TABLES`) of plan ``name``, or ``None``."""
    folder = built_path() if folder is None else folder
    found = manifest(folder)
    key = f"{name}.{table}"
    if found is None or key not in found["dtypes"]:
        return None
    return _decode((folder / f"{key}.csv.gz").read_bytes(), found["dtypes"][key])


def stored(name: str, folder: Path | None = None) -> Built | None:
    """The stored tables of plan ``name``, or ``None`` when they are not all stored."""
    frames = [stored_table(name, t, folder) for t in TABLES]
    if any(f is None for f in frames):
        return None
    return Built(*[f for f in frames if f is not None])


def main() -> None:  # pragma: no cover - the build command; its output is tested
    """Build every shipped plan's tables from the published files and write them."""
    from outcomeframe.examples._build import build  # noqa: PLC0415
    from outcomeframe.examples._data import areas  # noqa: PLC0415

    folder = write({name: build(name, areas(name)) for name in plans()})
    sys.stdout.write(f"wrote the built tables of {', '.join(plans())} to {folder}\n")


if __name__ == "__main__":  # pragma: no cover
    main()
