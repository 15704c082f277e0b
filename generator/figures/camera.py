"""A fixed orthographic camera per view. Side views look from the figure's right, turned a little
towards its front and a little down, so the far limbs show beside the near ones."""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.figures.geometry import Vec, cross, dot, unit

SCALE = 2.0  # SVG units per body unit (a figure is about 200 units tall)


@dataclass(frozen=True)
class Camera:
    azimuth: float  # degrees from the figure's right side (0) towards its front (90)
    elevation: float  # degrees above the horizontal

    @property
    def towards(self) -> Vec:
        """Unit vector from the scene towards the camera."""
        az, el = math.radians(self.azimuth), math.radians(self.elevation)
        return (math.sin(az) * math.cos(el), math.sin(el), math.cos(az) * math.cos(el))

    @property
    def right(self) -> Vec:
        return unit(cross((0.0, 1.0, 0.0), self.towards))

    @property
    def up(self) -> Vec:
        return cross(self.towards, self.right)

    def project(self, p: Vec) -> tuple[float, float]:
        """Screen position in SVG units (y down), before the view box's offset."""
        return dot(p, self.right) * SCALE, -dot(p, self.up) * SCALE

    def depth(self, p: Vec) -> float:
        """Larger is nearer the camera."""
        return dot(p, self.towards)


CAMERAS = {
    "side": Camera(azimuth=14.0, elevation=7.0),
    "front": Camera(azimuth=90.0, elevation=8.0),
    "three-quarter": Camera(azimuth=45.0, elevation=22.0),
}
