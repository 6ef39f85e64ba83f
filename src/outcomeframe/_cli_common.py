r"""What every ``outcomeframe`` command shares: the framework it names, what it prints, its files.

Everything a command prints that comes from the user's files (titles, ids, area names,
the library's messages quoting them) goes through :func:`printable`, so that a control
character in a file reaches the terminal as an escape such as ``\x1b``, never as a
control sequence, and one problem stays on one line.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import stat
import sys
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from outcomeframe._errors import ArgumentError, OutcomeFrameError, OutcomeFrameWarning

if TYPE_CHECKING:
    from outcomeframe import Framework

__all__ = [
    "distinct",
    "error_text",
    "escaping_output",
    "framework",
    "framework_file",
    "printable",
    "warnings_to_stderr",
    "writable",
    "writing",
]

#: How the framework argument is named in messages.
FRAMEWORK = "the framework"


@functools.cache
def _escapes(newline: bool) -> dict[int, str]:
    """The characters :func:`printable` escapes, each to its ``repr`` escape."""
    codes = [
        *range(0x20),  # C0, tab excepted below
        *range(0x7F, 0xA0),  # DEL and C1
        0x061C,  # the bidirectional marks and formatting characters, which reorder
        0x200E,  # what the terminal shows ("Trojan source")
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0x2028,  # line and paragraph separators, which some tools take as new lines
        0x2029,
    ]
    kept = {0x09} if newline else {0x09, 0x0A}
    return {code: ascii(chr(code))[1:-1] for code in codes if code not in kept}


def printable(text: object, *, lines: bool = False) -> str:
    r"""``text`` as printed: every control character shown as its escape, tab excepted.

    C0 controls (escape, carriage return, new line ...), DEL, C1 controls, the line and
    paragraph separators and the bidirectional formatting characters are written as
    Python writes them in a ``repr`` (``\x1b``, ``\n``, ``\u202e``), so nothing from a
    file reaches the terminal as a control sequence. With ``lines``, new lines are kept:
    for a text whose lines the library itself laid out.

    Parameters
    ----------
    text : object
        The text (anything else is printed as ``str(text)``).
    lines : bool, default False
        Keep the new lines.

    Returns
    -------
    str

    Examples
    --------
    >>> from outcomeframe._cli_common import printable
    >>> print(printable("x\x1b[31mred\nFAKE: line 1\tok"))
    x\x1b[31mred\nFAKE: line 1	ok
    >>> print(printable("two\nlines\r", lines=True))
    two
    lines\r
    """
    return str(text).translate(_escapes(not lines))


def error_text(err: BaseException) -> str:
    r"""The message of ``err`` as printed: each of its ``problems`` on one line, escaped.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe._cli_common import error_text
    >>> print(error_text(of.DataError("2 problems", problems=["a\nforged", "b\x1b[2J"])))
    2 problems
      - a\nforged
      - b\x1b[2J
    """
    text = str(err)
    problems = [str(p) for p in getattr(err, "problems", ())]
    listed = "".join(f"\n  - {p}" for p in problems)
    if not problems or not text.endswith(listed):
        return printable(text, lines=True)
    head = printable(text[: len(text) - len(listed)], lines=True)
    return "\n".join([head, *(f"  - {printable(p)}" for p in problems)])


def framework_file(name_or_path: str) -> Path:
    """The file the framework argument reads: a shipped plan's, else the path given."""
    from outcomeframe import examples  # noqa: PLC0415

    if name_or_path in examples.names():
        return examples.path(name_or_path)
    return Path(name_or_path)


def framework(name_or_path: str) -> Framework:
    """The shipped plan of that name, else the framework file at that path."""
    from outcomeframe import examples, load  # noqa: PLC0415

    if name_or_path in examples.names():
        return examples.load(name_or_path)
    if not name_or_path:
        raise ArgumentError(
            "the framework: the name is empty; give a shipped plan's name "
            f"({', '.join(examples.names())}) or a framework file"
        )
    path = Path(name_or_path)
    if not path.exists():
        raise OutcomeFrameError(
            f"{name_or_path!r} is neither a shipped plan ({', '.join(examples.names())}) "
            "nor an existing file"
        )
    return load(path)


@contextlib.contextmanager
def warnings_to_stderr() -> Iterator[list[str]]:
    """Print each of the library's warnings once, on one line, as it is raised.

    Yields the list of the warnings printed so far (as printed, without the prefix).
    Other warnings go on to where they went before.

    Examples
    --------
    >>> import contextlib, io, warnings
    >>> import outcomeframe as of
    >>> from outcomeframe._cli_common import warnings_to_stderr
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err), warnings_to_stderr() as printed:
    ...     for _ in range(2):
    ...         warnings.warn("file.csv: text cut", of.OutcomeFrameWarning, stacklevel=1)
    >>> print(err.getvalue(), end="")
    outcomeframe: warning: file.csv: text cut
    >>> printed
    ['file.csv: text cut']
    """
    printed: list[str] = []
    seen: set[str] = set()
    with warnings.catch_warnings():
        warnings.simplefilter("always", OutcomeFrameWarning)
        passed_on = warnings.showwarning

        def show(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: TextIO | None = None,
            line: str | None = None,
        ) -> None:
            if not issubclass(category, OutcomeFrameWarning):
                passed_on(message, category, filename, lineno, file, line)
                return
            text = printable(message)
            if text not in seen:
                seen.add(text)
                printed.append(text)
                print(f"outcomeframe: warning: {text}", file=sys.stderr)

        warnings.showwarning = show
        yield printed


#: Encodings that hold every character: nothing printed needs escaping.
_WHOLE_UNICODE = frozenset({"utf-8", "utf-16", "utf-32", "utf-8-sig"})


@contextlib.contextmanager
def escaping_output() -> Iterator[None]:
    r"""Print what the terminal's encoding cannot hold as an escape (``\u2013``), not fail.

    A terminal or pipe in ASCII or Latin-1 (``LANG=C`` on older systems,
    ``PYTHONIOENCODING=ascii``, a Windows console) would raise ``UnicodeEncodeError`` on
    the first en dash in a plan's text. Standard output and standard error get
    ``errors="backslashreplace"`` while the command runs, unless they hold all Unicode.

    Examples
    --------
    >>> import io, sys
    >>> from outcomeframe._cli_common import escaping_output
    >>> out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    >>> sys.stdout, before = out, sys.stdout
    >>> with escaping_output():
    ...     print("0" + chr(0x2013) + "5 year olds", end="")
    >>> sys.stdout = before
    >>> _ = out.seek(0)
    >>> print(out.read())
    0\u20135 year olds
    """
    changed: list[Any] = []  # the streams' reconfigure methods
    for stream in (sys.stdout, sys.stderr):
        errors = getattr(stream, "errors", None)
        reconfigure = getattr(stream, "reconfigure", None)
        try:
            name = codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name
        except LookupError:  # an encoding Python does not know: leave the stream be
            continue
        if errors == "strict" and reconfigure is not None and name not in _WHOLE_UNICODE:
            reconfigure(errors="backslashreplace")
            changed.append(reconfigure)
    try:
        yield
    finally:
        for reconfigure in changed:
            with contextlib.suppress(ValueError, OSError):  # a stream closed meanwhile
                reconfigure(errors="strict")


def writable(option: str, value: str | None) -> None:
    """Refuse, before any work, an output path that cannot be written.

    That is one that is empty, a folder, in a folder that does not exist, or that cannot
    be opened to write (no permission, a read-only disk).
    """
    if value is None:
        return
    if not value:
        raise ArgumentError(f"{option}: the file name is empty; give the file to write")
    path = Path(value)
    if path.is_dir():
        raise ArgumentError(f"{option} {printable(value)}: is a folder; give a file name")
    folder = path.parent
    if not folder.is_dir():
        raise ArgumentError(
            f"{option} {printable(value)}: the folder {printable(folder)} does not exist"
        )
    _probe(option, value)


def _probe(option: str, value: str) -> None:
    """Open ``value`` to append and close it: an unwritable file is refused before the work.

    A file the probe made is removed again; an existing one is left unchanged.

    A special file (a pipe would wait for its reader; /dev/full takes the open) is left
    to the write itself, as is a full disk.
    """
    if _is_special(value):
        return
    path = Path(value)
    existed = os.path.lexists(path)
    try:
        with path.open("ab"):
            pass
    except OSError as err:
        raise ArgumentError(
            f"{option} {printable(value)}: cannot write the file: {err.strerror or err}"
        ) from None
    if not existed:
        with contextlib.suppress(OSError):
            path.unlink()


def _is_special(path: str) -> bool:
    """Whether ``path`` exists and is neither a regular file nor a folder (/dev/null ...)."""
    try:
        mode = Path(path).stat().st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _same_file(a: str, b: str) -> bool:
    """Whether two paths name one file: the same file when both exist, else the same path."""
    try:
        return Path(a).samefile(b)  # os.path.samefile: hard and symbolic links too
    except (OSError, ValueError):  # one does not exist (yet)
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def distinct(inputs: Mapping[str, str | None], outputs: Mapping[str, str | None]) -> None:
    """Refuse an output that is the same file as an input, or as another output.

    ``inputs`` and ``outputs`` map each option (as named in the message) to its path,
    or None when it was not given. Writing an input would destroy it before, or while,
    it is read; two outputs on one file would leave only the last. A device such as
    ``/dev/null`` may be written more than once.

    Examples
    --------
    >>> from outcomeframe._cli_common import distinct
    >>> distinct({"--data": "data.csv"}, {"-o": "page.html", "--rejected": None})
    >>> distinct({}, {"-o": "out.csv", "--rejected": "./out.csv"})
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: -o out.csv and --rejected ./out.csv are the same file: give each its own file
    """
    given_in = [(option, path) for option, path in inputs.items() if path]
    given_out = [(option, path) for option, path in outputs.items() if path]
    for number, (option, path) in enumerate(given_out):
        if _is_special(path):
            continue
        for source, read in given_in:
            if _same_file(path, read):
                raise ArgumentError(
                    f"{option} {printable(path)}: is the same file as {source} "
                    f"{printable(read)}, which would be overwritten; give another file to write"
                )
        for other, earlier in given_out[:number]:
            if _same_file(path, earlier):
                raise ArgumentError(
                    f"{other} {printable(earlier)} and {option} {printable(path)} are the same "
                    "file: give each its own file"
                )


@contextlib.contextmanager
def writing(option: str, value: str) -> Iterator[None]:
    """Name the option and the file when writing it fails (no such place, a full disk ...).

    Examples
    --------
    >>> from outcomeframe._cli_common import writing
    >>> with writing("-o", "/no/such/folder/page.html"):
    ...     with open("/no/such/folder/page.html", "w") as out:
    ...         _ = out.write("x")
    Traceback (most recent call last):
    ...
    outcomeframe.OutcomeFrameError: -o /no/such/folder/page.html: cannot write the file: No such file or directory
    """
    where = f"{option} {printable(value)}: cannot write the file"
    # The library's own words for a write it could not make (io._write.write_bytes).
    theirs = f"path: cannot write {Path(value)}: "
    try:
        yield
    except OSError as err:
        raise OutcomeFrameError(f"{where}: {err.strerror or err}") from None
    except ArgumentError as err:
        if not str(err).startswith(theirs):
            raise
        raise OutcomeFrameError(f"{where}: {str(err)[len(theirs) :]}") from None
