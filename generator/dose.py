"""A dose in words: the one Python formatter (``theme/assets/javascripts/dose.js`` is its twin in
the reader's browser, and a browser test holds the two to the same text for every method's range).
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.model import Dose, Method, RoutineStep

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


# Seconds to get into position for a step: the same allowance as ``stepSeconds`` in
# ``theme/assets/javascripts/routine.js``, which times a reader's routine with this formula.
SETTLE_SECONDS = 15


def step_seconds(values: Mapping[str, int | None], each_side: bool, tempo: int) -> int:
    """About how long one step takes: each hold (or paced repetition), on each side, in each set,
    plus a little time to get into position (``stepSeconds`` in routine.js is its twin)."""
    if values.get("duration_minutes"):
        return int(values["duration_minutes"] or 0) * 60
    each = (values.get("hold_seconds") or tempo) * (values.get("reps") or 1) * (values.get("sets") or 1)
    return each * (2 if each_side else 1) + SETTLE_SECONDS


def method_minutes(method: Method) -> tuple[int, int] | None:
    """How many minutes a method takes at the low and the high end of its dose (None without a
    dose): the one place the guide turns a dose into time."""
    dose = method.dose
    if dose is None:
        return None
    ends = []
    for end in (0, 1):
        values = {
            name: getattr(dose, name)[end] if getattr(dose, name) else None for name in STEP_DOSE_FIELDS
        }
        ends.append(max(1, round(step_seconds(values, dose.each_side, method.tempo) / 60)))
    return ends[0], ends[1]


def minutes_text(method: Method) -> str | None:
    """A method's time in words, e.g. 'about 2 minutes' or 'about 2–4 minutes'."""
    minutes = method_minutes(method)
    if minutes is None:
        return None
    low, high = minutes
    if low == high:
        return f"about {low} minute{'s' if low != 1 else ''}"
    return f"about {low}–{high} minutes"
