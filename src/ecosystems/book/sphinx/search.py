"""Search with text snippets when the book is opened from disk (``file://``).

Sphinx's ``searchtools.js`` loads ``searchindex.js`` with a ``<script>`` tag,
which works from disk, but fetches each hit's page with ``fetch()`` to show a
snippet, which Chromium refuses on ``file://`` (origin 'null'): hits would show
without snippets and log errors. This extension stores every page's body in
``_static/search_bodies.js`` (loaded by ``search.html`` only) and installs a
``fetch`` shim that answers those requests from it when the page is opened
from disk. Over http the shim does nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

_BODIES: dict[str, str] = {}

SHIM = r"""
(function () {
  if (location.protocol !== "file:") return;
  var orig = window.fetch;
  var root = new URL(document.documentElement.dataset.content_root || "./", location.href).href;
  window.fetch = function (url, opts) {
    var abs = new URL(url, location.href).href.split("#")[0].split("?")[0];
    var bodies = window.SPHINX_SEARCH_BODIES || {};
    var key = abs.slice(root.length);
    if (abs.indexOf(root) === 0 && Object.prototype.hasOwnProperty.call(bodies, key)) {
      var html = '<div role="main">' + bodies[key] + "</div>";
      return Promise.resolve(new Response(html, {headers: {"Content-Type": "text/html"}}));
    }
    return orig.apply(this, arguments);
  };
})();
"""


def _page_context(app, pagename, templatename, context, doctree):
    if doctree is not None and "body" in context:
        _BODIES[pagename + app.builder.out_suffix] = context["body"]
    if pagename == "search":
        app.add_js_file("search_bodies.js", priority=100)  # before searchtools.js (500)


def _finished(app, exc):
    if exc is None and app.builder.format == "html":
        keep = {d + app.builder.out_suffix for d in app.env.found_docs}
        bodies = {k: v for k, v in sorted(_BODIES.items()) if k in keep}
        # "</" inside a script would end it: JSON escapes "/" there
        text = json.dumps(bodies, ensure_ascii=False).replace("</", "<\\/")
        Path(app.outdir, "_static", "search_bodies.js").write_text(
            "window.SPHINX_SEARCH_BODIES = " + text + ";\n" + SHIM, encoding="utf-8")


def setup(app):
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
