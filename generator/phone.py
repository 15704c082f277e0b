"""Phone numbers as links: on the web the emergency and urgent numbers are ``tel:`` links a phone can
call with one tap, named digit by digit as well ("999 (9 9 9)"), so they are read as a phone number.

The links are made from text that is already escaped, so nothing in the content becomes markup;
printed cards do not use this (a link on paper is only noise).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# What a number to call may be: digits, with spaces between groups. Anything else is not linked.
PHONE_NUMBER = re.compile(r"[0-9][0-9 ]*[0-9]")


def tel_link(number: str) -> str:
    """The HTML link that calls ``number`` (digits and spaces only: see PHONE_NUMBER).

    Its accessible name starts with the number as shown (so a speech-input user can say it, WCAG
    2.5.3) and then gives it digit by digit, which screen readers read out as a phone number.
    """
    digits = "".join(number.split())
    spoken = f"{number} ({' '.join(digits)})"
    return f'<a class="tel-link" href="tel:{digits}" aria-label="{spoken}">{number}</a>'


def tel_linker(numbers: Iterable[str | None]) -> Callable[[str], str]:
    """A function that turns each of ``numbers`` in escaped text into its ``tel:`` link.

    A number counts only as a word of its own: after a space, an opening bracket or the start, and
    before a space, the end, or a punctuation mark that ends a phrase. So "999" in "call 999."
    becomes a link, and "1999", "999-1", "#999" or a path such as "a/999.html" stay as they are.
    """
    wanted = sorted(
        {n.strip() for n in numbers if n and PHONE_NUMBER.fullmatch(n.strip())}, key=len, reverse=True
    )
    if not wanted:
        return lambda text: text
    pattern = re.compile(
        # Markdown-escaped text writes a bracket as "\)": the backslash may come before it.
        r"(?<![^\s(])(" + "|".join(re.escape(n) for n in wanted) + r")(?=\\?[.,;:!?)]?(?:\s|$))"
    )

    def link(text: str) -> str:
        if not any(n in text for n in wanted):
            return text
        return pattern.sub(lambda match: tel_link(match.group(1)), text)

    return link
