"""The reviewer's book: every notebook, figure and table as a site, the replication report, PDF.

Modules: ``build`` (the builder and folder safety), ``pages`` (the generated pages),
``tables`` (the pages' tables), ``sanitize`` (notebook outputs' HTML made safe),
``replication`` and ``replication.md.j2`` (the replication report), ``exhibits`` (the
exhibit map), ``pdf`` (the report as PDF: pandoc, Typst), ``sphinx/`` (the Sphinx
configuration and extensions).
"""
