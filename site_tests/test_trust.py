"""Trustworthy health content, checked on the built pages: sources, evidence, reviews, disclaimer."""

from __future__ import annotations

import posixpath

from generator.kinds import KINDS

from .helpers import NOT_FROM_CONTENT, article, hrefs_before, ids_before

# Every kind whose records cite sources directly (a "sources" field), from the registry.
CITING_KINDS = [kind.name for kind in KINDS if any(ref.path == ("sources", "*") for ref in kind.references)]


def test_every_claim_page_ends_with_its_numbered_sources(site, guide):
    for kind in CITING_KINDS:
        for record in guide.kind(kind).values():
            body = article(site.page(f"{kind}/{record.id}.html"))
            heading = body.find(id="sources")
            assert heading is not None, f"{kind}/{record.id} has no sources"
            listed = heading.find_next("ol")
            hrefs = [a["href"] for a in listed.find_all("a", href=True)]
            assert hrefs == [f"../sources/{s.id}.html" for s in record.sources], record.id


def test_the_sources_index_lists_every_reference_and_who_cites_it(site, guide):
    body = article(site.page("sources/index.html"))
    for source in guide.sources.values():
        entry = body.find("a", href=f"{source.id}.html").find_parent("li")
        cited = {a["href"] for a in entry.find_all("a", href=True)}
        for record in source.cited_by:
            assert any(href.endswith(f"/{record.id}.html") for href in cited), (source.id, record.id)


def test_the_evidence_box_comes_before_the_steps_only_where_evidence_does_not_support(site, guide):
    for method in guide.methods.values():
        body = article(site.page(f"methods/{method.id}.html"))
        box_first = "evidence" in ids_before(body, "steps")
        assert box_first == (method.evidence.strength.value == "not-supported"), method.id
        assert body.select_one(".admonition.evidence"), method.id
        if not box_first:  # a one-line summary near the top links to the full statement
            assert any(h.endswith("#evidence") for h in hrefs_before(body, "steps")), method.id


def test_where_the_article_is_wrong_the_page_says_what_the_evidence_shows(site, guide):
    claims = [
        (k, r)
        for k in ("causes", "benefits", "methods")
        for r in guide.kind(k).values()
        if r.evidence.article_claim
    ]
    assert {
        "relief-from-pain",
        "improved-flexibility",
        "self-manual-manipulation",
        "foam-roller-mid-back",
        "poor-posture",
    } <= {r.id for _k, r in claims}
    for kind, record in claims:
        box = article(site.page(f"{kind}/{record.id}.html")).select_one(".admonition.evidence")
        text = " ".join(box.get_text().split())
        assert "The source article says" in text and "What the evidence shows" in text, record.id


def test_every_page_shows_its_review_dates(site, guide):
    for path in site.pages():
        if path in NOT_FROM_CONTENT:
            continue
        text = " ".join(article(site.page(path)).get_text().split())
        assert "Last reviewed:" in text and "Next review due:" in text, path
    plank = " ".join(article(site.page("methods/plank.html")).get_text().split())
    reviewed = guide.methods["plank"].last_reviewed(guide.settings)
    assert f"Last reviewed: {reviewed.day} {reviewed:%B %Y}" in plank


def test_no_page_claims_a_review_by_anyone_unless_the_data_names_them(site, guide):
    for kind in ("causes", "effects", "benefits", "precautions", "methods", "routines"):
        for record in guide.kind(kind).values():
            line = article(site.page(f"{kind}/{record.id}.html")).select_one(".review-dates")
            claims_reviewer = " by " in line.get_text()
            assert claims_reviewer == bool(record.reviewed_by), f"{kind}/{record.id}"


def test_the_disclaimer_is_a_page_linked_from_every_footer(site, guide):
    body = " ".join(article(site.page("disclaimer.html")).get_text().split())
    for paragraph in guide.settings.disclaimer:
        assert " ".join(paragraph.split()) in body
    for path in site.pages():
        footer = site.page(path).select_one("footer.md-footer")
        target = posixpath.relpath("disclaimer.html", posixpath.dirname(path) or ".")
        if path == "404.html":
            target = "/disclaimer.html"
        assert footer.find("a", href=target), f"{path}: no footer link to the disclaimer"


def test_contraindications_or_the_reason_there_are_none_come_before_the_steps(site, guide):
    for method in guide.methods.values():
        body = article(site.page(f"methods/{method.id}.html"))
        section, parts = body.find(id="who-should-not"), []
        for sibling in section.find_next_siblings():
            if sibling.name == "h2":
                break
            parts.append(sibling.get_text())
        text = " ".join(" ".join(parts).split())
        if method.avoid_if:
            assert method.avoid_if[0].condition.title in text, method.id
        else:
            assert " ".join(method.avoid_if_reason.split())[:40] in text, method.id


def test_the_help_page_shows_three_levels_with_the_site_numbers(site, guide):
    body = article(site.page("when-to-get-help.html"))
    for name, level in guide.red_flags.levels:
        box = body.select_one(f".red-flags-{name}")
        text = " ".join(box.get_text().split())
        for symptom in level.symptoms:
            assert " ".join(symptom.split()) in text, (name, symptom)
    assert guide.settings.emergency_number in body.select_one(".red-flags-emergency").get_text()
    assert guide.settings.urgent_line in body.select_one(".red-flags-urgent").get_text()
