"""The data of the "Make my routine" page, written as a script that sets one global.

A script, not fetched JSON: Chromium blocks fetch() from file://, and the guide must work from a USB
stick. Shape (version 1):

    BACKGUIDE_BUILDER = {
      version: 1,
      settings: {title, emergency_number, urgent_line, notice, reviewed},
      red_flags: {emergency: {action, symptoms}, urgent: {title, line}, soon: {title, line}},
      conditions: [{id, title}],
      methods: [{id, title, url, category, body_areas, equipment, position, difficulty,
                 dose: {hold_seconds?, reps?, sets?, duration_minutes?: [low, high], each_side},
                 instruction, key_cue,
                 avoid_if: [{condition, note}], precautions: [{title, url}]}],
      max_steps: 8
    }

URLs are relative to the site root; the page joins them to its own base.
"""

from __future__ import annotations

import json
from typing import Any

from generator.cards import one_line
from generator.graph import Guide
from generator.model import MAX_ROUTINE_STEPS, Method
from generator.render import page_path

BUILDER_DATA_PATH = "assets/javascripts/builder-data.js"
GLOBAL_NAME = "BACKGUIDE_BUILDER"
DOSE_FIELDS = ("hold_seconds", "reps", "sets", "duration_minutes")


def _html_url(markdown_path: str) -> str:
    return markdown_path.removesuffix(".md") + ".html"


def _method(method: Method) -> dict[str, Any]:
    dose = method.dose
    assert dose is not None, "home exercises always have a dose"
    return {
        "id": method.id,
        "title": method.title,
        "url": _html_url(page_path(method)),
        "category": method.category.value,
        "body_areas": method.body_areas,
        "equipment": method.equipment,
        "position": method.position,
        "difficulty": method.difficulty.value,
        "dose": {
            **{name: list(getattr(dose, name)) for name in DOSE_FIELDS if getattr(dose, name)},
            "each_side": dose.each_side,
        },
        "instruction": method.instruction,
        "key_cue": method.key_cue,
        "avoid_if": [{"condition": a.condition_id, "note": a.note} for a in method.avoid_if],
        "precautions": [{"title": p.title, "url": _html_url(page_path(p))}
                        for p in method.precautions],
    }


def builder_data(guide: Guide) -> dict[str, Any]:
    methods = [m for m in guide.methods.values() if m.category.is_home_exercise]
    condition_ids = sorted({a.condition_id for m in methods for a in m.avoid_if})
    settings, flags = guide.settings, guide.red_flags
    return {
        "version": 1,
        "settings": {
            "title": settings.title,
            "emergency_number": settings.emergency_number,
            "urgent_line": settings.urgent_line,
            "notice": settings.notice,
            "reviewed": settings.reviewed.isoformat(),
        },
        "red_flags": {
            "emergency": {"action": settings.action(flags.emergency.action),
                          "symptoms": flags.emergency.symptoms},
            "urgent": {"title": flags.urgent.title, "line": one_line(flags.urgent)},
            "soon": {"title": flags.soon.title, "line": one_line(flags.soon)},
        },
        "conditions": [{"id": cid, "title": guide.conditions[cid].title} for cid in condition_ids],
        "methods": [_method(m) for m in methods],
        "max_steps": MAX_ROUTINE_STEPS,
    }


def builder_script(guide: Guide) -> str:
    """The data as JavaScript; ``<`` is escaped so no value can end the script element early."""
    text = json.dumps(builder_data(guide), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    safe = text.replace("<", "\\u003c")
    return f"window.{GLOBAL_NAME} = {safe};\n"
