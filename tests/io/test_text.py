"""Files read as text: compressed files opened, archives and binary files named, bombs refused."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import zipfile
from pathlib import Path

import pytest

import outcomeframe as of
from outcomeframe import _engines, _text
from outcomeframe.io import read_observations

DATA = Path(__file__).parents[1] / "data" / "fingertipsnext"
CSV = "indicator,area_code,period,value\nI1,E06000008,2019,66.5\nI1,E06000009,2019,70.1\n"


def _zip(files: dict[str, str]) -> bytes:
    """A zip archive of ``files``, the same bytes every time (each pytest-xdist worker
    builds the parameters, and their ids must agree)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)  # no timestamp: the same bytes every time


@pytest.mark.parametrize(
    "packed",
    [
        _gzip(CSV.encode()),
        _gzip(CSV[:40].encode()) + _gzip(CSV[40:].encode()),  # two members
        bz2.compress(CSV.encode()),
        lzma.compress(CSV.encode()),
        _zip({"data.csv": CSV}),
        _zip({"__MACOSX/._data.csv": "x", ".DS_Store": "x", "export/": "", "export/d.csv": CSV}),
        _gzip(("\ufeff" + CSV).encode("utf-8")),
    ],
    ids=["gzip", "gzip-members", "bzip2", "xz", "zip", "zip-with-mac-files", "gzip-bom"],
)
def test_a_compressed_file_reads_as_the_file_inside(packed, tmp_path):
    path = tmp_path / "observations.csv.packed"
    path.write_bytes(packed)
    plain = tmp_path / "observations.csv"
    plain.write_text(CSV)
    got = read_observations(path).data
    want = read_observations(plain).data
    assert got.drop(columns="source").equals(want.drop(columns="source"))
    assert _text.decode(packed, "x") == CSV


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_wide_unicode_text_is_read(encoding, tmp_path):
    # Excel's "Unicode Text" is UTF-16 with a byte-order mark, and tab-separated
    text = CSV.replace(",", "\t").replace("E06000008", "E06000008 Ynys Môn")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # the codec writes no mark of its own
    assert _text.decode(data, "x") == text
    path = tmp_path / "unicode.txt"
    path.write_bytes(data)
    assert read_observations(path).data["area_code"].tolist() == ["E06000008 Ynys Môn", "E06000009"]


def test_text_not_starting_like_bzip2_is_text():
    text = "BZh,area\n1,2\n"  # starts like bzip2's magic, but is a CSV
    assert _text.decode(text.encode(), "x") == text


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (_zip({"a.csv": CSV, "b.csv": CSV}), r"holds 2 files \(a\.csv, b\.csv\)"),
        (_zip({}), "holds no file"),
        (_zip({"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<x/>"}), "Excel .xlsx"),
        (b"PK\x03\x04" + b"\x00" * 40, "damaged zip archive"),
        (_gzip(CSV.encode())[:-12], "damaged gzip-compressed file"),
        (b"\x1f\x8b" + b"\xff" * 30, "damaged gzip-compressed file"),
        (lzma.compress(CSV.encode())[:20], "damaged xz-compressed file"),
        (b"PAR1\x15\x04", "Parquet file"),
        (b"\x28\xb5\x2f\xfd\x04\x00", "Zstandard"),
        (b"7z\xbc\xaf\x27\x1c\x00\x04", "7-Zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", r"old Excel \.xls"),
        (_gzip(b"a,b\n\x00\x01\x02"), "binary content"),
    ],
    ids=[
        "zip-of-two",
        "empty-zip",
        "xlsx",
        "damaged-zip",
        "cut-gzip",
        "damaged-gzip",
        "cut-xz",
        "parquet",
        "zstd",
        "7z",
        "xls",
        "binary-in-gzip",
    ],
)
def test_files_that_are_not_text_are_named(content, match, tmp_path):
    path = tmp_path / "download.csv"
    path.write_bytes(content)
    with pytest.raises(of.FileFormatError, match=r"download\.csv: .*" + match):
        read_observations(path)


def test_a_file_that_opens_too_large_is_refused_not_read(monkeypatch, tmp_path):
    monkeypatch.setattr(_text, "MAX_TEXT_BYTES", 10_000)
    monkeypatch.setattr(_text, "_CHUNK", 4096)
    bomb = b"\n" * 10_001
    path = tmp_path / "bomb.csv.gz"
    for packed in (_gzip(bomb), _zip({"bomb.csv": bomb.decode()})):
        path.write_bytes(packed)
        with pytest.raises(of.FileFormatError, match=r"bomb\.csv\.gz: .*more than .* GiB"):
            read_observations(path)
    path.write_bytes(_gzip(b"\n" * 10_000))  # at the cap: read (and found empty)
    with pytest.raises(of.FileFormatError, match="the file is empty"):
        read_observations(path)


def test_areas_and_metadata_read_compressed(tmp_path):
    areas = tmp_path / "areas.csv.gz"
    areas.write_bytes(_gzip(b"code,name,type\nE06000008,Blackburn with Darwen,UA\n"))
    assert of.read_areas(areas).names(["E06000008"]).tolist() == ["Blackburn with Darwen"]
    zipped = tmp_path / "areas.zip"
    zipped.write_bytes(_zip({"areas.json": '[{"areaCode": "E1", "areaName": "One"}]'}))
    assert of.read_areas(zipped).names(["E1"]).tolist() == ["One"]
    metadata = DATA / "indicators.csv"
    packed = tmp_path / "indicators.csv.xz"
    packed.write_bytes(lzma.compress(metadata.read_bytes()))
    got, want = of.read_fingertips_metadata(packed), of.read_fingertips_metadata(metadata)
    assert len(want) > 0
    assert got.equals(want)


# -- paths that are not files: refused before they are opened (opening would never end) ----
#: Every reader of a path, and the suffix it wants.
PATH_READERS = {
    "read_fingertips": (of.read_fingertips, ".csv"),
    "read_observations": (read_observations, ".csv"),
    "read_fingertips_metadata": (of.read_fingertips_metadata, ".csv"),
    "read_areas": (of.read_areas, ".csv"),
    "load": (of.load, ".yaml"),
    "scan (records)": (lambda p: _engines.scan(p, "pandas"), ".csv"),
}


@pytest.fixture(params=["named pipe", "/dev/zero", "/dev/urandom", "folder"])
def not_a_file(request, tmp_path):
    """A path of each kind, made for the reader's suffix by ``make(suffix)``."""

    def make(suffix: str) -> Path:
        path = tmp_path / f"input{suffix}"
        if request.param == "named pipe":
            os.mkfifo(path)
        elif request.param == "folder":
            path.mkdir()
        else:
            path.symlink_to(request.param)
        return path

    return request.param, make


@pytest.mark.timeout(60)  # a hang guard: a named pipe waited for a writer for ever
@pytest.mark.parametrize("reader", PATH_READERS)
def test_a_path_that_is_not_a_file_is_refused_before_it_is_opened(reader, not_a_file):
    kind, make = not_a_file
    read, suffix = PATH_READERS[reader]
    if kind == "folder" and reader.startswith("scan"):
        return  # a folder is a partitioned Parquet table for the engines: tested there
    with pytest.raises(
        of.FileFormatError, match=r"input\.\w+: not a file: a (named pipe|device|folder)"
    ):
        read(make(suffix))


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(CSV)
    _text.regular_file(path, limit=len(CSV))  # at the limit: read
    with pytest.raises(of.FileFormatError, match=rf"big\.csv: the file holds {len(CSV)} bytes"):
        _text.regular_file(path, limit=len(CSV) - 1)


@pytest.mark.parametrize("given", [None, 5, b"/tmp/x.csv", 2.5])
@pytest.mark.parametrize("reader", [of.read_fingertips, of.read_areas, read_observations])
def test_a_source_that_is_neither_a_path_nor_a_file_is_an_argument_error(reader, given):
    """Not an AttributeError ('NoneType' object has no attribute 'read')."""
    with pytest.raises(of.ArgumentError, match=r"expected the path of a file .* got "):
        reader(given)
