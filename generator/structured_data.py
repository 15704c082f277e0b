"""schema.org JSON-LD for method pages: a MedicalWebPage whose main entity is the method.

Exercises are typed both ``HowTo`` (their steps) and ``ExercisePlan`` (their dose); other methods are
a ``HowTo``. The JSON is escaped so that no value can close the ``<script>`` element it sits in.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from generator.model import DoseRange, Method, SiteSettings


def _range(value: DoseRange, unit: str | None = None) -> dict[str, Any]:
    quantity: dict[str, Any] = {"@type": "QuantitativeValue", "minValue": value[0], "maxValue": value[1]}
    if unit:
        quantity["unitCode"] = unit  # UN/CEFACT codes: SEC seconds, MIN minutes
    return quantity


def method_entity(method: Method) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "@type": ["HowTo", "ExercisePlan"] if method.category.is_home_exercise else "HowTo",
        "name": method.title,
        "description": method.instruction,
        "step": [
            {"@type": "HowToStep", "position": index, "text": text}
            for index, text in enumerate(method.steps, start=1)
        ],
    }
    if method.equipment:
        entity["tool"] = [{"@type": "HowToTool", "name": item} for item in method.equipment]
    dose = method.dose
    if dose is not None:
        if dose.hold_seconds:
            entity["activityDuration"] = _range(dose.hold_seconds, "SEC")
        if dose.reps:
            entity["repetitions"] = _range(dose.reps)
        if dose.sets:
            entity["additionalProperty"] = {"@type": "PropertyValue", "name": "sets", **_range(dose.sets)}
        if dose.per_day:
            entity["activityFrequency"] = f"{dose.per_day[0]} to {dose.per_day[1]} times a day"
        if dose.duration_minutes:
            entity["totalTime"] = f"PT{dose.duration_minutes[1]}M"
            entity["timeRequired"] = _range(dose.duration_minutes, "MIN")
    return entity


def method_page(method: Method, settings: SiteSettings) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": method.title,
        "description": method.summary,
        "inLanguage": settings.language,
        "lastReviewed": method.last_reviewed(settings).isoformat(),
        "mainEntity": method_entity(method),
    }


def json_ld_script(data: dict[str, Any]) -> Markup:
    """A ``<script type="application/ld+json">`` element; ``<``, ``>`` and ``&`` are escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')
