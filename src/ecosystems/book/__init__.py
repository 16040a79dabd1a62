"""The reviewer's book: every notebook, figure and table as a site, the replication report, PDF.

Modules: ``build`` (the builder and folder safety), ``pages`` (the generated pages),
``replication`` and ``replication.md.j2`` (the replication report), ``exhibits`` (the
exhibit map), ``typeset`` (the report as PDF, Typst), ``sphinx/`` (the Sphinx
configuration and extensions).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "build": ["build_report"],
})
