"""Every heading and tip of the source article is covered by a page of the built guide.

The map below is the editorial record of where each part of the article went: the article's own
heading (or the tip, for the untitled introduction and conclusion), the page that covers it, and the
words a reader finds on that page. Pages say it in the guide's own words and correct the article
where the evidence disagrees, so the phrases are the guide's, not the article's.
"""

from __future__ import annotations

import pytest

from .helpers import article

ARTICLE_COVERAGE: list[tuple[str, str, list[str]]] = [
    # (the article's heading or tip, page, phrases the page must contain)
    ("Get Rid Of Back Tension: How To Pop Your Back At Home", "index.html", ["back tension", "pop"]),
    (
        "Intro: popping your back is spinal manipulation",
        "methods/self-manual-manipulation.html",
        ["manipulation", "evidence"],
    ),
    (
        "Intro: see a chiropractor or professional for severe problems",
        "precautions/consult-a-healthcare-professional.html",
        ["physiotherapist"],
    ),
    ("Intro: warm up first with the cat-camel or foam roller", "precautions/warm-up-first.html", ["warm"]),
    (
        "Intro: seated rotation and body twist, slow and controlled",
        "methods/seated-rotation.html",
        ["slowly"],
    ),
    ("Intro: never force it; get advice if it hurts", "precautions/avoid-sudden-movements.html", ["force"]),
    (
        "Causes of Back Tension",
        "causes/index.html",
        ["Poor posture", "Lack of exercise", "Muscle strain", "Stress"],
    ),
    ("Poor Posture", "causes/poor-posture.html", ["chair", "break", "shoulders"]),
    (
        "Poor Posture: an ergonomic chair and breaks",
        "methods/posture-and-desk-set-up.html",
        ["chair", "break"],
    ),
    ("Lack of Exercise", "causes/lack-of-exercise.html", ["plank", "bridge", "cat-cow", "core"]),
    ("Muscle Strain", "causes/muscle-strain.html", ["lift", "warm", "sudden"]),
    (
        "Effects of Back Tension",
        "effects/index.html",
        ["Pain and discomfort", "Limited mobility", "Mental stress"],
    ),
    ("Pain and Discomfort", "effects/pain-and-discomfort.html", ["neck", "shoulders", "hips"]),
    ("Limited Mobility", "effects/limited-mobility.html", ["stiff"]),
    ("Mental Stress", "effects/mental-stress.html", ["frustrat", "depression"]),
    (
        "Benefits of Popping Your Back",
        "benefits/index.html",
        ["Relief from pain", "Improved flexibility", "Reduced muscle tension"],
    ),
    ("Relief from Pain", "benefits/relief-from-pain.html", ["gas", "The source article says"]),
    ("Improved Flexibility", "benefits/improved-flexibility.html", ["realign", "What the evidence shows"]),
    ("Reduced Muscle Tension", "benefits/reduced-muscle-tension.html", ["knot"]),
    ("Precautions to Take", "precautions/index.html", ["healthcare professional", "overdo", "sudden"]),
    (
        "Consult a Healthcare Professional",
        "precautions/consult-a-healthcare-professional.html",
        ["cancer", "osteoporosis", "steroid"],
    ),
    ("Do Not Overdo It", "precautions/do-not-overdo-it.html", ["unstable", "opinion"]),
    ("Avoid Sudden Movements", "precautions/avoid-sudden-movements.html", ["jerk", "slow"]),
    (
        "Methods to Pop Your Back",
        "methods/index.html",
        ["Stretches", "Foam roller", "Self-manipulation", "Heat and ice"],
    ),
    (
        "Stretching Exercises",
        "methods/index.html",
        ["Neck and shoulder stretch", "Upper back stretch", "Knee-to-chest stretch"],
    ),
    (
        "Neck and Shoulder Stretches",
        "methods/neck-and-shoulder-stretch.html",
        ["ear", "shoulder rolls", "hip-width"],
    ),
    ("Upper Back Stretches", "methods/upper-back-stretch.html", ["fingers", "chair"]),
    ("Lower Back Stretches", "methods/knee-to-chest-stretch.html", ["knees", "chest", "hug"]),
    ("Using a Foam Roller", "methods/foam-roller-mid-back.html", ["foam roller"]),
    ("Choosing the Right Foam Roller", "methods/foam-roller-mid-back.html", ["soft", "firm"]),
    ("Positioning Your Body", "methods/foam-roller-mid-back.html", ["shoulder blades"]),
    ("Rolling Technique", "methods/foam-roller-mid-back.html", ["30 seconds", "lower back"]),
    (
        "Step-by-Step Guide to Self-Manual Manipulation",
        "methods/self-manual-manipulation.html",
        ["palm", "never"],
    ),
    ("Locating the Target Area", "methods/self-manual-manipulation.html", ["fingertips"]),
    ("Applying Pressure", "methods/self-manual-manipulation.html", ["gentle palm pressure"]),
    ("Releasing the Tension", "methods/self-manual-manipulation.html", ["breath"]),
    ("Additional Tips and Techniques", "methods/index.html", ["Professional care", "Lifestyle"]),
    ("Using Heat or Ice Therapy", "methods/heat-therapy.html", ["alternat", "ice"]),
    ("Using Heat or Ice Therapy: ice reduces inflammation", "methods/ice-therapy.html", ["inflammation"]),
    ("Trying Acupuncture or Chiropractic Care", "methods/acupuncture.html", ["needles"]),
    (
        "Trying Acupuncture or Chiropractic Care: chiropractic",
        "methods/chiropractic-and-manual-therapy.html",
        ["registered", "spine"],
    ),
    (
        "Maintaining a Healthy Lifestyle",
        "methods/healthy-lifestyle.html",
        ["weight", "sleep", "stress", "exercise"],
    ),
    ("Conclusion: consult a professional before any technique", "when-to-get-help.html", ["999"]),
]


@pytest.mark.parametrize(
    ("heading", "page", "phrases"), ARTICLE_COVERAGE, ids=[row[0] for row in ARTICLE_COVERAGE]
)
def test_the_article_part_is_covered_by_its_page(site, heading, page, phrases):
    text = " ".join(article(site.page(page)).get_text().split()).casefold()
    missing = [phrase for phrase in phrases if phrase.casefold() not in text]
    assert not missing, f"{page} does not cover '{heading}': missing {missing}"
