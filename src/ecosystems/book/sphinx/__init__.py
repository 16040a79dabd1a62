"""The Sphinx side of the reviewer's book: configuration, extensions, styles.

``conf.py`` is the book's Sphinx configuration (the builder runs
``sphinx-build -c`` on this folder); ``directives`` renders each output with
its caption and provenance, ``search`` makes search work from disk, ``mathml``
writes formulas as MathML. Nothing here is imported by the package itself.
"""
