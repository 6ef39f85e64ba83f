"""The areas table: code, name, type and parent codes of every area, with vectorised lookups.

An :class:`AreaTable` answers, for a whole column of area codes at once, the
questions the assessment asks of each area: its name, its type (areas are
compared only with areas of the same type), its parent (e.g. its region, for
"compared to region") and its ancestors. Codes that are not in the table get a
missing value; nothing raises, so the caller can report them.

Columns of :attr:`AreaTable.data`
---------------------------------
``code`` (str, unique, never blank), ``name`` (str, may be missing), ``type``
(str, may be missing; Fingertips' words, e.g. ``"Regions"``), ``parents`` (tuple
of codes, nearest first; several where the hierarchy has them, e.g. a county and
a combined authority), ``level`` (nullable integer, 0 for England, optional).
"""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import IO, Any, Literal, cast

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._checks import need_text
from outcomeframe._errors import ArgumentError, _shown
from outcomeframe.observations._area_links import (
    Codes,
    _as_series,
    ancestor_pairs,
    ancestor_tuples,
    empty_tuples,
    nearest_of_type,
    normalised,
)
from outcomeframe.observations._area_types import area_table, area_types

__all__ = ["AREA_COLUMNS", "AreaTable", "area_table", "area_types"]

#: The columns of an areas table, in order.
AREA_COLUMNS: tuple[str, ...] = ("code", "name", "type", "parents", "level")


@attrs.frozen(eq=False, repr=False)
class AreaTable:
    """Areas with their code, name, type and parents; lookups over whole columns of codes.

    Build one with :func:`read_areas` (FingertipsNext ``areas.json`` or a tidy
    CSV), take the shipped English table with :func:`england_areas`, or pass a
    DataFrame with at least a ``code`` column (see :data:`AREA_COLUMNS`).

    Every lookup takes a code, a list or array of codes or a pandas Series
    (categorical too) and returns a Series aligned with it (same index for a
    Series). A code not in the table gives a missing value; lookups never raise.
    Each costs one hash lookup of the codes (``Index.get_indexer``), linear in
    their number; a categorical column is looked up once per category.

    Attributes
    ----------
    data : pandas.DataFrame
        Columns :data:`AREA_COLUMNS`, one row per area, index 0..n-1.

    Examples
    --------
    >>> from outcomeframe import england_areas
    >>> areas = england_areas()
    >>> areas.names(["E08000009", "E99999999"]).tolist()
    ['Trafford', nan]
    >>> areas.parent("E07000117", type="Regions").tolist()
    ['E12000002']
    >>> "E10000017" in areas
    True
    """

    data: pd.DataFrame = attrs.field(converter=normalised)
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict)

    # -- container protocol ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.data)

    def __contains__(self, code: object) -> bool:
        try:
            return code in self._index
        except TypeError:
            return False

    def __repr__(self) -> str:
        types = self.data["type"].nunique()
        return f"AreaTable({len(self)} areas, {types} types)"

    def __or__(self, other: AreaTable) -> AreaTable:
        if not isinstance(other, AreaTable):
            return NotImplemented
        return self.merge(other)

    def equals(self, other: object) -> bool:
        """Whether ``other`` is an area table with the same rows in the same order.

        Examples
        --------
        >>> from outcomeframe import england_areas
        >>> areas = england_areas()
        >>> areas.equals(areas | areas), areas.equals(areas.of_type("Regions"))
        (True, False)
        """
        return isinstance(other, AreaTable) and self.data.equals(other.data)

    # -- lookups ----------------------------------------------------------------------------

    def names(self, codes: Codes) -> pd.Series:
        """The name of each area (missing where the code is not in the table).

        Examples
        --------
        >>> from outcomeframe import england_areas
        >>> england_areas().names(["E10000017", "E12000002"]).tolist()
        ['Lancashire', 'North West region (statistical)']
        """
        return self._text_lookup(codes, "name")

    def types(self, codes: Codes) -> pd.Series:
        """The type of each area as the table gives it (missing where unknown).

        See :func:`area_types` for a lookup that falls back on the ONS code prefix.

        Examples
        --------
        >>> from outcomeframe import england_areas
        >>> england_areas().types(["E08000009", "E07000117"]).tolist()
        ['Counties and Unitary Authorities', 'Districts and Unitary Authorities']
        """
        return self._text_lookup(codes, "type")

    def parent(self, codes: Codes, type: str | None = None) -> pd.Series:
        """The parent code of each area, or its nearest ancestor of a given type.

        Parameters
        ----------
        codes : str, sequence, array or Series of str
            Area codes.
        type : str, optional
            Without it, the first parent the table lists. With it, the nearest
            ancestor (parents first, then their parents, ...; the area itself
            excluded) whose type is ``type``: e.g. the region of a district,
            through its county.

        Returns
        -------
        pandas.Series
            Codes; missing where the area is not in the table or has no such parent.

        Examples
        --------
        >>> from outcomeframe import england_areas
        >>> areas = england_areas()
        >>> areas.parent(["E07000117", "E10000017", "E92000001"]).tolist()
        ['E10000017', 'E12000002', nan]
        >>> areas.parent(["E07000117"], type="England").tolist()
        ['E92000001']
        """
        if type is None:
            return self._lookup(codes, self._column("first_parent"), "parent")
        return self._lookup(codes, self._nearest(need_text(type, "type")), "parent")

    def ancestors(self, codes: Codes) -> pd.Series:
        """Every ancestor of each area, nearest first, as a tuple of codes.

        Parents come before grandparents; among areas as near as each other the
        order of the parents lists is kept. A parent code that is not itself in
        the table ends that branch. Missing where the code is not in the table.

        Examples
        --------
        >>> from outcomeframe import england_areas
        >>> england_areas().ancestors(["E07000117"]).tolist()
        [('E10000017', 'E12000002', 'E92000001')]
        """
        return self._lookup(codes, self._ancestor_tuples(), "ancestors", text=False)

    def of_type(self, type: str | Collection[str] | pd.Series) -> AreaTable:
        """The areas of one type (or of any of several), in table order.

        Parent codes are kept as they are, even when the parent is now outside
        the table.

        Examples
        --------
        >>> from outcomeframe import england_areas
        >>> len(england_areas().of_type("Regions"))
        9
        """
        given: object = type
        if isinstance(given, str):
            wanted: list[Any] = [given]
        elif isinstance(given, Collection | pd.Series) and not isinstance(given, bytes):
            wanted = list(given)  # rows of a 2-d array are no text: refused below
        else:
            wanted = []
        if not wanted or not all(isinstance(w, str) for w in wanted):
            raise ArgumentError(
                f"type: expected an area type or a list of them, got {_shown(type)}"
            )
        keep = self.data["type"].isin(wanted).to_numpy()
        return AreaTable(self.data[keep].reset_index(drop=True))

    def merge(self, other: AreaTable, *, prefer: Literal["other", "self"] = "other") -> AreaTable:
        """Every area of both tables; where both have a code, one table's fields win.

        Field by field, the preferred table's value is used where it has one and
        the other's where it is missing (no name, no type, no parents, no level).
        So ``england_areas().merge(from_file)`` takes the names the data file
        gives and keeps the shipped types and parents for the rest.
        ``a | b`` is ``a.merge(b)``.

        Parameters
        ----------
        other : AreaTable
        prefer : {"other", "self"}
            Whose values win where both tables have one (default: ``other``).

        Returns
        -------
        AreaTable
            This table's areas in its order, then the other's new ones in theirs.

        Examples
        --------
        >>> import pandas as pd
        >>> from outcomeframe import AreaTable, england_areas
        >>> renamed = AreaTable(pd.DataFrame({"code": ["E08000009"], "name": ["Trafford MBC"]}))
        >>> merged = england_areas() | renamed
        >>> merged.names(["E08000009"]).tolist(), merged.types(["E08000009"]).tolist()
        (['Trafford MBC'], ['Counties and Unitary Authorities'])
        >>> england_areas().merge(renamed, prefer="self").names(["E08000009"]).tolist()
        ['Trafford']
        """
        if not isinstance(other, AreaTable):
            raise ArgumentError(f"merge: other must be an AreaTable, not {type(other).__name__}")
        if prefer not in ("other", "self"):
            raise ArgumentError(f"merge: prefer must be 'other' or 'self', not {prefer!r}")
        mine = self.data.set_index("code")
        theirs = other.data.set_index("code")
        new = theirs.index[~theirs.index.isin(mine.index)]
        codes = mine.index.append(new)
        first, second = mine.reindex(codes), theirs.reindex(codes)
        if prefer == "self":
            first, second = second, first
        # ``first`` is the fallback, ``second`` the preferred table.
        out = pd.DataFrame({"code": codes.to_numpy(dtype=object)})
        for column in ("name", "type", "level"):
            values = second[column].where(second[column].notna(), first[column])
            out[column] = values.to_numpy()
        has = second["parents"].str.len().fillna(0).to_numpy() > 0
        parents = np.where(has, second["parents"].to_numpy(), first["parents"].to_numpy())
        missing = pd.isna(parents)
        parents[missing] = empty_tuples(int(missing.sum()))
        out["parents"] = parents
        return AreaTable(out)

    def to_csv(self, path_or_buffer: str | os.PathLike[str] | IO[str] | None = None) -> str | None:
        """Write the table as a tidy CSV: code, name, type, parents (``;``-separated), level.

        :func:`read_areas` reads it back unchanged. Returns the text when no
        path or buffer is given.

        Examples
        --------
        >>> from outcomeframe import england_areas
        >>> print(england_areas().of_type("Regions").to_csv().splitlines()[1])
        E12000001,North East region (statistical),Regions,E92000001,1
        """
        frame = self.data.copy()
        frame["parents"] = [";".join(p) for p in frame["parents"]]
        if path_or_buffer is None:
            return frame.to_csv(index=False, lineterminator="\n")
        if isinstance(path_or_buffer, str | os.PathLike):
            where = os.fspath(path_or_buffer)
            try:
                frame.to_csv(where, index=False, lineterminator="\n", encoding="utf-8")
            except (OSError, ValueError) as err:  # a folder, no such folder, a NUL ...
                why = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
                raise ArgumentError(f"path_or_buffer: cannot write {where!r}: {why}") from None
        elif callable(getattr(path_or_buffer, "write", None)):
            frame.to_csv(path_or_buffer, index=False, lineterminator="\n")
        else:
            raise ArgumentError(
                "path_or_buffer: expected a file name or a text buffer, "
                f"got {type(path_or_buffer).__name__}"
            )
        return None

    # -- internals --------------------------------------------------------------------------

    @property
    def _index(self) -> pd.Index:
        if "index" not in self._cache:
            self._cache["index"] = pd.Index(self.data["code"].to_numpy(dtype=object))
        return cast(pd.Index, self._cache["index"])

    def _column(self, name: str) -> npt.NDArray[np.object_]:
        """Values by table position, with one missing value appended (for position -1)."""
        key = "col:" + name
        if key not in self._cache:
            if name == "first_parent":
                parents = self.data["parents"]
                values = parents.str[0].where(parents.str.len() > 0).to_numpy(dtype=object)
            else:
                values = self.data[name].to_numpy(dtype=object)
            self._cache[key] = np.append(values, np.array([np.nan], dtype=object))
        return cast(npt.NDArray[np.object_], self._cache[key])

    def _positions(self, codes: pd.Series) -> npt.NDArray[np.intp]:
        if isinstance(codes.dtype, pd.CategoricalDtype):
            cats = self._index.get_indexer(pd.Index(codes.cat.categories.to_numpy(dtype=object)))
            return np.append(cats, -1)[codes.cat.codes.to_numpy()]
        found = self._index.get_indexer(pd.Index(codes.to_numpy(dtype=object), dtype=object))
        return np.asarray(found, dtype=np.intp)

    def _lookup(
        self, codes: Codes, values: npt.NDArray[np.object_], name: str, *, text: bool = True
    ) -> pd.Series:
        series = _as_series(codes)
        found = values[self._positions(series)]
        return pd.Series(found, index=series.index, name=name, dtype="str" if text else object)

    def _text_lookup(self, codes: Codes, name: str) -> pd.Series:
        """:meth:`_lookup` of a text column, taken from its own text array (no conversion)."""
        column = self.data[name]
        if column.dtype != pd.StringDtype(na_value=np.nan):  # pragma: no cover - read as text
            return self._lookup(codes, self._column(name), name)
        series = _as_series(codes)
        found = column.array.take(self._positions(series), allow_fill=True)
        return pd.Series(found, index=series.index, name=name)

    def _pairs(self) -> pd.DataFrame:
        if "pairs" not in self._cache:
            self._cache["pairs"] = ancestor_pairs(self.data["parents"].to_numpy(), self._index)
        pairs: pd.DataFrame = self._cache["pairs"]
        return pairs

    def _nearest(self, type: str) -> npt.NDArray[np.object_]:
        key = "nearest:" + str(type)
        if key not in self._cache:
            self._cache[key] = nearest_of_type(self._pairs(), self._column("type"), type)
        return cast(npt.NDArray[np.object_], self._cache[key])

    def _ancestor_tuples(self) -> npt.NDArray[np.object_]:
        if "ancestors" not in self._cache:
            self._cache["ancestors"] = ancestor_tuples(self._pairs(), len(self))
        return cast(npt.NDArray[np.object_], self._cache["ancestors"])
