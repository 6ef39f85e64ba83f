"""A file or buffer read as text: compressed files opened, encodings and binary files named.

The one place the readers of CSV and JSON tables (Fingertips exports, observations,
metadata, areas) turn bytes into text. A file compressed with gzip, bzip2 or xz, or
a zip archive holding one file, is read as the file inside it, so an export can be
read as it was downloaded. Workbooks, Parquet files and archives that hold several
files are refused with what they are and what to do.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from outcomeframe._errors import ArgumentError, FileFormatError

__all__ = ["MAX_TEXT_BYTES", "decode", "head", "read_text", "regular_file", "wide_text"]

#: The most a compressed file may hold once opened (4 GiB): a "zip bomb" is refused
#: instead of filling the memory.
MAX_TEXT_BYTES = 4 * 2**30

#: Leading bytes -> what the file is, for the files that are not text and cannot be opened.
_REFUSED = (
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls workbook (OLE2), not a CSV: save the sheet as CSV"),
    (b"PAR1", "a Parquet file, not a CSV: read it with pandas.read_parquet and pass the table"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard-compressed file: decompress it first (zstd -d)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive: extract the file from it first"),
)

#: The first file of every Office Open XML file (an Excel .xlsx workbook among them).
_OFFICE = b"[Content_Types].xml"
_WORKBOOK = (
    "this is an Excel .xlsx workbook (or another Office file), not a CSV: "
    "save the sheet as CSV (UTF-8)"
)

#: Compressed files are read this much at a time (so the cap is checked as they open).
_CHUNK = 64 * 2**20

#: Byte-order marks of UTF-32 and UTF-16 text (UTF-32 first: its little-endian mark
#: starts with UTF-16's).
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_BZIP2_BLOCKS = (b"\x31\x41\x59\x26\x53\x59", b"\x17\x72\x45\x38\x50\x90")


class _Reader(Protocol):
    def read(self, size: int, /) -> bytes: ...


#: What a path that is not a regular file is, by the type bits of its mode.
_NOT_FILES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (reading it would wait for a writer)"),
    (stat.S_ISCHR, "a device (a terminal, /dev/zero, /dev/urandom: they do not end)"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def regular_file(path: str | os.PathLike[str], limit: int = MAX_TEXT_BYTES) -> None:
    """FileFormatError unless ``path`` is a regular file of at most ``limit`` bytes.

    Checked before a file is opened: opening a named pipe waits for a writer, and a
    device such as ``/dev/zero`` or ``/dev/urandom`` is read for ever (or until the
    memory runs out). A symbolic link is followed. A path that does not exist passes:
    opening it says so.

    Examples
    --------
    >>> from outcomeframe._text import regular_file
    >>> regular_file("/dev/zero")
    Traceback (most recent call last):
    ...
    outcomeframe.FileFormatError: /dev/zero: not a file: a device (a terminal, /dev/zero, ...
    """
    try:
        mode = Path(path).stat()
    except (OSError, ValueError):
        return  # the open that follows names the error
    for test, what in _NOT_FILES:
        if test(mode.st_mode):
            raise FileFormatError(f"not a file: {what}", path=os.fspath(path))
    if mode.st_size > limit:
        raise FileFormatError(
            f"the file holds {mode.st_size:,} bytes, more than the {limit:,} read",
            path=os.fspath(path),
        )


def read_text(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> tuple[str, str | None]:
    """The text of a file (a path) or buffer, and its name (``None`` for an unnamed buffer)."""
    name: str | None
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        if "\x00" in name:
            raise ArgumentError(f"{name!r} holds a NUL character, which no file name may")
        regular_file(name)
        try:
            with open(name, "rb") as handle:  # noqa: PTH123
                raw: bytes | str = handle.read()
        except OSError as err:
            raise FileFormatError(f"cannot open the file: {err.strerror}", path=name) from None
    elif callable(getattr(source, "read", None)):
        given = getattr(source, "name", None)
        name = given if isinstance(given, str) else None
        raw = source.read()
        if not isinstance(raw, str | bytes):
            raise ArgumentError(
                f"the file-like object read {type(raw).__name__}, not text or bytes"
            )
    else:
        received: object = source  # the annotation is what callers should give
        hint = " (decode a bytes path first)" if isinstance(received, bytes) else ""
        raise ArgumentError(
            "expected the path of a file (str or pathlib.Path) or an open file, got "
            f"{type(received).__name__}{hint}"
        )
    return decode(raw, name if name is not None else "<buffer>"), name


def wide_text(raw: bytes, where: str | os.PathLike[str]) -> str | None:
    """UTF-16 or UTF-32 text after its byte order mark; None for bytes without one.

    Examples
    --------
    >>> from outcomeframe._text import wide_text
    >>> wide_text("title: x".encode("utf-16"), "plan.yaml"), wide_text(b"title", "plan.yaml")
    ('title: x', None)
    """
    for bom, encoding in _WIDE_BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise FileFormatError(
                    f"not readable as {encoding}: {err}", path=os.fspath(where)
                ) from None
    return None


def decode(raw: bytes | str, where: str) -> str:
    """Text from a file's bytes: opened if compressed, UTF-8 (with or without BOM) or cp1252.

    Raises
    ------
    FileFormatError
        The bytes are binary (a workbook, a Parquet file, NUL bytes), a damaged or
        too large compressed file, or an archive that does not hold exactly one file.
    """
    if isinstance(raw, str):
        if "\x00" in raw:
            raise FileFormatError("binary content (NUL characters), not text", path=where)
        return raw
    raw = _opened(raw, where)
    if (wide := wide_text(raw, where)) is not None:  # Excel's "Unicode Text": UTF-16
        return wide
    for magic, what in _REFUSED:
        if raw.startswith(magic):
            raise FileFormatError(f"this is {what}", path=where)
    if b"\x00" in raw[:65536]:
        raise FileFormatError("binary content (NUL bytes), not text", path=where)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    sample = raw[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if controls > len(sample) // 100:
        raise FileFormatError("binary content, not text", path=where)
    return raw.decode("cp1252", errors="replace")


def head(path: str | os.PathLike[str], size: int = 65536) -> str:
    """The start of a file as text, opened if compressed: to tell what a file is.

    At most ``size`` bytes are read out of it; "" when it cannot be read (the reader
    then says why).
    """
    where = os.fspath(path)
    try:
        regular_file(where)
        with open(path, "rb") as handle:  # noqa: PTH123
            start = handle.read(size)
            if _is_zip(start):
                with (
                    zipfile.ZipFile(handle) as archive,
                    archive.open(_zip_member(archive, where)) as member,
                ):
                    start = member.read(size)
            elif compressed := _compression(start):
                handle.seek(0)
                with compressed[1](handle) as opened:  # type: ignore[arg-type]
                    start = opened.read(size)
        return decode(start, where)  # as the reader decodes it: UTF-8, UTF-16 ...
    except (OSError, EOFError, ValueError, RuntimeError, zlib.error, lzma.LZMAError):
        return ""  # FileFormatError too (a ValueError): the reader says what is wrong


def _is_zip(raw: bytes) -> bool:
    return raw[:2] == b"PK" and raw[2:4] in (b"\x03\x04", b"\x05\x06", b"\x07\x08")


def _compression(raw: bytes) -> tuple[str, Callable[[io.BytesIO], io.BufferedIOBase]] | None:
    """The compression of a gzip, bzip2 or xz file, and how to open it; None for others."""
    if raw.startswith(b"\x1f\x8b"):
        return "gzip", lambda f: gzip.GzipFile(fileobj=f)
    if raw.startswith(b"BZh") and raw[4:10] in _BZIP2_BLOCKS:
        return "bzip2", bz2.BZ2File
    if raw.startswith(b"\xfd7zXZ\x00"):
        return "xz", lzma.LZMAFile
    return None


def _opened(raw: bytes, where: str) -> bytes:
    """The bytes inside a gzip, bzip2 or xz file or a one-file zip archive; else ``raw``."""
    if _is_zip(raw):
        return _unzipped(raw, where)
    compressed = _compression(raw)
    if compressed is None:
        return raw
    kind, opener = compressed
    try:
        with opener(io.BytesIO(raw)) as handle:
            return _capped(handle, f"{kind}-compressed file", where)
    except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError) as err:
        raise FileFormatError(f"a damaged {kind}-compressed file: {err}", path=where) from None


def _unzipped(raw: bytes, where: str) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        if _OFFICE in raw[:4096]:  # a workbook, damaged or cut short
            raise FileFormatError(_WORKBOOK, path=where) from None
        raise FileFormatError(f"a damaged zip archive: {err}", path=where) from None
    member = _zip_member(archive, where)
    try:
        with archive.open(member) as handle:
            return _capped(handle, f"zip archive's {member.filename}", where)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, zlib.error) as err:
        raise FileFormatError(
            f"cannot read {member.filename} from the zip archive: {err}", path=where
        ) from None


def _zip_member(archive: zipfile.ZipFile, where: str) -> zipfile.ZipInfo:
    """The one file a zip archive holds (a Mac's resource files and dot files aside)."""
    entries = archive.infolist()
    if any(e.filename == _OFFICE.decode() for e in entries):
        raise FileFormatError(_WORKBOOK, path=where)
    files = [
        e
        for e in entries
        if not e.is_dir()
        and not e.filename.startswith("__MACOSX/")
        and not PurePosixPath(e.filename).name.startswith(".")
    ]
    if len(files) != 1:
        listed = ", ".join(e.filename for e in files[:5]) + (", ..." if len(files) > 5 else "")
        held = f"{len(files)} files ({listed})" if files else "no file"
        raise FileFormatError(
            f"the zip archive holds {held}: it is read when it holds one; extract the one to read",
            path=where,
        )
    return files[0]


def _capped(handle: _Reader, what: str, where: str) -> bytes:
    """All of ``handle``, read in chunks, or an error once it passes :data:`MAX_TEXT_BYTES`."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_TEXT_BYTES:
        chunk = handle.read(min(_CHUNK, MAX_TEXT_BYTES + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise FileFormatError(
        f"the {what} holds more than {MAX_TEXT_BYTES / 2**30:g} GiB once opened "
        "(perhaps a 'zip bomb'): decompress it yourself if it is meant to",
        path=where,
    )
