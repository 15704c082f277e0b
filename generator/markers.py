"""Marks a reader must not miss, in words as well as colour: a "stop" precaution carries the word
"Stop" wherever the web pages link it (the theme draws it as a badge; colour is never the only sign).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.model import Precaution, Severity

STOP_MARKER = Markup(
    '<strong class="severity-marker severity-marker-stop">Stop'
    '<span class="guide-visually-hidden">:</span></strong> '
)


def marker_before_link(target: Any) -> Markup:
    """What goes before a link to ``target``: the stop marker for a stop precaution, else nothing."""
    if isinstance(target, Precaution) and target.severity is Severity.STOP:
        return STOP_MARKER
    return Markup("")
