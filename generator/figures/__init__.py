"""Exercise figures drawn from pose data: ``render_figure`` (one method) and ``render_figures``
(every method with a ``figure:`` block) return SVG markup and text alternatives; pages load
``FIGURE_CSS`` once. Pure functions: no MkDocs here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.figures.compose import MethodFigure, PoseFigure, render_figure
from generator.figures.pose import Figure
from generator.figures.svg import FIGURE_CSS

if TYPE_CHECKING:
    from generator.graph import Guide

CACHE_DIR = Path(".cache") / "backguide-figures"

__all__ = [
    "CACHE_DIR",
    "FIGURE_CSS",
    "Figure",
    "MethodFigure",
    "PoseFigure",
    "render_figure",
    "render_figures",
]


def render_figures(guide: Guide, cache_dir: Path | None = CACHE_DIR) -> dict[str, MethodFigure]:
    """Every method's figure, by method id, in id order; solved frames are cached in ``cache_dir``."""
    from generator.model import Method

    figures = {}
    for method_id, method in sorted(guide.of(Method).items()):
        if method.figure is not None:
            figures[method_id] = render_figure(method_id, method.figure, cache_dir)
    return figures
