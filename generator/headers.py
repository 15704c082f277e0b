"""Security headers for static hosts: a ``_headers`` file (Netlify, Cloudflare Pages) with a
Content-Security-Policy that allows exactly the site's own inline scripts, by hash.

Material puts small inline scripts in every page; hashing them at build time keeps
``'unsafe-inline'`` out of the policy, so an injected script would not run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

HEADERS_FILE = "_headers"
# Script types a browser runs; JSON-LD and other data blocks are not scripts to CSP.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


# An inline script element: no src attribute. MkDocs and Material write plain, well-formed script
# tags, so a pattern finds them in a fraction of the time a full HTML parse of every page takes.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def _inline_scripts(html: str) -> list[str]:
    scripts = []
    for attributes, body in _SCRIPT.findall(html):
        if re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
            continue
        kind = _TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") in EXECUTABLE_TYPES:
            scripts.append(body)
    return scripts


def inline_script_hashes(site_dir: Path) -> list[str]:
    """CSP sources ('sha256-...') for every distinct inline script in the built pages."""
    hashes = set()
    for page in sorted(site_dir.rglob("*.html")):
        for script in _inline_scripts(page.read_text(encoding="utf-8")):
            digest = hashlib.sha256(script.encode("utf-8")).digest()
            hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(hashes)


def content_security_policy(script_hashes: list[str]) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        # Material's search runs in a Web Worker; from file:// the iframe-worker shim stands in.
        "worker-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def security_headers(site_dir: Path) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(inline_script_hashes(site_dir)),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }


def write_headers_file(site_dir: Path) -> Path:
    """``_headers`` in the format Netlify and Cloudflare Pages read: one rule for every path."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in security_headers(site_dir).items()]
    path = site_dir / HEADERS_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
