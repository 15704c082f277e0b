"""Installable and offline: the web app manifest and the service worker, written after the build.

The service worker (``sw.js`` at the site's root, so its scope is the site, under any sub-path)
precaches every file a reader may open: pages, cards, the player, progress, styles, scripts, the
search index and the card PDFs. Its cache is named after a hash of those files, so a new build
changes the worker's bytes, the browser installs it and it replaces the old cache; the same content
gives a byte-identical worker. Pages register it only over http(s) (``assets/javascripts/offline.js``):
a copy opened from ``file://`` works without it.

Under ``mkdocs serve`` the worker written is one that removes itself and its caches, so an editor
never sees a cached page instead of the one just saved.
"""

from __future__ import annotations

import hashlib
import json
from fnmatch import fnmatch
from pathlib import Path

SERVICE_WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
CACHE_PREFIX = "backguide-"
TEMPLATE = Path(__file__).parent / "templates" / "service-worker.js.j2"

# Not precached: the worker itself, host configuration, maps for developers' tools, the sitemaps,
# and lunr's language packs (the guide is searched in English, which needs none of them).
NOT_CACHED = (
    "sw.js",
    "_headers",
    "*.map",
    "sitemap.xml",
    "sitemap.xml.gz",
    "assets/javascripts/lunr/*",
    ".*",
)

THEME_COLOUR = "#00695c"  # the guide's primary colour (theme/assets/stylesheets/guide.css)


def precached_files(site_dir: Path) -> list[str]:
    """Every file of the built site a reader may open offline, relative to the root, sorted."""
    files = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
    return [f for f in files if not any(fnmatch(f, pattern) for pattern in NOT_CACHED)]


def build_hash(site_dir: Path, files: list[str]) -> str:
    """A short hash of the precached files' names and bytes: the cache's version."""
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256((site_dir / name).read_bytes()).digest())
    return digest.hexdigest()[:16]


def service_worker(files: list[str], version: str) -> str:
    template = TEMPLATE.read_text(encoding="utf-8")
    return template.replace("__CACHE__", json.dumps(CACHE_PREFIX + version)).replace(
        "__FILES__", json.dumps(files, indent=0, ensure_ascii=False)
    )


REMOVE_ITSELF = f"""/* Written under `mkdocs serve`: remove any worker and cache a built copy left here. */
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {{
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(
      keys.filter((k) => k.startsWith("{CACHE_PREFIX}")).map((k) => caches.delete(k))))
    .then(() => self.registration.unregister()));
}});
"""


def manifest(name: str, short_name: str, description: str) -> str:
    data = {
        "name": name,
        "short_name": short_name,
        "description": description,
        "lang": "en-GB",
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [{"src": "assets/favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_offline_files(site_dir: Path, *, name: str, description: str, serving: bool = False) -> str:
    """Write the manifest and the service worker into ``site_dir``; returns the build's hash."""
    (site_dir / MANIFEST).write_text(manifest(name, "Back guide", description), encoding="utf-8")
    if serving:
        (site_dir / SERVICE_WORKER).write_text(REMOVE_ITSELF, encoding="utf-8")
        return ""
    files = precached_files(site_dir)
    version = build_hash(site_dir, files)
    (site_dir / SERVICE_WORKER).write_text(service_worker(files, version), encoding="utf-8")
    return version
