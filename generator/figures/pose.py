"""The ``figure:`` block of a home-exercise method: a view, props and at least two key poses.

Every angle is in degrees and is checked against ``RANGES``, the one anatomical range table. A
key pose names the joints it bends (anything left out stays at the zero pose: standing upright,
arms hanging with the thumbs forward, feet flat); ``hip`` sets both hips, ``left_hip`` and
``right_hip`` set one side and win over ``hip``. The signs (CONTRIBUTING.md, "Drawing the
exercises") are anatomical: flexion is bending forward, side bends and rotations are positive to
the figure's right, abduction is positive away from the body on either side.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, create_model

from generator.problems import did_you_mean

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---- the anatomical range table ----------------------------------------------------------------
#
# Active ranges of healthy adults, rounded, after the American Academy of Orthopaedic Surgeons'
# tables (Greene & Heckman, The Clinical Measurement of Joint Motion, 1994) and Norkin & White,
# Measurement of Joint Motion (5th ed., 2016). The spine's totals (lumbar flexion about 50°,
# extension 25°; thoracic rotation about 30° each way) are shared between three segments.
# ``pelvis`` is not a joint but the body's orientation in the room: the root of the figure.

RANGES: dict[str, dict[str, tuple[float, float]]] = {
    "pelvis": {"pitch": (-180, 180), "turn": (-90, 90), "lean": (-90, 90)},
    "lower_spine": {"flexion": (-25, 50), "side_bend": (-20, 20), "rotation": (-10, 10)},
    "mid_spine": {"flexion": (-15, 30), "side_bend": (-15, 15), "rotation": (-25, 25)},
    "upper_spine": {"flexion": (-10, 25), "side_bend": (-10, 10), "rotation": (-25, 25)},
    "neck": {"flexion": (-55, 45), "side_bend": (-40, 40), "rotation": (-70, 70)},
    "head": {"flexion": (-20, 20)},
    "shoulder": {
        "flexion": (-50, 180),
        "abduction": (-40, 180),
        "rotation": (-80, 90),
        "elevation": (-10, 35),
        "protraction": (-25, 30),
    },
    "elbow": {"flexion": (0, 150), "pronation": (-80, 90)},
    "wrist": {"flexion": (-90, 80), "deviation": (-25, 25)},
    "hip": {"flexion": (-25, 130), "abduction": (-30, 50), "rotation": (-40, 45)},
    "knee": {"flexion": (-5, 150)},
    "ankle": {"flexion": (-50, 25)},
}

# What each sign means, for the error messages and CONTRIBUTING.md.
MEANING: dict[str, dict[str, str]] = {
    "pelvis": {
        "pitch": "+ leans forward (90 face down), − leans back (−90 lying on your back, "
        "−120 with the hips lifted above the shoulders)",
        "turn": "+ turns to the right about the body's long axis",
        "lean": "+ tips over to the right",
    },
    "lower_spine": {
        "flexion": "+ rounds forward, − arches back",
        "side_bend": "+ bends to the right",
        "rotation": "+ turns to the right",
    },
    "neck": {
        "flexion": "+ chin to chest, − looks up",
        "side_bend": "+ ear to right shoulder",
        "rotation": "+ looks to the right",
    },
    "head": {"flexion": "+ nods down"},
    "shoulder": {
        "flexion": "+ arm forward and up (180 overhead), − arm back",
        "abduction": "+ arm out to the side, − across the body",
        "rotation": "+ turns the arm outwards, − inwards",
        "elevation": "+ shrugs up",
        "protraction": "+ shoulder forward, − squeezed back",
    },
    "elbow": {"flexion": "+ bends the elbow", "pronation": "+ turns the palm down or back"},
    "wrist": {
        "flexion": "+ bends towards the palm, − towards the back of the hand (−90 with the "
        "hand flat under your weight)",
        "deviation": "+ towards the little finger",
    },
    "hip": {
        "flexion": "+ thigh forward, − thigh back",
        "abduction": "+ leg out to the side",
        "rotation": "+ turns the knee outwards",
    },
    "knee": {"flexion": "+ bends the knee; − would bend it backwards"},
    "ankle": {"flexion": "+ toes up towards the shin, − points the toes"},
}
MEANING["mid_spine"] = MEANING["upper_spine"] = MEANING["lower_spine"]

CENTRAL_JOINTS = ("pelvis", "lower_spine", "mid_spine", "upper_spine", "neck", "head")
SIDED_JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
SIDES = ("left", "right")
# Degrees of freedom that change sign in a mirror image (a turn to the right becomes one to the left).
LATERAL_DOFS = {
    ("pelvis", "turn"),
    ("pelvis", "lean"),
    ("lower_spine", "side_bend"),
    ("lower_spine", "rotation"),
    ("mid_spine", "side_bend"),
    ("mid_spine", "rotation"),
    ("upper_spine", "side_bend"),
    ("upper_spine", "rotation"),
    ("neck", "side_bend"),
    ("neck", "rotation"),
}


def anatomical_joint(key: str) -> str:
    """``left_hip`` → ``hip``; central joints are their own."""
    for side in SIDES:
        if key.startswith(side + "_"):
            return key[len(side) + 1 :]
    return key


def _in_range(joint: str, dof: str) -> Any:
    low, high = RANGES[joint][dof]

    def check(value: float | None) -> float | None:
        if value is not None and not low <= value <= high:
            meaning = MEANING.get(joint, {}).get(dof, "")
            hint = f" ({meaning})" if meaning else ""
            raise ValueError(
                f"{value:g}° is outside the {joint.replace('_', ' ')}'s {dof.replace('_', ' ')} "
                f"range, {low:g}° to {high:g}°{hint}"
            )
        return value

    return AfterValidator(check)


def _joint_model(key: str) -> type[BaseModel]:
    joint = anatomical_joint(key)
    fields: dict[str, Any] = {
        dof: (
            Annotated[float | None, _in_range(joint, dof)],
            Field(
                default=None,
                json_schema_extra={"minimum": low, "maximum": high},
                description=MEANING.get(joint, {}).get(dof),
            ),
        )
        for dof, (low, high) in RANGES[joint].items()
    }
    name = "".join(part.title() for part in key.split("_")) + "Angles"
    return create_model(name, __base__=_Strict, **fields)


JOINT_KEYS = (
    *CENTRAL_JOINTS,
    *(key for joint in SIDED_JOINTS for key in (joint, f"left_{joint}", f"right_{joint}")),
)
_JOINT_MODELS = {key: _joint_model(key) for key in JOINT_KEYS}

Joints: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "Joints",
    __base__=_Strict,
    **{key: (_JOINT_MODELS[key] | None, Field(default=None)) for key in JOINT_KEYS},
)
Joints.__doc__ = (
    "Joint angles in degrees; a joint left out stays at the zero pose. 'hip' sets both "
    "hips, 'left_hip' and 'right_hip' one side each."
)


# ---- contacts, props, views ----------------------------------------------------------------------


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"
    THREE_QUARTER = "three-quarter"


class Prop(StrEnum):
    MAT = "mat"
    CHAIR = "chair"
    FOAM_ROLLER = "foam-roller"
    WALL = "wall"
    TOWEL = "towel"


class Part(StrEnum):
    """Body parts that can touch the floor or a prop; a plural means both sides."""

    HEAD = "head"
    UPPER_BACK = "upper-back"
    MID_BACK = "mid-back"
    LOWER_RIBS = "lower-ribs"
    LOWER_BACK = "lower-back"
    CHEST = "chest"
    PELVIS = "pelvis"
    SHOULDERS = "shoulders"
    LEFT_SHOULDER = "left-shoulder"
    RIGHT_SHOULDER = "right-shoulder"
    UPPER_ARMS = "upper-arms"
    LEFT_UPPER_ARM = "left-upper-arm"
    RIGHT_UPPER_ARM = "right-upper-arm"
    ELBOWS = "elbows"
    LEFT_ELBOW = "left-elbow"
    RIGHT_ELBOW = "right-elbow"
    FOREARMS = "forearms"
    LEFT_FOREARM = "left-forearm"
    RIGHT_FOREARM = "right-forearm"
    HANDS = "hands"
    LEFT_HAND = "left-hand"
    RIGHT_HAND = "right-hand"
    THIGHS = "thighs"
    LEFT_THIGH = "left-thigh"
    RIGHT_THIGH = "right-thigh"
    KNEES = "knees"
    LEFT_KNEE = "left-knee"
    RIGHT_KNEE = "right-knee"
    SHINS = "shins"
    LEFT_SHIN = "left-shin"
    RIGHT_SHIN = "right-shin"
    FEET = "feet"
    LEFT_FOOT = "left-foot"
    RIGHT_FOOT = "right-foot"
    HEELS = "heels"
    LEFT_HEEL = "left-heel"
    RIGHT_HEEL = "right-heel"
    TOES = "toes"
    LEFT_TOES = "left-toes"
    RIGHT_TOES = "right-toes"

    def sided(self) -> list[str]:
        """One name per side: ``hands`` → ``left-hand``, ``right-hand``; central parts as they are."""
        singular = PLURALS.get(self.value)
        if singular is None:
            return [self.value]
        return [f"left-{singular}", f"right-{singular}"]


PLURALS = {
    "shoulders": "shoulder",
    "upper-arms": "upper-arm",
    "elbows": "elbow",
    "forearms": "forearm",
    "hands": "hand",
    "thighs": "thigh",
    "knees": "knee",
    "shins": "shin",
    "feet": "foot",
    "heels": "heel",
    "toes": "toes",
}


def _known_part(value: str) -> str:
    if value not in PART_NAMES:
        hint = did_you_mean(value, PART_NAMES) or f" (one of: {', '.join(sorted(PART_NAMES))})"
        raise ValueError(f"'{value}' is not a body part that can touch the floor or a prop{hint}")
    return value


PART_NAMES = frozenset(part.value for part in Part)
PartName = Annotated[str, AfterValidator(_known_part), Field(json_schema_extra={"enum": sorted(PART_NAMES)})]
Parts = Annotated[list[PartName], Field(min_length=1)]


class Contacts(_Strict):
    """Which body parts rest on the floor (the mat's top when there is a mat) or on a prop."""

    floor: Parts | None = None
    chair: Parts | None = Field(default=None, description="On the chair's seat.")
    foam_roller: Parts | None = Field(default=None, alias="foam-roller")
    wall: Parts | None = None
    towel: Parts | None = Field(default=None, description="On a folded towel on the floor.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def items(self) -> Iterator[tuple[str, list[Part]]]:
        """(surface, parts) for each surface touched, the parts as ``Part`` members."""
        for surface in ("floor", "chair", "foam_roller", "wall", "towel"):
            parts = getattr(self, surface)
            if parts:
                yield surface.replace("_", "-"), [Part(part) for part in parts]


class Landmark(StrEnum):
    """What a movement arrow follows, from this key pose to the next one shown. ``front`` is a
    point in front of the chest, for turns; a plural gets an arrow per side in a front view."""

    HEAD = "head"
    CHEST = "chest"
    FRONT = "front"
    BACK = "back"
    HIPS = "hips"
    KNEES = "knees"
    FEET = "feet"
    HANDS = "hands"
    ELBOWS = "elbows"
    SHOULDERS = "shoulders"
    LEFT_SHOULDER = "left-shoulder"
    RIGHT_SHOULDER = "right-shoulder"
    LEFT_HAND = "left-hand"
    RIGHT_HAND = "right-hand"
    LEFT_KNEE = "left-knee"
    RIGHT_KNEE = "right-knee"
    LEFT_FOOT = "left-foot"
    RIGHT_FOOT = "right-foot"


FREE_PATTERN = r"^[a-z_]+\.[a-z_]+$"


class KeyPose(_Strict):
    """One position of the movement, as a step of the method describes it."""

    name: Slug = Field(description="A short id for the pose, e.g. start, rounded.")
    label: Text = Field(
        description="The position in a few words, e.g. 'back rounded up, head "
        "down'; the figure's text alternative is made from it."
    )
    steps: list[Annotated[int, Field(ge=1)]] = Field(
        min_length=1, description="The step numbers (from 1) this pose illustrates."
    )
    joints: Joints = Field(default_factory=Joints)
    mirror: Slug | None = Field(
        default=None,
        description="This pose is another pose with left and right swapped (joints must then be left out).",
    )
    free: list[Annotated[str, StringConstraints(pattern=FREE_PATTERN)]] = Field(
        default_factory=list,
        description="Angles the solver may change so the contacts land, e.g. hip.flexion.",
    )
    contacts: Contacts = Field(default_factory=Contacts)
    arrow: Landmark | None = Field(default=None, description="Draw the way this part moves next.")
    animate: bool = Field(default=True, description="Part of the animation (else a still only).")


class Figure(_Strict):
    """How the exercise is drawn: a view, the props, and its key poses in order."""

    view: View
    props: list[Prop] = Field(default_factory=list)
    poses: list[KeyPose] = Field(min_length=2, description="Start and end of the movement at least.")


# ---- cross-checks the schema cannot make alone -----------------------------------------------------


def figure_problems(figure: Figure, step_count: int) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Locations (inside ``figure``) and messages of what does not fit: steps, props, names, free."""
    names: set[str] = set()
    props = {prop.value for prop in figure.props}
    for index, pose in enumerate(figure.poses):
        at: tuple[str | int, ...] = ("poses", index)
        if pose.name in names:
            yield (*at, "name"), f"another pose is already called '{pose.name}'"
        names.add(pose.name)
        for number, step in enumerate(pose.steps):
            if step > step_count:
                yield (*at, "steps", number), f"the method has {step_count} steps, not {step}"
        for surface, _parts in pose.contacts.items():
            if surface != "floor" and surface not in props:
                yield (
                    (*at, "contacts", surface),
                    f"'{surface}' is not among the figure's props: add it to props",
                )
        if pose.mirror is not None:
            if pose.mirror not in names or pose.mirror == pose.name:
                yield (*at, "mirror"), f"no earlier pose is called '{pose.mirror}'"
            if pose.joints.model_dump(exclude_none=True):
                yield (*at, "joints"), "a mirrored pose takes its joints from the pose it mirrors"
        for number, entry in enumerate(pose.free):
            joint, dof = entry.split(".")
            if joint not in JOINT_KEYS or dof not in RANGES[anatomical_joint(joint)]:
                yield (*at, "free", number), f"'{entry}' is not a joint angle, e.g. hip.flexion"
    if sum(pose.animate for pose in figure.poses) < 2:
        yield ("poses",), "at least two poses must be animated"
