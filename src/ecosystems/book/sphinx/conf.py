"""Sphinx configuration of the reviewer's book (Jupyter Book 1 stack, built with sphinx-build).

The builder (:mod:`ecosystems.book.build`) assembles the book's sources in a
staging folder and runs ``python -m sphinx -c <this folder>``. Nothing is loaded
from outside the site: no MathJax (formulas become MathML at build time), no
widget or Thebe scripts, no web fonts (the theme bundles its icons).

The jupyter-book command itself is not used: it always adds sphinx-thebe
(a CDN address on every page) and sphinx-comments; this file lists the same
extensions without them.
"""

import os

project = "Reviewer's book"
html_title = project
author = "ecosystems collection"
copyright = "the authors of the ecosystems collection"

extensions = [
    "myst_nb",                       # notebooks and MyST pages
    "sphinx_external_toc",           # _toc.yml
    "sphinx_book_theme",
    "sphinxcontrib.bibtex",          # the paper's reference list
    "sphinx_multitoc_numbering",     # one numbering of figures and tables across the book
    "ecosystems.book.sphinx.directives",
    "ecosystems.book.sphinx.search",
    "ecosystems.book.sphinx.mathml",
]

external_toc_path = "_toc.yml"
external_toc_exclude_missing = False
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

# Notebooks are shown with their committed outputs, never executed.
nb_execution_mode = "off"
nb_ipywidgets_js = {}                # no require.js or widget manager from a CDN
nb_output_stderr = "show"
nb_merge_streams = True
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3
suppress_warnings = ["myst.domains", "mystnb.unknown_mime_type"]

html_math_renderer = "mathml"
smartquotes = False                  # names and quotes shown exactly as written

numfig = True
use_multitoc_numbering = True
# "B" (book) keeps our numbers apart from the paper's Table 1-3 and Fig. 1.
numfig_format = {"figure": "Fig. B%s", "table": "Table B%s", "code-block": "Listing %s",
                 "section": "Section %s"}

# the builder names the book's copy of data/paper_references.bib (absolute path)
bibtex_bibfiles = [os.environ.get("ECOSYSTEMS_BOOK_BIB", "references.bib")]
bibtex_reference_style = "author_year"
bibtex_default_style = "plain"

html_theme = "sphinx_book_theme"
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "search_bar_text": "Search this book...",
    "home_page_in_toc": True,
    "use_repository_button": False,
    "use_edit_page_button": False,
    "use_issues_button": False,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "launch_buttons": {},
    "show_toc_level": 2,
}
html_static_path = ["static"]
html_css_files = ["book.css"]
html_js_files = ["sidebar-toggle-fix.js"]
