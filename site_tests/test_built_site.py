"""The built HTML, checked against the data: what a reader of the published guide would notice."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

import pytest

from generator.kinds import KINDS

from .helpers import NOT_FROM_CONTENT, article, hrefs_before, ids_before


def test_strict_build_passes_without_warnings(site):
    assert site.returncode == 0
    assert "WARNING" not in site.log, site.log


def test_every_entity_and_index_has_a_page(site, guide):
    built = set(site.pages())
    expected = {"index.html", "when-to-get-help.html"}
    for kind in KINDS:
        expected.add(f"{kind.name}/index.html")
        expected.update(f"{kind.name}/{record_id}.html" for record_id in guide.kind(kind.name))
    assert expected <= built, sorted(expected - built)


def test_every_method_page_links_to_each_precaution_before_its_steps(site, guide):
    for method in guide.methods.values():
        before_steps = hrefs_before(article(site.page(f"methods/{method.id}.html")), "steps")
        for precaution in method.precautions:
            assert f"../precautions/{precaution.id}.html" in before_steps, (
                f"methods/{method.id}.html does not link to precaution '{precaution.id}' before its steps"
            )


def test_every_method_page_shows_contraindications_and_red_flags_before_its_steps(site, guide):
    # The emergency signs in one line (red-flags.yaml's own short line), with the number to call.
    level = guide.red_flags.emergency
    emergency = level.card_line or level.symptoms[0].split(",")[0]
    number = guide.settings.emergency_number
    for method in guide.methods.values():
        body = article(site.page(f"methods/{method.id}.html"))
        seen = ids_before(body, "steps")
        assert {"who-should-not", "precautions", "class:red-flags"} <= seen, method.id
        links = hrefs_before(body, "steps")
        for avoid in method.avoid_if:
            assert f"../conditions/{avoid.condition_id}.html" in links, method.id
        assert "../when-to-get-help.html" in links
        red_flags = body.select_one(".red-flags")
        assert " ".join(emergency.split()) in " ".join(red_flags.get_text().split()), method.id
        assert red_flags.find("a", href=f"tel:{number}") and number in red_flags.get_text()


def test_every_precaution_page_links_back_to_every_method_it_guards(site, guide):
    for precaution in guide.precautions.values():
        links = {
            a["href"]
            for a in article(site.page(f"precautions/{precaution.id}.html")).find_all("a", href=True)
        }
        assert precaution.methods, f"no method uses '{precaution.id}'"
        for method in precaution.methods:
            assert f"../methods/{method.id}.html" in links, (precaution.id, method.id)


def test_every_page_shows_the_safety_notice_and_links_to_the_red_flag_page(site, guide):
    notice = guide.settings.notice
    for path in site.pages():
        if path in NOT_FROM_CONTENT:
            continue
        box = article(site.page(path)).select_one(".admonition.safety-notice")
        assert box is not None, f"{path} has no safety notice"
        assert " ".join(notice.split()) in " ".join(box.get_text().split()), path
        target = posixpath.relpath("when-to-get-help.html", posixpath.dirname(path) or ".")
        assert box.find("a", href=target), f"{path}: the notice does not link to {target}"


def _internal_targets(site, path: str):
    soup = site.page(path)
    for element in soup.find_all(["a", "link", "script", "img"]):
        ref = element.get("href") or element.get("src")
        if not ref:
            continue
        parts = urlsplit(ref)
        if parts.scheme or ref.startswith("//"):
            continue
        # 404.html uses root-absolute links (MkDocs builds it for any URL depth).
        base = "" if parts.path.startswith("/") else posixpath.dirname(path)
        target = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
        yield ref, (path if not parts.path else target), parts.fragment


def test_every_internal_link_and_anchor_resolves(site):
    ids: dict[str, set[str]] = {}
    broken = []
    for path in site.pages():
        for ref, target, fragment in _internal_targets(site, path):
            if not (site.root / target).exists():
                broken.append(f"{path}: {ref}")
                continue
            if "=" in fragment:  # a script's state (play.html#routine=desk-break), not an anchor
                routine = fragment.partition("routine=")[2]
                if routine and not (site.root / "routines" / f"{routine}.html").exists():
                    broken.append(f"{path}: {ref} (no such routine)")
                continue
            if fragment and target.endswith(".html"):
                if target not in ids:
                    ids[target] = {t["id"] for t in site.page(target).find_all(id=True)}
                if fragment not in ids[target]:
                    broken.append(f"{path}: {ref} (no such anchor)")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("kind", [kind.name for kind in KINDS])
def test_each_kind_index_links_every_record(site, guide, kind):
    links = {a["href"] for a in article(site.page(f"{kind}/index.html")).find_all("a", href=True)}
    for record_id in guide.kind(kind):
        assert f"{record_id}.html" in links, (kind, record_id)


def test_navigation_has_one_section_per_kind(site):
    nav = site.page("index.html").select_one("nav.md-nav--primary")
    sections = nav.select(":scope > ul > li.md-nav__item--nested")
    texts = [" ".join(section.get_text().split()) for section in sections]
    assert len(texts) == len(KINDS)
    for text, kind in zip(texts, KINDS, strict=True):
        assert text.startswith(kind.title), (text[:40], kind.title)
    methods = sections[0]
    assert methods.find("a", href="methods/index.html"), "the Methods section opens its index"


# Markdown that did not become HTML: a link, emphasis, an attribute list or a heading marker.
LEFTOVER_MARKDOWN = re.compile(r"\]\(|\*\*\S|\{:|^#{1,6} ", re.MULTILINE)


def test_no_page_shows_markdown_syntax_as_text(site):
    shown = []
    for path in site.pages():
        body = article(site.page(path))
        for element in body.find_all(string=True):
            if element.parent.name in ("script", "style", "code", "pre"):
                continue
            if LEFTOVER_MARKDOWN.search(element):
                shown.append(f"{path}: {element.strip()[:80]!r}")
    assert not shown, "\n".join(shown)
