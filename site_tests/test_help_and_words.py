"""Help a reader can find and read: the flare-up page linked where a reader in pain looks, each
routine's "check first" line on its page and card, every page explaining its jargon, and the
reading grade that `check` holds the pages to."""

from __future__ import annotations

import re

import pytest

from generator.cli import main as backguide
from generator.model import Method, Routine, Topic
from generator.paths import html_path, page_path

from .conftest import build_site, copy_project
from .helpers import TODAY, article, problems_of, squash


def _topic(guide) -> Topic:
    [topic] = guide.featured_topics
    return topic


def test_the_flare_up_page_is_linked_from_home_every_effect_and_every_routine(site, guide):
    topic = _topic(guide)
    target = html_path(page_path(topic)).split("/")[-1]
    pages = ["index.html"] + [
        html_path(page_path(r)) for r in (*guide.effects.values(), *guide.routines.values())
    ]
    for path in pages:
        hrefs = {a["href"] for a in article(site.page(path)).find_all("a", href=True)}
        assert any(h.endswith(target) for h in hrefs), f"{path} does not link to {topic.title}"


def test_every_floor_exercise_links_to_getting_down_to_the_floor_before_its_steps(site, guide):
    [section] = [s for s in _topic(guide).sections if s.for_floor_exercises]
    floor = [m for m in guide.of(Method).values() if m.on_the_floor]
    assert {m.id for m in floor} >= {"cat-camel", "bridge", "plank", "knee-to-chest-stretch"}
    for method in guide.of(Method).values():
        body = article(site.page(html_path(page_path(method))))
        steps = body.find(id="steps")
        links = [a["href"] for a in steps.find_all_previous("a", href=True)]
        wanted = f"../topics/{_topic(guide).id}.html#{section.id}"
        assert (wanted in links) == method.on_the_floor, method.id


def test_every_claim_on_the_flare_up_page_names_its_sources(site, guide):
    topic = _topic(guide)
    body = article(site.page(html_path(page_path(topic))))
    for section in topic.sections:
        heading = body.find(id=section.id)
        based_on = heading.find_next("p", class_="section-sources").find_next("ul")
        hrefs = [a["href"] for a in based_on.find_all("a", href=True)]
        assert hrefs == [f"../sources/{s.id}.html" for s in section.sources], section.id
    text = squash(body.get_text())
    for needed in (
        "ibuprofen",
        "Paracetamol on its own is not recommended",
        "codeine",
        "pharmacist",
        "bed",
        "pillow",
        "work",
        "Sciatica",
    ):
        assert needed in text, needed


def test_each_routine_says_who_should_check_first_on_its_page_and_card(site, guide):
    for routine in guide.of(Routine).values():
        assert routine.check_first, routine.id
        page = article(site.page(html_path(page_path(routine))))
        block = page.find(id="check-first")
        assert block is not None and block.sourceline < page.find(id="steps").sourceline
        listed = squash(block.find_next("ul").get_text())
        card = squash(site.page(f"cards/{routine.id}.html").select_one(".card-check-first").get_text())
        for check in routine.check_first:
            assert f"{check.condition.title}: {check.steps_text}" in listed, (routine.id, check)
            assert f"{check.condition.title} ({check.steps_text})" in card, (routine.id, check)


def test_pregnancy_names_the_lying_steps_of_the_evening_routine(guide):
    routine = guide.routines["evening-lower-back-wind-down"]
    [pregnancy] = [c for c in routine.check_first if c.condition.id == "pregnancy"]
    lying = [n for n, step in enumerate(routine.steps, 1) if "lying" in (step.method.position or "")]
    assert sorted({c.number for c in pregnancy.concerns}) >= lying


def test_a_page_explains_each_glossary_word_it_uses(site, guide):
    body = article(site.page("methods/self-manual-manipulation.html"))
    box = body.select_one(".page-glossary")
    assert box is not None and box.get("role") == "note"
    terms = [squash(dt.get_text()) for dt in box.find_all("dt")]
    assert "Cavitation" in terms and "Sciatica" in terms
    definitions = {squash(dt.get_text()): squash(dt.find_next("dd").get_text()) for dt in box("dt")}
    [cavitation] = [t for t in guide.glossary.terms if t.term == "cavitation"]
    assert definitions["Cavitation"] == cavitation.definition
    assert not site.page("cards/desk-break.html").select_one(".page-glossary"), "cards stay one page"


def test_a_page_that_uses_no_glossary_word_has_no_box(tiny):
    from generator.load import load_guide
    from generator.render import render_pages

    pages = render_pages(load_guide(tiny, today=TODAY))
    assert all("page-glossary" not in text for text in pages.values())


def write_in_jargon(path) -> None:
    """A method whose summary and steps are one long sentence of long words each."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jargon = (
        "Notwithstanding considerable interindividual heterogeneity, contemporaneous "
        "physiotherapeutic recommendations characteristically emphasise progressive, "
        "individualised mobilisation methodologies for musculoskeletal dysfunction"
    )
    data["summary"] = jargon + "."
    data["steps"] = [f"{jargon}, step {n}." for n in range(1, len(data["steps"]) + 1)]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_a_page_above_grade_8_is_a_warning_and_fails_strict(tiny):
    from generator.load import load_guide

    write_in_jargon(tiny / "methods" / "knee-hug.yaml")
    guide = load_guide(tiny, today=TODAY)
    [warning] = [w for w in guide.warnings if "reads at grade" in w.message]
    assert warning.format(tiny).startswith("content/methods/knee-hug.yaml:")
    assert re.search(r"the page methods/knee-hug.md reads at grade \d+\.\d", warning.message)
    with pytest.raises(Exception, match="reads at grade"):
        load_guide(tiny, today=TODAY, strict=True)
    assert any("reads at grade" in p for p in problems_of_strict(tiny))


@pytest.mark.build
@pytest.mark.slow
def test_a_strict_build_fails_on_a_page_that_reads_too_hard_and_names_its_file(tmp_path):
    # The build checks the grades on the pages it renders (once), as `check` does.
    project = copy_project(tmp_path / "project")
    write_in_jargon(project / "content" / "methods" / "bridge.yaml")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 1
    assert re.search(r"content/methods/bridge\.yaml:.*the page methods/bridge\.md reads at grade", built.log)
    assert "Traceback" not in built.log


def problems_of_strict(content):
    from generator.load import load_guide
    from generator.problems import ContentError

    try:
        load_guide(content, today=TODAY, strict=True)
    except ContentError as error:
        return [p.format(content) for p in error.problems]
    return []


def test_check_lists_every_pages_grade(capsys):
    assert backguide(["check", "--today", TODAY.isoformat(), "--grades"]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if re.match(r"^\s*\d+\.\d  \S+\.md$", line)]
    assert len(lines) > 100
    grades = {line.split()[1]: float(line.split()[0]) for line in lines}
    for path, grade in grades.items():
        if (
            path.split("/")[0] in ("methods", "routines", "effects", "topics")
            or path == "when-to-get-help.md"
        ):
            assert grade <= 8, (path, grade)


def test_the_help_page_lists_the_sources_of_its_signs(tiny):
    from generator.load import load_guide
    from generator.render import render_pages

    red_flags = tiny / "red-flags.yaml"
    red_flags.write_text(red_flags.read_text(encoding="utf-8") + "sources: [example-guideline]\n")
    page = render_pages(load_guide(tiny, today=TODAY))["when-to-get-help.md"]
    assert "## Sources {: #sources }" in page
    assert "(sources/example-guideline.md)" in page


def test_an_unknown_source_on_the_help_page_names_the_file_and_line(tiny):
    red_flags = tiny / "red-flags.yaml"
    lines = red_flags.read_text(encoding="utf-8").count("\n")
    red_flags.write_text(red_flags.read_text(encoding="utf-8") + "sources: [example-guidline]\n")
    [problem] = [p for p in problems_of(tiny) if "red-flags.yaml" in p]
    assert problem.startswith(f"content/red-flags.yaml:{lines + 1}:")
    assert "no source with id 'example-guidline' (did you mean 'example-guideline'?)" in problem


def test_a_source_cited_only_on_the_help_page_counts_as_cited(tiny):
    from generator.load import load_guide

    source = tiny / "sources" / "example-guideline.yaml"
    text = source.read_text(encoding="utf-8").replace("title: ", "title: Signs to act on, ", 1)
    (tiny / "sources" / "only-for-help.yaml").write_text(text, encoding="utf-8")
    red_flags = tiny / "red-flags.yaml"
    red_flags.write_text(red_flags.read_text(encoding="utf-8") + "sources: [only-for-help]\n")
    guide = load_guide(tiny, today=TODAY, strict=True)
    assert [s.id for s in guide.red_flags.sources] == ["only-for-help"]
