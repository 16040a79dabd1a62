"""Formulas rendered to MathML at build time (latex2mathml): no MathJax, no script, no CDN.

Chromium, Firefox and Safari render MathML Core natively. A formula
latex2mathml cannot convert is shown as its TeX source, with a build warning.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

_logger = logging.getLogger(__name__)


def _mathml(translator, latex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    try:
        return convert(latex, display="block" if display else "inline")
    except Exception as exc:  # any converter failure: show the source instead
        _logger.warning("latex2mathml cannot convert %r: %s", latex, exc,
                        location=translator.builder.current_docname)
        return f'<code class="math-error">{translator.encode(latex)}</code>'


def _visit_math(translator, node):
    translator.body.append(f'<span class="math notranslate nohighlight">'
                           f'{_mathml(translator, node.astext(), False)}</span>')
    raise nodes.SkipNode


def _visit_displaymath(translator, node):
    ident = f' id="{node["ids"][0]}"' if node.get("ids") else ""
    translator.body.append(f'<div class="math notranslate nohighlight"{ident}>')
    if node.get("number"):
        translator.body.append(f'<span class="eqno">({node["number"]})</span>')
    translator.body.append(_mathml(translator, node.astext(), True) + "</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (_visit_math, None), (_visit_displaymath, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
