"""Where the exercise figures go: the moving figure that opens a method page (with its pause
control), the key pose beside each step, the methods index's thumbnails, the small key poses of a
printed card, and the files the build writes (the figures' stylesheet, one standalone SVG per method
for the player, the card figures "Make my routine" draws).

The drawings come from ``generator.figures`` (pure, cached by the hash of the pose data); this
module only wraps the SVG it is given. Every text added here is escaped; the SVG is the renderer's
own markup, in which the renderer escapes every text from the content.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.figures import CACHE_DIR, FIGURE_CSS, MethodFigure, PoseFigure, render_figure
from generator.graph import Guide
from generator.model import Method

FIGURE_STYLESHEET = "assets/stylesheets/figures.css"
FIGURES_DIR = "assets/figures"
# The one moving figure a method page has, and its pause control.
PAUSE_ID = "figure-pause"
SVG_NS = "http://www.w3.org/2000/svg"


def figure_file(method_id: str) -> str:
    """The standalone SVG of a method's moving figure, from the site's root (the player's image)."""
    return f"{FIGURES_DIR}/{method_id}.svg"


def card_poses(figure: MethodFigure) -> list[PoseFigure]:
    """The key poses a card shows: the ones the animation moves through, in order."""
    return [pose for pose in figure.poses if pose.animated] or list(figure.poses)


@dataclass(frozen=True)
class Figures:
    """Every method's figure for one build, and what the pages and cards place of it."""

    by_method: dict[str, MethodFigure] = field(default_factory=dict)

    def of(self, method: Method) -> MethodFigure | None:
        return self.by_method.get(method.id)

    def shape(self, method: Method) -> str:
        """ "tall" for a figure taller than wide (a front view of someone standing), which takes a
        narrower column beside the summary; else "wide"."""
        figure = self.of(method)
        return "tall" if figure is not None and figure.height > 1.15 * figure.width else "wide"

    def lead(self, method: Method) -> Markup:
        """The figure that opens a method page: the moving figure, and a control that pauses it
        (a checkbox: no script, works with the keyboard; hidden when nothing moves)."""
        figure = self.of(method)
        if figure is None:
            return Markup("")
        return Markup(
            '<figure class="exercise-figure exercise-figure-{}" data-search-exclude>'
            f'<input type="checkbox" class="figure-pause" id="{PAUSE_ID}">'
            f'<label class="figure-pause-label" for="{PAUSE_ID}">Pause'
            '<span class="guide-visually-hidden"> the movement</span></label>'
            '<div class="exercise-figure-frame">{}</div></figure>'
        ).format(self.shape(method), Markup(figure.animation))

    def for_step(self, method: Method, number: int) -> Markup:
        """The key poses that step ``number`` describes, each with its text alternative."""
        figure = self.of(method)
        poses = figure.for_step(number) if figure else []
        if not poses:
            return Markup("")
        return Markup('<span class="step-figure" data-search-exclude>{}</span>').format(
            Markup("").join(Markup(pose.svg) for pose in poses)
        )

    def thumbnail(self, method: Method) -> Markup:
        """The methods index's picture of a method: its first key pose."""
        figure = self.of(method)
        if figure is None:
            return Markup('<span class="method-tile-figure method-tile-figure-none"></span>')
        return Markup('<span class="method-tile-figure" data-search-exclude>{}</span>').format(
            Markup(figure.poses[0].svg)
        )

    def card(self, method: Method) -> Markup:
        """A card step's key poses, small, side by side."""
        figure = self.of(method)
        if figure is None:
            return Markup("")
        return Markup('<span class="card-figures">{}</span>').format(
            Markup("").join(Markup(pose.svg) for pose in card_poses(figure))
        )


def render_method_figures(
    guide: Guide, cache_dir: Path | None = CACHE_DIR, standalone: bool = False
) -> dict[str, MethodFigure]:
    """Every method's figure by id (``standalone``: each SVG carries its stylesheet, for files)."""
    return {
        method_id: render_figure(method_id, method.figure, cache_dir, standalone)
        for method_id, method in sorted(guide.of(Method).items())
        if method.figure is not None
    }


def page_figures(guide: Guide, cache_dir: Path | None = CACHE_DIR) -> Figures:
    return Figures(render_method_figures(guide, cache_dir))


def figure_assets(guide: Guide, cache_dir: Path | None = CACHE_DIR) -> dict[str, str]:
    """The files the figures need besides the pages: their stylesheet (the CSP allows no style in
    a page) and each method's moving figure as a file of its own, with its style inside."""
    files = {FIGURE_STYLESHEET: FIGURE_CSS + "\n"}
    for method_id, figure in render_method_figures(guide, cache_dir, standalone=True).items():
        files[figure_file(method_id)] = figure.animation + "\n"
    return files


# ---- the card figures "Make my routine" draws --------------------------------------------------

# What a browser script may build from the data: SVG elements and attributes the renderer writes.
DATA_TAGS = frozenset({"svg", "g", "path", "title"})
DATA_ATTRIBUTES = frozenset({"class", "d", "viewBox", "width", "height", "role", "aria-label", "transform"})


def _element(node: ET.Element) -> list[Any]:
    tag = node.tag.removeprefix(f"{{{SVG_NS}}}")
    if tag not in DATA_TAGS:
        raise ValueError(f"an SVG element the card data does not carry: {tag}")
    attributes = {name: value for name, value in sorted(node.attrib.items()) if name in DATA_ATTRIBUTES}
    if tag == "title":
        return [tag, attributes, node.text or ""]
    return [tag, attributes, [_element(child) for child in node]]


def svg_data(svg: str) -> list[Any]:
    """An SVG as nested ``[tag, {attribute: value}, children or text]``: what a script builds
    elements from (``createElementNS``, ``setAttribute``, ``textContent``), never parsing markup."""
    return _element(ET.fromstring(svg))


def card_figure_data(figure: MethodFigure) -> list[list[Any]]:
    """A card step's key poses, as data for the builder's card."""
    return [svg_data(pose.svg) for pose in card_poses(figure)]
