"""The figures' text alternatives, made from the pose data: where the body rests and how it moves."""

from __future__ import annotations

from generator.figures.pose import Figure, KeyPose

VIEW_WORDS = {
    "side": "seen from the side",
    "front": "seen from the front",
    "three-quarter": "seen from the front and to one side",
}
PROP_WORDS = {
    "mat": "on a mat",
    "chair": "on a chair",
    "foam-roller": "with a foam roller",
    "wall": "by a wall",
    "towel": "with a folded towel",
}
SURFACE_WORDS = {
    "floor": "on the floor",
    "chair": "on the chair",
    "foam-roller": "on the roller",
    "wall": "against the wall",
    "towel": "on the towel",
}


def _listed(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _part_words(part: str) -> str:
    return part.replace("-", " ")


def contacts_text(pose: KeyPose, figure: Figure) -> str:
    """``hands, knees and shins on the floor; mid-back on the roller``."""
    source = pose
    if pose.mirror is not None:
        source = next(p for p in figure.poses if p.name == pose.mirror)
    clauses = []
    for surface, parts in source.contacts.items():
        names = [_part_words(p.value) for p in parts]
        if pose.mirror is not None:
            names = [_swap_sides(n) for n in names]
        clauses.append(f"{_listed(names)} {SURFACE_WORDS[surface]}")
    return "; ".join(clauses)


def _swap_sides(text: str) -> str:
    return text.replace("left", "\0").replace("right", "left").replace("\0", "right")


def _steps(steps: list[int]) -> str:
    if len(steps) == 1:
        return f"step {steps[0]}"
    return "steps " + _listed([str(s) for s in steps])


def _setting(figure: Figure) -> str:
    props = [PROP_WORDS[p.value] for p in figure.props]
    return VIEW_WORDS[figure.view.value] + (", " + _listed(props) if props else "")


def pose_text(figure: Figure, pose: KeyPose) -> str:
    """One key pose: ``Seen from the side, on a mat: back rounded up, head down; hands ... (step 3).``"""
    touching = contacts_text(pose, figure)
    body = pose.label + (f"; {touching}" if touching else "")
    setting = _setting(figure)
    return f"{setting[0].upper()}{setting[1:]}: {body} ({_steps(pose.steps)})."


def motion_text(figure: Figure) -> str:
    """The animation: every animated key pose in order, then how it moves."""
    animated = [pose for pose in figure.poses if pose.animate]
    parts = []
    for number, pose in enumerate(animated):
        touching = contacts_text(pose, figure)
        lead = "Starts" if number == 0 else "then"
        parts.append(f"{lead} {pose.label}" + (f" ({touching})" if touching else ""))
    setting = _setting(figure)
    return (
        f"Moving figure, {setting}. "
        + ", ".join(parts)
        + ", and moves slowly back through the same positions."
    )
