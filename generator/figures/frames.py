"""From a method's key poses to solved frames: key poses placed on their contacts, in-between frames
interpolated in joint angles (not coordinates) with shared contacts held, and the animation's
timeline of cells. Solved frames are cached on disk by the hash of the pose data.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.figures.body import ALL_ANGLE_KEYS, Angles, mirror_angles, pose_body
from generator.figures.geometry import Vec
from generator.figures.pose import (
    CENTRAL_JOINTS,
    SIDED_JOINTS,
    SIDES,
    Figure,
    KeyPose,
)
from generator.figures.solve import Contact, Problem, is_planted, solve

CELLS = 48  # cells in one loop of the animation (CELL_SECONDS each)
CELL_SECONDS = 0.2
END_HOLD, MIDDLE_HOLD = 4, 2


@dataclass(frozen=True)
class Frame:
    angles: Angles
    root: Vec
    contacts: tuple[Contact, ...]


@dataclass(frozen=True)
class Motion:
    """A figure's solved key poses, the in-betweens of each animated transition, and the timeline."""

    keys: tuple[Frame, ...]  # one per key pose, in the data's order
    animated: tuple[int, ...]  # indices of the key poses in the animation
    tweens: tuple[tuple[Frame, ...], ...]  # between animated[i] and animated[i + 1]
    cells: tuple[tuple[str, int, int], ...]  # ("key", pose, 0) or ("tween", transition, n)

    def frame(self, cell: tuple[str, int, int]) -> Frame:
        kind, first, second = cell
        return self.keys[first] if kind == "key" else self.tweens[first][second]

    def all_frames(self) -> list[Frame]:
        """Every distinct frame: the key poses, then the in-betweens of each transition."""
        return [*self.keys, *(frame for tween in self.tweens for frame in tween)]


def pose_angles(pose: KeyPose) -> Angles:
    """The pose's angles by side: ``hip`` fills both hips, ``left_hip`` then overrides one."""
    data = pose.joints.model_dump(exclude_none=True)
    angles: Angles = {}
    for joint in CENTRAL_JOINTS:
        for dof, value in data.get(joint, {}).items():
            angles[f"{joint}.{dof}"] = float(value)
    for joint in SIDED_JOINTS:
        for side in SIDES:
            for source in (joint, f"{side}_{joint}"):
                for dof, value in data.get(source, {}).items():
                    angles[f"{side}_{joint}.{dof}"] = float(value)
    return angles


def free_groups(pose: KeyPose) -> tuple[tuple[str, ...], ...]:
    groups = []
    for entry in pose.free:
        joint, dof = entry.split(".")
        if joint in SIDED_JOINTS:
            groups.append(tuple(f"{side}_{joint}.{dof}" for side in SIDES))
        else:
            groups.append((entry,))
    return tuple(groups)


def pose_contacts(pose: KeyPose) -> tuple[Contact, ...]:
    return tuple(
        Contact(surface, sided)
        for surface, parts in pose.contacts.items()
        for part in parts
        for sided in part.sided()
    )


def _mirror_part(part: str) -> str:
    for a, b in (("left-", "right-"), ("right-", "left-")):
        if part.startswith(a):
            return b + part[len(a) :]
    return part


def _mirror_group(group: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        key.replace("left_", "\0").replace("right_", "left_").replace("\0", "right_") for key in group
    )


def _root_guess(angles: Angles, contacts: tuple[Contact, ...], props: tuple[str, ...], x: float = 0.0) -> Vec:
    """A root high enough that the contacts touch on average: the solve starts close."""
    from generator.figures.props import surface_gap

    body = pose_body(angles, (x, 0.0, 0.0))
    gaps = [
        surface_gap(c.surface, centre, radius, props)
        for c in contacts
        if c.surface in ("floor", "chair", "towel")
        for centre, radius in body.contact_spheres[c.part]
    ]
    if not gaps:
        return (x, 53.0, 0.0)
    return (x, -sum(gaps) / len(gaps), 0.0)


def _anchors(contacts: tuple[Contact, ...], before: Frame) -> tuple[tuple[str, tuple[Vec, ...]], ...]:
    held = set(before.contacts)
    body = pose_body(before.angles, before.root)
    return tuple(
        (c.part, tuple(centre for centre, _ in body.contact_spheres[c.part]))
        for c in contacts
        if c in held and is_planted(c.part)
    )


def solve_keys(figure: Figure) -> list[Frame]:
    props = tuple(prop.value for prop in figure.props)
    frames: list[Frame] = []
    by_name: dict[str, int] = {}
    groups: list[tuple[tuple[str, ...], ...]] = []
    for index, pose in enumerate(figure.poses):
        by_name[pose.name] = index
        if pose.mirror is not None:
            source = frames[by_name[pose.mirror]]
            x, y, z = source.root
            frames.append(
                Frame(
                    mirror_angles(source.angles),
                    (x, y, -z),
                    tuple(Contact(c.surface, _mirror_part(c.part)) for c in source.contacts),
                )
            )
            groups.append(tuple(_mirror_group(g) for g in groups[by_name[pose.mirror]]))
            continue
        angles, contacts, free = pose_angles(pose), pose_contacts(pose), free_groups(pose)
        anchors = _anchors(contacts, frames[-1]) if frames else ()
        root = _root_guess(angles, contacts, props, frames[-1].root[0] if frames else 0.0)
        solved, root, _error = solve(Problem(angles, root, free, contacts, anchors, props))
        frames.append(Frame(solved, root, contacts))
        groups.append(free)
    return frames


def _ease(s: float) -> float:
    """Half linear, half cosine: the movement slows into each key pose without rushing between."""
    return 0.5 * s + 0.25 * (1 - math.cos(math.pi * s))


def tween(a: Frame, b: Frame, t: float, free: tuple[tuple[str, ...], ...], props: tuple[str, ...]) -> Frame:
    """The frame a fraction ``t`` of the way from ``a`` to ``b``, interpolated in joint angles."""
    keys = sorted(set(a.angles) | set(b.angles))
    angles = {k: a.angles.get(k, 0.0) + (b.angles.get(k, 0.0) - a.angles.get(k, 0.0)) * t for k in keys}
    (x0, y0, r0), (x1, y1, r1) = a.root, b.root
    root = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, r0 + (r1 - r0) * t)
    held = tuple(c for c in a.contacts if c in set(b.contacts))
    solved, solved_root, _error = solve(
        Problem(angles, root, free, held, _anchors(held, a), props), iterations=25
    )
    return Frame(solved, solved_root, held)


def timeline(animated: int, steps: int) -> tuple[tuple[str, int, int], ...]:
    """Cells of one loop: forward through the animated poses and back, holding at each."""
    order = list(range(animated)) + list(range(animated - 2, 0, -1))
    cells: list[tuple[str, int, int]] = []
    for visit, key in enumerate(order):
        nxt = order[(visit + 1) % len(order)]
        hold = END_HOLD if key in (0, animated - 1) else MIDDLE_HOLD
        cells += [("key", key, 0)] * hold
        transition = min(key, nxt)
        indices = range(steps) if nxt > key else range(steps - 1, -1, -1)
        cells += [("tween", transition, n) for n in indices]
    return tuple(cells)


def tween_count(animated: int) -> int:
    transitions = 2 * (animated - 1)
    holds = 2 * END_HOLD + max(0, 2 * (animated - 2)) * MIDDLE_HOLD
    return (CELLS - holds) // transitions


def _motion(figure: Figure) -> Motion:
    props = tuple(prop.value for prop in figure.props)
    keys = solve_keys(figure)
    animated = tuple(i for i, pose in enumerate(figure.poses) if pose.animate)
    steps = tween_count(len(animated))
    all_free = [free_groups(pose) for pose in figure.poses]
    for index, pose in enumerate(figure.poses):
        if pose.mirror is not None:
            source = next(i for i, p in enumerate(figure.poses) if p.name == pose.mirror)
            all_free[index] = tuple(_mirror_group(g) for g in all_free[source])
    tweens = []
    for first, second in zip(animated, animated[1:], strict=False):
        # Each side moves on its own between two poses (a tied pair would copy one leg onto the other).
        free = tuple(
            (key,)
            for key in dict.fromkeys(key for group in all_free[first] + all_free[second] for key in group)
        )
        tweens.append(
            tuple(
                tween(keys[first], keys[second], _ease((n + 1) / (steps + 1)), free, props)
                for n in range(steps)
            )
        )
    cells = timeline(len(animated), steps)
    cells = tuple((kind, animated[a] if kind == "key" else a, b) for kind, a, b in cells)
    return Motion(tuple(keys), animated, tuple(tweens), cells)


# ---- the cache ---------------------------------------------------------------------------------


@cache
def engine_digest() -> str:
    """A digest of the renderer's own code: a changed body, solver or drawing never reads a cache
    entry written by the old one."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def figure_hash(figure: Figure) -> str:
    """The cache key: the pose data and the code that draws it."""
    data = json.dumps(
        {
            "engine": engine_digest(),
            "cells": [CELLS, END_HOLD, MIDDLE_HOLD],
            "figure": figure.model_dump(mode="json", by_alias=True),
        },
        sort_keys=True,
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def _frame_json(frame: Frame) -> dict:
    return {
        "angles": {k: v for k, v in sorted(frame.angles.items()) if v},
        "root": list(frame.root),
        "contacts": [[c.surface, c.part] for c in frame.contacts],
    }


def _frame_from(data: dict) -> Frame:
    unknown = set(data["angles"]) - set(ALL_ANGLE_KEYS)
    if unknown:
        raise ValueError(f"unknown angles {sorted(unknown)}")
    return Frame(dict(data["angles"]), tuple(data["root"]), tuple(Contact(s, p) for s, p in data["contacts"]))


def _motion_json(motion: Motion) -> dict:
    return {
        "keys": [_frame_json(f) for f in motion.keys],
        "animated": list(motion.animated),
        "tweens": [[_frame_json(f) for f in t] for t in motion.tweens],
        "cells": [list(c) for c in motion.cells],
    }


def _motion_from(data: dict) -> Motion:
    return Motion(
        tuple(_frame_from(f) for f in data["keys"]),
        tuple(data["animated"]),
        tuple(tuple(_frame_from(f) for f in t) for t in data["tweens"]),
        tuple((str(k), int(a), int(b)) for k, a, b in data["cells"]),
    )


def write_atomically(path: Path, text: str) -> None:
    """Write whole or not at all: a build stopped half way never leaves a broken cache entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)


def solve_motion(figure: Figure, cache_dir: Path | None = None) -> Motion:
    """The figure's frames, read from ``cache_dir`` when this pose data was solved before."""
    if cache_dir is None:
        return _motion(figure)
    path = Path(cache_dir) / f"{figure_hash(figure)}.json"
    try:
        return _motion_from(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    motion = _motion(figure)
    write_atomically(path, json.dumps(_motion_json(motion), sort_keys=True))
    # What was cached is what is used: a warm build draws exactly what a cold one did.
    return _motion_from(_motion_json(motion))
