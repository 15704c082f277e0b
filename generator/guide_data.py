"""The guide's data for its in-browser tools ("Make my routine", the player, "My progress"), written
as one script that sets one global.

A script, not fetched JSON: Chromium blocks fetch() from file://, and the guide must work from a USB
stick. Shape (version 3):

    BACKGUIDE_DATA = {
      version: 3,
      site: {title, emergency_number, urgent_line, site_url (absolute, or null without SITE_URL),
             pages: {help, builder, player, progress, home},
             progression_source: {title, url} or null},       # NHS inform's "add 1 or 2 repetitions"
      red_flags: {emergency: {title, action, symptoms: [...]},
                  urgent: {title, action, line}, soon: {title, action, line}},
      conditions: [{id, title}],
      methods: [{id, title, url, category, body_areas, equipment, position, difficulty,
                 dose: {hold_seconds?, reps?, sets?, duration_minutes?: [low, high], each_side},
                 tempo_seconds,                 # one paced repetition (the method's, else the default)
                 figure,                        # URL of the exercise's moving figure (SVG), or null
                 figure_alt,                    # its text alternative, or null
                 card_figure,                   # its key poses for a card: [svg, ...] or null, each
                                                #   [tag, {attribute: value}, [children] or text]
                 instruction, key_cue, avoid_if: [{condition, note}],
                 reviewed: "YYYY-MM-DD", reviewed_text: "24 November 2026"}],
      routines: [{id, title, goal, url, card_url, minutes, frequency,
                  steps: [{method, hold_seconds?, reps?, sets?, duration_minutes?}],
                  check_first: [{condition, title, steps: [{number, method, note}]}]}],
      max_steps: 8
    }

URLs are relative to the site root; each page joins them to the root's address. A method's figure is
null when it has no pose data (the player shows one when present and works without it); its card
figure is the build's own SVG as data, so a script builds the elements and never parses markup.
The builder's card is in its page (the blank card of ``generator.cards``); its script fills in only
what the reader chose.
"""

from __future__ import annotations

import json
from typing import Any

from generator.dates import long_date
from generator.dose import STEP_DOSE_FIELDS
from generator.figure_pages import Figures, card_figure_data, figure_file, page_figures
from generator.graph import Guide
from generator.model import MAX_ROUTINE_STEPS, Condition, Method, RedFlagLevel, Routine, Source
from generator.paths import (
    BUILDER_PAGE,
    HELP_PAGE,
    HOME,
    PLAYER_PAGE,
    PROGRESS_PAGE,
    card_page_path,
    html_path,
    page_path,
)

VERSION = 3
GUIDE_DATA_PATH = "assets/javascripts/guide-data.js"
GLOBAL_NAME = "BACKGUIDE_DATA"
# The source of the player's progression rule ("add 1 or 2 repetitions every few days").
PROGRESSION_SOURCE = "nhs-inform-back-exercises"


def method_figure(method: Method) -> str | None:
    """The URL of a method's moving figure from the site root (a standalone SVG the build writes),
    or None for a method without pose data."""
    return figure_file(method.id) if method.figure is not None else None


def _method(method: Method, guide: Guide, figures: Figures) -> dict[str, Any]:
    dose = method.dose
    assert dose is not None, "home exercises always have a dose"
    reviewed = method.last_reviewed(guide.settings)
    drawn = figures.of(method)
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
        "tempo_seconds": method.tempo,
        "figure": method_figure(method),
        "figure_alt": drawn.alt if drawn else None,
        "card_figure": card_figure_data(drawn) if drawn else None,
        "instruction": method.instruction,
        "key_cue": method.key_cue,
        "avoid_if": [{"condition": a.condition_id, "note": a.note} for a in method.avoid_if],
        "reviewed": reviewed.isoformat(),
        "reviewed_text": long_date(reviewed),
    }


def _routine(routine: Routine) -> dict[str, Any]:
    return {
        "id": routine.id,
        "title": routine.title,
        "goal": routine.goal,
        "url": html_path(page_path(routine)),
        "card_url": html_path(card_page_path(routine)),
        "minutes": routine.minutes,
        "frequency": routine.frequency,
        "steps": [
            {
                "method": step.method_id,
                **{name: getattr(step, name) for name in STEP_DOSE_FIELDS if getattr(step, name)},
            }
            for step in routine.steps
        ],
        "check_first": [
            {
                "condition": check.condition.id,
                "title": check.condition.title,
                "steps": [
                    {"number": c.number, "method": c.method.id, "note": c.note} for c in check.concerns
                ],
            }
            for check in routine.check_first
        ],
    }


def _level(level: RedFlagLevel) -> dict[str, Any]:
    return {
        "title": level.title,
        "action": level.action,
        "line": level.card_line or "; ".join(level.symptoms[:3]),
    }


def guide_data(guide: Guide, site_url: str | None = None, figures: Figures | None = None) -> dict[str, Any]:
    """The data; ``figures`` are the build's drawings (drawn here, through the cache, if not given)."""
    figures = figures if figures is not None else page_figures(guide)
    methods = [m for m in guide.of(Method).values() if m.category.is_home_exercise]
    condition_ids = sorted({a.condition_id for m in methods for a in m.avoid_if})
    conditions = guide.of(Condition)
    settings, flags = guide.settings, guide.red_flags
    source = guide.of(Source).get(PROGRESSION_SOURCE)
    return {
        "version": VERSION,
        "site": {
            "title": settings.title,
            "emergency_number": settings.emergency_number,
            "urgent_line": settings.urgent_line,
            "site_url": (site_url.rstrip("/") + "/") if site_url else None,
            "pages": {
                "home": html_path(HOME),
                "help": html_path(HELP_PAGE),
                "builder": html_path(BUILDER_PAGE),
                "player": html_path(PLAYER_PAGE),
                "progress": html_path(PROGRESS_PAGE),
            },
            "progression_source": (
                {"title": f"{source.authors}: {source.title}", "url": html_path(page_path(source))}
                if source
                else None
            ),
        },
        "red_flags": {
            "emergency": {
                "title": flags.emergency.title,
                "action": flags.emergency.action,
                "symptoms": flags.emergency.symptoms,
            },
            "urgent": _level(flags.urgent),
            "soon": _level(flags.soon),
        },
        "conditions": [{"id": cid, "title": conditions[cid].title} for cid in condition_ids],
        "methods": [_method(m, guide, figures) for m in methods],
        "routines": [_routine(r) for r in guide.of(Routine).values()],
        "max_steps": MAX_ROUTINE_STEPS,
    }


def guide_script(guide: Guide, site_url: str | None = None, figures: Figures | None = None) -> str:
    """The data as JavaScript; ``<`` is escaped so no value can end the script element early."""
    data = guide_data(guide, site_url, figures)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    safe = text.replace("<", "\\u003c")
    return f"window.{GLOBAL_NAME} = {safe};\n"
