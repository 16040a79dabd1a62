"""Making the HTML of notebook outputs safe where the book renders it.

Notebook code writes HTML (pandas Stylers, say) and Markdown that may carry a user's
names with markup in them (``<script>``, ``<img onerror=...>``):

- :func:`sanitize_html`: cleaned with nh3 (the ammonia sanitizer) to an allowlist of
  tags and attributes; no scripts, no event handlers, no URL but ``data:image/`` and
  fragment links, no CSS that loads anything;
- :func:`sanitize_notebook`: a notebook's outputs made safe for the book (HTML
  sanitized, Markdown outputs rendered with raw HTML disabled, every other active
  content dropped).
"""

from __future__ import annotations

import copy
import re

_TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
         "details", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
         "ins", "kbd", "li", "ol", "p", "pre", "s", "samp", "small", "span", "strong", "style",
         "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"}
_ATTRIBUTES = {"*": {"id", "class", "title", "style", "lang", "dir"},
               "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"},
               "img": {"src", "alt", "width", "height"}, "a": {"href"}, "col": {"span"},
               "colgroup": {"span"}, "ol": {"start"}, "details": {"open"}}
# Inline style properties kept (layout stays within the cell; nothing can load a URL).
_STYLE_PROPERTIES = {"background-color", "color", "font-weight", "font-style", "font-size",
                     "text-align", "vertical-align", "white-space", "border", "border-top",
                     "border-bottom", "border-left", "border-right", "padding", "padding-left",
                     "padding-right", "text-decoration", "min-width", "max-width", "width"}
# CSS in a <style> element is kept only without any of these (they load or run something).
_CSS_FORBIDDEN = re.compile(r"url\s*\(|@import|expression\s*\(|javascript:|\\|behavior\s*:|"
                            r"-moz-binding|position\s*:\s*(fixed|absolute|sticky)", re.I)
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style\s*>)", re.I | re.S)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "src":
        return value if value.startswith("data:image/") else None
    if attribute == "href":
        return value if value.startswith("#") else None
    return value


def _safe_css(match: re.Match) -> str:
    return "" if _CSS_FORBIDDEN.search(match.group(2)) else match.group(0)


def sanitize_html(fragment: str) -> str:
    """``fragment`` with everything active removed (nh3, an allowlist).

    Kept: text, tables, lists, emphasis, ``<style>`` blocks whose CSS loads and
    runs nothing, images embedded as ``data:image/`` URIs, links to fragments
    (``#...``), inline styles of an allowlist of properties. Removed:
    ``<script>`` with its content, every other element not in the list (its
    text kept), event handlers and every other attribute, any other URL.

    Examples
    --------
    >>> sanitize_html('<td>A<script>alert(1)</script><img src=x onerror=alert(1)></td>')
    'A'
    """
    import nh3

    styles = [_STYLE_BLOCK.sub(_safe_css, m.group(0)) for m in _STYLE_BLOCK.finditer(fragment)]
    cleaned = nh3.clean(_STYLE_BLOCK.sub("", fragment), tags=_TAGS - {"style"},
                        clean_content_tags={"script", "textarea", "noscript", "template"},
                        attributes=_ATTRIBUTES, attribute_filter=_attribute_filter,
                        filter_style_properties=_STYLE_PROPERTIES, url_schemes={"data"},
                        strip_comments=True, link_rel=None)
    kept = [nh3.clean(s, tags={"style"}, clean_content_tags={"script"}, attributes={})
            for s in styles if s]
    # an image whose source was not embedded would show as a broken image: drop it
    return "".join(kept) + _IMG_WITHOUT_SRC.sub("", cleaned)


def markdown_to_safe_html(text: str) -> str:
    """Render Markdown to HTML with raw HTML disabled (shown as text), then sanitize."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")
    return sanitize_html(md.render(text))


_KEEP_MIME = {"text/plain", "text/html", "image/png", "image/jpeg"}


def sanitize_notebook(nb: dict) -> dict:
    """A copy of notebook ``nb`` (nbformat 4 as a dict) that is safe to render.

    Every ``text/html`` output is sanitized (:func:`sanitize_html`); every
    ``text/markdown`` output becomes sanitized HTML rendered with raw HTML
    disabled (so markup inside a user's names shows as text); every other
    MIME type but plain text, PNG and JPEG is dropped (scripts, widgets,
    SVG, LaTeX), as is widget state. Each code cell's id is copied into its
    metadata (``eco_cell_id``) so the book can anchor links to it. The
    notebook's own cells (code and markdown) are left as they are.
    """
    nb = copy.deepcopy(nb)
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("id"):
            cell.setdefault("metadata", {})["eco_cell_id"] = cell["id"]
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data:
                continue
            if "text/markdown" in data:
                text = data.pop("text/markdown")
                data.setdefault("text/html", markdown_to_safe_html(
                    "".join(text) if isinstance(text, list) else text))
            if "text/html" in data:
                text = data["text/html"]
                data["text/html"] = sanitize_html("".join(text) if isinstance(text, list) else text)
            for mime in [m for m in data if m not in _KEEP_MIME]:
                del data[mime]
            if not data:
                data["text/plain"] = "(output not shown in the book: active content)"
            output.get("metadata", {}).pop("application/vnd.jupyter.widget-view+json", None)
    return nb
