"""schema.org JSON-LD on method pages, parsed from the built HTML and checked against the data."""

from __future__ import annotations

import json


def json_ld(site, path: str) -> dict:
    scripts = site.page(path).find_all("script", type="application/ld+json")
    assert len(scripts) == 1, path
    return json.loads(scripts[0].string)


def test_every_method_page_describes_the_method_and_its_dose(site, guide):
    for method in guide.methods.values():
        data = json_ld(site, f"methods/{method.id}.html")
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "MedicalWebPage"
        assert data["name"] == method.title
        assert data["lastReviewed"] == method.last_reviewed(guide.settings).isoformat()
        entity = data["mainEntity"]
        types = entity["@type"] if isinstance(entity["@type"], list) else [entity["@type"]]
        assert "HowTo" in types
        assert ("ExercisePlan" in types) == method.category.is_home_exercise
        assert [s["text"] for s in entity["step"]] == method.steps
        assert [s["position"] for s in entity["step"]] == list(range(1, len(method.steps) + 1))
        dose = method.dose
        if dose and dose.reps:
            assert (entity["repetitions"]["minValue"], entity["repetitions"]["maxValue"]) == dose.reps
        if dose and dose.hold_seconds:
            duration = entity["activityDuration"]
            assert (duration["minValue"], duration["maxValue"]) == dose.hold_seconds
            assert duration["unitCode"] == "SEC"
        if dose and dose.duration_minutes:
            assert entity["totalTime"] == f"PT{dose.duration_minutes[1]}M"
        if dose is None:
            assert "repetitions" not in entity and "activityDuration" not in entity
