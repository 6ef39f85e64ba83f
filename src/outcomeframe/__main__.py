"""``python -m outcomeframe``: the ``outcomeframe`` console script, :func:`outcomeframe.cli.main`.

Only running the package imports the command line: ``import outcomeframe`` does not.
"""

from __future__ import annotations

if __name__ == "__main__":  # pragma: no cover - run as a program by the tests
    from outcomeframe.cli import main

    raise SystemExit(main())
