"""A dose in words: the one Python formatter (``theme/assets/javascripts/dose.js`` is its twin in
the reader's browser, and a browser test holds the two to the same text for every method's range).
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.model import Dose, RoutineStep

# The parts of a dose that a routine step chooses (per_day is the routine's frequency).
STEP_DOSE_FIELDS = ("hold_seconds", "reps", "sets", "duration_minutes")


def dose_text(values: Mapping[str, int | None], each_side: bool) -> str:
    """A chosen dose, e.g. 'Hold 20 seconds, 2 times, each side'."""
    parts = []
    if values.get("hold_seconds"):
        parts.append(f"hold {values['hold_seconds']} seconds")
    if values.get("reps"):
        parts.append(f"{values['reps']} times")
    sets = values.get("sets")
    if sets and sets > 1:
        parts.append(f"{sets} sets")
    if values.get("duration_minutes"):
        parts.append(f"{values['duration_minutes']} minutes")
    if each_side:
        parts.append("each side")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def step_dose_text(step: RoutineStep) -> str:
    """A routine step's dose in words."""
    return dose_text({name: getattr(step, name) for name in STEP_DOSE_FIELDS}, step.each_side)


def dose_range_lines(dose: Dose) -> list[tuple[str, str]]:
    """A method's safe range as (label, text) lines, e.g. ('Hold', '5–10 seconds on each side')."""
    lines = []
    if dose.hold_seconds:
        low, high = dose.hold_seconds
        lines.append(("Hold", f"{low}–{high} seconds{' on each side' if dose.each_side else ''}"))
    if dose.reps:
        lines.append(("Repetitions", f"{dose.reps[0]}–{dose.reps[1]}"))
    if dose.sets:
        lines.append(("Sets", f"{dose.sets[0]}–{dose.sets[1]}"))
    if dose.duration_minutes:
        low, high = dose.duration_minutes
        lines.append(("Time", f"{low}–{high} minutes at a time"))
    if dose.per_day:
        times = dose.per_day[1]
        lines.append(("How often", "once a day" if times == 1 else f"up to {times} times a day"))
    return lines
