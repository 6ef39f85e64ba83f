"""Synthetic record-level data, seeded and labelled synthetic, for tests, docs and benchmarks.

Two kinds of records, each row one person:

- births: ``area_code``, ``date`` (of birth), ``year``, ``sex``, ``birthweight_g``,
  ``gestation_weeks``, ``mother_age`` and ``smoking_status`` (at delivery);
- pupils: ``area_code``, ``academic_year``, ``year``, ``sex``, ``fsm`` (known to be
  eligible for free school meals) and ``gld`` (a good level of development in the
  Early Years Foundation Stage Profile).

Every table has a ``synthetic`` column (always True) and ``attrs["synthetic"]``; the
Parquet files say so in their metadata. The numbers are drawn from simple models with
plausible shapes (term births weigh about 3.4 kg and some 7% of births under 2.5 kg;
smoking lowers birthweight; pupils known to be eligible for free school meals reach a
good level of development less often), not from any published figure. Everything is vectorised numpy: a chunk of
millions of rows takes well under a second, and :func:`write_synthetic_births` writes
any number of rows to Parquet one chunk at a time.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from outcomeframe._errors import ArgumentError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["synthetic_births", "synthetic_pupils", "write_synthetic_births"]

SMOKING = ("non-smoker", "smoker", "unknown")
SEXES = ("female", "male")
_PARQUET_NOTE = b"synthetic records from outcomeframe's seeded generator; not real people"


def _areas(areas: Sequence[str] | None) -> npt.NDArray[np.str_]:
    if areas is None:  # the counties and unitary authorities of England
        from outcomeframe.observations import england_areas  # noqa: PLC0415

        table = england_areas().data
        areas = table.loc[table["type"] == "Counties and Unitary Authorities", "code"].tolist()
    codes = np.asarray(list(areas), dtype=str)
    if codes.size == 0:
        raise ArgumentError("areas: give at least one area code")
    return codes


def _whole(value: Any, name: str, low: int) -> None:
    try:
        number = operator.index(value)
    except TypeError:
        number = None
    if number is None or isinstance(value, bool) or number < low:
        raise ArgumentError(f"{name}: expected a whole number >= {low}, got {value!r}")


def _check(n: int, years: Sequence[int], defects: float) -> npt.NDArray[np.int64]:
    _whole(n, "n", 0)
    span = np.asarray(list(years), dtype=np.int64)
    if span.size == 0:
        raise ArgumentError("years: give at least one year")
    if not 0 <= defects <= 1:
        raise ArgumentError(f"defects: expected a fraction between 0 and 1, got {defects!r}")
    return span


def _births_arrays(
    n: int,
    rng: np.random.Generator,
    codes: npt.NDArray[np.str_],
    span: npt.NDArray[np.int64],
    defects: float,
) -> dict[str, Any]:
    """The columns of ``n`` births as numpy arrays (codes as integer indices)."""
    area = rng.integers(0, codes.size, n, dtype=np.int32)
    # Each area's own smoking prevalence and birthweight shift: maps worth drawing.
    area_smoking = 0.04 + 0.14 * np.random.default_rng(codes.size).random(codes.size)
    area_shift = np.random.default_rng(codes.size + 1).normal(0.0, 40.0, codes.size)
    year = span[rng.integers(0, span.size, n)]
    day = rng.integers(0, 365, n).astype("timedelta64[D]")
    date = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + day
    draw = rng.random(n)
    smoking = np.where(draw < area_smoking[area], 1, np.where(draw > 0.97, 2, 0)).astype(np.int8)
    # Gestation: most births at term, about 8% preterm (a wider, earlier spread).
    preterm = rng.random(n) < 0.08
    weeks = np.where(preterm, rng.normal(33.5, 2.5, n), rng.normal(39.4, 1.2, n))
    gestation = np.clip(np.rint(weeks), 24, 43).astype(np.int16)
    mean = 3470.0 + 150.0 * (gestation - 40) - 210.0 * (smoking == 1) + area_shift[area]
    weight = np.clip(np.rint(rng.normal(mean, 410.0)), 400, 5900)
    mother = np.clip(np.rint(rng.normal(30.6, 5.6, n)), 14, 52).astype(np.int16)
    sex = (rng.random(n) < 0.513).astype(np.int8)  # 0 female, 1 male
    missing_area = np.zeros(n, dtype=bool)
    missing_weight = np.zeros(n, dtype=bool)
    if defects:  # messy records, as registrations have: each defect one kind
        kind = np.where(rng.random(n) < defects, rng.integers(0, 3, n), -1)
        missing_area = kind == 0
        missing_weight = kind == 1
        weight = np.where(kind == 2, 9999.0, weight)  # a code for "not recorded"
    return {
        "area": area, "missing_area": missing_area, "date": date, "year": year, "sex": sex,
        "weight": weight, "missing_weight": missing_weight, "gestation": gestation,
        "mother": mother, "smoking": smoking,
    }  # fmt: skip


def synthetic_births(
    n: int,
    *,
    seed: int = 0,
    areas: Sequence[str] | None = None,
    years: Sequence[int] = (2021, 2022, 2023),
    defects: float = 0.0,
) -> pd.DataFrame:
    """Synthetic birth records, one row per live birth (labelled synthetic).

    Parameters
    ----------
    n : int
        Number of births.
    seed : int, default 0
        The random seed: the same seed gives the same records.
    areas : sequence of str, optional
        Area codes to place births in, uniformly; by default England's counties and
        unitary authorities (153 codes).
    years : sequence of int, default (2021, 2022, 2023)
        Calendar years of birth, uniformly; ``date`` is a day in that year.
    defects : float, default 0
        The fraction of records with one defect, as real registrations have: a missing
        area code, a missing birthweight, or the birthweight 9999 (a code for "not
        recorded", outside any plausible domain), in equal shares.

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``date``, ``year``, ``sex``, ``birthweight_g`` (float, NaN when
        missing), ``gestation_weeks``, ``mother_age``, ``smoking_status``
        ("non-smoker", "smoker" or "unknown") and ``synthetic`` (True);
        ``attrs["synthetic"]`` is True.

    Examples
    --------
    >>> from outcomeframe.records import synthetic_births
    >>> places = ["E06000008", "E08000009"]
    >>> births = synthetic_births(10_000, seed=1, areas=places)
    >>> births.columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['area_code', 'date', 'year', 'sex', 'birthweight_g', 'gestation_weeks',
     'mother_age', 'smoking_status', 'synthetic']
    >>> bool(births["synthetic"].all()), births.attrs["synthetic"]
    (True, True)
    >>> low = births["birthweight_g"] < 2500
    >>> bool(0.04 < low.mean() < 0.10), births.equals(synthetic_births(10_000, seed=1, areas=places))
    (True, True)
    """
    import pandas as pd  # noqa: PLC0415

    span = _check(n, years, defects)
    codes = _areas(areas)
    cols = _births_arrays(n, np.random.default_rng(seed), codes, span, defects)
    area = codes[cols["area"]].astype(object)
    area[cols["missing_area"]] = None
    weight = np.where(cols["missing_weight"], np.nan, cols["weight"])
    frame = pd.DataFrame(
        {
            "area_code": pd.array(area, dtype="str"),
            "date": cols["date"],
            "year": cols["year"],
            "sex": pd.array(np.asarray(SEXES)[cols["sex"]], dtype="str"),
            "birthweight_g": weight,
            "gestation_weeks": cols["gestation"].astype(np.int64),
            "mother_age": cols["mother"].astype(np.int64),
            "smoking_status": pd.array(np.asarray(SMOKING)[cols["smoking"]], dtype="str"),
            "synthetic": np.ones(n, dtype=bool),
        }
    )
    frame.attrs["synthetic"] = True
    return frame


def synthetic_pupils(
    n: int,
    *,
    seed: int = 0,
    areas: Sequence[str] | None = None,
    years: Sequence[int] = (2022, 2023, 2024),
) -> pd.DataFrame:
    """Synthetic pupil records at the end of reception: EYFSP outcome and FSM status.

    Parameters
    ----------
    n : int
        Number of pupils.
    seed : int, default 0
        The random seed.
    areas : sequence of str, optional
        Area codes, by default England's counties and unitary authorities.
    years : sequence of int, default (2022, 2023, 2024)
        The years in which the academic years end (2023 is "2022/23").

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``academic_year`` ("2022/23"), ``year`` (2023), ``sex``, ``fsm``
        (bool), ``gld`` (bool: a good level of development) and ``synthetic`` (True);
        ``attrs["synthetic"]`` is True.

    Examples
    --------
    >>> from outcomeframe.records import synthetic_pupils
    >>> pupils = synthetic_pupils(20_000, seed=3, areas=["E06000008"])
    >>> rates = pupils.groupby("fsm")["gld"].mean()
    >>> bool(rates[True] < rates[False]), pupils["academic_year"].iloc[0][4]
    (True, '/')
    """
    import pandas as pd  # noqa: PLC0415

    span = _check(n, years, 0.0)
    codes = _areas(areas)
    rng = np.random.default_rng(seed)
    area = rng.integers(0, codes.size, n)
    area_fsm = 0.10 + 0.25 * np.random.default_rng(codes.size).random(codes.size)
    end = span[rng.integers(0, span.size, n)]
    fsm = rng.random(n) < area_fsm[area]
    female = rng.random(n) < 0.49
    # Log-odds of a good level of development: lower with FSM, higher for girls.
    logit = 0.75 - 0.85 * fsm + 0.55 * female + 0.04 * (end - 2023)
    gld = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))
    labels = np.char.add(np.char.add((end - 1).astype(str), "/"), (end % 100).astype(str))
    frame = pd.DataFrame(
        {
            "area_code": pd.array(codes[area], dtype="str"),
            "academic_year": pd.array(labels, dtype="str"),
            "year": end,
            "sex": pd.array(np.where(female, "female", "male"), dtype="str"),
            "fsm": fsm,
            "gld": gld,
            "synthetic": np.ones(n, dtype=bool),
        }
    )
    frame.attrs["synthetic"] = True
    return frame


def write_synthetic_births(
    path: str | Path,
    n: int,
    *,
    seed: int = 0,
    areas: Sequence[str] | None = None,
    years: Sequence[int] = (2021, 2022, 2023),
    defects: float = 0.0,
    chunk_rows: int = 5_000_000,
) -> Path:
    """Write ``n`` synthetic births to one Parquet file, a chunk (row group) at a time.

    Memory stays that of one chunk, so 100 million rows need well under a gigabyte.
    Each chunk is drawn with its own seed from ``seed``: the file depends on
    ``chunk_rows`` as well as ``seed``. Columns as :func:`synthetic_births`, with
    ``area_code``, ``sex`` and ``smoking_status`` dictionary-encoded; the file's
    metadata says ``synthetic: true``.

    Parameters
    ----------
    path : str or pathlib.Path
        The Parquet file to write (replaced if it exists).
    n, seed, areas, years, defects
        As :func:`synthetic_births`.
    chunk_rows : int, default 5,000,000
        Rows per chunk.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pyarrow.parquet as pq
    >>> from outcomeframe.records import write_synthetic_births
    >>> tmp = tempfile.TemporaryDirectory()
    >>> target = pathlib.Path(tmp.name) / "births.parquet"
    >>> path = write_synthetic_births(target, 2_500, seed=7, chunk_rows=1_000)
    >>> meta = pq.ParquetFile(path).metadata
    >>> meta.num_rows, meta.num_row_groups, meta.metadata[b"synthetic"]
    (2500, 3, b'true')
    >>> tmp.cleanup()
    """
    from outcomeframe._engines import require  # noqa: PLC0415

    pa = require("pyarrow")
    pq = require("pyarrow.parquet")
    span = _check(n, years, defects)
    _whole(chunk_rows, "chunk_rows", 1)
    codes = _areas(areas)
    target = Path(path)
    area_dict = pa.array(codes.tolist(), pa.string())
    schema = pa.schema(
        [
            ("area_code", pa.dictionary(pa.int32(), pa.string())),
            ("date", pa.date32()),
            ("year", pa.int64()),
            ("sex", pa.dictionary(pa.int8(), pa.string())),
            ("birthweight_g", pa.float64()),
            ("gestation_weeks", pa.int64()),
            ("mother_age", pa.int64()),
            ("smoking_status", pa.dictionary(pa.int8(), pa.string())),
            ("synthetic", pa.bool_()),
        ],
        metadata={b"synthetic": b"true", b"description": _PARQUET_NOTE, b"seed": str(seed)},
    )
    seeds = np.random.SeedSequence(seed).spawn(max(1, -(-n // chunk_rows)))
    with pq.ParquetWriter(target, schema) as writer:
        for i, start in enumerate(range(0, n, chunk_rows)):
            size = min(chunk_rows, n - start)
            cols = _births_arrays(size, np.random.default_rng(seeds[i]), codes, span, defects)
            arrays = [
                pa.DictionaryArray.from_arrays(
                    pa.array(cols["area"], mask=cols["missing_area"]), area_dict
                ),
                pa.array(cols["date"]),
                pa.array(cols["year"]),
                pa.DictionaryArray.from_arrays(pa.array(cols["sex"]), pa.array(SEXES)),
                pa.array(cols["weight"], mask=cols["missing_weight"]),
                pa.array(cols["gestation"].astype(np.int64)),
                pa.array(cols["mother"].astype(np.int64)),
                pa.DictionaryArray.from_arrays(pa.array(cols["smoking"]), pa.array(SMOKING)),
                pa.array(np.ones(size, dtype=bool)),
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
    return target
