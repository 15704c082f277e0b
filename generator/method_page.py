"""What a method page leads with, in one compact "Before you start" block: who should not do it, its
precautions as links with a few words each, and the emergency signs in one line with the number to
call (a ``tel:`` link) and a link to "When to get help". Helpers for ``method.md.j2``.

Every text from the content reaches these helpers already escaped; they only add links around it.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from generator.model import Precaution, Severity

# A stop precaution carries the word "Stop" wherever it is linked (colour is never the only sign).
# The same marker as the keyboard and zoom work's ``generator.markers`` (branch a11y), whose link
# helper adds it by itself: ``stop_marked`` adds it only where the link does not have it yet.
STOP_MARKER = Markup('<strong class="severity-marker severity-marker-stop">Stop'
                     '<span class="guide-visually-hidden">:</span></strong> ')


def stop_marked(precaution: Precaution, linked: Markup) -> Markup:
    """``linked`` (a link to ``precaution``) with the stop marker before it if it is a stop
    precaution and the marker is not there already."""
    if precaution.severity is not Severity.STOP or "severity-marker" in linked:
        return linked
    return STOP_MARKER + linked


def tel_link(number: str) -> Markup:
    """A link that calls ``number`` with one tap, named as shown and then digit by digit."""
    digits = "".join(number.split())
    return Markup('<a class="tel-link" href="tel:{}" aria-label="{} ({})">{}</a>').format(
        digits, number, " ".join(digits), number)


def with_tel_link(escaped: str, number: str) -> Markup:
    """Escaped text with ``number``, where it stands as a word of its own, made a ``tel:`` link."""
    if "tel-link" in escaped or not re.fullmatch(r"[0-9][0-9 ]*[0-9]", number.strip()):
        return Markup(escaped)
    pattern = re.compile(r"(?<![^\s(])" + re.escape(number.strip()) + r"(?=[.,;:!?)]?(?:\s|$))")
    return Markup(pattern.sub(lambda _match: str(tel_link(number.strip())), escaped))
