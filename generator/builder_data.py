"""The data of the "Make my routine" page, written as a script that sets one global.

A script, not fetched JSON: Chromium blocks fetch() from file://, and the guide must work from a USB
stick. Shape (version 2):

    BACKGUIDE_BUILDER = {
      version: 2,
      conditions: [{id, title}],
      methods: [{id, title, url, category, body_areas, equipment, position, difficulty,
                 dose: {hold_seconds?, reps?, sets?, duration_minutes?: [low, high], each_side},
                 instruction, key_cue, avoid_if: [{condition, note}]}],
      max_steps: 8
    }

URLs are relative to the site root; the page joins them to its own base. The card itself is in the
page (the blank card of ``generator.cards``); the script fills in only what the reader chose.
"""

from __future__ import annotations

import json
from typing import Any

from generator.dose import STEP_DOSE_FIELDS
from generator.graph import Guide
from generator.model import MAX_ROUTINE_STEPS, Condition, Method
from generator.paths import html_path, page_path

BUILDER_DATA_PATH = "assets/javascripts/builder-data.js"
GLOBAL_NAME = "BACKGUIDE_BUILDER"


def _method(method: Method) -> dict[str, Any]:
    dose = method.dose
    assert dose is not None, "home exercises always have a dose"
    return {
        "id": method.id,
        "title": method.title,
        "url": html_path(page_path(method)),
        "category": method.category.value,
        "body_areas": method.body_areas,
        "equipment": method.equipment,
        "position": method.position,
        "difficulty": method.difficulty.value,
        "dose": {
            **{name: list(getattr(dose, name)) for name in STEP_DOSE_FIELDS if getattr(dose, name)},
            "each_side": dose.each_side,
        },
        "instruction": method.instruction,
        "key_cue": method.key_cue,
        "avoid_if": [{"condition": a.condition_id, "note": a.note} for a in method.avoid_if],
    }


def builder_data(guide: Guide) -> dict[str, Any]:
    methods = [m for m in guide.of(Method).values() if m.category.is_home_exercise]
    condition_ids = sorted({a.condition_id for m in methods for a in m.avoid_if})
    conditions = guide.of(Condition)
    return {
        "version": 2,
        "conditions": [{"id": cid, "title": conditions[cid].title} for cid in condition_ids],
        "methods": [_method(m) for m in methods],
        "max_steps": MAX_ROUTINE_STEPS,
    }


def builder_script(guide: Guide) -> str:
    """The data as JavaScript; ``<`` is escaped so no value can end the script element early."""
    text = json.dumps(builder_data(guide), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    safe = text.replace("<", "\\u003c")
    return f"window.{GLOBAL_NAME} = {safe};\n"
