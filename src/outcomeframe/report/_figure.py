"""Figures for notebooks: a matplotlib Figure on the Agg canvas, without pyplot.

Only the public chart functions that return a :class:`matplotlib.figure.Figure`
(:func:`trend_chart`, :func:`comparison_chart`, :func:`spine_chart`,
:func:`framework_diagram`) import this module; the dashboard writes its SVG
directly and never loads matplotlib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from outcomeframe._errors import ArgumentError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__: list[str] = []


def new_figure(width: float, height: float) -> tuple[Figure, Axes]:
    """A Figure with one Axes on the Agg canvas (no pyplot, no global state)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def target(ax: Axes | None, width: float, height: float) -> tuple[Figure, Axes]:
    """The figure and Axes to draw into: ``ax``'s root figure, else a new one of this size."""
    if ax is None:
        return new_figure(width, height)
    from matplotlib.axes import Axes  # noqa: PLC0415

    if not isinstance(ax, Axes):
        raise ArgumentError(f"ax: expected a matplotlib Axes, got {type(ax).__name__}")
    fig: Any = ax.figure
    while fig is not None and not isinstance(fig, Figure):  # a SubFigure: its root figure
        fig = fig.figure
    if not isinstance(fig, Figure):  # pragma: no cover - an Axes always has a figure
        raise ArgumentError("ax: the Axes belongs to no figure")
    return fig, ax
