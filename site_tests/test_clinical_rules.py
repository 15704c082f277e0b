"""The clinical safety rules: each one fails on a mistake planted in a copy of the content, naming
the file, the line and the field, and the real content passes all of them."""

from __future__ import annotations

import pytest

from generator import rules
from generator.citation import vancouver
from generator.load import load_guide
from generator.model import Source
from generator.readability import page_prose, reading_grade
from generator.render import render_pages

from .helpers import edit, line_of, problems_of


def test_the_real_content_passes_the_clinical_rules(guide):
    for rule in (
        rules.emergency_signs_come_with_the_action,
        rules.no_editors_words_in_public_text,
        rules.sources_are_complete,
    ):
        assert list(rule(guide)) == [], rule.__name__


# --- Emergency signs come with the emergency action -----------------------------------------


def test_an_emergency_sign_without_the_emergency_action_fails(content):
    """The mistake the review found: both legs numb or weak, sent to 'a doctor' instead of 999."""
    path = content / "effects" / "pain-and-discomfort.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - Some pain needs a doctor the same day")
    end = text.index("\n", start)
    path.write_text(
        text[:start] + "  - Some patterns of pain need a doctor rather than self-care, "
        "such as numbness or weakness in both legs." + text[end:],
        encoding="utf-8",
    )
    [problem] = problems_of(content)
    line = line_of(path, "numbness or weakness in both legs")
    assert problem.startswith(f"content/effects/pain-and-discomfort.yaml:{line}:5: explanation.4: ")
    assert "names an emergency sign (both legs)" in problem
    assert "call {emergency_number} or go to A&E" in problem


@pytest.mark.parametrize(
    "sign",
    [
        "new numbness around your genitals",
        "you cannot pee at all",
        "loss of bowel control",
        "chest pain",
        "pain after a serious accident",
        "double vision or slurred speech",
        "sudden, severe tummy pain",
    ],
)
def test_each_emergency_sign_in_the_table_is_caught(content, sign):
    path = content / "methods" / "plank.yaml"
    edit(
        path,
        "key_cue: Keep a straight line from head to knees, and keep breathing.",
        f"key_cue: See your GP if you notice {sign}.",
    )
    [problem] = problems_of(content)
    assert problem.startswith(f"content/methods/plank.yaml:{line_of(path, 'key_cue')}:1: key_cue: ")
    assert "names an emergency sign" in problem


def test_the_emergency_number_in_the_same_text_satisfies_the_rule(content):
    path = content / "methods" / "plank.yaml"
    edit(
        path,
        "key_cue: Keep a straight line from head to knees, and keep breathing.",
        "key_cue: If you get chest pain, stop and call {emergency_number}.",
    )
    load_guide(content)


def test_another_country_s_number_is_the_one_required(content):
    edit(content / "site.yaml", 'emergency_number: "999"', 'emergency_number: "112"')
    path = content / "methods" / "plank.yaml"
    edit(
        path,
        "key_cue: Keep a straight line from head to knees, and keep breathing.",
        "key_cue: If you get chest pain, stop and call 999.",
    )
    [problem] = problems_of(content)
    assert problem.startswith("content/methods/plank.yaml:") and "key_cue" in problem


def test_red_flags_yaml_itself_is_not_checked(guide):
    red_flags = guide.settings_file.parent / rules.RED_FLAGS_FILE
    urgent = [t for p, loc, t in rules.public_texts(guide) if p == red_flags and loc[0] == "urgent"]
    assert any("poo" in text for text in urgent)  # an urgent sign, listed without the number


# --- No editors' words in public text ------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "field", "old", "new"),
    [
        (
            "methods/knee-to-chest-stretch.yaml",
            "sections.0.text",
            "This guide uses shorter holds",
            "This guide follows the health brief behind these pages, with shorter holds",
        ),
        (
            "precautions/no-forceful-twisting-with-osteoporosis.yaml",
            "details.2",
            "This guide adds",
            "This wording has not yet been checked against the society's guidance. This guide adds",
        ),
        ("causes/stress.yaml", "tips.0", "Find ways to unwind", "Find ways (TODO) to unwind"),
        (
            "site.yaml",
            "notice",
            "This guide gives general information",
            "This guide (TBC) gives general information",
        ),
        ("red-flags.yaml", "emergency.why", "They are rare", "FIXME They are rare"),
    ],
)
def test_an_editor_s_note_in_public_text_fails(content, file, field, old, new):
    path = content / file
    edit(path, old, new)
    [problem] = problems_of(content)
    assert problem.startswith(f"content/{file}:{line_of(path, new[:18])}:")
    assert f": {field}: an editor's note in public text" in problem


def test_editors_words_are_matched_as_words():
    pattern = rules._EDITORS_PATTERNS
    assert not pattern["brief"].search("the easing is briefer than you hope")
    assert not pattern["TODO"].search("todos los días")  # upper-case markers only
    assert pattern["the editors"].search("The editors checked this page")


# --- Sources are complete -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("remove", "expected"),
    [
        (
            "authors: [Dahm KT, Brurberg KG, Jamtvedt G, Hagen KB]\n",
            "authors (as 'Surname Initials') or organisation",
        ),
        ("year: 2010\n", "year"),
        ("doi: 10.1002/14651858.CD007612.pub2\n", "a doi or url"),
    ],
)
def test_an_incomplete_source_fails(content, remove, expected):
    path = content / "sources" / "dahm-2010-staying-active.yaml"
    edit(path, remove, "")
    [problem] = problems_of(content)
    assert problem.startswith(
        "content/sources/dahm-2010-staying-active.yaml:1:1: (file): incomplete reference: add "
    )
    assert expected in problem


def test_a_web_page_without_a_date_needs_the_day_it_was_checked(content):
    path = content / "sources" / "nhs-back-pain.yaml"
    edit(path, "accessed: 2026-11-25\n", "")
    [problem] = problems_of(content)
    assert problem.startswith("content/sources/nhs-back-pain.yaml:1:1: (file): incomplete reference")
    assert "accessed" in problem


def test_an_author_not_written_as_surname_and_initials_is_refused(content):
    path = content / "sources" / "dahm-2010-staying-active.yaml"
    edit(path, "Dahm KT,", "Dahm et al.,")
    [problem] = problems_of(content)
    assert problem.startswith(f"content/sources/dahm-2010-staying-active.yaml:{line_of(path, 'authors')}:")
    assert "authors.0" in problem


# --- One citation style ---------------------------------------------------------------------


def test_a_journal_article_is_cited_in_vancouver_style(guide):
    assert vancouver(guide.sources["cavitation-review-2022"]) == (
        "Moorman AC, Newell D. Impact of audible pops associated with spinal manipulation on "
        "perceived pain: a systematic review. Chiropr Man Therap. 2022;30(1):42. "
        "doi:10.1186/s12998-022-00454-0"
    )


def test_more_than_six_authors_end_with_et_al_and_a_group_author_follows(guide):
    assert vancouver(guide.sources["paige-2017-jama"]).startswith(
        "Paige NM, Miake-Lye IM, Booth MS, Beroes JM, Mardian AS, Dougherty P, et al. "
    )
    assert vancouver(guide.sources["qaseem-2017-acp"]).startswith(
        "Qaseem A, Wilt TJ, McLean RM, Forciea MA; Clinical Guidelines Committee of the "
        "American College of Physicians. Noninvasive"
    )


def test_the_publisher_is_never_repeated():
    page = Source(
        id="nhs-page",
        title="Back pain",
        organisation="NHS",
        published_in="NHS",
        url="https://www.nhs.uk/conditions/back-pain/",
        accessed="2026-11-25",
    )
    assert vancouver(page) == (
        "NHS. Back pain [Internet]. [cited 2026 Nov 25]. "
        "Available from: https://www.nhs.uk/conditions/back-pain/"
    )


def test_every_page_renders_sources_in_the_one_style(guide):
    pages = render_pages(guide)
    for source in guide.sources.values():
        shown = pages[f"sources/{source.id}.md"]
        assert "doi:" in shown if source.doi else True, source.id
    dahm = pages["effects/limited-mobility.md"]
    assert "Dahm KT, Brurberg KG, Jamtvedt G, Hagen KB. [Advice to rest in bed" in dahm


# --- Reading level --------------------------------------------------------------------------


def test_page_prose_drops_sources_links_tags_and_anchors():
    markdown = (
        '# Title\n\n<div class="admonition safety-notice" data-search-exclude markdown>\n'
        "Shared notice.\n</div>\n\n## Steps {: #steps }\n\n1. Lie on your [mat](../m.md).\n"
        "2. Breathe <b>slowly</b>\n\n## Sources {: #sources }\n\n1. Hayden JA. Exercise.\n"
    )
    prose = page_prose(markdown)
    assert prose == "Title.\nSteps.\nLie on your mat.\nBreathe slowly."


def test_method_routine_effect_and_help_pages_read_at_grade_8_or_below(guide):
    pages = render_pages(guide)
    for path, markdown in pages.items():
        if (
            path.startswith(("methods/", "routines/", "effects/"))
            and not path.endswith("index.md")
            or path == "when-to-get-help.md"
        ):
            assert reading_grade(page_prose(markdown)) <= 8.0, path
