"""Writing outputs: the files every notebook saves, their provenance, escaping, profiles.

Modules: ``save`` (deterministic figures and tables), ``run_notes`` (what says an
output is not the paper's configuration), ``provenance`` (run records and sidecars), ``escape``
(user text made literal in Markdown), ``profiles`` and ``word`` (cluster profiles in
Markdown and Word).
"""
