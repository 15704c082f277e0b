"""The figure's body: segment lengths from standard proportions, and forward kinematics in 3D.

Lengths are fractions of standing height H (here H = 100 units, about 1.7 m) from Winter's
anthropometric table (D. A. Winter, Biomechanics and Motor Control of Human Movement, 4th ed.,
Wiley 2009, fig. 4.1, after Drillis & Contini 1966): hip 0.530 H, knee 0.285 H, ankle 0.039 H,
shoulder 0.818 H, chin 0.870 H; upper arm 0.186 H, forearm 0.146 H, hand 0.108 H; foot 0.152 H;
shoulder width 0.259 H, hip width 0.191 H. Thicknesses are a friendly mannequin's, close to adult
body breadths and depths.

World axes: x forwards (the figure faces +x at the zero pose), y up, z to the figure's right;
the floor is y = 0. The root is the midpoint of the hip joints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.figures.geometry import Mat, Vec, add, apply, chain, lerp, rx, ry, rz
from generator.figures.pose import CENTRAL_JOINTS, LATERAL_DOFS, RANGES, SIDED_JOINTS, SIDES

HEIGHT = 100.0

# Segment lengths (Winter's fractions x H).
THIGH = (0.530 - 0.285) * HEIGHT  # hip to knee, 24.5
SHANK = (0.285 - 0.039) * HEIGHT  # knee to ankle, 24.6
ANKLE_HEIGHT = 0.039 * HEIGHT
UPPER_ARM = 0.186 * HEIGHT
FOREARM = 0.146 * HEIGHT
HAND = 0.108 * HEIGHT
FOOT = 0.152 * HEIGHT
HIP_HALF_WIDTH = 4.8  # hip joint centres; the outer hip width is 0.191 H
# Hip to shoulder is 0.288 H: pelvis to sacrum 6, then three spine segments.
SACRUM: Vec = (-1.5, 6.0, 0.0)
LOWER_SPINE, MID_SPINE, UPPER_SPINE = 9.0, 8.0, 7.5
NECK = 7.0
# Shoulder joints sit 0.818 H high and 0.215 H apart; the girdle pivots near the breastbone.
GIRDLE_PIVOT: Vec = (0.5, -3.0, 1.5)
GIRDLE_ARM: Vec = (-1.0, -0.6, 9.3)
HEAD_CENTRE: Vec = (1.2, 4.6, 0.0)  # from the top of the neck; the head is 0.130 H tall
HEEL: Vec = (-2.6, -2.4, 0.0)  # from the ankle; heel and ball rest on the floor
TOE: Vec = (FOOT - 5.2, -2.8, 0.0)

# Radii.
R = {
    "head": 5.6,
    "jaw": 3.3,
    "nose": 0.9,
    "neck": 2.6,
    "pelvis": 6.0,
    "sacrum": 5.2,
    "waist": 4.8,
    "ribs_back": 5.7,
    "ribs": 6.0,
    "c7": 4.6,
    "hips": 5.6,
    "waist_side": 4.8,
    "lower_ribs": 5.6,
    "chest": 6.0,
    "trapezius": 3.0,
    "shoulder": 3.4,
    "elbow": 2.6,
    "forearm": 2.6,
    "wrist": 1.6,
    "palm": 1.6,
    "fingers": 1.2,
    "thigh": 5.2,
    "knee": 3.7,
    "calf": 3.6,
    "ankle": 2.2,
    "heel": 1.5,
    "toe": 1.1,
}

Angles = dict[str, float]  # "left_hip.flexion" → degrees; missing means 0

ALL_ANGLE_KEYS: tuple[str, ...] = (
    *(f"{joint}.{dof}" for joint in CENTRAL_JOINTS for dof in RANGES[joint]),
    *(f"{side}_{joint}.{dof}" for side in SIDES for joint in SIDED_JOINTS for dof in RANGES[joint]),
)


def angle_range(key: str) -> tuple[float, float]:
    joint, dof = key.split(".")
    for side in SIDES:
        joint = joint.removeprefix(side + "_")
    return RANGES[joint][dof]


def mirror_angles(angles: Angles) -> Angles:
    """Left and right swapped: sided joints change places, turns and side bends change sign."""
    mirrored: Angles = {}
    for key, value in angles.items():
        joint, dof = key.split(".")
        if joint.startswith("left_"):
            mirrored["right_" + joint[5:] + "." + dof] = value
        elif joint.startswith("right_"):
            mirrored["left_" + joint[6:] + "." + dof] = value
        else:
            mirrored[key] = -value if (joint, dof) in LATERAL_DOFS else value
    return mirrored


@dataclass(frozen=True)
class Prim:
    """A drawing primitive: a ball (b is None) or a tapered capsule between two balls."""

    piece: str
    a: Vec
    ra: float
    b: Vec | None = None
    rb: float = 0.0


@dataclass
class Body:
    """A posed body: named joint points, drawing primitives by piece, contact spheres by part."""

    points: dict[str, Vec]
    prims: list[Prim]
    contact_spheres: dict[str, list[tuple[Vec, float]]] = field(default_factory=dict)

    def spheres(self) -> list[tuple[Vec, float]]:
        """Every ball of every primitive (a capsule is the hull of its two end balls)."""
        found = []
        for prim in self.prims:
            found.append((prim.a, prim.ra))
            if prim.b is not None:
                found.append((prim.b, prim.rb))
        return found


def _spine(angles: Angles, joint: str) -> Mat:
    return chain(
        rz(-angles.get(f"{joint}.flexion", 0.0)),
        rx(angles.get(f"{joint}.side_bend", 0.0)),
        ry(-angles.get(f"{joint}.rotation", 0.0)),
    )


def pose_body(angles: Angles, root: Vec) -> Body:
    """Forward kinematics: the body in ``angles`` with its hip midpoint at ``root``."""
    a = angles.get
    points: dict[str, Vec] = {"root": root}
    prims: list[Prim] = []
    contacts: dict[str, list[tuple[Vec, float]]] = {}

    pelvis = chain(rz(-a("pelvis.pitch", 0.0)), ry(-a("pelvis.turn", 0.0)), rx(a("pelvis.lean", 0.0)))
    sacrum = add(root, apply(pelvis, SACRUM))
    lower = chain(pelvis, _spine(angles, "lower_spine"))
    l1 = add(sacrum, apply(lower, (0.0, LOWER_SPINE, 0.0)))
    mid = chain(lower, _spine(angles, "mid_spine"))
    t7 = add(l1, apply(mid, (0.0, MID_SPINE, 0.0)))
    upper = chain(mid, _spine(angles, "upper_spine"))
    c7 = add(t7, apply(upper, (0.0, UPPER_SPINE, 0.0)))
    neck = chain(upper, _spine(angles, "neck"))
    skull = add(c7, apply(neck, (0.8, NECK, 0.0)))
    head = chain(neck, rz(-a("head.flexion", 0.0)))
    head_centre = add(skull, apply(head, HEAD_CENTRE))
    chin = add(head_centre, apply(head, (2.3, -4.0, 0.0)))
    nose = add(head_centre, apply(head, (5.5, -0.6, 0.0)))
    pelvis_centre = add(root, apply(pelvis, (-1.5, 0.5, 0.0)))
    points.update(
        sacrum=sacrum,
        l1=l1,
        t7=t7,
        c7=c7,
        skull=skull,
        head=head_centre,
        chin=chin,
        nose=nose,
        pelvis=pelvis_centre,
    )

    def torso(a_: Vec, ra: float, b: Vec | None = None, rb: float = 0.0) -> None:
        prims.append(Prim("torso", a_, ra, b, rb))

    torso(pelvis_centre, R["pelvis"], sacrum, R["sacrum"])
    torso(sacrum, R["sacrum"], l1, R["waist"])
    ribs_back = lerp(l1, t7, 0.5)
    torso(l1, R["waist"], ribs_back, R["ribs_back"])
    torso(ribs_back, R["ribs_back"], t7, R["ribs"])
    torso(t7, R["ribs"], c7, R["c7"])
    torso(c7, R["neck"], skull, R["neck"])
    hips = [add(root, apply(pelvis, (-0.8, 1.0, z))) for z in (-3.4, 3.4)]
    torso(hips[0], R["hips"], hips[1], R["hips"])
    waist = [add(lerp(sacrum, l1, 0.6), apply(lower, (0.0, 0.0, z))) for z in (-2.8, 2.8)]
    torso(waist[0], R["waist_side"], waist[1], R["waist_side"])
    ribs = [add(l1, apply(mid, (0.3, 4.0, z))) for z in (-2.8, 2.8)]
    torso(ribs[0], R["lower_ribs"], ribs[1], R["lower_ribs"])
    chest = [add(t7, apply(upper, (0.0, 3.0, z))) for z in (-3.2, 3.2)]
    torso(chest[0], R["chest"], chest[1], R["chest"])
    # The flanks: each side's ends joined top to bottom, so the trunk's outline runs smoothly.
    for end in (0, 1):
        torso(chest[end], R["chest"], ribs[end], R["lower_ribs"])
        torso(ribs[end], R["lower_ribs"], waist[end], R["waist_side"])
        torso(waist[end], R["waist_side"], hips[end], R["hips"])
    prims.append(Prim("head", head_centre, R["head"], chin, R["jaw"]))
    prims.append(Prim("nose", nose, R["nose"]))
    chest_mid = lerp(chest[0], chest[1], 0.5)
    points.update(chest=chest_mid, front=add(chest_mid, apply(upper, (24.0, 2.0, 0.0))))

    contacts["head"] = [(head_centre, R["head"])]
    contacts["upper-back"] = contacts["chest"] = [(chest_mid, R["chest"])]
    contacts["mid-back"] = [(t7, R["ribs"])]
    contacts["lower-ribs"] = [(ribs_back, R["ribs_back"])]
    contacts["lower-back"] = [(lerp(sacrum, l1, 0.5), (R["sacrum"] + R["waist"]) / 2)]
    contacts["pelvis"] = [(pelvis_centre, R["pelvis"])]

    for side, s in (("right", 1.0), ("left", -1.0)):
        _arm(angles, side, s, c7, upper, points, prims, contacts)
        _leg(angles, side, s, root, pelvis, points, prims, contacts)
    return Body(points=points, prims=prims, contact_spheres=contacts)


def _along(p: Vec, rp: float, q: Vec, rq: float, t: float) -> tuple[Vec, float]:
    return lerp(p, q, t), rp + (rq - rp) * t


def _arm(
    angles: Angles,
    side: str,
    s: float,
    c7: Vec,
    upper: Mat,
    points: dict[str, Vec],
    prims: list[Prim],
    contacts: dict[str, list[tuple[Vec, float]]],
) -> None:
    def a(name: str) -> float:
        return angles.get(f"{side}_{name}", 0.0)

    girdle = chain(ry(s * a("shoulder.protraction")), rx(-s * a("shoulder.elevation")))
    pivot = add(c7, apply(upper, (GIRDLE_PIVOT[0], GIRDLE_PIVOT[1], s * GIRDLE_PIVOT[2])))
    arm_offset = apply(girdle, (GIRDLE_ARM[0], GIRDLE_ARM[1], s * GIRDLE_ARM[2]))
    shoulder = add(pivot, apply(upper, arm_offset))
    arm = chain(
        upper, rz(a("shoulder.flexion")), rx(-s * a("shoulder.abduction")), ry(-s * a("shoulder.rotation"))
    )
    elbow = add(shoulder, apply(arm, (0.0, -UPPER_ARM, 0.0)))
    forearm = chain(arm, rz(a("elbow.flexion")), ry(s * a("elbow.pronation")))
    wrist = add(elbow, apply(forearm, (0.0, -FOREARM, 0.0)))
    hand = chain(forearm, rx(s * a("wrist.flexion")), rz(-a("wrist.deviation")))
    tip = add(wrist, apply(hand, (0.0, -HAND, 0.0)))
    neck_base = add(c7, apply(upper, (0.0, 1.0, 0.0)))
    piece = f"{side}-arm"
    prims.append(Prim("torso", neck_base, R["trapezius"], shoulder, R["trapezius"]))
    prims.append(Prim(piece, shoulder, R["shoulder"], elbow, R["elbow"]))
    prims.append(Prim(piece, elbow, R["forearm"], wrist, R["wrist"]))
    prims.append(Prim(piece, wrist, R["palm"], tip, R["fingers"]))
    points.update(
        {
            f"{side}-shoulder": shoulder,
            f"{side}-elbow": elbow,
            f"{side}-wrist": wrist,
            f"{side}-fingertip": tip,
        }
    )
    contacts[f"{side}-shoulder"] = [(shoulder, R["shoulder"])]
    contacts[f"{side}-upper-arm"] = [
        _along(shoulder, R["shoulder"], elbow, R["elbow"], t) for t in (0.2, 0.85)
    ]
    contacts[f"{side}-elbow"] = [(elbow, R["elbow"])]
    contacts[f"{side}-forearm"] = [_along(elbow, R["forearm"], wrist, R["wrist"], t) for t in (0.1, 0.9)]
    contacts[f"{side}-hand"] = [_along(wrist, R["palm"], tip, R["fingers"], t) for t in (0.15, 0.75)]


def _leg(
    angles: Angles,
    side: str,
    s: float,
    root: Vec,
    pelvis: Mat,
    points: dict[str, Vec],
    prims: list[Prim],
    contacts: dict[str, list[tuple[Vec, float]]],
) -> None:
    def a(name: str) -> float:
        return angles.get(f"{side}_{name}", 0.0)

    hip = add(root, apply(pelvis, (0.0, 0.0, s * HIP_HALF_WIDTH)))
    thigh = chain(pelvis, rz(a("hip.flexion")), rx(-s * a("hip.abduction")), ry(-s * a("hip.rotation")))
    knee = add(hip, apply(thigh, (0.0, -THIGH, 0.0)))
    shank = chain(thigh, rz(-a("knee.flexion")))
    ankle = add(knee, apply(shank, (0.0, -SHANK, 0.0)))
    foot = chain(shank, rz(a("ankle.flexion")))
    heel = add(ankle, apply(foot, HEEL))
    toe = add(ankle, apply(foot, TOE))
    piece = f"{side}-leg"
    prims.append(Prim(piece, hip, R["thigh"], knee, R["knee"]))
    prims.append(Prim(piece, knee, R["calf"], ankle, R["ankle"]))
    prims.append(Prim(piece, ankle, R["ankle"], heel, R["heel"]))
    prims.append(Prim(piece, heel, R["heel"], toe, R["toe"]))
    prims.append(Prim(piece, ankle, R["ankle"] * 0.8, toe, R["toe"]))
    points.update(
        {
            f"{side}-hip": hip,
            f"{side}-knee": knee,
            f"{side}-ankle": ankle,
            f"{side}-heel": heel,
            f"{side}-toe": toe,
        }
    )
    contacts[f"{side}-thigh"] = [_along(hip, R["thigh"], knee, R["knee"], t) for t in (0.3, 0.85)]
    contacts[f"{side}-knee"] = [(knee, R["knee"])]
    contacts[f"{side}-shin"] = [_along(knee, R["calf"], ankle, R["ankle"], t) for t in (0.12, 0.88)]
    contacts[f"{side}-foot"] = [(heel, R["heel"]), (toe, R["toe"])]
    contacts[f"{side}-heel"] = [(heel, R["heel"])]
    contacts[f"{side}-toes"] = [(toe, R["toe"])]


# Segment lengths that no pose may change, as (point, point, length), for the tests.
def segment_lengths() -> list[tuple[str, str, float]]:
    pairs = [("sacrum", "l1", LOWER_SPINE), ("l1", "t7", MID_SPINE), ("t7", "c7", UPPER_SPINE)]
    for side in SIDES:
        pairs += [
            (f"{side}-shoulder", f"{side}-elbow", UPPER_ARM),
            (f"{side}-elbow", f"{side}-wrist", FOREARM),
            (f"{side}-wrist", f"{side}-fingertip", HAND),
            (f"{side}-hip", f"{side}-knee", THIGH),
            (f"{side}-knee", f"{side}-ankle", SHANK),
        ]
    return pairs
