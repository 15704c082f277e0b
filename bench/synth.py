"""Writes a synthetic guide of any size in the real content schema, for benchmarks and scale tests.

    python bench/synth.py --methods 2000 --out build/guide-2000 [--seed 1]

For N methods it writes N/5 precautions (including the two that apply to every method), N/10
routines (doses chosen inside each method's range), causes, effects, benefits, conditions and
sources, every source cited, with text lengths and link density close to the real guide's. It
copies ``content/site.yaml`` and ``content/red-flags.yaml``. The same seed writes the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL_CONTENT = ROOT / "content"
# The two precautions that apply to every method: copied from the real guide (text and ids).
FOR_ALL = ("stop-if-red-flags", "consult-a-healthcare-professional")

HOME_EXERCISE = ("stretching", "mobility", "strengthening", "foam-roller")
# Share of methods per category, about as a large guide would have them.
CATEGORY_WEIGHTS = {
    "stretching": 25,
    "mobility": 20,
    "strengthening": 15,
    "foam-roller": 10,
    "self-manipulation": 5,
    "heat-cold": 10,
    "professional-care": 8,
    "lifestyle": 7,
}
BODY_AREAS = ("lower-back", "mid-back", "upper-back", "neck", "shoulders", "hips", "whole-back")
POSITIONS = (
    "lying on your back",
    "on your hands and knees",
    "sitting on a chair",
    "standing",
    "lying on your side",
    "kneeling",
)
EQUIPMENT = ("mat", "chair", "towel", "foam roller", "cushion", "wall")

# Word stock for plain, varied sentences of realistic length.
SUBJECTS = (
    "your lower back",
    "the muscles beside your spine",
    "your hips",
    "your shoulders",
    "the back of your thighs",
    "your upper back",
    "your neck",
    "your whole back",
    "the joints of your spine",
    "your breathing",
)
VERBS = (
    "eases",
    "loosens",
    "supports",
    "warms",
    "steadies",
    "relaxes",
    "strengthens",
    "stretches",
    "moves",
    "settles",
)
MANNERS = (
    "slowly",
    "gently",
    "without forcing it",
    "with control",
    "a little at a time",
    "as far as is comfortable",
    "while you breathe out",
    "for a few breaths",
)
CLAUSES = (
    "Keep the movement small at first and build up over a few days.",
    "Stop if the pain spreads, gets worse or you feel numbness or tingling.",
    "Most people find it easier after a short walk or a warm shower.",
    "The research on this is limited, so treat it as one part of staying active.",
    "Breathe slowly and let your shoulders drop away from your ears.",
    "Some soreness after new exercise is common and settles within a day or two.",
    "Ask a physiotherapist if you are unsure whether it suits you.",
    "Doing a little every day helps more than a lot now and then.",
)
ADJECTIVES = (
    "gentle",
    "seated",
    "standing",
    "lying",
    "kneeling",
    "supported",
    "slow",
    "wall",
    "towel",
    "rolling",
    "rocking",
    "side",
    "deep",
    "easy",
    "assisted",
    "active",
)
MOVES = (
    "twist",
    "stretch",
    "hold",
    "rotation",
    "bridge",
    "reach",
    "tilt",
    "glide",
    "roll",
    "lift",
    "press",
    "arch",
    "hug",
    "circle",
    "slide",
    "rock",
)
TOPICS = (
    "sitting",
    "lifting",
    "sleep",
    "stress",
    "screens",
    "driving",
    "walking",
    "weight",
    "desk work",
    "carrying",
    "gardening",
    "standing",
    "posture",
    "fitness",
    "tiredness",
)


def _label(number: int) -> str:
    """A short letter code for a number (0 → a, 25 → z, 26 → ba), so titles stay words."""
    letters = ""
    number += 26
    while number:
        number, rest = divmod(number, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


@dataclass
class Writer:
    """Deterministic text and files for one synthetic guide."""

    rng: random.Random
    out: Path

    def sentence(self) -> str:
        r = self.rng
        return (
            f"{r.choice(('This', 'The exercise', 'The movement', 'Regular practice'))} "
            f"{r.choice(VERBS)} {r.choice(SUBJECTS)} {r.choice(MANNERS)}. {r.choice(CLAUSES)}"
        )

    def text(self, low: int, high: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def paragraphs(self, low: int, high: int, sentences: tuple[int, int] = (2, 4)) -> list[str]:
        return [self.text(*sentences) for _ in range(self.rng.randint(low, high))]

    def pick(self, items: list[str], low: int, high: int) -> list[str]:
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    def write(self, kind: str, record_id: str, data: dict[str, Any]) -> None:
        folder = self.out / kind
        folder.mkdir(parents=True, exist_ok=True)
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=1000)
        (folder / f"{record_id}.yaml").write_text(text, encoding="utf-8")


def _cite_synthetic_sources(red_flags: Path, source_ids: list[str]) -> None:
    """The help page cites as many sources as the real one does, from the synthetic guide's."""
    data = yaml.load(red_flags.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    if data.get("sources"):
        data["sources"] = source_ids[: len(data["sources"])]
        red_flags.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def synthesise(methods: int, out: Path, seed: int = 1) -> dict[str, int]:
    """Write a guide with ``methods`` methods into ``out`` (emptied first); return counts per kind."""
    if methods < 10:
        raise ValueError("at least 10 methods, so every category and routine has enough to use")
    _empty_folder(out)
    for name in ("site.yaml", "red-flags.yaml"):
        shutil.copy2(REAL_CONTENT / name, out / name)
    settings = yaml.load((REAL_CONTENT / "site.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    reviewed = settings["reviewed"]
    w = Writer(random.Random(seed), out)
    r = w.rng

    n_sources = max(10, methods // 10)
    n_conditions = max(5, methods // 40)
    n_causes = max(4, methods // 50)
    n_effects = max(3, methods // 50)
    n_benefits = max(3, methods // 50)
    n_precautions = max(len(FOR_ALL) + 3, methods // 5)
    n_routines = max(2, methods // 10)

    source_ids = [f"source-{_label(i)}-{2000 + i % 25}" for i in range(n_sources)]
    _cite_synthetic_sources(out / "red-flags.yaml", source_ids)
    condition_ids = [f"condition-{_label(i)}" for i in range(n_conditions)]
    cause_ids = [f"cause-{_label(i)}" for i in range(n_causes)]
    effect_ids = [f"effect-{_label(i)}" for i in range(n_effects)]
    benefit_ids = [f"benefit-{_label(i)}" for i in range(n_benefits)]
    own_precaution_ids = [f"precaution-{_label(i)}" for i in range(n_precautions - len(FOR_ALL))]

    categories = list(CATEGORY_WEIGHTS)
    method_categories = r.choices(categories, weights=list(CATEGORY_WEIGHTS.values()), k=methods)
    # At least one method of every category, so every family and a routine exist at any size.
    method_categories[: len(categories)] = categories
    method_ids = [f"{r.choice(ADJECTIVES)}-{r.choice(MOVES)}-{_label(i)}" for i in range(methods)]
    home = [mid for mid, cat in zip(method_ids, method_categories, strict=True) if cat in HOME_EXERCISE]

    # Every source is cited: each record cites a few at random, plus one in turn from this cycle.
    cycle = iter(source_ids * 2)

    def cite(low: int, high: int) -> list[str]:
        chosen = w.pick(source_ids, low, high)
        extra = next(cycle, None)
        if extra is not None and extra not in chosen:
            chosen.append(extra)
        return chosen

    def evidence(sources: list[str], strength: str | None = None) -> dict[str, Any]:
        return {
            "strength": strength or r.choice(("supported", "mixed", "limited")),
            "summary": w.text(2, 4),
            "sources": sources[: r.randint(1, min(3, len(sources)))],
        }

    for i, condition_id in enumerate(condition_ids):
        w.write(
            "conditions",
            condition_id,
            {
                "title": f"Condition {_label(i)} ({r.choice(TOPICS)})",
                "summary": w.text(1, 2),
            },
        )

    for i, cause_id in enumerate(cause_ids):
        sources = cite(2, 4)
        w.write(
            "causes",
            cause_id,
            {
                "title": f"{r.choice(TOPICS).capitalize()} strain {_label(i)}",
                "summary": w.text(1, 2),
                "explanation": w.paragraphs(2, 3, (3, 5)),
                "tips": [w.sentence() for _ in range(r.randint(2, 5))],
                "evidence": evidence(sources),
                "sources": sources,
                "reviewed": reviewed,
            },
        )

    for i, effect_id in enumerate(effect_ids):
        w.write(
            "effects",
            effect_id,
            {
                "title": f"Effect {_label(i)} on {r.choice(SUBJECTS)}",
                "summary": w.text(1, 2),
                "explanation": w.paragraphs(2, 3, (3, 5)),
                "causes": w.pick(cause_ids, 1, 3),
                "sources": cite(2, 3),
                "reviewed": reviewed,
            },
        )

    for i, benefit_id in enumerate(benefit_ids):
        sources = cite(3, 6)
        w.write(
            "benefits",
            benefit_id,
            {
                "title": f"Benefit {_label(i)} for {r.choice(SUBJECTS)}",
                "summary": w.text(1, 2),
                "explanation": w.paragraphs(2, 4, (3, 5)),
                "relieves": w.pick(effect_ids, 1, 2),
                "evidence": evidence(sources),
                "sources": sources,
                "reviewed": reviewed,
            },
        )

    for precaution_id in FOR_ALL:
        real = yaml.load(
            (REAL_CONTENT / "precautions" / f"{precaution_id}.yaml").read_text(encoding="utf-8"),
            Loader=yaml.CSafeLoader,
        )
        w.write("precautions", precaution_id, {**real, "sources": cite(2, 3)})
    for i, precaution_id in enumerate(own_precaution_ids):
        w.write(
            "precautions",
            precaution_id,
            {
                "title": f"Take care with {r.choice(TOPICS)} ({_label(i)})",
                "severity": r.choice(("stop", "caution", "caution", "advice", "advice")),
                "summary": w.text(1, 2),
                "details": [w.text(1, 2) for _ in range(r.randint(2, 5))],
                "sources": cite(1, 3),
                "reviewed": reviewed,
            },
        )

    doses: dict[str, dict[str, Any]] = {}
    # Each method lists one precaution of its own in turn (so every one is used), plus a few more.
    own_cycle = iter(own_precaution_ids * (methods // len(own_precaution_ids) + 1))
    for method_id, category in zip(method_ids, method_categories, strict=True):
        sources = cite(2, 5)
        precautions = [next(own_cycle)]
        precautions += [p for p in w.pick(own_precaution_ids, 0, 2) if p not in precautions]
        data: dict[str, Any] = {
            "title": method_id.replace("-", " ").capitalize(),
            "aliases": [f"{r.choice(ADJECTIVES)} {r.choice(MOVES)}" for _ in range(r.randint(0, 3))],
            "category": category,
            "summary": w.text(1, 2),
            "instruction": w.sentence(),
            "difficulty": r.choice(("gentle", "gentle", "moderate", "demanding")),
            "body_areas": w.pick(list(BODY_AREAS), 1, 3),
            "equipment": w.pick(list(EQUIPMENT), 0, 2),
            "position": r.choice(POSITIONS),
        }
        dose = _dose(r, category)
        if dose:
            data["dose"] = doses[method_id] = dose
        avoid = w.pick(condition_ids, 0, 4)
        data["avoid_if"] = [{"condition": c, "note": w.text(1, 2)} for c in avoid]
        if not avoid:
            data["avoid_if_reason"] = w.text(1, 1)
        data["precautions"] = precautions
        data["addresses"] = w.pick(cause_ids, 1, 4)
        data["benefits"] = w.pick(benefit_ids, 1, 3)
        if category == "self-manipulation":
            data["safer_alternatives"] = w.pick(home, 1, 4)
        data["steps"] = [w.text(1, 2) for _ in range(r.randint(4, 8))]
        data["sections"] = [
            {
                "title": f"About {r.choice(TOPICS)} ({j + 1})",
                "text": w.text(3, 5),
                **({"before_steps": True} if category == "self-manipulation" and j == 0 else {}),
            }
            for j in range(r.randint(0, 2))
        ]
        data["key_cue"] = w.sentence()
        strength = "not-supported" if category == "self-manipulation" else None
        data["evidence"] = evidence(sources, strength)
        data["sources"] = sources
        if category in HOME_EXERCISE:
            data["figure"] = _figure(method_id, len(data["steps"]))
        data["reviewed"] = reviewed
        w.write("methods", method_id, data)

    for i in range(n_routines):
        chosen = w.pick(home, 3, 8)
        steps = [_step(r, method_id, doses[method_id]) for method_id in chosen]
        w.write(
            "routines",
            f"routine-{_label(i)}",
            {
                "title": f"{r.choice(('Morning', 'Evening', 'Desk', 'Weekend', 'Quick'))} "
                f"routine {_label(i)}",
                "goal": w.sentence(),
                "summary": w.text(1, 2),
                "minutes": min(60, 2 * len(steps)),
                "frequency": r.choice(
                    ("once a day", "every 1 to 2 hours of sitting", "twice a day", "up to once a day")
                ),
                "steps": steps,
                "reviewed": reviewed,
            },
        )

    for i, source_id in enumerate(source_ids):
        data = {
            "title": f"A study of {r.choice(TOPICS)} and back pain ({_label(i)})",
            "authors": [
                f"{r.choice(('Smith', 'Jones', 'Patel', 'Nguyen', 'Okafor'))} "
                f"{r.choice('ABCDEJKMRS')}{r.choice(('', 'J', 'M'))}"
            ],
            "more_authors": True,
            "year": 2000 + i % 25,
            "published_in": r.choice(("BMJ", "Cochrane Database Syst Rev", "Spine", "J Biomech")),
            "note": w.text(1, 2),
        }
        if i % 3 == 0:
            data["url"] = f"https://example.org/studies/{source_id}"
        else:
            data["doi"] = f"10.5555/{source_id}"
        w.write("sources", source_id, data)

    # One page of help in sections, linked from every effect and routine page, as the real guide's.
    w.write(
        "topics",
        "bad-days",
        {
            "title": "Bad days",
            "summary": w.text(1, 2),
            "featured": True,
            "sections": [
                {
                    "id": f"part-{i}",
                    "title": f"Part {i}",
                    "paragraphs": w.paragraphs(1, 2),
                    "for_floor_exercises": i == 1,
                    "sources": w.pick(source_ids, 1, 2),
                }
                for i in range(1, 4)
            ],
            "reviewed": reviewed,
        },
    )

    return {
        "methods": methods,
        "precautions": n_precautions,
        "routines": n_routines,
        "causes": n_causes,
        "effects": n_effects,
        "benefits": n_benefits,
        "conditions": n_conditions,
        "sources": n_sources,
        "topics": 1,
    }


MARKER = ".synthetic-guide"


def _empty_folder(out: Path) -> None:
    """Empty ``out`` for a new guide, but only if it is empty or an earlier synthetic guide."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SystemExit(
                f"synth: {out} is not empty and holds no earlier synthetic guide; choose a new folder"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by bench/synth.py; safe to delete\n", encoding="utf-8")


def _real_figures() -> list[dict[str, Any]]:
    found = []
    for path in sorted((REAL_CONTENT / "methods").glob("*.yaml")):
        figure = yaml.safe_load(path.read_text(encoding="utf-8")).get("figure")
        if figure:
            found.append(figure)
    return found


_FIGURES: list[dict[str, Any]] = []


def _figure(method_id: str, steps: int) -> dict[str, Any]:
    """A real method's figure (picked by the id, not the random stream), its steps renumbered."""
    if not _FIGURES:
        _FIGURES.extend(_real_figures())
    figure = _FIGURES[sum(map(ord, method_id)) % len(_FIGURES)]
    poses = [
        {**pose, "steps": sorted({min(step, steps) for step in pose["steps"]})} for pose in figure["poses"]
    ]
    return {**figure, "poses": poses}


def _dose(r: random.Random, category: str) -> dict[str, Any] | None:
    if category in HOME_EXERCISE:
        dose: dict[str, Any] = {}
        if category != "mobility" or r.random() < 0.5:
            low = r.choice((5, 10, 15, 20))
            dose["hold_seconds"] = [low, low + r.choice((5, 10, 20))]
        if category != "foam-roller" or "hold_seconds" not in dose:
            low = r.randint(2, 6)
            dose["reps"] = [low, low + r.randint(2, 6)]
        if r.random() < 0.3:
            dose["sets"] = [1, r.randint(2, 3)]
        dose["per_day"] = [1, r.randint(1, 3)]
        if r.random() < 0.4:
            dose["each_side"] = True
        return dose
    if category == "heat-cold":
        return {"duration_minutes": [15, 20]}
    return None


def _step(r: random.Random, method_id: str, dose: dict[str, Any]) -> dict[str, Any]:
    """A routine step with a value inside the method's range for every part its dose has."""
    step: dict[str, Any] = {"method": method_id}
    for name in ("hold_seconds", "reps", "sets", "duration_minutes"):
        if name in dose:
            low, high = dose[name]
            step[name] = r.randint(low, high)
    return step


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", type=int, required=True, help="how many methods (N ≥ 10)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (emptied first)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args(argv)
    if args.methods < 10:
        parser.error("--methods must be at least 10")
    counts = synthesise(args.methods, args.out, args.seed)
    total = sum(counts.values())
    print(
        f"wrote {total} records to {args.out}: "
        + ", ".join(f"{count} {kind}" for kind, count in counts.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
