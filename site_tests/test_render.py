"""Rendering: a pure function of the content, safe against markup typed into the data."""

from __future__ import annotations

import os
import subprocess
import sys

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from generator.cli import main as backguide
from generator.guide_data import GUIDE_DATA_PATH
from generator.load import load_guide
from generator.paths import html_path
from generator.render import render_pages

from .conftest import ROOT, build_site, copy_project
from .helpers import TODAY, edit

HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) {{ 7*7 }} *loud* <b>bold</b>"


def to_html(page: str) -> BeautifulSoup:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    return BeautifulSoup(markdown.markdown(page, extensions=extensions), "html.parser")


def test_rendering_is_repeatable(guide):
    assert render_pages(guide) == render_pages(guide)


def test_rendering_needs_no_mkdocs():
    code = (
        "import sys; from generator.load import load_guide; from generator.render import "
        "render_pages; render_pages(load_guide('content')); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_markup_typed_into_the_data_shows_as_text(tiny):
    cause = tiny / "causes" / "sitting-still.yaml"
    data = yaml.safe_load(cause.read_text())
    data["summary"] = HOSTILE
    data["title"] = "Stress <img src=x onerror=alert(1)>"
    cause.write_text(yaml.safe_dump(data), encoding="utf-8")
    pages = render_pages(load_guide(tiny, today=TODAY))
    for path in ("causes/sitting-still.md", "causes/index.md", "effects/stiffness.md"):
        html = to_html(pages[path])
        assert not html.find("script"), path
        assert not html.find("img"), path
        assert not html.find("b"), path
        assert not html.find("a", href=lambda h: h and h.startswith("javascript")), path
        text = html.get_text()
        assert "Stress <img src=x onerror=alert(1)>" in text, path
    text = to_html(pages["causes/sitting-still.md"]).get_text()
    assert "<script>alert(1)</script>" in text and "{{ 7*7 }}" in text and "*loud*" in text


def test_render_command_writes_the_same_markdown(tmp_path, guide, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert backguide(["render", str(tmp_path / "out")]) == 0
    pages = render_pages(guide)
    written = {
        p.relative_to(tmp_path / "out").as_posix(): p.read_text(encoding="utf-8")
        for p in (tmp_path / "out").rglob("*.md")
    }
    assert written == pages


def test_check_command_exit_codes_and_format(tiny, capsys):
    assert backguide(["--content", str(tiny), "check", "--today", TODAY.isoformat()]) == 0
    assert "content OK" in capsys.readouterr().out
    edit(tiny / "methods" / "knee-hug.yaml", "key_cue:", "key_cu:")
    assert backguide(["--content", str(tiny), "check", "--today", TODAY.isoformat()]) == 1
    err = capsys.readouterr().err
    assert "content/methods/knee-hug.yaml:" in err and "did you mean 'key_cue'" in err


@pytest.mark.build
def test_a_content_mistake_stops_the_build_without_a_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    method = project / "content" / "methods" / "bridge.yaml"
    method.write_text(
        method.read_text().replace(
            "- not-lying-flat-in-later-pregnancy", "- not-lying-flat-in-late-pregnancy"
        )
    )
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 1
    assert "content/methods/bridge.yaml:" in built.log
    assert "did you mean 'not-lying-flat-in-later-pregnancy'?" in built.log
    assert "Traceback" not in built.log


@pytest.mark.build
def test_plain_mkdocs_builds_the_rendered_folder_without_the_plugin(tmp_path, guide):
    docs = tmp_path / "docs"
    assert backguide(["--content", str(ROOT / "content"), "render", str(docs)]) == 0
    settings = yaml.safe_load((docs / ".nav.yml").read_text(encoding="utf-8"))
    project = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ProjectLoader)
    config = {
        "site_name": project["site_name"],
        "docs_dir": "docs",
        "use_directory_urls": False,
        "theme": {**project["theme"], "custom_dir": str(ROOT / "theme")},
        "plugins": ["search"],  # no backguide: the folder must stand on its own
        "markdown_extensions": project["markdown_extensions"],
        **settings,
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    built = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*")}
    for page in render_pages(guide):
        assert html_path(page) in built, page
    assert GUIDE_DATA_PATH in built and ".nav.yml" not in built
    footer = (tmp_path / "site" / "methods" / "plank.html").read_text(encoding="utf-8")
    assert 'href="../disclaimer.html"' in footer and 'href="../when-to-get-help.html"' in footer


class _ProjectLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its settings; MkDocs' own !ENV tags read as empty."""


_ProjectLoader.add_constructor("!ENV", lambda loader, node: "")


def test_render_into_a_place_it_cannot_write_is_a_message(tmp_path, capsys):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert backguide(["--content", str(ROOT / "content"), "render", str(blocked / "out")]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"backguide render: could not write {blocked / 'out'}")
    assert "Traceback" not in err
