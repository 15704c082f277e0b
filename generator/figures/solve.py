"""Contact placement: a small least-squares solve that puts the declared body parts on their surfaces.

The unknowns are the root's position and the angles a pose lets go (``free``); the residuals are
the gaps between each contact ball and its surface, the drift of planted parts from where they
were, any part sunk into the floor or a prop, and a gentle pull of every unknown back to the value
the pose gives it. Levenberg–Marquardt with a numerical Jacobian: a dozen unknowns at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.figures.body import Angles, Body, angle_range, pose_body
from generator.figures.geometry import Vec, lerp, solve_linear
from generator.figures.props import clearance, surface_gap

# Parts that stay where they are while they touch the same surface (hands and feet do not slide).
PLANTED = ("hand", "foot", "heel", "toes", "knee", "shin", "forearm", "elbow")

ANGLE_PULL = 0.02  # per degree away from the pose's own value
ROOT_PULL = 0.01  # per unit the root moves sideways from its guess
CAPSULE_SAMPLES = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Contact:
    surface: str
    part: str  # one side: left-hand, head, ...


@dataclass(frozen=True)
class Problem:
    """What to solve: a starting pose, what may change, and what must touch what."""

    angles: Angles
    root: Vec
    free: tuple[tuple[str, ...], ...]  # groups of angle keys that move together
    contacts: tuple[Contact, ...]
    anchors: tuple[tuple[str, tuple[Vec, ...]], ...]  # part -> where its balls must stay (x, z)
    props: tuple[str, ...]


def is_planted(part: str) -> bool:
    return part.split("-", 1)[-1] in PLANTED


def _unpack(problem: Problem, q: Sequence[float]) -> tuple[Angles, Vec]:
    angles = dict(problem.angles)
    for group, value in zip(problem.free, q[3:], strict=True):
        for key in group:
            angles[key] = value
    return angles, (q[0], q[1], q[2])


def _penetrations(body: Body, props: tuple[str, ...]) -> list[float]:
    """How deep each primitive sinks into the floor or a prop (0 when clear). Against a plane a
    capsule's deepest point is one of its end balls; a roller or a chair needs points between."""
    curved = "foam-roller" in props or "chair" in props
    out = []
    for prim in body.prims:
        if prim.b is None:
            out.append(min(0.0, clearance(prim.a, prim.ra, props)))
        elif not curved:
            out.append(min(0.0, clearance(prim.a, prim.ra, props), clearance(prim.b, prim.rb, props)))
        else:
            worst = 0.0
            for t in CAPSULE_SAMPLES:
                gap = clearance(lerp(prim.a, prim.b, t), prim.ra + (prim.rb - prim.ra) * t, props)
                worst = min(worst, gap)
            out.append(worst)
    return out


def residuals(problem: Problem, q: Sequence[float], q0: Sequence[float]) -> list[float]:
    angles, root = _unpack(problem, q)
    body = pose_body(angles, root)
    out: list[float] = []
    for contact in problem.contacts:
        for centre, radius in body.contact_spheres[contact.part]:
            out.append(surface_gap(contact.surface, centre, radius, problem.props))
    for part, places in problem.anchors:
        for (centre, _radius), place in zip(body.contact_spheres[part], places, strict=True):
            out += [centre[0] - place[0], centre[2] - place[2]]
    out += _penetrations(body, problem.props)
    out += [ROOT_PULL * (q[0] - q0[0]), 0.001 * (q[1] - q0[1]), ROOT_PULL * (q[2] - q0[2])]
    out += [ANGLE_PULL * (value - start) for value, start in zip(q[3:], q0[3:], strict=True)]
    return out


def _clamp(problem: Problem, q: list[float]) -> list[float]:
    for index, group in enumerate(problem.free):
        low, high = angle_range(group[0])
        q[3 + index] = min(high, max(low, q[3 + index]))
    return q


def solve(problem: Problem, iterations: int = 200) -> tuple[Angles, Vec, float]:
    """The solved angles and root, and the largest remaining contact gap (0 when all touch)."""
    q0 = [*problem.root, *(problem.angles.get(group[0], 0.0) for group in problem.free)]
    q = _clamp(problem, list(q0))
    r = residuals(problem, q, q0)
    cost = sum(v * v for v in r)
    damping = 1e-3
    n = len(q)
    for _ in range(iterations):
        step = 1e-5
        columns = []
        for i in range(n):
            shifted = list(q)
            shifted[i] += step
            r_i = residuals(problem, shifted, q0)
            columns.append([(a - b) / step for a, b in zip(r_i, r, strict=True)])
        jtj = [
            [sum(ci * cj for ci, cj in zip(columns[i], columns[j], strict=True)) for j in range(n)]
            for i in range(n)
        ]
        jtr = [sum(c * v for c, v in zip(columns[i], r, strict=True)) for i in range(n)]
        improved = False
        while damping < 1e8:
            system = [
                [jtj[i][j] + (damping * (jtj[i][i] + 1e-9) if i == j else 0.0) for j in range(n)]
                for i in range(n)
            ]
            delta = solve_linear(system, [-v for v in jtr])
            trial = _clamp(problem, [a + b for a, b in zip(q, delta, strict=True)])
            r_trial = residuals(problem, trial, q0)
            trial_cost = sum(v * v for v in r_trial)
            if trial_cost < cost:
                improved = True
                gain = cost - trial_cost
                q, r, cost = trial, r_trial, trial_cost
                damping = max(damping / 3, 1e-9)
                break
            damping *= 4
        if not improved or gain < 1e-9 * (1.0 + cost):
            break
    angles, root = _unpack(problem, q)
    return angles, root, contact_error(problem, angles, root)


def contact_error(problem: Problem, angles: Angles, root: Vec) -> float:
    body = pose_body(angles, root)
    worst = 0.0
    for contact in problem.contacts:
        for centre, radius in body.contact_spheres[contact.part]:
            worst = max(worst, abs(surface_gap(contact.surface, centre, radius, problem.props)))
    return worst
